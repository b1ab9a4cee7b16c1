"""Reads of executive reports: the list, the report's period, its KPI snapshot and the cover's KPI tiles."""

from datetime import date, timedelta

from django.conf import settings

from atencion.models import ReporteEjecutivo, Ticket
from atencion.selectors.indicadores import Periodo, kpis_para_json, metricas

# The four KPIs of the cover, in the order the seed lists them (section 8).
KPIS_PORTADA = ("sla", "csat", "nps", "fcr")


def reportes_visibles(user):
    return ReporteEjecutivo.objects.visibles_para(user).select_related(
        "pyme", "pyme__perfil_atencion", "elaborado_por", "validado_por"
    )


def periodo_de_reporte(periodicidad, referencia: date):
    """The last complete week (Mon–Sun) or month before ``referencia``."""
    if periodicidad == ReporteEjecutivo.Periodicidad.SEMANAL:
        lunes = referencia - timedelta(days=referencia.weekday() + 7)
        return lunes, lunes + timedelta(days=6)
    primero_este = referencia.replace(day=1)
    fin = primero_este - timedelta(days=1)
    return fin.replace(day=1), fin


def periodo_anterior(inicio: date, fin: date):
    """The period the report is compared with: the previous calendar month for a whole month, otherwise
    the same number of days right before ``inicio``."""
    if inicio.day == 1 and (fin + timedelta(days=1)).day == 1 and inicio.replace(day=28) <= fin:
        fin_anterior = inicio - timedelta(days=1)
        return fin_anterior.replace(day=1), fin_anterior
    dias = (fin - inicio).days + 1
    return inicio - timedelta(days=dias), inicio - timedelta(days=1)


def kpis_de_reporte(pyme, inicio, fin):
    """The report's snapshot: the period's metrics (``kpis_para_json`` form) plus ``anterior``, the four
    cover KPIs of the previous period. Aggregated in the database: a fixed number of queries, whatever the
    number of tickets, surveys and interactions."""
    tickets = Ticket.objects.filter(pyme=pyme)
    actual = kpis_para_json(metricas(tickets, periodo=Periodo(inicio, fin, pyme.zona_horaria), pymes=[pyme.pk]))
    desde, hasta = periodo_anterior(inicio, fin)
    previo = metricas(tickets, periodo=Periodo(desde, hasta, pyme.zona_horaria), pymes=[pyme.pk])
    actual["anterior"] = {
        "desde": desde.isoformat(),
        "hasta": hasta.isoformat(),
        **{clave: previo[clave] for clave in KPIS_PORTADA},
    }
    return actual


def metas_kpi():
    """Target and amber band of each cover KPI (settings ``ATENCION_META_*`` / ``ATENCION_AMBAR_*``)."""
    return {
        clave: (
            getattr(settings, f"ATENCION_META_{clave.upper()}"),
            getattr(settings, f"ATENCION_AMBAR_{clave.upper()}"),
        )
        for clave in KPIS_PORTADA
    }


def semaforo_kpi(clave, valor):
    """``verde`` when the KPI meets its target, ``ambar`` within the band below it, ``rojo`` further below;
    ``sin_dato`` when the period has no measure."""
    if valor is None:
        return "sin_dato"
    meta, ambar = metas_kpi()[clave]
    if valor >= meta:
        return "verde"
    return "ambar" if valor >= meta - ambar else "rojo"
