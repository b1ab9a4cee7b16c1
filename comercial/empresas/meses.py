"""Months as the procedure counts them: first days, the previous month, and a month's bounds in local time."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone


def mes_de(fecha):
    return date(fecha.year, fecha.month, 1)


def mes_anterior(mes):
    return date(mes.year - 1, 12, 1) if mes.month == 1 else date(mes.year, mes.month - 1, 1)


def mes_siguiente(mes):
    return date(mes.year + 1, 1, 1) if mes.month == 12 else date(mes.year, mes.month + 1, 1)


def mes_actual():
    return mes_de(timezone.localdate())


def ultimo_mes_cerrado():
    """The month before the current one: the default of every report form (a month in progress is not judged)."""
    return mes_anterior(mes_actual())


def en_curso(mes, organizacion=None):
    """True for the current month (in the organisation's time zone) and later ones: not closed yet."""
    hoy = timezone.localdate(timezone=zona_de(organizacion)) if organizacion is not None else timezone.localdate()
    return mes_de(mes) >= mes_de(hoy)


def zona_de(organizacion):
    return ZoneInfo(organizacion.zona_horaria or "America/La_Paz")


def rango_del_mes(mes, zona=None):
    """[inicio, fin) of a month as aware datetimes in the organisation's time zone."""
    zona = zona or timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(mes, time.min), zona),
        timezone.make_aware(datetime.combine(mes_siguiente(mes), time.min), zona),
    )
