"""Pages of the entrega part: expediente, payment, factura, delivery, provider tasks and the COP's directory."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enlace.acceso import rol_requerido
from enlace.acciones_pagina import procesar
from enlace.archivos import servir_archivo
from enlace.errores import ErrorNegocio
from operaciones import mensajes, selectors, services
from operaciones.acciones import ACCIONES_APARTADO, ACCIONES_TAREA, ACCIONES_UNIDAD
from operaciones.filters import FiltroContactos
from operaciones.forms import ContactoForm
from operaciones.models import Contacto, DocumentoOperacion, TareaProveedor
from operaciones.rules import es_cop
from operaciones.views.apartados import accion_apartado, apartado_visible, pagina_apartado, unidad_de_la_red
from operaciones.views.comun import acceso_operaciones, acciones_por_fila, contexto, pagina, pagina_de_accion, solo_cop

# --- Expediente --------------------------------------------------------------------


@acceso_operaciones
@require_POST
def documento_subir(request, pk):
    """The expediente's upload form on the apartado page: an invalid file shows the page again with the error."""
    apartado = apartado_visible(request, pk)
    return procesar(
        request,
        ACCIONES_APARTADO,
        "documento",
        apartado,
        siguiente=reverse("operaciones:apartado", args=[apartado.pk]),
        volver_a_mostrar=lambda enviada: pagina_apartado(request, apartado, enviada),
    )


@acceso_operaciones
def documento(request, pk, documento_pk):
    apartado = apartado_visible(request, pk)
    try:
        documento = selectors.documento_de(apartado, documento_pk)
    except DocumentoOperacion.DoesNotExist:
        raise Http404("El documento no existe.") from None
    return servir_archivo(documento.archivo)


@acceso_operaciones
def factura_archivo(request, pk, formato):
    apartado = apartado_visible(request, pk)
    expediente = selectors.expediente_de(apartado)
    archivo = getattr(expediente, f"factura_{formato}", None) if expediente else None
    if not archivo:
        raise Http404("La factura no tiene ese archivo.")
    return servir_archivo(archivo)


@solo_cop
def pago(request, pk):
    return accion_apartado(request, pk, "pago")


@solo_cop
def factura(request, pk):
    return accion_apartado(request, pk, "factura")


@solo_cop
def entrega(request, pk):
    return accion_apartado(request, pk, "entrega")


@rol_requerido("cop", "asesor")
def lugar_entrega(request, pk):
    """The COP or the operación's asesor change where the client receives the unit, with a reason."""
    return accion_apartado(request, pk, "lugar_entrega")


@solo_cop
def traslado(request, pk):
    return accion_apartado(request, pk, "traslado")


# --- Tareas de proveedores -----------------------------------------------------------


@solo_cop
def tarea_nueva(request, pk=None, unidad_pk=None):
    """A task on an operación (``pk``) or a photo/video request on a unit (``unidad_pk``)."""
    if pk:
        apartado = apartado_visible(request, pk)
        tabla, objeto, siguiente = ACCIONES_APARTADO, apartado, reverse("operaciones:apartado", args=[pk])
        extra = {"apartado": apartado}
    else:
        unidad = unidad_de_la_red(request, unidad_pk)
        tabla, objeto, siguiente = ACCIONES_UNIDAD, unidad, reverse("operaciones:tareas")
        extra = {"unidad": unidad}
    return pagina_de_accion(
        request, tabla, "tarea", objeto, plantilla="operaciones/entrega/formulario.html", siguiente=siguiente, **extra
    )


@rol_requerido("cop", "webmaster")
@require_POST
def tarea_accion(request, pk, accion):
    try:
        tarea = selectors.tarea_visible(request.user, pk)
    except TareaProveedor.DoesNotExist:
        raise Http404("La tarea no existe.") from None
    if request.POST.get("siguiente") == "apartado" and tarea.apartado_id:
        siguiente = reverse("operaciones:apartado", args=[tarea.apartado_id])
    else:
        siguiente = reverse("operaciones:tareas" if es_cop(request.user) else "operaciones:mis_tareas")
    # The task's actions have no form: a refusal is a message on the page the user came from.
    return procesar(
        request,
        ACCIONES_TAREA,
        accion,
        tarea,
        siguiente=siguiente,
        volver_a_mostrar=lambda _enviada: redirect(siguiente),
    )


@solo_cop
def seguro(request, pk, accion):
    """The insurance task's forms: record the policy, or that the client declines it (with the reason)."""
    if accion not in ("activar_seguro", "declinar_seguro"):
        raise Http404("La acción no existe.")
    try:
        tarea = selectors.tarea_visible(request.user, pk)
    except TareaProveedor.DoesNotExist:
        raise Http404("La tarea no existe.") from None
    if tarea.apartado_id is None:
        raise Http404("La tarea no es de una operación.")
    return pagina_de_accion(
        request,
        ACCIONES_TAREA,
        accion,
        tarea,
        plantilla="operaciones/accion.html",
        siguiente=reverse("operaciones:apartado", args=[tarea.apartado_id]),
        apartado=tarea.apartado,
    )


def _tablero_de_tareas(request, consulta, titulo):
    tareas = pagina(request, consulta)
    acciones_por_fila(request, ACCIONES_TAREA, tareas)
    return render(request, "operaciones/entrega/tareas.html", contexto(request, pagina=tareas, titulo=titulo))


@solo_cop
def tareas(request):
    """The COP's board: open tasks by due date, overdue highlighted."""
    return _tablero_de_tareas(request, selectors.tareas_abiertas(request.user), "Tareas de proveedores")


@rol_requerido("webmaster")
def mis_tareas(request):
    return _tablero_de_tareas(request, selectors.tareas_del_webmaster(request.user), "Solicitudes de fotos y videos")


# --- Directorio del COP ------------------------------------------------------------------


@solo_cop
def directorio(request):
    filtro = FiltroContactos(request.GET, queryset=selectors.directorio(request.user))
    consulta = filtro.qs if filtro.is_valid() else filtro.queryset.none()
    datos = contexto(request, filtro=filtro, pagina=pagina(request, consulta), que_hace=selectors.que_hace_el_cop())
    return render(request, "operaciones/entrega/directorio.html", datos)


@solo_cop
def contacto(request, pk=None):
    """Create (no ``pk``) or edit a contact of the network's directory; a refusal keeps what was typed."""
    instancia = None
    if pk:
        try:
            instancia = selectors.contacto_del_directorio(request.user, pk)
        except Contacto.DoesNotExist:
            raise Http404("El contacto no existe.") from None
    form = ContactoForm(request.POST or None, instance=instancia, usuario=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.contacto_guardar(actor=request.user, contacto=instancia, datos=form.cleaned_data)
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, mensajes.OK_CONTACTO)
            return redirect("operaciones:directorio")
    titulo = "Editar contacto" if pk else "Nuevo contacto"
    return render(request, "operaciones/entrega/formulario.html", contexto(request, form=form, titulo=titulo))
