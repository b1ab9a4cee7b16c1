"""Reads of the Trade-In: who may see it (COP, asesor, staff of A and of B), its checklist and files."""

from django.db.models import Prefetch, Q

from operaciones.models import Apartado, ArchivoTradeIn, PuntoChecklistTradeIn, RevisionTradeIn, TradeIn
from operaciones.rules import es_concesionario

__all__ = ["checklist_de", "contexto_apartado_tradein", "contexto_tradein", "tradein_visible"]


def tradein_visible(user, apartado_pk):
    """The trade-in of an operación if the user is the COP, its asesor or staff of A or B; else DoesNotExist.

    Staff of A see the trade-in (and the unit sold) but not the rest of the operación.
    """
    visible = Q(apartado__in=Apartado.objects.visibles_para(user).values("pk"))
    if es_concesionario(user) and user.organizacion_id is not None:
        visible |= Q(concesionario_a_id=user.organizacion_id)
    return (
        TradeIn.objects.filter(visible, apartado_id=apartado_pk)
        .select_related(
            "apartado__unidad",
            "apartado__asesor",
            "concesionario_a",
            "concesionario_b",
            "respuesta_a_por",
            "respuesta_b_por",
        )
        .prefetch_related(
            Prefetch("revisiones", queryset=RevisionTradeIn.objects.select_related("punto", "registrada_por")),
            Prefetch("archivos", queryset=ArchivoTradeIn.objects.order_by("tipo", "id")),
        )
        .get()
    )


def checklist_de(trade_in):
    """(punto, revision or None) for every active point, in order: the same list for A, B and the COP."""
    revisiones = {r.punto_id: r for r in trade_in.revisiones.all()}
    return [(p, revisiones.get(p.pk)) for p in PuntoChecklistTradeIn.objects.filter(activo=True)]


def contexto_tradein(user, trade_in):
    """What the trade-in block needs: the trade-in, its checklist and, for the COP and those who answer it,
    its files (prefetched)."""
    return {
        "trade_in": trade_in,
        "checklist": checklist_de(trade_in),
        "ve_archivos_trade_in": user.has_perm("operaciones.ver_archivos_trade_in", trade_in),
    }


def contexto_apartado_tradein(user, apartado):
    """The apartado page's Trade-In section (the page itself is visible to the COP, the asesor and B)."""
    try:
        trade_in = tradein_visible(user, apartado.pk)
    except TradeIn.DoesNotExist:
        return {"trade_in": None}
    return contexto_tradein(user, trade_in)
