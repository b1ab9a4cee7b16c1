"""Daily metrics roll-up: closed days + live today equal the direct computation; idempotent; late answers."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from atencion import selectors, services
from atencion.models import CorteMetricas, Encuesta, MetricaDiaria, Ticket
from tests.atencion.test_metricas import AHORA, CDMX, NOVIEMBRE, datos  # noqa: F401 - fixture reused

DIAS = [
    NOVIEMBRE,
    selectors.Periodo(date(2026, 10, 1), date(2026, 12, 31)),
    selectors.Periodo(AHORA.date(), AHORA.date()),
]


def _todo(pyme, agente, ahora):
    tickets = Ticket.objects.filter(pyme=pyme)
    return [
        (
            selectors.metricas(tickets, periodo=p, pymes=[pyme.pk], ahora=ahora),
            selectors.metricas(tickets, periodo=p, pymes=[pyme.pk], agente=agente, ahora=ahora),
            selectors.metricas_por_agente(tickets, periodo=p, pymes=[pyme.pk]),
        )
        for p in DIAS
    ]


def _recalcular(ahora, **kw):
    with time_machine.travel(ahora, tick=False):
        return services.metricas_recalcular(ahora=ahora, **kw)


def test_consolidado_mas_dia_en_curso_igual_al_calculo_directo(datos, pyme, otra_pyme, agente):  # noqa: F811
    directo = _todo(pyme, agente, AHORA)
    assert not MetricaDiaria.objects.exists()
    resultado = _recalcular(AHORA)
    assert resultado["pymes"] == 2 and resultado["creadas"] > 0
    corte = CorteMetricas.objects.get(pyme=pyme)
    assert corte.dia == date(2026, 11, 9)  # yesterday in the PYME's zone; 10 November is live
    assert corte.desde == datetime(2026, 11, 10, tzinfo=CDMX)
    # The closed days really come from the roll-up: 3 November's unanswered ticket is in it.
    assert MetricaDiaria.objects.filter(pyme=pyme, dia=date(2026, 11, 3), abiertos=1, sla_mal=1).exists()
    assert _todo(pyme, agente, AHORA) == directo
    assert directo[0][0]["abiertos"] == 5 and directo[0][0]["nps"] == 40.0  # the hand-computed figures


def test_recalcular_dos_veces_no_cambia_nada(datos, pyme, agente):  # noqa: F811
    _recalcular(AHORA)
    antes = sorted(MetricaDiaria.objects.values_list())
    cortes = list(CorteMetricas.objects.values_list())
    assert _recalcular(AHORA) == {"pymes": 1, "creadas": 0, "borradas": 0}
    assert sorted(MetricaDiaria.objects.values_list()) == antes
    assert list(CorteMetricas.objects.values_list()) == cortes
    salida = StringIO()
    with time_machine.travel(AHORA, tick=False):
        call_command("recalcular_metricas", desde="2026-10-01", stdout=salida)
    assert "filas nuevas: 0 · filas reemplazadas: 0" in salida.getvalue()
    assert sorted(MetricaDiaria.objects.values_list()) == antes


def test_respuesta_tardia_se_refleja(datos, pyme, agente):  # noqa: F811
    """A survey answered days after the resolution lands on a closed day: the next run picks it up."""
    _recalcular(AHORA)
    t1 = datos["t1"]
    encuesta = Encuesta.objects.get(ticket=t1)
    jueves = datetime(2026, 11, 12, 18, 0, tzinfo=CDMX)
    viernes = datetime(2026, 11, 13, 9, 0, tzinfo=CDMX)
    _recalcular(viernes)  # 10–12 November are now closed days in the roll-up
    Encuesta.objects.filter(pk=encuesta.pk).update(respondida_en=jueves, csat=1, nps=0)  # late, on a closed day
    antes = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk], ahora=viernes)
    assert antes["csat_n"] == 5  # not yet: the closed day is stale until the next run
    resultado = _recalcular(viernes)
    assert resultado["creadas"] and resultado["borradas"]
    despues = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk], ahora=viernes)
    assert despues["csat_distribucion"][0] == (1, 1) and despues["detractores"] == 2
    por_agente = selectors.metricas_por_agente(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk])
    MetricaDiaria.objects.all().delete()
    CorteMetricas.objects.all().delete()
    assert despues == selectors.metricas(
        Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk], ahora=viernes
    )
    assert por_agente == selectors.metricas_por_agente(
        Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk]
    )


def test_hoy_siempre_en_vivo(datos, pyme, agente):  # noqa: F811
    _recalcular(AHORA)
    antes = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk], ahora=AHORA)
    with time_machine.travel(AHORA + timedelta(minutes=5), tick=False):
        services.ticket_crear(actor=None, pyme=pyme, canal="whatsapp", asunto="nuevo", telefono="99")
    despues = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk], ahora=AHORA)
    assert despues["abiertos"] == antes["abiertos"] + 1


def test_dias_recalculados_por_ajuste(settings, datos, pyme):  # noqa: F811
    settings.ATENCION_METRICAS_DIAS_RECALCULO = 2
    _recalcular(AHORA)
    viejo = Ticket.objects.get(pk=datos["t2"].pk)
    Ticket.objects.filter(pk=viejo.pk).update(fcr=True)  # a change on 10 November, outside the 2-day window
    un_dia_despues = datetime(2026, 11, 14, 9, 0, tzinfo=CDMX)
    _recalcular(un_dia_despues)  # rebuilds 10–13 (missed days since the cut), so it is still picked up
    kpis = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk])
    assert kpis["fcr"] == 100.0
    Ticket.objects.filter(pk=viejo.pk).update(fcr=False)
    _recalcular(un_dia_despues)  # window 12–13 only: 10 November stays as it was
    assert selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk])["fcr"] == 100.0
    with time_machine.travel(un_dia_despues, tick=False):
        call_command("recalcular_metricas", desde="2026-11-01", stdout=StringIO())
    assert selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, pymes=[pyme.pk])["fcr"] == 66.7


@pytest.mark.parametrize("argumentos", [{"desde": "1/11/2026"}, {"pyme": "no-existe"}])
def test_comando_rechaza_argumentos(db, argumentos):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("recalcular_metricas", **argumentos)
