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


def zona_de(organizacion):
    return ZoneInfo(organizacion.zona_horaria or "America/La_Paz")


def rango_del_mes(mes, zona=None):
    """[inicio, fin) of a month as aware datetimes in the organisation's time zone."""
    zona = zona or timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(mes, time.min), zona),
        timezone.make_aware(datetime.combine(mes_siguiente(mes), time.min), zona),
    )
