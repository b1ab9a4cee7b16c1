"""Performance per asesor and period, the network's ranking and the coaching sessions, read in the database.

Figures for a period [desde, hasta): apartados made in it, how many of those were validated
(``validado_en`` set) and cancelled, the validation rate; cierres made in it, the median time from
apartado to cierre of those cierres, and the commissions the asesor earned on them (every state).
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, DecimalField, F, FloatField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from enlace.agregados import Percentil, Segundos
from operaciones.models import Apartado, LineaComision, SesionCoaching
from operaciones.selectors.comun import red_de, usuarios

DIAS_SEGUIMIENTO_PROXIMO = 7


def coaching_asesores_de_la_red(red):
    """Active asesores of the network: of its concesionarios, of the network itself, and independent ones
    (no organisation) when it is the default network (``OPERACIONES_RED``), as ``red_de`` has it."""
    de_la_red = Q(organizacion=red) | Q(organizacion__padre=red)
    if red is not None and red.slug == settings.OPERACIONES_RED:
        de_la_red |= Q(organizacion__isnull=True)
    return usuarios("asesor").filter(de_la_red)


def _comisiones_ganadas(desde, hasta):
    """Correlated subquery: the asesor's commission total on operaciones closed in the period."""
    lineas = (
        LineaComision.objects.filter(beneficiario_asesor=OuterRef("pk"))
        .cerradas_entre(desde, hasta)
        .order_by()
        .values("beneficiario_asesor")
        .annotate(total=Sum("monto"))
        .values("total")
    )
    return Coalesce(
        Subquery(lineas, output_field=DecimalField(max_digits=14, decimal_places=2)),
        Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2)),
    )


def desempeno_asesores(user, desde, hasta):
    """Every asesor of the user's network with the period's figures, annotated in one grouped query."""
    red = red_de(user)
    if red is None:
        return coaching_asesores_de_la_red(None).none()
    en_periodo = Q(apartados__creado__gte=desde, apartados__creado__lt=hasta)
    cerrado_en_periodo = Q(apartados__cerrado_en__gte=desde, apartados__cerrado_en__lt=hasta)
    return (
        coaching_asesores_de_la_red(red)
        .select_related("organizacion")
        .annotate(
            n_apartados=Count("apartados", filter=en_periodo),
            n_validados=Count("apartados", filter=en_periodo & Q(apartados__validado_en__isnull=False)),
            n_cancelados=Count("apartados", filter=en_periodo & Q(apartados__estado=Apartado.Estado.CANCELADO)),
            n_cierres=Count("apartados", filter=cerrado_en_periodo),
            # The filter goes inside (NULL outside the period) so the same SQL runs on PostgreSQL and SQLite.
            mediana_cierre=Percentil(
                Case(
                    When(cerrado_en_periodo, then=Segundos(F("apartados__cerrado_en"), F("apartados__creado"))),
                    output_field=FloatField(),
                ),
                0.5,
            ),
            comisiones_ganadas=_comisiones_ganadas(desde, hasta),
        )
        .annotate(
            tasa_validacion=Case(
                When(n_apartados=0, then=Value(0.0)),
                default=Cast(F("n_validados"), FloatField()) * 100.0 / Cast(F("n_apartados"), FloatField()),
                output_field=FloatField(),
            )
        )
    )


def desempeno_ranking(user, desde, hasta):
    """The network's ranking: most cierres first, then the highest validation rate."""
    return desempeno_asesores(user, desde, hasta).order_by(
        "-n_cierres", "-tasa_validacion", "first_name", "last_name", "pk"
    )


def desempeno_de_asesor(user, asesor_id, desde, hasta):
    """One asesor's figures (raises Usuario.DoesNotExist outside the user's network)."""
    return desempeno_asesores(user, desde, hasta).get(pk=asesor_id)


def coaching_visibles(user, hoy=None):
    """Sessions the user may see, each marked ``seguimiento_proximo`` when the follow-up is due within a week."""
    hoy = hoy or timezone.localdate()
    return (
        SesionCoaching.objects.visibles_para(user)
        .select_related("asesor", "registrada_por", "apartado")
        .annotate(
            seguimiento_proximo=Case(
                When(
                    fecha_seguimiento__gte=hoy,
                    fecha_seguimiento__lte=hoy + timedelta(days=DIAS_SEGUIMIENTO_PROXIMO),
                    then=Value(True),
                ),
                default=Value(False),
            )
        )
    )


def coaching_proximos_seguimientos(user, hoy=None):
    """Follow-ups due from today on, soonest first (the COP's highlighted list)."""
    hoy = hoy or timezone.localdate()
    return coaching_visibles(user, hoy).filter(fecha_seguimiento__gte=hoy).order_by("fecha_seguimiento", "pk")
