"""Survey tokens: GET records nothing, one answer per token, expiry, tampering; follow-ups."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from atencion import services
from atencion.models import Canal, Encuesta, MensajeSaliente, Seguimiento
from enlace.acciones import AccionRechazada


@pytest.fixture
def encuesta(pyme, agente, motivo):
    t = services.ticket_crear(
        actor=agente, pyme=pyme, canal=Canal.CORREO, asunto="Duda", correo="c@x.test", motivo=motivo
    )
    services.ticket_responder(actor=agente, ticket=t, texto="Respuesta")
    services.ticket_resolver(actor=agente, ticket=t)
    return Encuesta.objects.get(ticket=t)


def url(encuesta):
    return f"/atencion/encuesta/{services.token_encuesta(encuesta)}/"


def test_se_envia_por_el_canal_del_ticket(encuesta):
    mensaje = MensajeSaliente.objects.get(clave=f"encuesta-{encuesta.pk}")
    assert mensaje.canal == Canal.CORREO and mensaje.destino == "c@x.test"
    # the token is signed with a timestamp: read it back from the link rather than sign a second one
    (token,) = re.findall(r"/encuesta/([^/]+)/", mensaje.cuerpo)
    assert services.encuesta_de_token(token) == encuesta
    assert Seguimiento.objects.filter(ticket=encuesta.ticket, tipo="confirmacion").count() == 1


def test_get_no_registra_y_post_si(client, encuesta):
    assert client.get(url(encuesta)).status_code == 200
    assert client.head(url(encuesta)).status_code == 200
    encuesta.refresh_from_db()
    assert encuesta.respondida_en is None
    respuesta = client.post(url(encuesta), {"csat": "4", "nps": "9", "comentario": "Muy amables"})
    assert "Gracias" in respuesta.content.decode()
    encuesta.refresh_from_db()
    assert (encuesta.csat, encuesta.nps, encuesta.comentario) == (4, 9, "Muy amables")


def test_una_respuesta_por_token(client, encuesta):
    client.post(url(encuesta), {"csat": "4", "nps": "9"})
    segunda = client.post(url(encuesta), {"csat": "1", "nps": "0"})
    assert services.MSG_ENCUESTA_RESPONDIDA in segunda.content.decode()
    with pytest.raises(services.ErrorAtencion) as error:
        services.encuesta_responder(token=services.token_encuesta(encuesta), csat=1, nps=0)
    assert error.value.mensaje == services.MSG_ENCUESTA_RESPONDIDA
    encuesta.refresh_from_db()
    assert (encuesta.csat, encuesta.nps) == (4, 9)


def test_expira(client, encuesta, settings):
    with time_machine.travel(timezone.now() + timedelta(days=settings.ATENCION_ENCUESTA_DIAS, minutes=1)):
        assert client.post(url(encuesta), {"csat": "5", "nps": "10"}).status_code == 410
        with pytest.raises(services.ErrorAtencion) as error:
            services.encuesta_responder(token=services.token_encuesta(encuesta), csat=5, nps=10)
    assert error.value.mensaje == services.MSG_ENCUESTA_EXPIRADA
    encuesta.refresh_from_db()
    assert encuesta.respondida_en is None


def test_token_alterado(client, encuesta):
    token = services.token_encuesta(encuesta)
    alterado = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert client.post(f"/atencion/encuesta/{alterado}/", {"csat": "5", "nps": "10"}).status_code == 404
    from django.core import signing

    otro = signing.dumps({"e": encuesta.pk, "n": "adivinado"}, salt=services.SAL_ENCUESTA)
    with pytest.raises(services.ErrorAtencion) as error:
        services.encuesta_responder(token=otro, csat=5, nps=10)
    assert error.value.mensaje == services.MSG_ENCUESTA_INVALIDA
    encuesta.refresh_from_db()
    assert encuesta.respondida_en is None


def test_valores_fuera_de_rango(client, encuesta):
    respuesta = client.post(url(encuesta), {"csat": "6", "nps": "11"})
    assert respuesta.status_code == 200 and services.MSG_ENCUESTA_VALORES in respuesta.content.decode()
    with pytest.raises(services.ErrorAtencion):
        services.encuesta_responder(token=services.token_encuesta(encuesta), csat=0, nps=5)
    encuesta.refresh_from_db()
    assert encuesta.respondida_en is None


def test_seguimientos_idempotentes_y_confirmacion_omitida_si_respondio(encuesta, agente, pyme, settings):
    # The confirmation of the resolved ticket, and an appointment reminder scheduled on an open one.
    abierto = services.ticket_crear(
        actor=agente, pyme=pyme, canal=Canal.CORREO, asunto="Cita", correo="d@x.test", motivo=encuesta.ticket.motivo
    )
    services.cita_recordatorio_programar(actor=agente, ticket=abierto, cita=timezone.now() + timedelta(days=3))
    despues = timezone.now() + timedelta(days=5)
    with time_machine.travel(despues):
        assert services.seguimientos_enviar() == 2
        assert services.seguimientos_enviar() == 0
    assert MensajeSaliente.objects.filter(clave__startswith="seguimiento-").count() == 2
    with pytest.raises(services.ErrorAtencion) as error:
        services.cita_recordatorio_programar(actor=agente, ticket=abierto, cita=timezone.now() - timedelta(hours=1))
    assert error.value.mensaje == services.MSG_CITA_PASADA
    # A reminder is scheduled from the open ticket's page: on a resolved one it is refused, and says why.
    with pytest.raises(AccionRechazada) as error:
        services.cita_recordatorio_programar(
            actor=agente, ticket=encuesta.ticket, cita=timezone.now() + timedelta(days=3)
        )
    assert error.value.mensaje == services.MSG_TICKET_NO_ABIERTO.format(estado="Resuelto")
    assert Seguimiento.objects.filter(tipo="recordatorio_cita").count() == 1


def test_confirmacion_cancelada_si_ya_respondio(encuesta):
    services.encuesta_responder(token=services.token_encuesta(encuesta), csat=5, nps=10)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert services.seguimientos_enviar() == 0
    assert Seguimiento.objects.get(tipo="confirmacion").cancelado is True


def test_la_pagina_publica_lleva_el_nombre_de_la_pyme_y_de_enrok(client, encuesta):
    pagina = client.get(url(encuesta)).content.decode()
    nombre = encuesta.pyme.nombre
    assert f"<title>Encuesta de satisfacción · {nombre}</title>" in pagina
    assert f"Atención a clientes de {nombre} por ENROK." in pagina
    assert "Con ENROK, tus clientes siempre regresan" in pagina and "Enlace" not in pagina
    gracias = client.post(url(encuesta), {"csat": "5", "nps": "10"}).content.decode()
    assert "Gracias por tu respuesta" in gracias and "por ENROK" in gracias


def test_enlace_invalido_sin_pyme_habla_en_nombre_de_enrok(client, db):
    pagina = client.get("/atencion/encuesta/no-es-un-token/").content.decode()
    assert "ENROK, atención a clientes." in pagina and "Enlace" not in pagina
