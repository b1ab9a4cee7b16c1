"""Reads of the negotiation: discounts, financing and the final price."""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum

from operaciones.models import Apartado, SolicitudDescuento, SolicitudFinanciamiento, TradeIn

__all__ = [
    "contexto_apartado_negociacion",
    "descuento_visible",
    "financiamiento_visible",
    "negociaciones_abiertas",
    "precio_final_de",
]


def precio_final_de(apartado):
    """The unit's price minus the approved discounts (Decimal)."""
    aprobado = apartado.descuentos.aprobadas().aggregate(total=Sum("monto_aprobado"))["total"]
    return apartado.unidad.precio - (aprobado or Decimal(0))


def contexto_apartado_negociacion(user, apartado):
    """The operación's financial summary and its discount and financing requests."""
    descuentos = list(apartado.descuentos.select_related("solicitada_por", "resuelta_por"))
    financiamientos = list(apartado.financiamientos.select_related("enviada_por", "credito_confirmado_por"))
    aprobado = sum((d.monto_aprobado for d in descuentos if d.estado == SolicitudDescuento.Estado.APROBADA), Decimal(0))
    return {
        "descuentos": descuentos,
        "financiamientos": financiamientos,
        "descuento_aprobado": aprobado,
        "precio_final": apartado.unidad.precio - aprobado,
    }


def descuento_visible(apartado, pk):
    return SolicitudDescuento.objects.select_related("apartado").get(apartado=apartado, pk=pk)


def financiamiento_visible(apartado, pk):
    return SolicitudFinanciamiento.objects.select_related("apartado").get(apartado=apartado, pk=pk)


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
            descuento_abierto=Exists(SolicitudDescuento.objects.abiertas().filter(apartado=OuterRef("pk"))),
            financiamiento_pendiente=Exists(SolicitudFinanciamiento.objects.filter(vigente, apartado=OuterRef("pk"))),
            trade_in_esperando=Exists(TradeIn.objects.filter(apartado=OuterRef("pk"), estado__in=esperando)),
        )
        .filter(Q(descuento_abierto=True) | Q(financiamiento_pendiente=True) | Q(trade_in_esperando=True))
        .select_related("unidad", "concesionario", "asesor", "cliente")
        .order_by("creado", "id")
    )
