"""Pages of the Cronograma de Visitas (Anexo 1) and of the work orders."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from comercial.empresas import documentos, forms, selectors, services
from comercial.empresas.filters import FiltroCronograma, FiltroOrdenes
from comercial.empresas.meses import mes_actual, mes_de
from comercial.empresas.models import TipoOrden
from comercial.empresas.views.comun import POR_PAGINA, SUPERVISORES, organizacion_de
from enlace.acceso import rol_requerido
from enlace.acciones_pagina import AccionPagina, ofrecidas, procesar, tabla
from enlace.errores import ErrorNegocio
from enlace.paginacion import paginar
from enlace.pdf import respuesta_pdf

# --- Cronograma de visitas -------------------------------------------------------------------------


def _cronograma(request):
    """The month of one ejecutivo: one's own, or (supervisors) the one chosen, the first by default."""
    ve_todo = selectors.ve_todo(request.user)
    organizacion = organizacion_de(request)
    datos = request.GET.copy()
    if not datos.get("mes"):
        datos["mes"] = f"{mes_actual():%Y-%m}"
    if not ve_todo:
        datos["ejecutivo"] = str(request.user.pk)
    elif not datos.get("ejecutivo"):
        primero = selectors.usuarios_con_rol(organizacion, "ejecutivo_empresas").first()
        datos["ejecutivo"] = str(primero.pk) if primero else ""
    filtro = FiltroCronograma(datos, queryset=selectors.visitas_visibles(request.user), organizacion=organizacion)
    if not filtro.is_valid():
        return filtro, None, mes_actual(), [], ve_todo
    ejecutivo = filtro.form.cleaned_data["ejecutivo"]
    visitas = list(filtro.qs) if ejecutivo else []
    return filtro, ejecutivo, mes_de(filtro.form.cleaned_data["mes"]), visitas, ve_todo


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def cronograma(request):
    filtro, ejecutivo, mes, visitas, ve_todo = _cronograma(request)
    return render(
        request,
        "comercial/empresas/cronograma.html",
        {"filtro": filtro, "ejecutivo": ejecutivo, "mes": mes, "visitas": visitas, "ve_todo": ve_todo},
    )


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def cronograma_pdf(request):
    _, ejecutivo, mes, visitas, _ = _cronograma(request)
    contexto = documentos.contexto_cronograma(
        organizacion=organizacion_de(request), ejecutivo=ejecutivo, mes=mes, visitas=visitas, autor=request.user
    )
    return respuesta_pdf(
        documentos.PLANTILLA_CRONOGRAMA, contexto, nombre_archivo=f"cronograma-{mes:%Y-%m}", request=request
    )


# --- Work orders -----------------------------------------------------------------------------------

ACCIONES_ORDEN = tabla(
    AccionPagina(
        "cerrar",
        "Cerrar la orden de trabajo",
        servicio=services.orden_cerrar,
        transiciones=("cerrar",),
        formulario=forms.CerrarOrdenForm,
        boton="Cerrar",
        exito=lambda orden: f"OT-{orden.pk} cerrada.",
    ),
    argumento="orden",
)


def _pagina_ordenes(request, *, filtros, enviada=None, orden_enviada=None):
    """The list; each open order offers its closing to who may close it. ``enviada`` is a refused closing of
    ``orden_enviada``, shown on its row with what was typed and why (or as a message, if not on this page)."""
    filtro = FiltroOrdenes(filtros, queryset=selectors.ordenes_visibles(request.user))
    pagina = paginar(filtro.qs.order_by("fecha_compromiso", "id"), filtros.get("pagina"), POR_PAGINA)
    for orden in pagina:
        propia = enviada if orden_enviada is not None and orden.pk == orden_enviada.pk else None
        orden.acciones = ofrecidas(ACCIONES_ORDEN, orden, request.user, enviada=propia)
    if enviada is not None and not any(orden.pk == orden_enviada.pk for orden in pagina):
        messages.error(request, " ".join(enviada[1].non_field_errors()))
    return render(
        request,
        "comercial/empresas/ordenes.html",
        {"pagina": pagina, "filtro": filtro, "hoy": timezone.localdate()},
    )


@rol_requerido("gestion_recursos", "gestor_tecnico", *SUPERVISORES)
def ordenes(request):
    return _pagina_ordenes(request, filtros=request.GET)


@require_POST
@rol_requerido("gestion_recursos")
def orden_cerrar(request, pk):
    orden = get_object_or_404(selectors.ordenes_visibles(request.user), pk=pk)
    return procesar(
        request,
        ACCIONES_ORDEN,
        "cerrar",
        orden,
        siguiente=reverse("comercial:empresas:ordenes"),
        volver_a_mostrar=lambda enviada: _pagina_ordenes(request, filtros={}, enviada=enviada, orden_enviada=orden),
    )


@rol_requerido(*SUPERVISORES)
def tipos_orden(request):
    """The standard time of each type of work order (the due dates are computed from it)."""
    organizacion = organizacion_de(request)
    puede = services.GESTIONAR_TIPOS_ORDEN.motivo(organizacion, request.user) is None
    form = forms.TipoOrdenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tipo = services.tipo_orden_guardar(
                actor=request.user,
                organizacion=organizacion,
                nombre=form.cleaned_data["nombre"],
                dias_estandar=form.cleaned_data["dias_estandar"],
                activo=form.cleaned_data["activo"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Tipo de orden guardado: {tipo}.")
            return redirect("comercial:empresas:tipos_orden")
    return render(
        request,
        "comercial/empresas/tipos_orden.html",
        {
            "tipos": TipoOrden.objects.filter(organizacion=organizacion).order_by("nombre"),
            "form": form,
            "puede": puede,
        },
    )
