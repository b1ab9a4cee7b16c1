"""A survey no channel can deliver is recorded as «no enviable» with its reason, shown so and counted apart."""

from datetime import date

import pytest
from django.urls import reverse

from atencion import selectors, services
from atencion.models import Canal, Encuesta, MensajeSaliente, Seguimiento, Ticket
from enlace.models import Evento

pytestmark = pytest.mark.django_db


def _llamada_resuelta(pyme, agente, motivo, telefono="5215550009"):
    return services.llamada_registrar(
        actor=agente,
        pyme=pyme,
        telefono=telefono,
        nombre="Marta",
        asunto="Horario",
        motivo=motivo,
        prioridad="media",
        notas="Preguntó el horario del sábado.",
        duracion_segundos=120,
        resuelta=True,
    )


def test_llamada_sin_correo_a_una_pyme_sin_whatsapp_no_finge_el_envio(client, perfil, agente, motivo):
    perfil.canal_whatsapp = False
    perfil.save()
    ticket = _llamada_resuelta(perfil.pyme, agente, motivo)

    encuesta = Encuesta.objects.get(ticket=ticket)
    assert encuesta.no_enviable_motivo == services.MSG_ENCUESTA_SIN_CANAL
    assert not MensajeSaliente.objects.filter(clave=f"encuesta-{encuesta.pk}").exists()
    assert not Seguimiento.objects.filter(ticket=ticket).exists()  # nothing can reach the customer either
    assert Evento.objects.get(tipo="atencion.encuesta.no_enviable").datos["motivo"] == encuesta.no_enviable_motivo

    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    assert services.MSG_ENCUESTA_SIN_CANAL in pagina and "enviada, sin respuesta" not in pagina


def test_cliente_sin_telefono_ni_correo(pyme, agente, motivo):
    ticket = services.ticket_crear(
        actor=agente, pyme=pyme, canal=Canal.LLAMADA, asunto="Duda", nombre="Sin datos", motivo=motivo
    )
    ticket = _contacto_y_resolver(ticket, agente)
    assert Encuesta.objects.get(ticket=ticket).no_enviable_motivo == services.MSG_ENCUESTA_SIN_CONTACTO


def _contacto_y_resolver(ticket, agente):
    services.llamada_agregar(actor=agente, ticket=ticket, notas="Se le llamó desde recepción.", duracion_segundos=60)
    return services.ticket_resolver(actor=agente, ticket=Ticket.objects.get(pk=ticket.pk))


def test_las_metricas_cuentan_aparte_las_no_enviables(perfil, agente, motivo):
    perfil.canal_whatsapp = False
    perfil.save()
    _llamada_resuelta(perfil.pyme, agente, motivo)
    services.ticket_resolver(
        actor=agente,
        ticket=services.ticket_responder(
            actor=agente,
            ticket=services.ticket_crear(
                actor=agente, pyme=perfil.pyme, canal=Canal.CORREO, asunto="Factura", correo="a@x.test", motivo=motivo
            ),
            texto="Se la envío hoy",
        ),
    )
    hoy = Encuesta.objects.first().enviada_en.date()
    kpis = selectors.metricas(Ticket.objects.all(), periodo=selectors.Periodo(date(hoy.year, hoy.month, 1), hoy))
    assert (kpis["encuestas_enviadas"], kpis["encuestas_no_enviables"]) == (1, 1)
