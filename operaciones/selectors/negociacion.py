"""Reads of the negotiation: discounts, financing and the final price."""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery, Sum

from operaciones.models import Apartado, LineaComision, SolicitudDescuento, SolicitudFinanciamiento, TradeIn

__all__ = [
    "con_descuento_y_comision",
    "contexto_apartado_negociacion",
    "descuento_visible",
    "descuentos_por_responder",
    "financiamiento_visible",
    "financiamientos_del_concesionario",
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


def descuentos_por_responder(user):
    """The gerente de ventas' tray: open discount requests on its concesionario's units, oldest first
    (counter-offers waiting for the asesor stay listed, marked by their state)."""
    return (
        SolicitudDescuento.objects.abiertas()
        .filter(apartado__in=Apartado.objects.visibles_para(user).activos())
        .select_related("apartado__unidad", "apartado__asesor", "apartado__cliente", "solicitada_por")
        .order_by("solicitada_en", "id")
    )


def _ultimo(modelo, campo, **filtros):
    """Correlated subquery: ``campo`` of the apartado's latest row of ``modelo``."""
    return Subquery(modelo.objects.filter(apartado=OuterRef("pk"), **filtros).order_by("-pk").values(campo)[:1])


def financiamientos_del_concesionario(user):
    """Financed operaciones the user sees (the gerente de financiera: its concesionario's; the COP: the
    network's), each with its latest financing request's state, financiera and confirmed credit."""
    return (
        Apartado.objects.visibles_para(user)
        .filter(
            forma_pago=Apartado.FormaPago.FINANCIADO,
            estado__in=(Apartado.Estado.PENDIENTE, Apartado.Estado.VALIDADO, Apartado.Estado.CERRADO),
        )
        .annotate(
            financiamiento_estado=_ultimo(SolicitudFinanciamiento, "estado"),
            financiamiento_financiera=_ultimo(SolicitudFinanciamiento, "financiera"),
            financiamiento_credito=_ultimo(SolicitudFinanciamiento, "credito_confirmado_en"),
        )
        .select_related("unidad", "concesionario", "asesor", "cliente")
        .order_by("-creado", "-id")
    )


def con_descuento_y_comision(apartados):
    """«Mis apartados»: each apartado with its latest discount request's state and the asesor's commission
    line state (one query for the page)."""
    return apartados.annotate(
        descuento_estado=_ultimo(SolicitudDescuento, "estado"),
        comision_estado=Subquery(
            LineaComision.objects.filter(apartado=OuterRef("pk"), beneficiario_asesor=OuterRef("asesor_id"))
            .order_by("-pk")
            .values("estado")[:1]
        ),
    )
