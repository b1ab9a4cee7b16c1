"""Pages of the apartado lifecycle and the inventory: thin views (selector → form → service → redirect)."""

import rules
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enlace.acceso import modulo_requerido, rol_requerido
from enlace.archivos import servir_archivo
from enlace.paginacion import paginar_sin_total
from enlace.roles import tiene_rol
from enlace.selectors import eventos_de
from operaciones import mensajes, selectors, services
from operaciones.eventos import NOMBRES_EVENTO
from operaciones.filters import BusquedaUnidades
from operaciones.forms import (
    ApartarForm,
    CancelarForm,
    ConfirmarForm,
    EstrategiaForm,
    FotoForm,
    LiberarForm,
    RetirarUnidadForm,
)
from operaciones.models import Apartado, FotoUnidad, Unidad
from operaciones.rules import CONFIRMAN, GERENTES, es_asesor, es_cop
from operaciones.services.comun import ErrorOperacion

POR_PAGINA = 25
acceso_operaciones = modulo_requerido("operaciones:inicio")
solo_cop = rol_requerido("cop")
concesionario_o_cop = rol_requerido("cop", *GERENTES)


def _pagina(request, consulta):
    return paginar_sin_total(consulta, request.GET.get("pagina"), POR_PAGINA)


def _contexto(request, **extra):
    return {
        "es_cop": es_cop(request.user),
        "es_asesor": es_asesor(request.user),
        "nombres_evento": NOMBRES_EVENTO,
        **extra,
    }


@acceso_operaciones
def inicio(request):
    """Route each role to its main page."""
    if es_cop(request.user):
        return redirect("operaciones:bandeja")
    if es_asesor(request.user):
        return redirect("operaciones:inventario")
    return redirect("operaciones:mi_inventario")


# --- Inventory -----------------------------------------------------------------


@acceso_operaciones
def inventario(request):
    filtro = BusquedaUnidades(
        request.GET,
        queryset=selectors.inventario_de_la_red(request.user),
        concesionarios=selectors.concesionarios_de_la_red(request.user),
    )
    consulta = filtro.qs.order_by("-fecha_ingreso", "-id") if filtro.is_valid() else Unidad.objects.none()
    pagina = _pagina(request, consulta)
    contexto = _contexto(request, filtro=filtro, pagina=pagina)
    plantilla = "operaciones/_resultados.html" if request.htmx else "operaciones/inventario.html"
    return render(request, plantilla, contexto)


def _unidad_de_la_red(request, pk):
    try:
        return selectors.unidad_con_fotos(request.user, pk)
    except Unidad.DoesNotExist:
        raise Http404("La unidad no existe en el inventario de la red.") from None


@acceso_operaciones
def unidad(request, pk):
    unidad = _unidad_de_la_red(request, pk)
    contexto = _contexto(
        request,
        unidad=unidad,
        apartado=selectors.apartado_activo_visible(request.user, unidad),
        puede_apartar=es_asesor(request.user) and unidad.estado_efectivo == Unidad.Estado.DISPONIBLE,
        ve_historial=rules.test_rule("operaciones.ver_historial_unidad", request.user, unidad),
        form_foto=FotoForm() if rules.test_rule("operaciones.subir_foto", request.user, unidad) else None,
    )
    return render(request, "operaciones/unidad.html", contexto)


@acceso_operaciones
def foto(request, pk, foto_pk):
    unidad = _unidad_de_la_red(request, pk)
    foto = get_object_or_404(FotoUnidad, unidad=unidad, pk=foto_pk)
    return servir_archivo(foto.archivo, adjunto=False)


@acceso_operaciones
@require_POST
def subir_foto(request, pk):
    unidad = _unidad_de_la_red(request, pk)
    form = FotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.unidad_agregar_foto(
                actor=request.user,
                unidad_id=unidad.pk,
                archivo=form.cleaned_data["archivo"],
                descripcion=form.cleaned_data["descripcion"],
            )
            messages.success(request, mensajes.OK_FOTO)
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
    else:
        messages.error(request, " ".join(e for errores in form.errors.values() for e in errores))
    return redirect("operaciones:unidad", pk=unidad.pk)


