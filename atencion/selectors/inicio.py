"""Reads of ENROK's home: KPIs of the last 30 days against the 30 before, and each role's first work."""

from django.db.models import Exists, OuterRef

from atencion.models import PerfilPyme, ReporteEjecutivo
from atencion.selectors.indicadores import Periodo, metricas
from atencion.selectors.pymes import pymes_visibles
from atencion.selectors.reportes import periodo_de_reporte, reportes_visibles
from atencion.selectors.tickets import tickets_visibles
from enlace.kpis import cambio, dias_de_periodos

PRIMEROS = 5
# Cover KPIs whose change is shown on the home, with the unit of the change; a higher value is better.
TENDENCIAS = (("sla", "puntos"), ("csat", ""), ("nps", "puntos"), ("fcr", "puntos"))


def periodos_inicio(hoy, zona):
    """The home's periods in the PYME's zone: the same 30 days as every home's tiles, and the 30 before."""
    actual, anterior = dias_de_periodos(hoy)
    return Periodo(*actual, zona), Periodo(*anterior, zona)


def kpis_con_tendencia(user, *, hoy, zona):
    """The home's KPIs over the last 30 days with, per cover KPI, its change against the 30 days before."""
    actual, anterior = periodos_inicio(hoy, zona)
    tickets, pymes = tickets_visibles(user), pymes_visibles(user).values("pk")
    kpis = metricas(tickets, periodo=actual, pymes=pymes)
    previos = metricas(tickets, periodo=anterior, pymes=pymes)
    kpis["cambios"] = {clave: cambio(kpis[clave], previos[clave], unidad) for clave, unidad in TENDENCIAS}
    kpis["periodo_anterior"] = anterior
    return kpis


def reportes_por_hacer(user, *, hoy):
    """Analista: reports to draft or fix (draft/returned) and active PYMEs still without last month's report."""
    por_corregir = reportes_visibles(user).filter(estado__in=ReporteEjecutivo.EDITABLES).order_by("fin", "pk")
    inicio, fin = periodo_de_reporte(ReporteEjecutivo.Periodicidad.MENSUAL, hoy)
    con_reporte = ReporteEjecutivo.objects.filter(
        pyme=OuterRef("pk"), periodicidad=ReporteEjecutivo.Periodicidad.MENSUAL, inicio=inicio
    )
    sin_reporte = (
        pymes_visibles(user).filter(perfil_atencion__estado=PerfilPyme.Estado.ACTIVA).filter(~Exists(con_reporte))
    )
    return {
        "por_corregir": list(por_corregir[:PRIMEROS]),
        "por_corregir_total": por_corregir.count(),
        "sin_reporte": list(sin_reporte[:PRIMEROS]),
        "sin_reporte_total": sin_reporte.count(),
        "mes": (inicio, fin),
    }


def reportes_por_validar(user):
    """Gerente/director: reports the analysts sent for validation, oldest first."""
    qs = reportes_visibles(user).filter(estado=ReporteEjecutivo.Estado.EN_VALIDACION).order_by("fin", "pk")
    return {"items": list(qs[:PRIMEROS]), "total": qs.count()}


def ultimo_reporte_publicado(user):
    """PYME: its latest published report (highlights and recommendations of the portal), or None."""
    return reportes_visibles(user).filter(estado=ReporteEjecutivo.Estado.PUBLICADO).order_by("-fin", "-pk").first()
