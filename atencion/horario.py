"""Business-time arithmetic for SLA clocks (pure: no database, no settings).

A ``Calendario`` holds a time zone, the opening intervals of each weekday
(0 = Monday) in local wall-clock time and a set of non-working dates. Both
functions walk day by day in the calendar's zone, so nights, weekends,
holidays and DST changes (e.g. America/Tijuana) fall out of the local dates.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Longest span we walk (days): protects against calendars with no open hours.
MAX_DIAS = 366 * 3


@dataclass(frozen=True)
class Calendario:
    zona: str
    # weekday → tuple of (opens, closes) local times; closes > opens, time(0) not allowed as close
    horario: dict = field(default_factory=dict)
    feriados: frozenset = field(default_factory=frozenset)

    @property
    def tz(self):
        return ZoneInfo(self.zona)

    def intervalos_del_dia(self, dia: date):
        """Working intervals of one local date as aware UTC datetimes (empty on holidays)."""
        if dia in self.feriados:
            return []
        tz = self.tz
        intervalos = []
        for abre, cierra in self.horario.get(dia.weekday(), ()):
            inicio = datetime.combine(dia, abre, tzinfo=tz).astimezone(UTC)
            fin = datetime.combine(dia, cierra, tzinfo=tz).astimezone(UTC)
            if fin > inicio:
                intervalos.append((inicio, fin))
        return intervalos

    def tiene_horario(self):
        return any(abre < cierra for tramos in self.horario.values() for abre, cierra in tramos)


def segundos_habiles(calendario: Calendario, inicio: datetime, fin: datetime) -> int:
    """Working seconds between two aware datetimes (0 if ``fin`` <= ``inicio``)."""
    if fin <= inicio:
        return 0
    tz = calendario.tz
    dia = inicio.astimezone(tz).date()
    ultimo = fin.astimezone(tz).date()
    total = 0
    pasos = 0
    while dia <= ultimo and pasos <= MAX_DIAS:
        for abre, cierra in calendario.intervalos_del_dia(dia):
            desde, hasta = max(abre, inicio), min(cierra, fin)
            if hasta > desde:
                total += (hasta - desde).total_seconds()
        dia += timedelta(days=1)
        pasos += 1
    return int(total)


def sumar_segundos_habiles(calendario: Calendario, inicio: datetime, segundos: int) -> datetime:
    """The moment when ``segundos`` working seconds have elapsed after ``inicio`` (UTC).

    Starting outside hours, the clock starts at the next opening. Raises ValueError when the
    calendar has no working time within ``MAX_DIAS``.
    """
    restante = max(int(segundos), 0)
    tz = calendario.tz
    dia = inicio.astimezone(tz).date()
    for _ in range(MAX_DIAS):
        for abre, cierra in calendario.intervalos_del_dia(dia):
            desde = max(abre, inicio)
            if cierra <= desde:
                continue
            disponible = (cierra - desde).total_seconds()
            if restante <= disponible and (restante > 0 or desde >= inicio):
                return (desde + timedelta(seconds=restante)).astimezone(UTC)
            restante -= disponible
        dia += timedelta(days=1)
    raise ValueError("El calendario no tiene horario hábil suficiente.")


def calendario_simple(zona, dias=(0, 1, 2, 3, 4), abre=time(9), cierra=time(18), feriados=()):
    """A calendar with the same hours on the given weekdays (helper for defaults and tests)."""
    return Calendario(zona=zona, horario=dict.fromkeys(dias, ((abre, cierra),)), feriados=frozenset(feriados))
