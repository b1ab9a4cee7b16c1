"""SLA sweep: each warning and breach raised once, paused tickets skipped, deadlines honoured on read."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from atencion import selectors, services
from atencion.models import AvisoSla, Canal, Ticket
from enlace.models import Notificacion

CDMX = ZoneInfo("America/Mexico_City")
INICIO = datetime(2026, 11, 11, 10, 0, tzinfo=CDMX)  # media/WhatsApp by default: 120 min response, 1440 resolution


def _ticket(pyme, telefono="5215550001"):
    with time_machine.travel(INICIO, tick=False):
        return services.ticket_crear(actor=None, pyme=pyme, canal=Canal.WHATSAPP, asunto="Hola", telefono=telefono)


def test_aviso_antes_de_vencer_una_sola_vez(pyme, agente, gerente):
    t = _ticket(pyme)
    with time_machine.travel(INICIO + timedelta(minutes=95), tick=False):  # 80 % of 120 min = 96 min
        assert services.sla_barrer() == 0
    with time_machine.travel(INICIO + timedelta(minutes=97), tick=False):
        assert services.sla_barrer() == 1
        assert services.sla_barrer() == 0  # run twice → nothing new
    assert list(AvisoSla.objects.values_list("tipo", flat=True)) == [AvisoSla.Tipo.RESPUESTA_POR_VENCER]
    assert Notificacion.objects.filter(destinatario=gerente).count() == 1
    t.refresh_from_db()
    assert t.sla_respuesta_cumplido is None


def test_incumplimiento_registrado_una_vez(pyme, gerente):
    t = _ticket(pyme)
    with time_machine.travel(INICIO + timedelta(minutes=121), tick=False):
        assert services.sla_barrer() == 2  # warning and breach at once (the sweep was late)
        assert services.sla_barrer() == 0
    t.refresh_from_db()
    assert t.sla_respuesta_cumplido is False
    tipos = set(AvisoSla.objects.filter(ticket=t).values_list("tipo", flat=True))
    assert tipos == {AvisoSla.Tipo.RESPUESTA_POR_VENCER, AvisoSla.Tipo.RESPUESTA_INCUMPLIDA}
    assert Notificacion.objects.filter(destinatario=gerente).count() == 2


def test_respondido_a_tiempo_no_avisa(pyme, agente):
    t = _ticket(pyme)
    with time_machine.travel(INICIO + timedelta(minutes=30), tick=False):
        services.ticket_responder(actor=agente, ticket=t, texto="Hola")
    with time_machine.travel(INICIO + timedelta(minutes=200), tick=False):
        services.sla_barrer()
    assert not AvisoSla.objects.filter(tipo__startswith="respuesta").exists()


def test_en_pausa_no_avisa_resolucion(pyme, agente):
    t = _ticket(pyme)
    with time_machine.travel(INICIO + timedelta(minutes=5), tick=False):
        services.ticket_responder(actor=agente, ticket=t, texto="¿Me confirma?")
        services.ticket_esperar_cliente(actor=agente, ticket=t)
    with time_machine.travel(INICIO + timedelta(days=7), tick=False):
        services.sla_barrer()
    assert not AvisoSla.objects.filter(tipo__startswith="resolucion").exists()


def test_vencido_se_respeta_al_leer_sin_barrido(pyme, agente):
    _ticket(pyme, "1")
    _ticket(pyme, "2")
    with time_machine.travel(INICIO + timedelta(minutes=150), tick=False):
        kpis = selectors.metricas(Ticket.objects.all(), periodo=selectors.Periodo(INICIO.date(), INICIO.date()))
        tablero = selectors.tablero_gerente(agente)
        vencidos = [t.estado_sla().nivel == "vencido" for t in tablero["en_riesgo"]]
    assert kpis["sla"] == 0.0 and kpis["sla_medidos"] == 2
    assert vencidos == [True, True]
