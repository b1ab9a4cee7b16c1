"""Inbound email threading (webhook with a shared token) and replies with threading headers."""

import json

from django.core import mail

from atencion import services
from atencion.models import Interaccion, MensajeSaliente, Ticket
from tests.atencion.conftest import TOKEN_CORREO

URL = "/atencion/webhooks/correo/"


def entrante(client, perfil, token=TOKEN_CORREO, **kw):
    datos = {
        "para": perfil.correo_entrada,
        "de": "cliente@correo.test",
        "nombre": "Carla",
        "asunto": "Factura",
        "message_id": "<m1@correo.test>",
        "texto": "¿Me envían mi factura?",
    }
    datos.update(kw)
    return client.post(URL, data=json.dumps(datos), content_type="application/json", HTTP_X_ATENCION_TOKEN=token)


def test_token_obligatorio(client, perfil):
    assert entrante(client, perfil, token="malo").status_code == 403
    assert not Ticket.objects.exists()


def test_hilo_por_in_reply_to_y_respuesta_con_cabeceras(client, perfil, agente):
    assert entrante(client, perfil).status_code == 200
    ticket = Ticket.objects.get()
    services.ticket_responder(actor=agente, ticket=ticket, texto="Con gusto, se la enviamos hoy.")
    salida = MensajeSaliente.objects.get()
    assert salida.cabeceras["In-Reply-To"] == "<m1@correo.test>"
    assert "<m1@correo.test>" in salida.cabeceras["References"]
    assert salida.asunto == f"Re: Factura [ENROK-{ticket.pk}]"
    # The customer answers our reply (In-Reply-To = our Message-ID), with a changed subject.
    entrante(
        client,
        perfil,
        asunto="otra cosa",
        message_id="<m2@correo.test>",
        in_reply_to=salida.cabeceras["Message-ID"],
        references=f"<m1@correo.test> {salida.cabeceras['Message-ID']}",
    )
    assert Ticket.objects.count() == 1
    assert ticket.interacciones.filter(direccion="entrante").count() == 2
    # The outbox sends it over SMTP with the same headers.
    assert services.mensaje_enviar(salida.pk) is True
    enviado = mail.outbox[-1]
    assert enviado.extra_headers["In-Reply-To"] == "<m1@correo.test>"
    assert enviado.extra_headers["Message-ID"] == salida.cabeceras["Message-ID"]
    assert enviado.reply_to == [perfil.correo_entrada]


def test_hilo_por_etiqueta_del_asunto(client, perfil):
    entrante(client, perfil)
    ticket = Ticket.objects.get()
    entrante(client, perfil, message_id="<m9@otro.test>", asunto=f"RE: Factura [ENROK-{ticket.pk}]", de="otra@x.test")
    assert Ticket.objects.count() == 1 and ticket.interacciones.count() == 2


def test_idempotente_y_nuevo_hilo(client, perfil, otra_pyme):
    entrante(client, perfil)
    entrante(client, perfil)
    assert Interaccion.objects.count() == 1
    entrante(client, perfil, message_id="<n1@correo.test>", asunto="Otro tema", de="nuevo@correo.test")
    assert Ticket.objects.count() == 2
    # A tag of another PYME's ticket does not thread across PYMEs.
    ajeno = Ticket.objects.first()
    entrante(client, otra_pyme.perfil_atencion, message_id="<z@x>", asunto=f"[ENROK-{ajeno.pk}]")
    assert Ticket.objects.filter(pyme=otra_pyme).count() == 1


def test_correo_a_direccion_desconocida(client, perfil):
    respuesta = entrante(client, perfil, para="nadie@pyme.test")
    assert respuesta.status_code == 200 and json.loads(respuesta.content) == {"ticket": None}
