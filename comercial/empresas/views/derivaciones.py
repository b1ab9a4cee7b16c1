"""The hand-offs of completed sales to Venta de Productos/Servicios (GC-PRC-OPE-CUM-04): list and page.

The page offers exactly the steps the runner would accept (``ACCIONES_DERIVACION``) and the priority
exactly when its Escritura would.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from comercial.empresas import forms, selectors, services
from comercial.empresas.models import Prioridad
from comercial.empresas.views.comun import POR_PAGINA, SUPERVISORES, modulo
from enlace.acceso import rol_requerido
from enlace.acciones_pagina import AccionPagina, ofrecidas, tabla, vista_de_acciones
from enlace.paginacion import paginar

ACCIONES_DERIVACION = tabla(
    AccionPagina(
        "poner_en_proceso",
        "Poner en proceso (Venta de Productos/Servicios la tomó)",
        servicio=services.derivacion_poner_en_proceso,
        transiciones=("poner_en_proceso",),
        formulario=forms.ObservacionesDerivacionForm,
        boton="Poner en proceso",
        exito=lambda d: f"{d.codigo} en proceso.",
    ),
    AccionPagina(
        "cerrar",
        "Cerrar la derivación",
        servicio=services.derivacion_cerrar,
        transiciones=("cerrar",),
        formulario=forms.CierreDerivacionForm,
        boton="Cerrar",
        exito=lambda d: f"{d.codigo} cerrada.",
    ),
    AccionPagina(
        "priorizar",
        "Cambiar la prioridad",
        servicio=services.derivacion_priorizar,
        escritura=services.PRIORIZAR_DERIVACION,
        formulario=forms.PrioridadForm,
        boton="Guardar prioridad",
        exito=lambda d: f"Prioridad de {d.codigo}: {d.get_prioridad_display()}.",
    ),
    argumento="derivacion",
)

ORDENES = [("prioridad", "Prioridad"), ("vence", "Plazo"), ("reciente", "Más recientes")]


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def derivaciones(request):
    orden = request.GET.get("orden") or "prioridad"
    abiertas = not request.GET.get("todas")
    qs = selectors.derivaciones_ordenadas(request.user, orden=orden, abiertas=abiertas)
    pagina = paginar(qs, request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "comercial/empresas/derivaciones.html",
        {
            "pagina": pagina,
            "orden": orden,
            "ordenes": ORDENES,
            "abiertas": abiertas,
            "hoy": timezone.localdate(),
            "prioridades": Prioridad,
        },
    )


def _derivacion_visible(request, pk):
    return get_object_or_404(selectors.derivaciones_visibles(request.user), pk=pk)


def _pagina_derivacion(request, derivacion, enviada=None):
    return render(
        request,
        "comercial/empresas/derivacion.html",
        {
            "derivacion": derivacion,
            "vencida": derivacion.vencida_al(timezone.localdate()),
            "acciones": ofrecidas(ACCIONES_DERIVACION, derivacion, request.user, enviada=enviada),
        },
    )


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def derivacion(request, pk):
    return _pagina_derivacion(request, _derivacion_visible(request, pk))


derivacion_accion = modulo(
    vista_de_acciones(
        ACCIONES_DERIVACION,
        obtener=_derivacion_visible,
        pagina=_pagina_derivacion,
        ruta="comercial:empresas:derivacion",
    )
)
