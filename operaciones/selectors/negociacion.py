"""Reads of the negotiation: discounts, financing, the final price and what still blocks the cierre."""

from decimal import Decimal

import rules
from django.db.models import Exists, OuterRef, Q, Sum

from operaciones.models import Apartado, SolicitudDescuento, SolicitudFinanciamiento, TradeIn
from operaciones.rules import es_cop

__all__ = [
    "contexto_apartado_negociacion",
    "descuento_visible",
    "faltantes_de_negociacion",
    "financiamiento_visible",
    "negociaciones_abiertas",
    "precio_final_de",
]

FALTA_DESCUENTO = "Hay una solicitud de descuento sin resolver (solicitada o en negociación con el concesionario)."
FALTA_CREDITO = "La operación es financiada y el COP no ha confirmado la disponibilidad de un crédito aprobado."
FALTA_TRADE_IN = "El Trade-In sigue sin respuesta final de los concesionarios."


def _descuento_abierto():
    return SolicitudDescuento.objects.filter(apartado=OuterRef("pk"), estado__in=SolicitudDescuento.ABIERTAS)


def _credito_confirmado():
    return SolicitudFinanciamiento.objects.filter(
        apartado=OuterRef("pk"),
        estado=SolicitudFinanciamiento.Estado.APROBADA,
        credito_confirmado_en__isnull=False,
    )


def faltantes_de_negociacion(apartado):
    """Spanish reasons the negotiation blocks the cierre, one line each (empty when nothing is missing)."""
    estado = (
        Apartado.objects.filter(pk=apartado.pk)
        .annotate(descuento_abierto=Exists(_descuento_abierto()), credito=Exists(_credito_confirmado()))
        .values("descuento_abierto", "credito", "forma_pago")
        .get()
    )
    trade_in = TradeIn.objects.filter(apartado_id=apartado.pk).first()
    faltantes = []
    if estado["descuento_abierto"]:
        faltantes.append(FALTA_DESCUENTO)
    if estado["forma_pago"] == Apartado.FormaPago.FINANCIADO and not estado["credito"]:
        faltantes.append(FALTA_CREDITO)
    if trade_in is not None and not trade_in.resuelto:
        faltantes.append(FALTA_TRADE_IN)
    return faltantes


def precio_final_de(apartado):
    """The unit's price minus the approved discounts (Decimal)."""
    aprobado = SolicitudDescuento.objects.filter(
        apartado_id=apartado.pk, estado=SolicitudDescuento.Estado.APROBADA
    ).aggregate(total=Sum("monto_aprobado"))["total"]
    return apartado.unidad.precio - (aprobado or Decimal(0))


def contexto_apartado_negociacion(user, apartado):
    """The operación's financial summary, its discount and financing requests and what this user may do."""
    descuentos = list(apartado.descuentos.select_related("solicitada_por", "resuelta_por"))
    financiamientos = list(apartado.financiamientos.select_related("enviada_por", "credito_confirmado_por"))
    aprobado = sum((d.monto_aprobado for d in descuentos if d.estado == SolicitudDescuento.Estado.APROBADA), Decimal(0))
    activa = apartado.activo
    financiado = apartado.forma_pago == Apartado.FormaPago.FINANCIADO
    return {
        "descuentos": descuentos,
        "financiamientos": financiamientos,
        "descuento_aprobado": aprobado,
        "precio_final": apartado.unidad.precio - aprobado,
        "negocia_cop": es_cop(user) and activa,
        "puede_solicitar_descuento": activa
        and not any(d.abierta for d in descuentos)
        and rules.test_rule("operaciones.solicitar_descuento", user, apartado),
        "puede_enviar_financiamiento": activa
        and financiado
        and not any(f.estado in SolicitudFinanciamiento.VIGENTES for f in financiamientos)
        and rules.test_rule("operaciones.enviar_financiamiento", user, apartado),
    }


def descuento_visible(apartado, pk):
    return SolicitudDescuento.objects.get(apartado=apartado, pk=pk)


def financiamiento_visible(apartado, pk):
    return SolicitudFinanciamiento.objects.get(apartado=apartado, pk=pk)


def negociaciones_abiertas(user):
    """COP: active operaciones with an open discount, a financing without confirmed credit or a trade-in waiting."""
    vigente = Q(estado=SolicitudFinanciamiento.Estado.ENVIADA) | Q(
        estado=SolicitudFinanciamiento.Estado.APROBADA, credito_confirmado_en__isnull=True
    )
    esperando = [TradeIn.Estado.ESPERANDO_A, TradeIn.Estado.ESPERANDO_B]
    return (
        Apartado.objects.visibles_para(user)
        .activos()
        .annotate(
            descuento_abierto=Exists(_descuento_abierto()),
            financiamiento_pendiente=Exists(SolicitudFinanciamiento.objects.filter(vigente, apartado=OuterRef("pk"))),
            trade_in_esperando=Exists(TradeIn.objects.filter(apartado=OuterRef("pk"), estado__in=esperando)),
        )
        .filter(Q(descuento_abierto=True) | Q(financiamiento_pendiente=True) | Q(trade_in_esperando=True))
        .select_related("unidad", "concesionario", "asesor", "cliente")
        .order_by("creado", "id")
    )
