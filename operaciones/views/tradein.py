"""Pages of the Trade-In. Its page is open to the COP, the asesor and the staff of A and B; the rest of
the operación stays on the apartado page, which A's staff do not see."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from enlace.acceso import rol_requerido
from enlace.archivos import servir_archivo
from operaciones import mensajes, selectors, services
from operaciones.forms import ArchivoTradeInForm, RespuestaTradeInForm, RevisionTradeInForm, TradeInForm
from operaciones.models import TradeIn
from operaciones.rules import CONFIRMAN
from operaciones.services.comun import ErrorOperacion
from operaciones.views.apartados import _accion, _apartado_visible, _contexto, acceso_operaciones, solo_cop


def _trade_in(request, pk):
    try:
        return selectors.tradein_visible(request.user, pk)
    except TradeIn.DoesNotExist:
        raise Http404("La operación no tiene Trade-In o no participa en él.") from None


def _accion_tradein(request, trade_in, *, form, ejecutar, exito, titulo):
    """GET shows the form; a valid POST runs the service and redirects to the trade-in page."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            ejecutar()
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, exito)
            return redirect("operaciones:tradein", pk=trade_in.apartado_id)
    contexto = _contexto(request, trade_in=trade_in, form=form, titulo=titulo)
    return render(request, "operaciones/tradein/accion.html", contexto)


@acceso_operaciones
def tradein(request, pk):
    trade_in = _trade_in(request, pk)
    contexto = _contexto(request, **selectors.contexto_tradein(request.user, trade_in))
    return render(request, "operaciones/tradein/detalle.html", contexto)


@solo_cop
def tradein_activar(request, pk):
    apartado = _apartado_visible(request, pk)
    form = TradeInForm(request.POST or None, initial={"observaciones": apartado.unidad_a_cuenta_descripcion})
    return _accion(
        request,
        apartado,
        plantilla="operaciones/accion.html",
        form=form,
        ejecutar=lambda: services.tradein_activar(
            actor=request.user,
            apartado_id=apartado.pk,
            unidad=form.unidad(),
            decision_cop=form.cleaned_data["decision_cop"],
        ),
        exito=mensajes.OK_TRADE_IN,
        titulo="Activar Trade-In",
    )


@solo_cop
def tradein_revision(request, pk):
    trade_in = _trade_in(request, pk)
    form = RevisionTradeInForm(request.POST or None)
    return _accion_tradein(
        request,
        trade_in,
        form=form,
        ejecutar=lambda: services.tradein_registrar_revision(
            actor=request.user,
            apartado_id=pk,
            punto_id=form.cleaned_data["punto"].pk,
            resultado=form.cleaned_data["resultado"],
            observacion=form.cleaned_data["observacion"],
        ),
        exito=mensajes.OK_TRADE_IN_REVISION,
        titulo="Checklist del Trade-In",
    )


@solo_cop
def tradein_subir(request, pk):
    trade_in = _trade_in(request, pk)
    form = ArchivoTradeInForm(request.POST or None, request.FILES or None)
    return _accion_tradein(
        request,
        trade_in,
        form=form,
        ejecutar=lambda: services.tradein_agregar_archivo(actor=request.user, apartado_id=pk, **form.cleaned_data),
        exito=mensajes.OK_TRADE_IN_ARCHIVO,
        titulo="Foto o documento del Trade-In",
    )


@acceso_operaciones
def tradein_archivo(request, pk, archivo_pk):
    trade_in = _trade_in(request, pk)
    archivo = get_object_or_404(trade_in.archivos.all(), pk=archivo_pk)
    return servir_archivo(archivo.archivo, adjunto=archivo.tipo == archivo.Tipo.DOCUMENTO)


@rol_requerido(*CONFIRMAN)
def tradein_responder(request, pk):
    """Staff of A answer while A is asked; staff of B during the Segunda Oferta (the service checks who)."""
    trade_in = _trade_in(request, pk)
    form = RespuestaTradeInForm(request.POST or None)
    servicio = (
        services.tradein_responder_b if trade_in.estado == TradeIn.Estado.ESPERANDO_B else services.tradein_responder_a
    )
    return _accion_tradein(
        request,
        trade_in,
        form=form,
        ejecutar=lambda: servicio(
            actor=request.user,
            apartado_id=pk,
            toma=form.cleaned_data["resultado"] == "toma",
            oferta=form.cleaned_data["oferta"],
            comentario=form.cleaned_data["comentario"],
        ),
        exito=mensajes.OK_TRADE_IN_RESPUESTA,
        titulo="Responder al Trade-In",
    )


@solo_cop
def tradein_segunda(request, pk):
    trade_in = _trade_in(request, pk)
    return _accion_tradein(
        request,
        trade_in,
        form=None,
        ejecutar=lambda: services.tradein_segunda_oferta(actor=request.user, apartado_id=pk),
        exito=mensajes.OK_SEGUNDA_OFERTA,
        titulo="Activar Trade-In Segunda Oferta",
    )
