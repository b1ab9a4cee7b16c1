"""WhatsApp Cloud API: handshake, signatures, threading, idempotency, buttons and sending over HTTP."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from atencion import canales, services
from atencion.models import Canal, Encuesta, Interaccion, MensajeSaliente, Ticket
from tests.atencion.conftest import SECRETO, VERIFICACION

URL = "/atencion/webhooks/whatsapp/"


def payload(numero, telefono, mensaje_id, texto="Hola, quiero una cita", boton=None):
    mensaje = {"from": telefono, "id": mensaje_id, "timestamp": "1700000000"}
    if boton:
        mensaje.update(type="interactive", interactive={"type": "button_reply", "button_reply": boton})
    else:
        mensaje.update(type="text", text={"body": texto})
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": numero, "display_phone_number": "5215500"},
                            "contacts": [{"wa_id": telefono, "profile": {"name": "Ana López"}}],
                            "messages": [mensaje],
                        },
                    }
                ],
            }
        ],
    }


def enviar(client, datos, firma=None):
    cuerpo = json.dumps(datos).encode()
    cabeceras = {} if firma is False else {"HTTP_X_HUB_SIGNATURE_256": firma or canales.firmar(cuerpo, SECRETO)}
    return client.post(URL, data=cuerpo, content_type="application/json", **cabeceras)


def test_verificacion(client):
    ok = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": VERIFICACION, "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    malo = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "otro", "hub.challenge": "x"})
    assert malo.status_code == 403


@pytest.mark.parametrize("firma", [False, "sha256=" + "0" * 64, "md5=abc", "sha256="])
def test_firma_invalida_403_y_nada_guardado(client, perfil, firma):
    respuesta = enviar(client, payload(perfil.whatsapp_phone_number_id, "5215551", "wamid.1"), firma=firma)
    assert respuesta.status_code == 403
    assert not Ticket.objects.exists() and not Interaccion.objects.exists()


def test_firma_de_otro_cuerpo_rechazada(client, perfil):
    otro = canales.firmar(b"{}", SECRETO)
    assert enviar(client, payload(perfil.whatsapp_phone_number_id, "5215551", "wamid.1"), firma=otro).status_code == 403
    assert not Ticket.objects.exists()


def test_mensajes_se_hilan_en_el_ticket_abierto_e_idempotentes(client, perfil, otra_pyme):
    numero = perfil.whatsapp_phone_number_id
    assert enviar(client, payload(numero, "5215551", "wamid.1")).status_code == 200
    assert enviar(client, payload(numero, "5215551", "wamid.1")).status_code == 200  # Meta retries
    assert enviar(client, payload(numero, "5215551", "wamid.2", "¿Tienen el sábado?")).status_code == 200
    enviar(client, payload(otra_pyme.perfil_atencion.whatsapp_phone_number_id, "5215551", "wamid.3"))
    ticket = Ticket.objects.get(pyme=perfil.pyme)
    assert ticket.canal == Canal.WHATSAPP and ticket.cliente.nombre == "Ana López"
    assert list(ticket.interacciones.values_list("externo_id", flat=True)) == ["wamid.1", "wamid.2"]
    assert Ticket.objects.filter(pyme=otra_pyme).count() == 1  # same phone, other PYME: its own ticket


def test_numero_desconocido_se_ignora(client, perfil):
    assert enviar(client, payload("999999", "5215551", "wamid.1")).status_code == 200
    assert not Ticket.objects.exists()


class _Graph(BaseHTTPRequestHandler):
    recibidos = []

    def do_POST(self):
        cuerpo = self.rfile.read(int(self.headers["Content-Length"]))
        _Graph.recibidos.append((self.path, self.headers["Authorization"], json.loads(cuerpo)))
        respuesta = json.dumps({"messaging_product": "whatsapp", "messages": [{"id": "wamid.SALIDA"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(respuesta)))
        self.end_headers()
        self.wfile.write(respuesta)

    def log_message(self, *args):
        pass


@pytest.fixture
def graph(settings):
    servidor = HTTPServer(("127.0.0.1", 0), _Graph)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    _Graph.recibidos = []
    settings.ATENCION_WHATSAPP_API_URL = f"http://127.0.0.1:{servidor.server_port}/v21.0"
    yield _Graph.recibidos
    servidor.shutdown()
    servidor.server_close()


def test_respuesta_sale_por_la_graph_api(perfil, agente, graph, django_capture_on_commit_callbacks):
    services.whatsapp_procesar(payload=payload(perfil.whatsapp_phone_number_id, "5215551", "wamid.1"))
    ticket = Ticket.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.ticket_responder(actor=agente, ticket=ticket, texto="Hola Ana, ¿qué día?")
    assert len(callbacks) == 1
    mensaje = MensajeSaliente.objects.get()
    assert services.mensaje_enviar(mensaje.pk) is True
    assert services.mensaje_enviar(mensaje.pk) is False  # already sent: nothing twice
    ruta, autorizacion, cuerpo = graph[0]
    assert ruta == f"/v21.0/{perfil.whatsapp_phone_number_id}/messages"
    assert autorizacion == "Bearer token-graph-pruebas"
    assert cuerpo["to"] == "5215551" and cuerpo["text"]["body"] == "Hola Ana, ¿qué día?"
    mensaje.refresh_from_db()
    assert (mensaje.estado, mensaje.externo_id) == ("enviado", "wamid.SALIDA")


def test_fallo_de_red_queda_pendiente(perfil, agente, motivo):
    services.whatsapp_procesar(payload=payload(perfil.whatsapp_phone_number_id, "5215551", "wamid.1"))
    services.ticket_responder(actor=agente, ticket=Ticket.objects.get(), texto="Hola")
    mensaje = MensajeSaliente.objects.get()
    assert services.mensaje_enviar(mensaje.pk) is False  # nothing listens on the default test URL
    mensaje.refresh_from_db()
    assert mensaje.estado == "pendiente" and mensaje.intentos == 1 and mensaje.ultimo_error


def test_encuesta_por_botones(client, perfil, agente, motivo):
    numero = perfil.whatsapp_phone_number_id
    enviar(client, payload(numero, "5215551", "wamid.1"))
    ticket = Ticket.objects.get()
    services.ticket_clasificar(actor=agente, ticket=ticket, motivo=motivo, prioridad="media")
    services.ticket_responder(actor=agente, ticket=ticket, texto="Agendada")
    services.ticket_resolver(actor=agente, ticket=ticket)
    encuesta = Encuesta.objects.get()
    botones = MensajeSaliente.objects.get(clave=f"encuesta-{encuesta.pk}").payload["interactive"]["action"]["buttons"]
    assert [b["reply"]["id"] for b in botones] == [
        f"csat:{encuesta.pk}:5",
        f"csat:{encuesta.pk}:3",
        f"csat:{encuesta.pk}:1",
    ]
    # Another phone cannot answer this survey.
    enviar(client, payload(numero, "5215999", "wamid.X", boton={"id": f"csat:{encuesta.pk}:1", "title": "Mala"}))
    encuesta.refresh_from_db()
    assert encuesta.respondida_en is None
    enviar(client, payload(numero, "5215551", "wamid.2", boton={"id": f"csat:{encuesta.pk}:5", "title": "Excelente"}))
    enviar(client, payload(numero, "5215551", "wamid.3", boton={"id": f"csat:{encuesta.pk}:1", "title": "Mala"}))
    encuesta.refresh_from_db()
    assert encuesta.csat == 5 and encuesta.respondida_en is not None
    ticket.refresh_from_db()
    assert ticket.estado == Ticket.Estado.RESUELTO  # a button reply does not reopen the ticket


def test_reverse_de_la_ruta():
    assert reverse("atencion:webhook_whatsapp") == URL
