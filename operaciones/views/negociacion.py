"""Pages of the negotiation: discount and financing requests (GET form, POST → service → apartado)."""

from django.http import Http404
from django.shortcuts import render

from enlace.acceso import rol_requerido
from operaciones import mensajes, selectors, services
from operaciones.forms import DescuentoForm, FinanciamientoForm, ResolverDescuentoForm, RespuestaFinanciamientoForm
from operaciones.models import SolicitudDescuento, SolicitudFinanciamiento
from operaciones.views.apartados import _accion, _apartado_visible, _contexto, _pagina, solo_cop

asesor_o_cop = rol_requerido("cop", "asesor")


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


@asesor_o_cop
def descuento_solicitar(request, pk):
    apartado = _apartado_visible(request, pk)
    form = DescuentoForm(request.POST or None)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.descuento_solicitar(actor=request.user, apartado_id=apartado.pk, **form.cleaned_data),
        exito=mensajes.OK_DESCUENTO_SOLICITADO,
        titulo="Solicitar descuento o bonificación",
    )


@solo_cop
def descuento_negociar(request, pk, descuento_pk):
    apartado = _apartado_visible(request, pk)
    descuento = _descuento(apartado, descuento_pk)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=None,
        ejecutar=lambda: services.descuento_negociar(
            actor=request.user, apartado_id=apartado.pk, descuento_id=descuento.pk
        ),
        exito=mensajes.OK_DESCUENTO_NEGOCIACION,
        titulo="Negociar el descuento con el gerente de ventas",
    )


@solo_cop
def descuento_resolver(request, pk, descuento_pk):
    apartado = _apartado_visible(request, pk)
    descuento = _descuento(apartado, descuento_pk)
    form = ResolverDescuentoForm(request.POST or None, initial={"monto_aprobado": descuento.monto_solicitado})
    aprobado = request.POST.get("resultado") == SolicitudDescuento.Estado.APROBADA
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.descuento_resolver(
            actor=request.user,
            apartado_id=apartado.pk,
            descuento_id=descuento.pk,
            aprobado=aprobado,
            **_sin("resultado", form),
        ),
        exito=mensajes.OK_DESCUENTO_APROBADO if aprobado else mensajes.OK_DESCUENTO_RECHAZADO,
        titulo="Resultado de la negociación del descuento",
    )


@asesor_o_cop
def financiamiento_enviar(request, pk):
    apartado = _apartado_visible(request, pk)
    inicial = {
        "financiera": apartado.financiera,
        "tipo_financiera": apartado.tipo_financiera,
        "monto_solicitado": apartado.unidad.precio - apartado.enganche,
    }
    form = FinanciamientoForm(request.POST or None, initial=inicial)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.financiamiento_enviar(
            actor=request.user, apartado_id=apartado.pk, **form.cleaned_data
        ),
        exito=mensajes.OK_FINANCIAMIENTO_ENVIADO,
        titulo="Solicitud de financiamiento enviada",
    )


@solo_cop
def financiamiento_responder(request, pk, financiamiento_pk):
    apartado = _apartado_visible(request, pk)
    solicitud = _financiamiento(apartado, financiamiento_pk)
    form = RespuestaFinanciamientoForm(request.POST or None)
    aprobada = request.POST.get("resultado") == SolicitudFinanciamiento.Estado.APROBADA
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.financiamiento_registrar_respuesta(
            actor=request.user,
            apartado_id=apartado.pk,
            financiamiento_id=solicitud.pk,
            aprobada=aprobada,
            **_sin("resultado", form),
        ),
        exito=mensajes.OK_FINANCIAMIENTO_RESPUESTA,
        titulo=f"Respuesta de {solicitud.financiera}",
    )


@solo_cop
def financiamiento_confirmar(request, pk, financiamiento_pk):
    apartado = _apartado_visible(request, pk)
    solicitud = _financiamiento(apartado, financiamiento_pk)
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=None,
        ejecutar=lambda: services.financiamiento_confirmar_credito(
            actor=request.user, apartado_id=apartado.pk, financiamiento_id=solicitud.pk
        ),
        exito=mensajes.OK_CREDITO_CONFIRMADO,
        titulo=f"Confirmar la disponibilidad del crédito de {solicitud.financiera}",
    )


def _sin(campo, form):
    return {k: v for k, v in form.cleaned_data.items() if k != campo}


@solo_cop
def negociaciones(request):
    """«Negociaciones abiertas»: discounts to negotiate, financing to follow and trade-ins waiting."""
    pagina = _pagina(request, selectors.negociaciones_abiertas(request.user))
    return render(request, "operaciones/negociacion/abiertas.html", _contexto(request, pagina=pagina))
