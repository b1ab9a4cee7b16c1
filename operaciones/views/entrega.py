"""Pages of the entrega part: expediente, payment, factura, delivery, provider tasks and the COP's directory."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from enlace.acceso import rol_requerido
from enlace.archivos import servir_archivo
from enlace.paginacion import paginar_sin_total
from operaciones import mensajes, selectors, services
from operaciones.forms import (
    ContactoForm,
    DocumentoOperacionForm,
    EntregaForm,
    FacturaForm,
    PagoForm,
    TareaNotasForm,
    TareaProveedorForm,
)
from operaciones.models import CategoriaContacto, Contacto, DocumentoOperacion, Entrega, TareaProveedor
from operaciones.rules import es_cop
from operaciones.services.comun import ErrorOperacion
from operaciones.views.apartados import POR_PAGINA, _accion, _apartado_visible, _contexto, acceso_operaciones, solo_cop


def _errores(form):
    return " ".join(e for errores in form.errors.values() for e in errores)


# --- Expediente --------------------------------------------------------------------


@acceso_operaciones
@require_POST
def documento_subir(request, pk):
    apartado = _apartado_visible(request, pk)
    form = DocumentoOperacionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errores(form))
        return redirect("operaciones:apartado", pk=apartado.pk)
    try:
        services.documento_agregar(
            actor=request.user,
            apartado_id=apartado.pk,
            tipo=form.cleaned_data["tipo"],
            archivo=form.cleaned_data["archivo"],
        )
    except ErrorOperacion as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, mensajes.OK_DOCUMENTO)
    return redirect("operaciones:apartado", pk=apartado.pk)


@acceso_operaciones
def documento(request, pk, documento_pk):
    apartado = _apartado_visible(request, pk)
    try:
        documento = selectors.documento_de(apartado, documento_pk)
    except DocumentoOperacion.DoesNotExist:
        raise Http404("El documento no existe.") from None
    return servir_archivo(documento.archivo)


@acceso_operaciones
def factura_archivo(request, pk, formato):
    apartado = _apartado_visible(request, pk)
    expediente = selectors.expediente_de(apartado)
    archivo = getattr(expediente, f"factura_{formato}", None) if expediente else None
    if not archivo:
        raise Http404("La factura no tiene ese archivo.")
    return servir_archivo(archivo)


@solo_cop
def pago(request, pk):
    apartado = _apartado_visible(request, pk)
    form = PagoForm(request.POST or None)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.pago_confirmar(
            actor=request.user,
            apartado_id=apartado.pk,
            referencia=form.cleaned_data["referencia"],
            monto=form.cleaned_data["monto"],
        ),
        exito=mensajes.OK_PAGO,
        titulo="Confirmación de pago",
    )


@solo_cop
def factura(request, pk):
    apartado = _apartado_visible(request, pk)
    form = FacturaForm(request.POST or None, request.FILES or None)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.factura_registrar(
            actor=request.user,
            apartado_id=apartado.pk,
            uuid=form.cleaned_data["uuid"],
            fecha=form.cleaned_data["fecha"],
            pdf=form.cleaned_data["pdf"],
            xml=form.cleaned_data["xml"],
        ),
        exito=mensajes.OK_FACTURA,
        titulo="Registro de la factura",
    )


@solo_cop
def entrega(request, pk):
    apartado = _apartado_visible(request, pk)
    actual = Entrega.objects.filter(apartado=apartado).first()
    inicial = (
        {"lugar": actual.lugar, "direccion": actual.direccion, "fecha_programada": actual.fecha_programada}
        if actual
        else {"lugar": apartado.lugar_entrega, "direccion": apartado.lugar_entrega_detalle}
    )
    form = EntregaForm(request.POST or None, initial=inicial)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.entrega_programar(
            actor=request.user,
            apartado_id=apartado.pk,
            lugar=form.cleaned_data["lugar"],
            direccion=form.cleaned_data["direccion"],
            fecha_programada=form.cleaned_data["fecha_programada"],
            notas=form.cleaned_data["notas"],
        ),
        exito=mensajes.OK_ENTREGA,
        titulo="Programar la entrega",
    )


# --- Tareas de proveedores -----------------------------------------------------------


@solo_cop
def tarea_nueva(request, pk=None, unidad_pk=None):
    """A task on an operación (``pk``) or a photo/video request on a unit (``unidad_pk``)."""
    apartado = _apartado_visible(request, pk) if pk else None
    unidad = selectors.unidad_con_fotos(request.user, unidad_pk) if unidad_pk else apartado.unidad
    inicial = {} if apartado else {"tipo": TareaProveedor.Tipo.FOTOS_VIDEOS}
    form = TareaProveedorForm(request.POST or None, initial=inicial, proveedores=selectors.proveedores_de(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.tarea_crear(
                actor=request.user,
                apartado_id=apartado.pk if apartado else None,
                unidad_id=unidad.pk,
                tipo=form.cleaned_data["tipo"],
                proveedor_id=form.cleaned_data["proveedor"] and form.cleaned_data["proveedor"].pk,
                fecha_compromiso=form.cleaned_data["fecha_compromiso"],
                notas=form.cleaned_data["notas"],
            )
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, mensajes.OK_TAREA)
            return redirect("operaciones:apartado", pk=apartado.pk) if apartado else redirect("operaciones:tareas")
    contexto = _contexto(request, form=form, apartado=apartado, unidad=unidad, titulo="Nueva tarea de proveedor")
    return render(request, "operaciones/entrega/formulario.html", contexto)


ACCIONES_TAREA = {
    "avanzar": (
        lambda actor, tarea, notas: services.tarea_avanzar(actor=actor, tarea_id=tarea.pk),
        mensajes.OK_TAREA_AVANZADA,
    ),
    "completar": (
        lambda actor, tarea, notas: services.tarea_completar(actor=actor, tarea_id=tarea.pk, notas=notas),
        mensajes.OK_TAREA_COMPLETADA,
    ),
    "cancelar": (
        lambda actor, tarea, notas: services.tarea_cancelar(actor=actor, tarea_id=tarea.pk, notas=notas),
        mensajes.OK_TAREA_CANCELADA,
    ),
}


@rol_requerido("cop", "webmaster")
@require_POST
def tarea_accion(request, pk, accion):
    if accion not in ACCIONES_TAREA:
        raise Http404("Acción desconocida.")
    try:
        tarea = selectors.tarea_visible(request.user, pk)
    except TareaProveedor.DoesNotExist:
        raise Http404("La tarea no existe.") from None
    form = TareaNotasForm(request.POST)
    form.is_valid()
    ejecutar, exito = ACCIONES_TAREA[accion]
    try:
        ejecutar(request.user, tarea, form.cleaned_data.get("notas", ""))
    except ErrorOperacion as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, exito)
    siguiente = request.POST.get("siguiente", "")
    if siguiente == "apartado" and tarea.apartado_id:
        return redirect("operaciones:apartado", pk=tarea.apartado_id)
    return redirect("operaciones:tareas" if es_cop(request.user) else "operaciones:mis_tareas")


@solo_cop
def tareas(request):
    """The COP's board: open tasks by due date, overdue highlighted."""
    pagina = paginar_sin_total(selectors.tareas_abiertas(request.user), request.GET.get("pagina"), POR_PAGINA)
    return render(
        request, "operaciones/entrega/tareas.html", _contexto(request, pagina=pagina, titulo="Tareas de proveedores")
    )


