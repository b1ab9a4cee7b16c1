"""Supervision reads for the COP: bottlenecks from the event log, stalled operaciones, withdrawals in review."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from enlace.models import Evento
from operaciones.eventos import ETAPAS, NOMBRES_EVENTO
from operaciones.models import Apartado, RevisionRetiro
from operaciones.selectors.apartados import apartados_visibles, concesionarios_de_la_red

__all__ = [
    "DIAS_PERIODO_CUELLOS",
    "FilaEtapa",
    "cuellos_de_botella",
    "etapa_de",
    "operaciones_sin_movimiento",
    "retiros_en_revision",
    "retiros_pendientes_total",
    "texto_duracion",
]

DIAS_PERIODO_CUELLOS = 90
ORDEN_ETAPAS = list(dict.fromkeys(ETAPAS.values()))


def texto_duracion(segundos):
    """Seconds as «5.2 h» under two days, else «3.4 días» (— when there is no figure)."""
    if segundos is None:
        return "—"
    horas = segundos / 3600
    return f"{horas:.1f} h" if horas < 48 else f"{horas / 24:.1f} días"


@dataclass(frozen=True)
class FilaEtapa:
    """Time spent in one stage (overall when ``concesionario`` is None): median and p90 in seconds."""

    etapa: str
    concesionario: str | None
    mediana: float
    p90: float
    tramos: int

    @property
    def mediana_texto(self):
        return texto_duracion(self.mediana)

    @property
    def p90_texto(self):
        return texto_duracion(self.p90)


# Each event's interval is the time to the next event of the same apartado (LEAD over objeto_id by
# secuencia) and counts for the stage the event opened (its position in ORDEN_ETAPAS). Earlier events
# never matter (LEAD looks forward), so rows before the period are skipped before the window; the
# interval's start must fall inside the period. The partial covering index of migration 0004 serves the
# window on PostgreSQL with an index-only scan, and ROLLUP gives both groupings from one sort.
_SQL_CUELLOS = """
WITH pasos AS (
    SELECT tipo, organizacion_id, creado,
           LEAD(creado) OVER (PARTITION BY objeto_id ORDER BY secuencia) AS siguiente
    FROM enlace_evento
    WHERE objeto_tipo_id = %(tipo_apartado)s AND tipo LIKE 'operaciones.%%'
      AND creado >= %(desde)s AND organizacion_id IN ({organizaciones})
), tramos AS (
    SELECT CASE tipo {casos} END AS etapa, organizacion_id, {segundos} AS segundos
    FROM pasos
    WHERE siguiente IS NOT NULL AND creado < %(hasta)s
)
{agrupar}
"""
_AGRUPAR_POSTGRESQL = """
SELECT etapa, organizacion_id, {mediana}, {p90}, COUNT(*) FROM tramos WHERE etapa IS NOT NULL
GROUP BY ROLLUP (etapa, organizacion_id) HAVING GROUPING(etapa) = 0
"""
_AGRUPAR_SQLITE = """
SELECT etapa, NULL, {mediana}, {p90}, COUNT(*) FROM tramos WHERE etapa IS NOT NULL GROUP BY etapa
UNION ALL
SELECT etapa, organizacion_id, {mediana}, {p90}, COUNT(*) FROM tramos WHERE etapa IS NOT NULL
GROUP BY etapa, organizacion_id
"""


def _sql_por_motor(n_organizaciones):
    casos = " ".join(f"WHEN %(tipo_{i})s THEN {ORDEN_ETAPAS.index(etapa)}" for i, etapa in enumerate(ETAPAS.values()))
    if connection.vendor == "postgresql":
        segundos = "EXTRACT(EPOCH FROM siguiente - creado)"
        mediana = "percentile_cont(0.5) WITHIN GROUP (ORDER BY segundos)"
        p90 = "percentile_cont(0.9) WITHIN GROUP (ORDER BY segundos)"
        agrupar = _AGRUPAR_POSTGRESQL
    else:  # SQLite: enlace.agregados registers enlace_percentil on every connection
        segundos = "(julianday(siguiente) - julianday(creado)) * 86400.0"
        mediana = "enlace_percentil(segundos, 0.5)"
        p90 = "enlace_percentil(segundos, 0.9)"
        agrupar = _AGRUPAR_SQLITE
    organizaciones = ", ".join(f"%(org_{i})s" for i in range(n_organizaciones))
    return _SQL_CUELLOS.format(
        casos=casos, segundos=segundos, organizaciones=organizaciones, agrupar=agrupar.format(mediana=mediana, p90=p90)
    )


def cuellos_de_botella(user, *, desde=None, hasta=None, concesionario_id=None):
    """Median and p90 time per stage of the operaciones, overall and per concesionario, in one query.

    ``desde``/``hasta`` are datetimes (default: the last 90 days). Returns ``{"etapas": [FilaEtapa...],
    "por_concesionario": [FilaEtapa...]}`` in the stages' order; only the user's network is counted.
    """
    hasta = hasta or timezone.now()
    desde = desde or hasta - timedelta(days=DIAS_PERIODO_CUELLOS)
    nombres = dict(concesionarios_de_la_red(user).values_list("pk", "nombre"))
    ids = [concesionario_id] if concesionario_id in nombres else ([] if concesionario_id else list(nombres))
    if not ids:
        return {"etapas": [], "por_concesionario": []}
    parametros = {
        "tipo_apartado": ContentType.objects.get_for_model(Apartado).pk,
        "desde": connection.ops.adapt_datetimefield_value(desde),
        "hasta": connection.ops.adapt_datetimefield_value(hasta),
        **{f"org_{i}": pk for i, pk in enumerate(ids)},
    }
    for i, tipo in enumerate(ETAPAS):
        parametros[f"tipo_{i}"] = tipo
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # About a million durations to sort: in memory, and without JIT compile time (this transaction only).
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(_sql_por_motor(len(ids)), parametros)
        filas = sorted(cursor.fetchall(), key=lambda f: (f[0], f[1] is not None, nombres.get(f[1], "")))
    filas = [
        FilaEtapa(ORDEN_ETAPAS[etapa], nombres[org] if org else None, mediana, p90, tramos)
        for etapa, org, mediana, p90, tramos in filas
    ]
    return {
        "etapas": [f for f in filas if f.concesionario is None],
        "por_concesionario": [f for f in filas if f.concesionario is not None],
    }


def operaciones_sin_movimiento(user, ahora=None):
    """Validated operaciones whose latest event is older than OPERACIONES_HORAS_SIN_MOVIMIENTO, oldest first.

    Each row carries ``ultimo_evento`` (when) and ``ultimo_tipo``; ``etapa_de`` names the stage it is stuck in.
    """
    ahora = ahora or timezone.now()
    limite = ahora - timedelta(hours=settings.OPERACIONES_HORAS_SIN_MOVIMIENTO)
    ultimo = Evento.objects.filter(
        objeto_tipo=ContentType.objects.get_for_model(Apartado),
        objeto_id=Cast(OuterRef("pk"), CharField()),
        tipo__startswith="operaciones.",
    ).order_by("-secuencia")
    return (
        apartados_visibles(user)
        .filter(estado=Apartado.Estado.VALIDADO)
        .annotate(ultimo_evento=Subquery(ultimo.values("creado")[:1]), ultimo_tipo=Subquery(ultimo.values("tipo")[:1]))
        .filter(ultimo_evento__lt=limite)
        .order_by("ultimo_evento", "id")
    )


def etapa_de(tipo):
    """The stage an event type leaves the operación in (the event's own name when it opens none)."""
    return ETAPAS.get(tipo) or NOMBRES_EVENTO.get(tipo, tipo)


def retiros_en_revision(user):
    """Withdrawals flagged for the COP, pending first, newest first."""
    return (
        RevisionRetiro.objects.visibles_para(user)
        .select_related("unidad__concesionario", "apartado__asesor", "retirada_por", "revisada_por")
        .order_by("estado", "-retirada_en", "-id")
    )


def retiros_pendientes_total(user):
    return RevisionRetiro.objects.visibles_para(user).pendientes().count()