@acceso_operaciones
def historial_unidad(request, pk):
    unidad = _unidad_de_la_red(request, pk)
    if not rules.test_rule("operaciones.ver_historial_unidad", request.user, unidad):
        raise Http404("Solo el concesionario dueño y el COP ven la línea de tiempo de la unidad.")
    contexto = _contexto(
        request,
        unidad=unidad,
        eventos=list(selectors.linea_de_tiempo_unidad(unidad)),
        historial=list(selectors.historial_de_campos(unidad)),
    )
    return render(request, "operaciones/historial_unidad.html", contexto)


# --- Apartados -----------------------------------------------------------------


@rol_requerido("asesor")
def apartar(request, pk):
    unidad = _unidad_de_la_red(request, pk)
    form = ApartarForm(request.POST or None, precio=unidad.precio)
    if request.method == "POST" and form.is_valid():
        try:
            apartado = services.apartado_crear(
                actor=request.user, unidad_id=unidad.pk, cliente=form.cliente(), solicitud=form.solicitud()
            )
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
            if error.mensaje == mensajes.UNIDAD_NO_DISPONIBLE:
                return redirect("operaciones:unidad", pk=unidad.pk)
        else:
            messages.success(request, mensajes.OK_APARTADO.format(horas=services.horas_validacion()))
            return redirect("operaciones:apartado", pk=apartado.pk)
    return render(request, "operaciones/apartar.html", _contexto(request, unidad=unidad, form=form))


@acceso_operaciones
def apartados(request):
    """Asesor: «mis apartados»; concesionario: apartados on its units; COP: the network."""
    consulta = selectors.apartados_visibles(request.user).order_by("-creado", "-id")
    estado = request.GET.get("estado", "")
    if estado in Apartado.Estado.values:
        consulta = consulta.filter(estado=estado)
    pagina = _pagina(request, consulta)
    titulo = "Mis apartados" if es_asesor(request.user) else "Apartados"
    contexto = _contexto(request, pagina=pagina, estado=estado, estados=Apartado.Estado.choices, titulo=titulo)
    return render(request, "operaciones/apartados.html", contexto)


def _apartado_visible(request, pk):
    try:
        return selectors.apartado_detalle(request.user, pk)
    except Apartado.DoesNotExist:
        raise Http404("El apartado no existe o no es de su concesionario.") from None


@acceso_operaciones
def apartado(request, pk):
    apartado = _apartado_visible(request, pk)
    usuario = request.user
    contexto = _contexto(
        request,
        apartado=apartado,
        eventos=list(eventos_de(apartado)),
        puede_confirmar=apartado.puede_confirmarse()
        and rules.test_rule("operaciones.confirmar_disponibilidad", usuario, apartado),
        puede_validar=es_cop(usuario) and apartado.estado == Apartado.Estado.PENDIENTE,
        puede_liberar=es_cop(usuario) and apartado.estado in Apartado.ESTADOS_ACTIVOS,
        ve_historial=rules.test_rule("operaciones.ver_historial_unidad", usuario, apartado.unidad),
    )
    # Each part of the operación adds what its section of the page needs.
    for seccion in selectors.SECCIONES_APARTADO:
        contexto.update(seccion(usuario, apartado))
    return render(request, "operaciones/apartado.html", contexto)


@acceso_operaciones
def adjunto(request, pk):
    apartado = _apartado_visible(request, pk)
    if not apartado.adjunto_cancelacion:
        raise Http404("El apartado no tiene adjunto.")
    return servir_archivo(apartado.adjunto_cancelacion)


