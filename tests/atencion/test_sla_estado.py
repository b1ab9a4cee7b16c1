"""The SLA state an agent reads in the ticket list and on the ticket: time left, at risk, breached, paused."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from atencion import services
from atencion.models import Canal, ObjetivoSla, Prioridad, Ticket

pytestmark = pytest.mark.django_db

CDMX = ZoneInfo("America/Mexico_City")
MIERCOLES_10 = datetime(2026, 11, 11, 10, 0, tzinfo=CDMX)


@pytest.fixture
def ticket(pyme):
    ObjetivoSla.objects.create(
        pyme=pyme, canal=Canal.WHATSAPP, prioridad=Prioridad.MEDIA, primera_respuesta_min=60, resolucion_min=480
    )
    with time_machine.travel(MIERCOLES_10, tick=False):
        return services.ticket_crear(
            actor=None, pyme=pyme, canal=Canal.WHATSAPP, asunto="Cita", telefono="5215550001", nombre="Ana"
        )


@pytest.mark.parametrize(
    ("minutos", "texto", "nivel"),
    [
        (10, "Respuesta: quedan 50 min", "a_tiempo"),
        (50, "Respuesta: quedan 10 min", "en_riesgo"),  # past the 80 % warning mark
        (75, "Respuesta vencida hace 15 min", "vencido"),
        (60 * 27, "Respuesta vencida hace 1 d 2 h", "vencido"),
    ],
)
def test_primera_respuesta(ticket, minutos, texto, nivel):
    estado = ticket.estado_sla(MIERCOLES_10 + timedelta(minutes=minutos))
    assert (estado.texto, estado.nivel) == (texto, nivel)
    assert estado.vence == ticket.vence_respuesta


def test_tras_responder_corre_la_resolucion_y_la_pausa_se_dice(ticket, agente, motivo):
    with time_machine.travel(MIERCOLES_10 + timedelta(minutes=20), tick=False):
        ticket = services.ticket_responder(actor=agente, ticket=ticket, texto="Hola")
    estado = ticket.estado_sla(MIERCOLES_10 + timedelta(hours=2))
    assert (estado.texto, estado.nivel) == ("Resolución: quedan 6 h 0 min", "a_tiempo")

    with time_machine.travel(MIERCOLES_10 + timedelta(hours=2), tick=False):
        ticket = services.ticket_esperar_cliente(actor=agente, ticket=ticket)
    assert ticket.estado_sla().texto == "En pausa: esperando al cliente"

    with time_machine.travel(MIERCOLES_10 + timedelta(hours=3), tick=False):
        ticket = services.ticket_reanudar(actor=agente, ticket=ticket)
        ticket = services.ticket_clasificar(actor=agente, ticket=ticket, motivo=motivo, prioridad=Prioridad.MEDIA)
        ticket = services.ticket_resolver(actor=agente, ticket=Ticket.objects.get(pk=ticket.pk))
    assert (ticket.estado_sla().texto, ticket.estado_sla().nivel) == ("Resuelto en SLA", "cumplido")


def test_la_lista_y_el_ticket_muestran_el_estado_coloreado(client, ticket, agente):
    client.force_login(agente)
    with time_machine.travel(MIERCOLES_10 + timedelta(minutes=75), tick=False):
        lista = client.get(reverse("atencion:tickets")).content.decode()
        pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    for html in (lista, pagina):
        assert 'class="sla sla-vencido"' in html and "Respuesta vencida hace 15 min" in html
        assert 'title="Vence el 11/11/2026 11:00"' in html
    assert "js/sla.js" in pagina


def test_la_columna_sla_no_agrega_consultas_por_fila(client, pyme, agente, django_assert_max_num_queries):
    client.force_login(agente)
    for n in range(3):
        services.ticket_crear(actor=None, pyme=pyme, canal=Canal.WHATSAPP, asunto="A", telefono=f"52155500{n:02d}")
    with django_assert_max_num_queries(99) as pocas:
        client.get(reverse("atencion:tickets"))
    for n in range(3, 30):
        services.ticket_crear(actor=None, pyme=pyme, canal=Canal.WHATSAPP, asunto="A", telefono=f"52155500{n:02d}")
    with django_assert_max_num_queries(len(pocas.captured_queries)):
        client.get(reverse("atencion:tickets"))
