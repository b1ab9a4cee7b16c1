"""Pages of the inventory and the apartado lifecycle: thin views (selector → table of actions → procesar)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enlace.acceso import rol_requerido
from enlace.acciones_pagina import procesar, vista_de_acciones
from enlace.archivos import servir_archivo
from enlace.orden import Ordenamiento
from enlace.roles import rol_de
from enlace.selectors import eventos_de
from operaciones import selectors
from operaciones.acciones import (
    ACCIONES_ALERTA,
    ACCIONES_APARTADO,
    ACCIONES_CANCELACION,
    ACCIONES_DESCUENTO,
    ACCIONES_FINANCIAMIENTO,
    ACCIONES_TAREA,
    ACCIONES_TRADE_IN,
    ACCIONES_UNIDAD,
)
from operaciones.filters import BusquedaUnidades, FiltroAlertas, FiltroApartados
from operaciones.models import Apartado, FotoUnidad, Unidad
from operaciones.rules import CONFIRMAN, es_asesor, es_cop, es_gerente_general
from operaciones.views.comun import (
    acceso_operaciones,
    acciones_de,
    acciones_por_fila,
    concesionario_o_cop,
    contexto,
    pagina,
    pagina_de_accion,
    solo_cop,
)


@acceso_operaciones
def inicio(request):
    """The COP lands on its tray; every other role on its own pending work (a count and the first items)."""
    if es_cop(request.user):
        return redirect("operaciones:bandeja")
    rol = rol_de(request.user)
    codigo = rol.codigo if rol else ""
    secciones = selectors.secciones_inicio(request.user, codigo)
    kpis = selectors.kpis_inicio(request.user, codigo)
    return render(request, "operaciones/inicio.html", contexto(request, secciones=secciones, rol=rol, kpis=kpis))


# --- Inventory -----------------------------------------------------------------

ORDEN_INVENTARIO = Ordenamiento(
    {
        "unidad": ("marca", "modelo"),
        "anio": ("anio",),
        "km": ("km",),
        "precio": ("precio",),
        "concesionario": ("concesionario__nombre",),
        "ciudad": ("ciudad",),
        "dias": ("-fecha_ingreso",),
    },
    defecto="dias",
)


@acceso_operaciones
def inventario(request):
    filtro = BusquedaUnidades(
        request.GET,
        queryset=selectors.inventario_de_la_red(request.user),
        concesionarios=selectors.concesionarios_de_la_red(request.user),
    )
    consulta, orden = ORDEN_INVENTARIO.aplicar(filtro.qs if filtro.is_valid() else Unidad.objects.none(), request.GET)
    datos = contexto(request, filtro=filtro, pagina=pagina(request, consulta), orden=orden)
    plantilla = "operaciones/_resultados.html" if request.htmx else "operaciones/inventario.html"
    return render(request, plantilla, datos)


def unidad_de_la_red(request, pk):
    try:
        return selectors.unidad_con_fotos(request.user, pk)
    except Unidad.DoesNotExist:
        raise Http404("La unidad no existe en el inventario de la red.") from None


def _pagina_unidad(request, unidad, enviada=None):
    datos = contexto(
        request,
        unidad=unidad,
        apartado=selectors.apartado_activo_visible(request.user, unidad),
        acciones=acciones_de(ACCIONES_UNIDAD, unidad, request.user, enviada),
        ve_historial=request.user.has_perm("operaciones.ver_historial_unidad", unidad),
    )
    return render(request, "operaciones/unidad.html", datos)


@acceso_operaciones
def unidad(request, pk):
    return _pagina_unidad(request, unidad_de_la_red(request, pk))


unidad_accion = acceso_operaciones(
    vista_de_acciones(ACCIONES_UNIDAD, obtener=unidad_de_la_red, pagina=_pagina_unidad, ruta="operaciones:unidad")
)


@acceso_operaciones
@require_POST
def subir_foto(request, pk):
    return unidad_accion(request, pk, "foto")


@acceso_operaciones
def foto(request, pk, foto_pk):
    unidad = unidad_de_la_red(request, pk)
    foto = get_object_or_404(FotoUnidad, unidad=unidad, pk=foto_pk)
    return servir_archivo(foto.archivo, adjunto=False)


@acceso_operaciones
def historial_unidad(request, pk):
    unidad = unidad_de_la_red(request, pk)
    if not request.user.has_perm("operaciones.ver_historial_unidad", unidad):
        raise Http404("Solo el concesionario dueño y el COP ven la línea de tiempo de la unidad.")
    datos = contexto(
        request,
        unidad=unidad,
        eventos=list(selectors.linea_de_tiempo_unidad(unidad)),
        historial=list(selectors.historial_de_campos(unidad)),
    )
    return render(request, "operaciones/historial_unidad.html", datos)


# --- Apartados -----------------------------------------------------------------


@rol_requerido("asesor")
def apartar(request, pk):
    unidad = unidad_de_la_red(request, pk)
    return pagina_de_accion(
        request,
        ACCIONES_UNIDAD,
        "apartar",
        unidad,
        plantilla="operaciones/apartar.html",
        siguiente=lambda apartado: reverse("operaciones:apartado", args=[apartado.pk]),
        unidad=unidad,
    )


@acceso_operaciones
def apartados(request):
    """Asesor: «mis apartados» (with its discount and commission status); concesionario: apartados on its
    units; COP: the network."""
    asesor = es_asesor(request.user)
    visibles = selectors.apartados_visibles(request.user)
    if asesor:
        visibles = selectors.con_descuento_y_comision(visibles)
    filtro = FiltroApartados(request.GET, queryset=visibles)
    consulta = filtro.qs.order_by("-creado", "-id") if filtro.is_valid() else Apartado.objects.none()
    titulo = "Mis apartados" if asesor else "Apartados"
    datos = contexto(request, filtro=filtro, pagina=pagina(request, consulta), titulo=titulo)
    return render(request, "operaciones/apartados.html", datos)


def apartado_visible(request, pk):
    try:
        return selectors.apartado_detalle(request.user, pk)
    except Apartado.DoesNotExist:
        raise Http404("El apartado no existe o no es de su concesionario.") from None


def pagina_apartado(request, apartado, enviada=None):
    """The operación's page: its data, each section's and each request's actions offered to this user."""
    usuario = request.user
    datos = contexto(
        request,
        apartado=apartado,
        eventos=selectors.linea_de_tiempo_operacion(apartado, list(eventos_de(apartado)), usuario),
        acciones=acciones_de(ACCIONES_APARTADO, apartado, usuario, enviada),
        ve_historial=usuario.has_perm("operaciones.ver_historial_unidad", apartado.unidad),
    )
    # Each part of the operación adds what its section of the page needs.
    for seccion in selectors.SECCIONES_APARTADO:
        datos.update(seccion(usuario, apartado))
    acciones_por_fila(request, ACCIONES_DESCUENTO, datos["descuentos"])
    acciones_por_fila(request, ACCIONES_FINANCIAMIENTO, datos["financiamientos"])
    acciones_por_fila(request, ACCIONES_TAREA, datos["tareas"])
    acciones_por_fila(request, ACCIONES_CANCELACION, datos["solicitudes_cancelacion"])
    if datos["trade_in"] is not None:
        datos["acciones_trade_in"] = acciones_de(ACCIONES_TRADE_IN, datos["trade_in"], usuario)
    return render(request, "operaciones/apartado.html", datos)


