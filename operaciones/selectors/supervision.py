"""Supervision reads for the COP: bottlenecks from the event log, stalled operaciones, withdrawals in review."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from enlace.agregados import Percentil
from enlace.eventos import nombre_evento
from operaciones.eventos import ETAPAS
from operaciones.models import ORDEN_ETAPAS, Apartado, RevisionRetiro, TramoEtapa
from operaciones.selectors.apartados import apartados_visibles, concesionarios_de_la_red

__all__ = [
    "DIAS_PERIODO_CUELLOS",
    "FilaEtapa",
    "cuellos_de_botella",
    "etapa_de",
    "operaciones_sin_movimiento",
    "retiros_en_revision",
    "retiros_pendientes",
    "texto_duracion",
]

DIAS_PERIODO_CUELLOS = 90
CACHE_CUELLOS_SEGUNDOS = 3600


def texto_duracion(segundos):
    """Seconds as «5,2 h» under two days, else «3,4 días» (— when there is no figure)."""
    if segundos is None:
        return "—"
    horas = segundos / 3600
    texto = f"{horas:.1f} h" if horas < 48 else f"{horas / 24:.1f} días"
    return texto.replace(".", ",")


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


def cuellos_de_botella(user, *, desde=None, hasta=None, concesionario_id=None):
    """Median and p90 time per stage of the operaciones, overall and per concesionario, from ``TramoEtapa``.

    An interval counts in the period of its start. ``desde``/``hasta`` are datetimes (default: the last
    90 days). Returns ``{"etapas": [FilaEtapa...], "por_concesionario": [FilaEtapa...]}`` in the stages'
    order; only the user's network is counted. The intervals must be current: see
    ``services.tramos_actualizar`` (the page calls it first; beat runs it every minute).
    """
    hasta = hasta or timezone.now()
    desde = desde or hasta - timedelta(days=DIAS_PERIODO_CUELLOS)
    nombres = dict(concesionarios_de_la_red(user).values_list("pk", "nombre"))
    ids = [concesionario_id] if concesionario_id in nombres else ([] if concesionario_id else sorted(nombres))
    if not ids:
        return {"etapas": [], "por_concesionario": []}
    filas = _tiempos_por_etapa(ids, desde, hasta)
    etapas = sorted(f for f in filas if f[1] is None)
    por_concesionario = sorted((f for f in filas if f[1] is not None), key=lambda f: (f[0], nombres[f[1]]))
    return {
        "etapas": [FilaEtapa(ORDEN_ETAPAS[e], None, mediana, p90, n) for e, _, mediana, p90, n in etapas],
        "por_concesionario": [
            FilaEtapa(ORDEN_ETAPAS[e], nombres[org], mediana, p90, n) for e, org, mediana, p90, n in por_concesionario
        ],
    }


def _tiempos_por_etapa(ids, desde, hasta):
    """(etapa, concesionario_id or None for all of ``ids``, median, p90, count) of the intervals that start in
    [desde, hasta), cached until an interval is added: the intervals up to a given closing event are always the
    same, so the highest ``secuencia_fin`` (one step down its unique index) says which figures are current."""
    version = TramoEtapa.objects.aggregate(v=Max("secuencia_fin"))["v"]
    clave = "cuellos-" + hashlib.sha256(f"{version}|{desde.isoformat()}|{hasta.isoformat()}|{ids}".encode()).hexdigest()
    filas = cache.get(clave)
    if filas is None:
        filas = _calcular_tiempos(ids, desde, hasta)
        cache.set(clave, filas, CACHE_CUELLOS_SEGUNDOS)
    return filas


# Both groupings in one read of the report's index (GROUPING SETS): per concesionario its intervals arrive
# sorted by duration, so only the overall rows sort. The figures of 900,000 intervals in two queries read
# them twice (EXPLAIN ANALYZE: the index-only scan is about two thirds of each query).
SQL_TIEMPOS = """
SELECT etapa, CASE WHEN GROUPING(concesionario_id) = 0 THEN concesionario_id END,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY segundos), percentile_cont(0.9) WITHIN GROUP (ORDER BY segundos),
       COUNT(*)
FROM operaciones_tramoetapa
WHERE inicio >= %s AND inicio < %s AND concesionario_id = ANY(%s)
GROUP BY GROUPING SETS ((etapa, concesionario_id), (etapa))
"""


def _calcular_tiempos(ids, desde, hasta):
    if connection.vendor != "postgresql":  # SQLite has no GROUPING SETS: one grouped query per level
        tramos = TramoEtapa.objects.filter(inicio__gte=desde, inicio__lt=hasta, concesionario_id__in=ids).order_by()
        generales = [(e, None, *cifras) for e, *cifras in _por_etapa(tramos)]
        return generales + list(_por_etapa(tramos, "concesionario_id"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '128MB'")  # sort in memory, no JIT compile time (this transaction)
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(SQL_TIEMPOS, [desde, hasta, list(ids)])
        return cursor.fetchall()


def _por_etapa(tramos, *campos):
    """Median, p90 and count of ``tramos`` grouped by stage (and ``campos``), as tuples."""
    return (
        tramos.values("etapa", *campos)
        .annotate(mediana=Percentil("segundos", 0.5), p90=Percentil("segundos", 0.9), n=Count("*"))
        .values_list("etapa", *campos, "mediana", "p90", "n")
    )


def operaciones_sin_movimiento(user, ahora=None):
    """Validated operaciones with no activity (event, message or escalation: ``Apartado.ultima_actividad``)
    for more than OPERACIONES_HORAS_SIN_MOVIMIENTO, longest first; ``apartado_sin_movimiento_idx`` serves the
    filter and the order. ``etapa_de(apartado.ultimo_evento_tipo)`` names the stage each one is stuck in.
    """
    ahora = ahora or timezone.now()
    limite = ahora - timedelta(hours=settings.OPERACIONES_HORAS_SIN_MOVIMIENTO)
    return (
        apartados_visibles(user)
        .filter(estado=Apartado.Estado.VALIDADO, ultima_actividad__lt=limite)
        .order_by("ultima_actividad", "id")
    )


def etapa_de(tipo):
    """The stage an event type leaves the operación in (the event's own name when it opens none)."""
    return ETAPAS.get(tipo) or nombre_evento(tipo)


def retiros_en_revision(user):
    """Withdrawals flagged for the COP, pending first, newest first."""
    return (
        RevisionRetiro.objects.visibles_para(user)
        .select_related("unidad__concesionario", "apartado__asesor", "retirada_por", "revisada_por")
        .order_by("estado", "-retirada_en", "-id")
    )


def retiros_pendientes(user):
    """Withdrawals the COP has not reviewed yet (the tray and the menu count them)."""
    return RevisionRetiro.objects.visibles_para(user).pendientes()
