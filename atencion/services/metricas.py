"""The daily metrics roll-up (``MetricaDiaria``): rebuilt idempotently by beat and ``recalcular_metricas``."""

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from atencion.models import CAMPOS_METRICA, CorteMetricas, Encuesta, Interaccion, MetricaDiaria, Ticket
from enlace.models import Organizacion

logger = logging.getLogger(__name__)


def _dias_recalculo():
    return max(int(settings.ATENCION_METRICAS_DIAS_RECALCULO), 1)


def _inicio_local(dia, tz):
    return datetime.combine(dia, time.min, tzinfo=tz)


def _filas_metricas(pyme, ini, fin, tz, ahora):
    """The roll-up rows of one PYME between two instants: key (día, agente, canal, motivo) → counters."""
    filas = {}

    def sumar(qs, campos_clave):
        for fila in qs:
            clave = tuple(fila.pop(c) for c in campos_clave)
            destino = filas.setdefault(clave, dict.fromkeys(CAMPOS_METRICA, 0))
            for campo, valor in fila.items():
                destino[campo] += valor or 0

    clave = ("dia", "agente_id", "canal", "motivo_id")
    tickets = Ticket.objects.filter(pyme=pyme)
    sumar(
        tickets.filter(creado__gte=ini, creado__lt=fin)
        .annotate(dia=TruncDate("creado", tzinfo=tz))
        .values(*clave)
        .annotate(
            abiertos=Count("id"),
            sla_ok=Count("id", filter=Q(sla_respuesta_cumplido=True)),
            sla_mal=Count(
                "id",
                filter=Q(sla_respuesta_cumplido=False)
                | Q(sla_respuesta_cumplido__isnull=True, primera_respuesta_en__isnull=True, vence_respuesta__lt=ahora),
            ),
            resp_suma=Sum("segundos_respuesta"),
            resp_n=Count("segundos_respuesta"),
        )
        .order_by(),
        clave,
    )
    sumar(
        tickets.filter(resuelto_en__gte=ini, resuelto_en__lt=fin)
        .annotate(dia=TruncDate("resuelto_en", tzinfo=tz))
        .values(*clave)
        .annotate(
            resueltos=Count("id"),
            fcr=Count("id", filter=Q(fcr=True)),
            res_ok=Count("id", filter=Q(sla_resolucion_cumplido=True)),
            res_sla_ok=Count("id", filter=Q(sla_respuesta_cumplido=True)),
            res_suma=Sum("segundos_resolucion"),
            res_n=Count("segundos_resolucion"),
            res_csat_suma=Sum("encuesta__csat"),
            res_csat_n=Count("encuesta__csat"),
        )
        .order_by(),
        clave,
    )
    sumar(
        Encuesta.objects.filter(pyme=pyme, respondida_en__gte=ini, respondida_en__lt=fin)
        .annotate(dia=TruncDate("respondida_en", tzinfo=tz), motivo_id=F("ticket__motivo_id"))
        .values(*clave)
        .annotate(
            csat_suma=Sum("csat"),
            csat_n=Count("id", filter=Q(csat__isnull=False)),
            **{f"csat_{i}": Count("id", filter=Q(csat=i)) for i in range(1, 6)},
            nps_n=Count("id", filter=Q(nps__isnull=False)),
            promotores=Count("id", filter=Q(nps__gte=9)),
            pasivos=Count("id", filter=Q(nps__in=[7, 8])),
            detractores=Count("id", filter=Q(nps__lte=6)),
        )
        .order_by(),
        clave,
    )
    sumar(
        Interaccion.objects.filter(pyme=pyme, creado__gte=ini, creado__lt=fin)
        .annotate(
            dia=TruncDate("creado", tzinfo=tz), agente_id=F("ticket__agente_id"), motivo_id=F("ticket__motivo_id")
        )
        .values(*clave)
        .annotate(interacciones=Count("id"))
        .order_by(),
        clave,
    )
    return {k: v for k, v in filas.items() if any(v.values())}


def _primer_dia(pyme, tz):
    primeros = [
        Ticket.objects.filter(pyme=pyme).aggregate(m=Min("creado"))["m"],
        Interaccion.objects.filter(pyme=pyme).aggregate(m=Min("creado"))["m"],
    ]
    primeros = [p for p in primeros if p is not None]
    return min(primeros).astimezone(tz).date() if primeros else None


def metricas_recalcular(*, pyme=None, desde=None, ahora=None):
    """Rebuild the daily roll-up of closed days (up to yesterday in each PYME's zone) and move its cut.

    Without ``desde``: the last ATENCION_METRICAS_DIAS_RECALCULO days (all history the first time, and
    any day missed since the last run). Idempotent: rows are diffed, so a re-run writes nothing.
    Returns ``{"pymes": n, "creadas": n, "borradas": n}``.
    """
    ahora = ahora or timezone.now()
    pymes = [pyme] if pyme is not None else list(Organizacion.objects.filter(tipo=Organizacion.Tipo.PYME))
    total = {"pymes": 0, "creadas": 0, "borradas": 0}
    for org in pymes:
        tz = ZoneInfo(org.zona_horaria)
        ayer = ahora.astimezone(tz).date() - timedelta(days=1)
        with transaction.atomic():
            Organizacion.objects.select_for_update().filter(pk=org.pk).first()  # one rebuild per PYME at a time
            corte = CorteMetricas.objects.filter(pyme=org).first()
            if corte is None:  # first run: all history, so the roll-up never has holes
                inicio = _primer_dia(org, tz) or ayer + timedelta(days=1)
                inicio = min(inicio, desde) if desde else inicio
            else:  # the last N days and any day missed since the previous run
                inicio = min(corte.dia + timedelta(days=1), desde or ayer - timedelta(days=_dias_recalculo() - 1))
            if inicio <= ayer:
                ini, fin = _inicio_local(inicio, tz), _inicio_local(ayer + timedelta(days=1), tz)
                nuevas = _filas_metricas(org, ini, fin, tz, ahora)
                existentes = {
                    (m.dia, m.agente_id, m.canal, m.motivo_id): m
                    for m in MetricaDiaria.objects.filter(pyme=org, dia__gte=inicio, dia__lte=ayer)
                }
                borrar = [
                    m.pk
                    for k, m in existentes.items()
                    if k not in nuevas or any(getattr(m, c) != nuevas[k][c] for c in CAMPOS_METRICA)
                ]
                crear = [
                    MetricaDiaria(pyme=org, dia=k[0], agente_id=k[1], canal=k[2], motivo_id=k[3], **v)
                    for k, v in nuevas.items()
                    if k not in existentes or existentes[k].pk in borrar
                ]
                MetricaDiaria.objects.filter(pk__in=borrar).delete()
                MetricaDiaria.objects.bulk_create(crear, batch_size=2000)
                total["creadas"] += len(crear)
                total["borradas"] += len(borrar)
            desde_vivo = _inicio_local(ayer + timedelta(days=1), tz)
            if corte is None:
                CorteMetricas.objects.create(pyme=org, dia=ayer, desde=desde_vivo)
            elif corte.dia < ayer:
                corte.dia, corte.desde = ayer, desde_vivo
                corte.save(update_fields=["dia", "desde"])
        total["pymes"] += 1
    if total["creadas"] or total["borradas"]:
        logger.info("métricas diarias recalculadas: %s", total)
    return total
