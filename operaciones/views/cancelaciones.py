"""Pages of the asesor's cancellation request: the asesor asks on its apartado, the COP decides."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from enlace.acceso import rol_requerido
from operaciones import selectors
from operaciones.acciones import ACCIONES_CANCELACION
from operaciones.models import SolicitudCancelacion
from operaciones.views.apartados import accion_apartado, apartado_visible
from operaciones.views.comun import contexto, pagina, pagina_de_accion, solo_cop


@rol_requerido("asesor")
def cancelacion_solicitar(request, pk):
    return accion_apartado(request, pk, "solicitar_cancelacion")


@solo_cop
def cancelacion_decidir(request, pk, solicitud_pk, codigo):
    """The COP approves (the apartado is cancelled) or rejects the request (action page, back to the apartado)."""
    apartado = apartado_visible(request, pk)
    if codigo not in ACCIONES_CANCELACION:
        raise Http404("La acción no existe.")
    try:
        solicitud = selectors.cancelacion_visible(apartado, solicitud_pk)
    except SolicitudCancelacion.DoesNotExist:
        raise Http404("La solicitud de cancelación no existe en este apartado.") from None
    return pagina_de_accion(
        request,
        ACCIONES_CANCELACION,
        codigo,
        solicitud,
        plantilla="operaciones/accion.html",
        siguiente=reverse("operaciones:apartado", args=[apartado.pk]),
        apartado=apartado,
    )


@solo_cop
def cancelaciones(request):
    """The COP's pending cancellation requests, oldest first."""
    datos = contexto(
        request,
        pagina=pagina(request, selectors.cancelaciones_pendientes(request.user)),
        titulo="Cancelaciones solicitadas",
    )
    return render(request, "operaciones/cancelaciones.html", datos)