def _accion(request, apartado, *, plantilla, form, ejecutar, exito, titulo):
    """GET shows the confirmation page; a valid POST runs the service and redirects to the apartado."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            ejecutar()
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, exito)
            return redirect("operaciones:apartado", pk=apartado.pk)
        if form is None:
            return redirect("operaciones:apartado", pk=apartado.pk)
    return render(request, plantilla, _contexto(request, apartado=apartado, form=form, titulo=titulo))


@solo_cop
def validar(request, pk):
    apartado = _apartado_visible(request, pk)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=None,
        ejecutar=lambda: services.apartado_validar(actor=request.user, apartado_id=apartado.pk),
        exito=mensajes.OK_VALIDADO,
        titulo="Validación de Apartado",
    )


@solo_cop
def liberar(request, pk):
    apartado = _apartado_visible(request, pk)
    form = LiberarForm(request.POST or None)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.apartado_liberar(
            actor=request.user, apartado_id=apartado.pk, motivo=form.cleaned_data["motivo"]
        ),
        exito=mensajes.OK_LIBERADO,
        titulo="Unidad Disponible (liberación manual)",
    )


@solo_cop
def cancelar(request, pk):
    apartado = _apartado_visible(request, pk)
    form = CancelarForm(request.POST or None, request.FILES or None)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.apartado_cancelar(
            actor=request.user,
            apartado_id=apartado.pk,
            motivo=form.cleaned_data["motivo"],
            detalle=form.cleaned_data["detalle"],
            adjunto=form.cleaned_data.get("adjunto"),
        ),
        exito=mensajes.OK_CANCELADO,
        titulo="Cancelación de apartado",
    )


@rol_requerido("cop", *CONFIRMAN)
def confirmar(request, pk):
    apartado = _apartado_visible(request, pk)
    form = ConfirmarForm(request.POST or None) if es_cop(request.user) else None
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.apartado_confirmar_disponibilidad(
            actor=request.user,
            apartado_id=apartado.pk,
            confirmo=form.cleaned_data["confirmo"] if form else "",
            medio=form.cleaned_data["medio"] if form else "",
        ),
        exito=mensajes.OK_CONFIRMADO,
        titulo="Confirmación de disponibilidad",
    )


# --- COP -----------------------------------------------------------------------


SIN_MOVIMIENTO_EN_BANDEJA = 50


@solo_cop
def bandeja(request):
    """Pending validations, then the operaciones without movement (oldest first) and the withdrawals in review."""
    pagina = _pagina(request, selectors.bandeja_cop(request.user))
    estancadas = selectors.operaciones_sin_movimiento(request.user)
    sin_movimiento = list(estancadas[:SIN_MOVIMIENTO_EN_BANDEJA])
    for operacion in sin_movimiento:
        operacion.etapa = selectors.etapa_de(operacion.ultimo_tipo)
    contexto = _contexto(
        request,
        pagina=pagina,
        resumen=selectors.resumen_cop(request.user),
        sin_movimiento=sin_movimiento,
        total_sin_movimiento=estancadas.count(),
        horas_sin_movimiento=settings.OPERACIONES_HORAS_SIN_MOVIMIENTO,
        retiros_pendientes=selectors.retiros_pendientes_total(request.user),
    )
    return render(request, "operaciones/bandeja.html", contexto)


@solo_cop
def red(request):
    pagina = _pagina(request, selectors.feed_de_la_red(request.user))
    return render(request, "operaciones/red.html", _contexto(request, pagina=pagina))


# --- Concesionario ---------------------------------------------------------------


@concesionario_o_cop
def mi_inventario(request):
    pagina = _pagina(request, selectors.inventario_del_concesionario(request.user))
    puede_retirar = es_cop(request.user) or tiene_rol(request.user, *CONFIRMAN)
    contexto = _contexto(
        request,
        pagina=pagina,
        umbral=selectors.primer_umbral(),
        puede_retirar=puede_retirar,
        form_retiro=RetirarUnidadForm(),
    )
    return render(request, "operaciones/mi_inventario.html", contexto)


@concesionario_o_cop
def antiguedad(request):
    pagina = _pagina(request, selectors.alertas_visibles(request.user))
    contexto = _contexto(request, pagina=pagina, form=EstrategiaForm())
    return render(request, "operaciones/antiguedad.html", contexto)


@concesionario_o_cop
@require_POST
def estrategia(request, pk):
    alerta = get_object_or_404(selectors.alertas_visibles(request.user), pk=pk)
    form = EstrategiaForm(request.POST)
    if form.is_valid():
        try:
            services.alerta_registrar_estrategia(
                actor=request.user,
                alerta_id=alerta.pk,
                estrategia=form.cleaned_data["estrategia"],
                detalle=form.cleaned_data["detalle"],
                nuevo_precio=form.cleaned_data["nuevo_precio"],
            )
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, mensajes.OK_ESTRATEGIA)
    else:
        messages.error(request, " ".join(e for errores in form.errors.values() for e in errores))
    return redirect(reverse("operaciones:antiguedad") + f"#alerta-{alerta.pk}")