@acceso_operaciones
def apartado(request, pk):
    return pagina_apartado(request, apartado_visible(request, pk))


@acceso_operaciones
def adjunto(request, pk):
    apartado = apartado_visible(request, pk)
    if not apartado.adjunto_cancelacion:
        raise Http404("El apartado no tiene adjunto.")
    return servir_archivo(apartado.adjunto_cancelacion)


def accion_apartado(request, pk, codigo):
    """The page of an action on the apartado (accion.html); back to the apartado on success."""
    apartado = apartado_visible(request, pk)
    return pagina_de_accion(
        request,
        ACCIONES_APARTADO,
        codigo,
        apartado,
        plantilla="operaciones/accion.html",
        siguiente=reverse("operaciones:apartado", args=[apartado.pk]),
        apartado=apartado,
    )


@rol_requerido("cop", *CONFIRMAN)
def confirmar(request, pk):
    """The concesionario confirms in the app; the COP records who confirmed and how (its own transition)."""
    apartado = apartado_visible(request, pk)
    cop = request.user.has_perm("operaciones.registrar_confirmacion", apartado)
    return accion_apartado(request, pk, "registrar_confirmacion" if cop else "confirmar")


@solo_cop
def validar(request, pk):
    return accion_apartado(request, pk, "validar")


