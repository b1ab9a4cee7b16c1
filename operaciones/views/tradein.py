"""Pages of the Trade-In. Its page is open to the COP, the asesor and the staff of A and B; the rest of
the operación stays on the apartado page, which A's staff do not see."""

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from enlace.acceso import rol_requerido
from enlace.archivos import servir_archivo
from operaciones import selectors
from operaciones.acciones import ACCIONES_TRADE_IN
from operaciones.models import TradeIn
from operaciones.rules import CONFIRMAN
from operaciones.views.apartados import accion_apartado
from operaciones.views.comun import acceso_operaciones, acciones_de, contexto, pagina_de_accion, solo_cop


class SinTradeIn(Exception):
    """The operación is the user's to see but has no Trade-In: say so instead of a bare 404."""

    def __init__(self, apartado):
        self.apartado = apartado


def _trade_in(request, pk):
    try:
        return selectors.tradein_visible(request.user, pk)
    except TradeIn.DoesNotExist:
        apartado = selectors.apartados_visibles(request.user).filter(pk=pk).first()
        if apartado is None:
            raise Http404("La operación no existe o no participa en ella.") from None
        raise SinTradeIn(apartado) from None


def _explica_sin_tradein(vista):
    @wraps(vista)
    def envuelta(request, pk, *args, **kwargs):
        try:
            return vista(request, pk, *args, **kwargs)
        except SinTradeIn as falta:
            datos = contexto(request, apartado=falta.apartado)
            return render(request, "operaciones/tradein/sin_tradein.html", datos, status=404)

    return envuelta


def _accion_tradein(request, pk, codigo):
    """The page of an action on the trade-in; back to the trade-in's page on success."""
    trade_in = _trade_in(request, pk)
    return pagina_de_accion(
        request,
        ACCIONES_TRADE_IN,
        codigo,
        trade_in,
        plantilla="operaciones/tradein/accion.html",
        siguiente=reverse("operaciones:tradein", args=[trade_in.apartado_id]),
        trade_in=trade_in,
    )


@acceso_operaciones
@_explica_sin_tradein
def tradein(request, pk):
    trade_in = _trade_in(request, pk)
    datos = contexto(
        request,
        acciones_trade_in=acciones_de(ACCIONES_TRADE_IN, trade_in, request.user),
        **selectors.contexto_tradein(request.user, trade_in),
    )
    return render(request, "operaciones/tradein/detalle.html", datos)


@solo_cop
def tradein_activar(request, pk):
    return accion_apartado(request, pk, "activar_trade_in")


@solo_cop
@_explica_sin_tradein
def tradein_revision(request, pk):
    return _accion_tradein(request, pk, "revision")


@solo_cop
@_explica_sin_tradein
def tradein_subir(request, pk):
    return _accion_tradein(request, pk, "archivo")


@acceso_operaciones
@_explica_sin_tradein
def tradein_archivo(request, pk, archivo_pk):
    trade_in = _trade_in(request, pk)
    if not request.user.has_perm("operaciones.ver_archivos_trade_in", trade_in):
        raise Http404("Solo el COP y quienes responden el Trade-In ven sus fotos y documentos.")
    archivo = get_object_or_404(trade_in.archivos.all(), pk=archivo_pk)
    return servir_archivo(archivo.archivo, adjunto=archivo.tipo == archivo.Tipo.DOCUMENTO)


@rol_requerido(*CONFIRMAN)
@_explica_sin_tradein
def tradein_responder(request, pk):
    """Staff of A answer while A is asked; staff of B during the Segunda Oferta (the transitions decide who)."""
    return _accion_tradein(request, pk, "responder")


@solo_cop
@_explica_sin_tradein
def tradein_segunda(request, pk):
    return _accion_tradein(request, pk, "segunda_oferta")
