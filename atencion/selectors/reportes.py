"""Reads of executive reports."""

from datetime import date, timedelta

from atencion.models import ReporteEjecutivo


def reportes_visibles(user):
    return ReporteEjecutivo.objects.visibles_para(user).select_related("pyme", "elaborado_por", "validado_por")


def periodo_de_reporte(periodicidad, referencia: date):
    """The last complete week (Mon–Sun) or month before ``referencia``."""
    if periodicidad == ReporteEjecutivo.Periodicidad.SEMANAL:
        lunes = referencia - timedelta(days=referencia.weekday() + 7)
        return lunes, lunes + timedelta(days=6)
    primero_este = referencia.replace(day=1)
    fin = primero_este - timedelta(days=1)
    return fin.replace(day=1), fin