@solo_cop
def liberar(request, pk):
    return accion_apartado(request, pk, "liberar")


@solo_cop
def cancelar(request, pk):
    return accion_apartado(request, pk, "cancelar")


# --- COP -----------------------------------------------------------------------


ESCALAMIENTOS_EN_BANDEJA = 20


@solo_cop
def red(request):
    return render(
        request,
        "operaciones/red.html",
        contexto(request, pagina=pagina(request, selectors.feed_de_la_red(request.user))),
    )


# --- Concesionario ---------------------------------------------------------------


def _pagina_mi_inventario(request, enviada=None):
    unidades = pagina(request, selectors.inventario_del_concesionario(request.user))
    acciones_por_fila(request, {"retirar": ACCIONES_UNIDAD["retirar"]}, unidades, enviada)
    datos = contexto(request, pagina=unidades, umbral=selectors.primer_umbral())
    if es_gerente_general(request.user):
        # The gerente general's home: what the COP escalated to him and its latest notices.
        abiertos = selectors.escalamientos_abiertos(request.user)
        datos["escalamientos_abiertos"] = list(abiertos[:ESCALAMIENTOS_EN_BANDEJA])
        datos["avisos_recientes"] = list(selectors.avisos_avance_visibles(request.user)[:3])
    return render(request, "operaciones/mi_inventario.html", datos)


@concesionario_o_cop
def mi_inventario(request):
    return _pagina_mi_inventario(request)


@rol_requerido("cop", *CONFIRMAN)
@require_POST
def retirar_unidad(request, pk):
    """Withdraw an available unit from «Mi inventario» (the owning concesionario's gerentes, or the COP)."""
    unidad = get_object_or_404(selectors.inventario_de_la_red(request.user), pk=pk)
    return procesar(
        request,
        ACCIONES_UNIDAD,
        "retirar",
        unidad,
        siguiente=reverse("operaciones:mi_inventario"),
        volver_a_mostrar=lambda enviada: _pagina_mi_inventario(request, (unidad.pk, *enviada) if enviada else None),
    )


def _pagina_antiguedad(request, enviada=None):
    filtro = FiltroAlertas(
        request.GET,
        queryset=selectors.alertas_por_unidad(request.user),
        concesionarios=selectors.concesionarios_de_la_red(request.user),
    )
    alertas = pagina(request, filtro.qs if filtro.is_valid() else filtro.queryset.none())
    acciones_por_fila(request, ACCIONES_ALERTA, alertas, enviada)
    return render(request, "operaciones/antiguedad.html", contexto(request, filtro=filtro, pagina=alertas))


@concesionario_o_cop
def antiguedad(request):
    return _pagina_antiguedad(request)


@concesionario_o_cop
@require_POST
def estrategia(request, pk):
    alerta = get_object_or_404(selectors.alertas_visibles(request.user), pk=pk)
    return procesar(
        request,
        ACCIONES_ALERTA,
        "estrategia",
        alerta,
        siguiente=reverse("operaciones:antiguedad") + f"#alerta-{alerta.pk}",
        volver_a_mostrar=lambda enviada: _pagina_antiguedad(request, (alerta.pk, *enviada) if enviada else None),
    )
