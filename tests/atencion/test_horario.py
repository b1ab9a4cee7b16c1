"""The business-time module: nights, weekends, holidays and time zones (pure, no database)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from atencion.horario import Calendario, calendario_simple, segundos_habiles, sumar_segundos_habiles

CDMX = ZoneInfo("America/Mexico_City")
TIJUANA = ZoneInfo("America/Tijuana")
REVOLUCION = date(2026, 11, 16)  # third Monday of November 2026, official holiday


def local(tz, *args):
    return datetime(*args, tzinfo=tz)


@pytest.fixture
def cdmx():
    return calendario_simple("America/Mexico_City", feriados=[REVOLUCION])


def test_dentro_del_mismo_dia(cdmx):
    inicio = local(CDMX, 2026, 11, 11, 10, 0)
    assert sumar_segundos_habiles(cdmx, inicio, 3600) == local(CDMX, 2026, 11, 11, 11, 0).astimezone(UTC)
    assert segundos_habiles(cdmx, inicio, local(CDMX, 2026, 11, 11, 12, 30)) == 9000


def test_cruza_la_noche(cdmx):
    inicio = local(CDMX, 2026, 11, 11, 17, 30)  # Wednesday
    assert sumar_segundos_habiles(cdmx, inicio, 3600) == local(CDMX, 2026, 11, 12, 9, 30)
    assert segundos_habiles(cdmx, inicio, local(CDMX, 2026, 11, 12, 9, 30)) == 3600


def test_antes_de_abrir_empieza_al_abrir(cdmx):
    inicio = local(CDMX, 2026, 11, 11, 7, 0)
    assert sumar_segundos_habiles(cdmx, inicio, 1800) == local(CDMX, 2026, 11, 11, 9, 30)
    assert sumar_segundos_habiles(cdmx, inicio, 0) == local(CDMX, 2026, 11, 11, 9, 0)
    assert segundos_habiles(cdmx, inicio, local(CDMX, 2026, 11, 11, 8, 59)) == 0


def test_fin_de_semana_y_feriado(cdmx):
    viernes = local(CDMX, 2026, 11, 13, 17, 0)
    # 1 h on Friday, Saturday/Sunday closed, Monday 16 is the Revolution holiday → Tuesday 10:00.
    assert sumar_segundos_habiles(cdmx, viernes, 7200) == local(CDMX, 2026, 11, 17, 10, 0)
    assert segundos_habiles(cdmx, viernes, local(CDMX, 2026, 11, 17, 10, 0)) == 7200
    sin_feriado = calendario_simple("America/Mexico_City")
    assert sumar_segundos_habiles(sin_feriado, viernes, 7200) == local(CDMX, 2026, 11, 16, 10, 0)


def test_zona_sin_horario_de_verano_contra_zona_con_horario_de_verano():
    """Mexico City has no DST since 2022; Tijuana follows the US change (8 March 2026)."""
    cdmx = calendario_simple("America/Mexico_City")
    tijuana = calendario_simple("America/Tijuana")
    viernes_cdmx = local(CDMX, 2026, 3, 6, 17, 0)
    viernes_tj = local(TIJUANA, 2026, 3, 6, 17, 0)
    assert viernes_cdmx.utcoffset().total_seconds() == -6 * 3600
    assert viernes_tj.utcoffset().total_seconds() == -8 * 3600
    vence_cdmx = sumar_segundos_habiles(cdmx, viernes_cdmx, 7200)
    vence_tj = sumar_segundos_habiles(tijuana, viernes_tj, 7200)
    assert vence_cdmx == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)  # 10:00 CST (UTC−6)
    assert vence_tj == datetime(2026, 3, 9, 17, 0, tzinfo=UTC)  # 10:00 PDT (UTC−7), not 18:00 UTC
    assert segundos_habiles(tijuana, local(TIJUANA, 2026, 3, 6, 9, 0), local(TIJUANA, 2026, 3, 9, 18, 0)) == 18 * 3600


def test_otra_zona_misma_hora_local():
    la_paz = calendario_simple("America/La_Paz")
    inicio = datetime(2026, 11, 11, 12, 0, tzinfo=UTC)  # 08:00 in La Paz (UTC−4): opens at 09:00
    assert sumar_segundos_habiles(la_paz, inicio, 600) == datetime(2026, 11, 11, 13, 10, tzinfo=UTC)


def test_tramos_partidos_y_sabado():
    calendario = Calendario(
        zona="America/Mexico_City",
        horario={0: ((time(9), time(13)), (time(15), time(19))), 5: ((time(10), time(14)),)},
    )
    lunes = local(CDMX, 2026, 11, 9, 12, 0)
    assert sumar_segundos_habiles(calendario, lunes, 2 * 3600) == local(CDMX, 2026, 11, 9, 16, 0)
    # Monday 18:30 + 1 h → 30 min Monday, then Saturday 10:00 + 30 min.
    assert sumar_segundos_habiles(calendario, local(CDMX, 2026, 11, 9, 18, 30), 3600) == local(
        CDMX, 2026, 11, 14, 10, 30
    )


def test_fin_antes_de_inicio_y_calendario_vacio(cdmx):
    assert segundos_habiles(cdmx, local(CDMX, 2026, 11, 12, 10), local(CDMX, 2026, 11, 11, 10)) == 0
    with pytest.raises(ValueError):
        sumar_segundos_habiles(Calendario(zona="UTC", horario={}), datetime(2026, 1, 1, tzinfo=UTC), 60)


def test_ida_y_vuelta(cdmx):
    inicio = local(CDMX, 2026, 11, 10, 16, 45)
    for segundos in (1, 900, 3600 * 9, 3600 * 30, 3600 * 50):
        fin = sumar_segundos_habiles(cdmx, inicio, segundos)
        assert segundos_habiles(cdmx, inicio, fin) == segundos