@rol_requerido("webmaster")
def mis_tareas(request):
    pagina = paginar_sin_total(selectors.tareas_del_webmaster(request.user), request.GET.get("pagina"), POR_PAGINA)
    contexto = _contexto(request, pagina=pagina, titulo="Solicitudes de fotos y videos")
    return render(request, "operaciones/entrega/tareas.html", contexto)


# --- Directorio del COP ------------------------------------------------------------------


@solo_cop
def directorio(request):
    categoria = request.GET.get("categoria", "")
    pagina = paginar_sin_total(selectors.directorio(request.user, categoria), request.GET.get("pagina"), POR_PAGINA)
    contexto = _contexto(
        request,
        pagina=pagina,
        categoria=categoria,
        categorias=CategoriaContacto.choices,
        que_hace=selectors.que_hace_el_cop(),
    )
    return render(request, "operaciones/entrega/directorio.html", contexto)


@solo_cop
def contacto(request, pk=None):
    """Create (no ``pk``) or edit a contact of the network's directory."""
    instancia = None
    if pk:
        try:
            instancia = selectors.contacto_del_directorio(request.user, pk)
        except Contacto.DoesNotExist:
            raise Http404("El contacto no existe.") from None
    form = ContactoForm(request.POST or None, instance=instancia, usuario=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.contacto_guardar(actor=request.user, contacto_id=pk, datos=form.cleaned_data)
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, mensajes.OK_CONTACTO)
            return redirect("operaciones:directorio")
    titulo = "Editar contacto" if pk else "Nuevo contacto"
    return render(request, "operaciones/entrega/formulario.html", _contexto(request, form=form, titulo=titulo))
