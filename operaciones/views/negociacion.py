"""Pages of the negotiation: discount and financing requests (an action's page, POST → service → apartado),
the gerente de ventas' discounts to answer and the financed operaciones the gerente de financiera follows."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from enlace.acceso import rol_requerido
from operaciones import selectors
from operaciones.acciones import ACCIONES_DESCUENTO, ACCIONES_FINANCIAMIENTO
from operaciones.models import SolicitudDescuento, SolicitudFinanciamiento
from operaciones.views.apartados import accion_apartado, apartado_visible
from operaciones.views.comun import contexto, pagina, pagina_de_accion, solo_cop

asesor_o_cop = rol_requerido("cop", "asesor")
gerente_de_ventas = rol_requerido("gerente_ventas")
financiera_o_cop = rol_requerido("cop", "gerente_financiera")


def _descuento(apartado, pk):
    try:
        return selectors.descuento_visible(apartado, pk)
    except SolicitudDescuento.DoesNotExist:
        raise Http404("La solicitud de descuento no existe en esta operación.") from None


def _financiamiento(apartado, pk):
    try:
        return selectors.financiamiento_visible(apartado, pk)
    except SolicitudFinanciamiento.DoesNotExist:
        raise Http404("La solicitud de financiamiento no existe en esta operación.") from None


def _accion_de_solicitud(request, apartado, tabla, codigo, solicitud):
    return pagina_de_accion(
        request,
        tabla,
        codigo,
        solicitud,
        plantilla="operaciones/accion.html",
        siguiente=reverse("operaciones:apartado", args=[apartado.pk]),
        apartado=apartado,
    )


@asesor_o_cop
def descuento_solicitar(request, pk):
    return accion_apartado(request, pk, "solicitar_descuento")


@solo_cop
def descuento_negociar(request, pk, descuento_pk):
    apartado = apartado_visible(request, pk)
    return _accion_de_solicitud(request, apartado, ACCIONES_DESCUENTO, "negociar", _descuento(apartado, descuento_pk))


@solo_cop
def descuento_resolver(request, pk, descuento_pk):
    apartado = apartado_visible(request, pk)
    return _accion_de_solicitud(request, apartado, ACCIONES_DESCUENTO, "resolver", _descuento(apartado, descuento_pk))


@gerente_de_ventas
def descuento_responder(request, pk, descuento_pk):
    apartado = apartado_visible(request, pk)
    return _accion_de_solicitud(request, apartado, ACCIONES_DESCUENTO, "responder", _descuento(apartado, descuento_pk))


@asesor_o_cop
def descuento_contraoferta(request, pk, descuento_pk):
    apartado = apartado_visible(request, pk)
    descuento = _descuento(apartado, descuento_pk)
    return _accion_de_solicitud(request, apartado, ACCIONES_DESCUENTO, "contraoferta", descuento)


@gerente_de_ventas
def descuentos_por_responder(request):
    """The gerente de ventas' discount requests on its concesionario's units, oldest first."""
    datos = contexto(
        request,
        pagina=pagina(request, selectors.descuentos_por_responder(request.user)),
        titulo="Descuentos por responder",
    )
    return render(request, "operaciones/negociacion/descuentos.html", datos)


@rol_requerido("cop", "asesor", "gerente_financiera")
def financiamiento_enviar(request, pk):
    return accion_apartado(request, pk, "enviar_financiamiento")


@financiera_o_cop
def financiamiento_responder(request, pk, financiamiento_pk):
    apartado = apartado_visible(request, pk)
    solicitud = _financiamiento(apartado, financiamiento_pk)
    return _accion_de_solicitud(request, apartado, ACCIONES_FINANCIAMIENTO, "responder", solicitud)


@financiera_o_cop
def financiamiento_confirmar(request, pk, financiamiento_pk):
    apartado = apartado_visible(request, pk)
    solicitud = _financiamiento(apartado, financiamiento_pk)
    return _accion_de_solicitud(request, apartado, ACCIONES_FINANCIAMIENTO, "confirmar_credito", solicitud)


@solo_cop
def negociaciones(request):
    """«Negociaciones abiertas»: discounts to negotiate, financing to follow and trade-ins waiting."""
    datos = contexto(request, pagina=pagina(request, selectors.negociaciones_abiertas(request.user)))
    return render(request, "operaciones/negociacion/abiertas.html", datos)


@financiera_o_cop
def financiamientos(request):
    """Financed operaciones with their latest financing request (the concesionario's, or the network's)."""
    datos = contexto(
        request,
        pagina=pagina(request, selectors.financiamientos_del_concesionario(request.user)),
        titulo="Operaciones financiadas",
    )
    return render(request, "operaciones/negociacion/financiamientos.html", datos)
