"""WhatsApp as customers use it: Meta-shaped payloads (photo, voice note, document, location, reaction, types we
cannot show, delivery statuses) posted to the signed webhook, with a fake Graph API on loopback serving the media
to the real download task."""

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse

from atencion import canales, services, tasks
from atencion.models import Interaccion, MedioWhatsapp, MensajeSaliente, Ticket
from enlace.models import Notificacion
from tests.atencion.conftest import SECRETO
from tests.atencion.factories import eventos
from tests.ayudas import afirmar_404_para

URL = "/atencion/webhooks/whatsapp/"
MUESTRAS = Path(__file__).resolve().parents[2] / "atencion" / "muestras"
JPEG = (MUESTRAS / "foto_diseno_unas.jpg").read_bytes()
OGG = (MUESTRAS / "nota_de_voz.ogg").read_bytes()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TOKEN = "token-graph-pruebas"


# --- The fake Graph API -------------------------------------------------------------------


class _Graph(BaseHTTPRequestHandler):
    medios = {}  # media id → (bytes, mime type, extra JSON fields)
    fallos = {}  # media id → how many times the download answers 500 before working
    pedidos = []  # (path, authorization)

    def do_GET(self):
        _Graph.pedidos.append((self.path, self.headers.get("Authorization")))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._responder(401, b'{"error": {"message": "Invalid OAuth access token", "code": 190}}')
        partes = self.path.strip("/").split("/")
        if partes[0] == "v21.0" and len(partes) == 2 and partes[1] in _Graph.medios:
            contenido, mime, extra = _Graph.medios[partes[1]]
            info = {
                "messaging_product": "whatsapp",
                "url": f"http://127.0.0.1:{self.server.server_port}/descargas/{partes[1]}?firma=x",
                "mime_type": mime,
                "sha256": hashlib.sha256(contenido).hexdigest(),
                "file_size": len(contenido),
                "id": partes[1],
                **extra,
            }
            return self._responder(200, json.dumps(info).encode(), "application/json")
        if partes[0] == "descargas":
            media_id = partes[1].split("?")[0]
            if _Graph.fallos.get(media_id):
                _Graph.fallos[media_id] -= 1
                return self._responder(500, b"error")
            contenido, mime, _ = _Graph.medios[media_id]
            return self._responder(200, contenido, mime)
        return self._responder(404, b'{"error": {"message": "Unsupported get request", "code": 100}}')

    def _responder(self, estado, cuerpo, tipo="application/json"):
        self.send_response(estado)
        self.send_header("Content-Type", tipo)
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, *args):
        pass


@pytest.fixture
def graph(settings):
    servidor = ThreadingHTTPServer(("127.0.0.1", 0), _Graph)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    _Graph.medios, _Graph.fallos, _Graph.pedidos = {}, {}, []
    settings.ATENCION_WHATSAPP_API_URL = f"http://127.0.0.1:{servidor.server_port}/v21.0"
    settings.ENLACE_BANDEJA_REINTENTO_SEGUNDOS = 0  # eager retries run at once anyway
    yield _Graph
    servidor.shutdown()
    servidor.server_close()


# --- Meta-shaped payloads -------------------------------------------------------------------


def _cambio(numero, valor):
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "5215500", "phone_number_id": numero},
                            **valor,
                        },
                    }
                ],
            }
        ],
    }


def mensaje(numero, wamid, tipo, cuerpo, telefono="5215551"):
    return _cambio(
        numero,
        {
            "contacts": [{"wa_id": telefono, "profile": {"name": "Ana López"}}],
            "messages": [{"from": telefono, "id": wamid, "timestamp": "1765000000", "type": tipo, tipo: cuerpo}],
        },
    )


def estado(numero, wamid, status, timestamp="1765000100", errores=None):
    datos = {"id": wamid, "status": status, "timestamp": timestamp, "recipient_id": "5215551"}
    if errores:
        datos["errors"] = errores
    return _cambio(numero, {"statuses": [datos]})


def enviar(client, datos):
    cuerpo = json.dumps(datos).encode()
    respuesta = client.post(
        URL, data=cuerpo, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=canales.firmar(cuerpo, SECRETO)
    )
    assert respuesta.status_code == 200, respuesta.content
    return respuesta


def _medio_recibido(client, perfil, graph, wamid, tipo, cuerpo, contenido, mime, django_capture_on_commit_callbacks):
    graph.medios[cuerpo["id"]] = (contenido, mime, {})
    with django_capture_on_commit_callbacks(execute=False) as publicaciones:
        enviar(client, mensaje(perfil.whatsapp_phone_number_id, wamid, tipo, cuerpo))
    medio = MedioWhatsapp.objects.get(interaccion__externo_id=wamid)
    assert medio.estado == MedioWhatsapp.Estado.PENDIENTE and not medio.archivo  # nothing fetched in the request
    assert not graph.pedidos and len(publicaciones) == 1  # the download task is published after commit
    return medio


def _descargar(medio):
    tasks.descargar_medio.apply(args=[medio.pk])
    medio.refresh_from_db()
    return medio


# --- Media in ------------------------------------------------------------------------------------


def test_foto_se_descarga_en_la_tarea_y_se_ve_en_el_ticket(
    client, perfil, agente, graph, django_capture_on_commit_callbacks
):
    cuerpo = {"id": "MEDIA-FOTO", "mime_type": "image/jpeg", "sha256": "x", "caption": "Quiero este diseño"}
    medio = _medio_recibido(
        client, perfil, graph, "wamid.F1", "image", cuerpo, JPEG, "image/jpeg", django_capture_on_commit_callbacks
    )
    ticket = Ticket.objects.get()
    assert ticket.asunto == "Quiero este diseño"
    assert medio.interaccion.contenido == "Quiero este diseño" and medio.tipo == "imagen"
    medio = _descargar(medio)
    assert medio.estado == MedioWhatsapp.Estado.GUARDADO and medio.tamano == len(JPEG)
    assert medio.archivo.read() == JPEG and f"atencion/whatsapp/{ticket.pyme_id}/{ticket.pk}/" in medio.archivo.name
    assert [p for p, _ in graph.pedidos] == ["/v21.0/MEDIA-FOTO", "/descargas/MEDIA-FOTO?firma=x"]
    assert {a for _, a in graph.pedidos} == {f"Bearer {TOKEN}"}
    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    url = reverse("atencion:ticket_medio", args=[ticket.pk, medio.pk])
    assert f'<img src="{url}"' in pagina and "Quiero este diseño" in pagina
    imagen = client.get(url)
    assert imagen.status_code == 200 and imagen["Content-Type"] == "image/jpeg"
    assert b"".join(imagen.streaming_content) == JPEG and "attachment" not in imagen["Content-Disposition"]
    # Run again (a retried task, the sweep): nothing is fetched twice.
    pedidos = len(graph.pedidos)
    assert services.medio_descargar(medio.pk) is None and services.medios_barrer() == 0
    assert len(graph.pedidos) == pedidos


def test_nota_de_voz_con_reproductor_y_404_para_otra_pyme(
    client, perfil, agente, usuario_pyme, crear_usuario, otra_pyme, graph, django_capture_on_commit_callbacks
):
    cuerpo = {"id": "MEDIA-VOZ", "mime_type": "audio/ogg; codecs=opus", "sha256": "x", "voice": True}
    medio = _medio_recibido(
        client, perfil, graph, "wamid.V1", "audio", cuerpo, OGG, "audio/ogg; codecs=opus",
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    medio = _descargar(medio)
    ticket = medio.interaccion.ticket
    assert ticket.asunto == "Nota de voz por WhatsApp" and medio.interaccion.contenido == ""
    assert medio.mime_type == "audio/ogg" and medio.archivo.name.endswith(".ogg")
    url = reverse("atencion:ticket_medio", args=[ticket.pk, medio.pk])
    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    assert f'<audio controls preload="metadata" src="{url}"' in pagina
    audio = client.get(url)
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/ogg"
    client.force_login(usuario_pyme)  # the PYME's own user hears its customer
    assert client.get(url).status_code == 200
    afirmar_404_para(client, crear_usuario("pyme", organizacion=otra_pyme), url)
    afirmar_404_para(client, agente, reverse("atencion:ticket_medio", args=[ticket.pk, medio.pk + 999]))


def test_documento_se_sirve_como_descarga_con_su_nombre(
    client, perfil, agente, graph, django_capture_on_commit_callbacks
):
    cuerpo = {"id": "MEDIA-DOC", "mime_type": "application/pdf", "sha256": "x", "filename": "receta médica.pdf"}
    medio = _descargar(
        _medio_recibido(
            client, perfil, graph, "wamid.D1", "document", cuerpo, PDF, "application/pdf",
            django_capture_on_commit_callbacks,
        )
    )  # fmt: skip
    assert (medio.estado, medio.nombre) == (MedioWhatsapp.Estado.GUARDADO, "receta médica.pdf")
    client.force_login(agente)
    ticket = medio.interaccion.ticket
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    url = reverse("atencion:ticket_medio", args=[ticket.pk, medio.pk])
    assert f'<a href="{url}">receta médica.pdf</a>' in pagina
    documento = client.get(url)
    assert documento["Content-Type"] == "application/pdf" and "attachment" in documento["Content-Disposition"]


def test_ubicacion_con_enlace_al_mapa_sin_descargar_nada(client, perfil, agente, graph):
    ubicacion = {"latitude": 19.432608, "longitude": -99.133209, "name": "Zócalo", "address": "Centro, CDMX"}
    with_commit = enviar(client, mensaje(perfil.whatsapp_phone_number_id, "wamid.L1", "location", ubicacion))
    assert with_commit.status_code == 200
    medio = MedioWhatsapp.objects.get()
    assert medio.estado == MedioWhatsapp.Estado.GUARDADO and str(medio.latitud) == "19.432608"
    assert services.medios_barrer() == 0 and not graph.pedidos
    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[medio.interaccion.ticket_id])).content.decode()
    assert "https://www.openstreetmap.org/?mlat=19.432608&amp;mlon=-99.133209" in pagina
    assert "Zócalo" in pagina and "<iframe" not in pagina


@pytest.mark.parametrize(
    ("mime", "contenido", "motivo"),
    [
        ("application/zip", b"PK\x03\x04zip", "«application/zip», un tipo que no se guarda"),
        ("image/jpeg", PDF, "no corresponde a su extensión"),
    ],
)
def test_tipo_o_contenido_no_permitido_se_rechaza_sin_reintentos(
    client, perfil, agente, graph, mime, contenido, motivo, django_capture_on_commit_callbacks
):
    cuerpo = {"id": "MEDIA-X", "mime_type": mime, "sha256": "x", "filename": "algo"}
    medio = _descargar(
        _medio_recibido(
            client, perfil, graph, "wamid.X1", "document", cuerpo, contenido, mime, django_capture_on_commit_callbacks
        )
    )
    assert medio.estado == MedioWhatsapp.Estado.RECHAZADO and motivo in medio.error and not medio.archivo
    assert medio.intentos == 0 and len(graph.pedidos) == 2
    assert eventos(medio.interaccion.ticket, "atencion.whatsapp.medio_rechazado").count() == 1
    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[medio.interaccion.ticket_id])).content.decode()
    assert "Documento no guardado" in pagina


def test_demasiado_grande_se_rechaza_sin_bajar_los_bytes(
    client, perfil, graph, settings, django_capture_on_commit_callbacks
):
    settings.ATENCION_WHATSAPP_MEDIO_MAX_BYTES = 1024
    cuerpo = {"id": "MEDIA-G", "mime_type": "image/jpeg", "sha256": "x"}
    medio = _descargar(
        _medio_recibido(
            client, perfil, graph, "wamid.G1", "image", cuerpo, JPEG, "image/jpeg", django_capture_on_commit_callbacks
        )
    )
    assert medio.estado == MedioWhatsapp.Estado.RECHAZADO and "el máximo que se guarda es 1,0" in medio.error
    assert [p for p, _ in graph.pedidos] == ["/v21.0/MEDIA-G"]


def test_fallos_pasajeros_se_reintentan_y_luego_se_guarda(client, perfil, graph, django_capture_on_commit_callbacks):
    cuerpo = {"id": "MEDIA-R", "mime_type": "image/jpeg", "sha256": "x"}
    medio = _medio_recibido(
        client, perfil, graph, "wamid.R1", "image", cuerpo, JPEG, "image/jpeg", django_capture_on_commit_callbacks
    )
    graph.fallos["MEDIA-R"] = 2
    medio = _descargar(medio)  # the task retries itself (eagerly here) with backoff
    assert medio.estado == MedioWhatsapp.Estado.GUARDADO and medio.intentos == 2 and medio.error == ""


def test_sin_token_valido_se_agotan_los_intentos(client, perfil, graph, settings, django_capture_on_commit_callbacks):
    settings.ATENCION_WHATSAPP_TOKEN = "otro"
    settings.ATENCION_WHATSAPP_MEDIO_MAX_INTENTOS = 3
    cuerpo = {"id": "MEDIA-T", "mime_type": "image/jpeg", "sha256": "x"}
    medio = _descargar(
        _medio_recibido(
            client, perfil, graph, "wamid.T1", "image", cuerpo, JPEG, "image/jpeg", django_capture_on_commit_callbacks
        )
    )
    assert medio.estado == MedioWhatsapp.Estado.FALLIDO and medio.intentos == 3 and "401" in medio.error
    assert len(graph.pedidos) == 3 and {a for _, a in graph.pedidos} == {"Bearer otro"}


def test_barrido_descarga_lo_pendiente(client, perfil, graph, django_capture_on_commit_callbacks):
    cuerpo = {"id": "MEDIA-B", "mime_type": "image/jpeg", "sha256": "x"}
    medio = _medio_recibido(
        client, perfil, graph, "wamid.B1", "image", cuerpo, JPEG, "image/jpeg", django_capture_on_commit_callbacks
    )  # the broker was down: the published task never ran
    assert services.medios_barrer() == 1
    medio.refresh_from_db()
    assert medio.estado == MedioWhatsapp.Estado.GUARDADO


def test_mismo_mensaje_dos_veces_un_solo_medio(client, perfil, graph):
    cuerpo = {"id": "MEDIA-D", "mime_type": "image/jpeg", "sha256": "x"}
    for _ in range(2):
        enviar(client, mensaje(perfil.whatsapp_phone_number_id, "wamid.DUP", "image", cuerpo))
    assert MedioWhatsapp.objects.count() == 1 and Interaccion.objects.count() == 1


# --- Reactions, odd types and broken payloads -----------------------------------------------------


def _respuesta_enviada(perfil, agente, wamid="wamid.SALIDA"):
    services.whatsapp_procesar(
        payload=mensaje(perfil.whatsapp_phone_number_id, "wamid.E1", "text", {"body": "Hola, ¿hay cita mañana?"})
    )
    ticket = Ticket.objects.get()
    services.ticket_responder(actor=agente, ticket=ticket, texto="Sí, a las 10:00. ¿Le agendo?")
    saliente = MensajeSaliente.objects.get(ticket=ticket)
    MensajeSaliente.objects.filter(pk=saliente.pk).update(estado=MensajeSaliente.Estado.ENVIADO, externo_id=wamid)
    return ticket, saliente


def test_reaccion_queda_en_nuestro_mensaje_y_la_ajena_se_ignora(client, perfil, agente, otra_pyme):
    ticket, saliente = _respuesta_enviada(perfil, agente)
    numero = perfil.whatsapp_phone_number_id
    enviar(client, mensaje(numero, "wamid.R1", "reaction", {"message_id": "wamid.SALIDA", "emoji": "👍"}))
    enviar(client, mensaje(numero, "wamid.R2", "reaction", {"message_id": "wamid.NO-EXISTE", "emoji": "❤️"}))
    otro = otra_pyme.perfil_atencion.whatsapp_phone_number_id  # another PYME's number cannot touch our message
    enviar(client, mensaje(otro, "wamid.R3", "reaction", {"message_id": "wamid.SALIDA", "emoji": "😡"}))
    saliente.refresh_from_db()
    assert saliente.reaccion == "👍"
    assert Interaccion.objects.count() == 2 and Ticket.objects.count() == 1  # reactions are not messages
    client.force_login(agente)
    assert "reacción del cliente 👍" in client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    enviar(client, mensaje(numero, "wamid.R4", "reaction", {"message_id": "wamid.SALIDA", "emoji": ""}))
    saliente.refresh_from_db()
    assert saliente.reaccion == ""  # taken back


@pytest.mark.parametrize(
    ("tipo", "cuerpo", "texto"),
    [
        ("unsupported", {}, "tipo «unsupported»"),
        ("order", {"catalog_id": "1"}, "tipo «order»"),
        ("image", {"mime_type": "image/jpeg"}, "no entregó completo"),
        ("location", {"latitude": "norte", "longitude": 500}, "no entregó completo"),
        (
            "contacts",
            [{"name": {"formatted_name": "Luis Pérez"}, "phones": [{"phone": "+52 55 1234 5678"}]}],
            "Luis Pérez: +52 55 1234 5678",
        ),
    ],
)
def test_tipos_que_no_se_muestran_quedan_con_una_nota(client, perfil, tipo, cuerpo, texto):
    enviar(client, mensaje(perfil.whatsapp_phone_number_id, "wamid.U1", tipo, cuerpo))
    interaccion = Interaccion.objects.get()
    assert texto in interaccion.contenido and not MedioWhatsapp.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"entry": [{"changes": [{"value": {"statuses": ["x", {"status": "read"}], "messages": []}}]}]},
        {"entry": [{"changes": [{"value": {"statuses": [{"id": "wamid.Z", "status": "deleted"}]}}]}]},
    ],
)
def test_payloads_raros_no_rompen_el_webhook(client, perfil, payload):
    cuerpo = json.dumps(payload).encode()
    respuesta = client.post(
        URL, data=cuerpo, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=canales.firmar(cuerpo, SECRETO)
    )
    assert respuesta.status_code in (200, 400)
    assert not Interaccion.objects.exists()


def test_request_welcome_se_ignora(client, perfil):
    enviar(client, mensaje(perfil.whatsapp_phone_number_id, "wamid.W", "request_welcome", {}))
    assert not Ticket.objects.exists()


# --- Delivery statuses ---------------------------------------------------------------------------


def test_estados_solo_suben_y_se_muestran(client, perfil, agente):
    ticket, saliente = _respuesta_enviada(perfil, agente)
    numero = perfil.whatsapp_phone_number_id
    client.force_login(agente)
    url = reverse("atencion:ticket", args=[ticket.pk])
    for status, marca in [("sent", "✓"), ("delivered", "✓✓"), ("sent", "✓✓"), ("read", "✓✓ leído")]:
        enviar(client, estado(numero, "wamid.SALIDA", status))
        saliente.refresh_from_db()
        assert saliente.marca_entrega == marca
        assert f">{marca}</span>" in client.get(url).content.decode()
    assert saliente.entrega == MensajeSaliente.Entrega.LEIDO and saliente.entrega_en.timestamp() == 1765000100
    enviar(client, estado(otra := "999", "wamid.SALIDA", "failed"))  # a number of no PYME: ignored
    saliente.refresh_from_db()
    assert saliente.entrega == MensajeSaliente.Entrega.LEIDO and otra


def test_envio_fallido_avisa_al_agente_con_que_hacer_una_sola_vez(client, perfil, agente, motivo):
    ticket, saliente = _respuesta_enviada(perfil, agente)
    numero = perfil.whatsapp_phone_number_id
    error = {
        "code": 131047,
        "title": "Re-engagement message",
        "message": "Re-engagement message",
        "error_data": {"details": "Message failed to send because more than 24 hours have passed."},
    }
    enviar(client, estado(numero, "wamid.SALIDA", "sent"))
    for _ in range(2):  # Meta repeats itself
        enviar(client, estado(numero, "wamid.SALIDA", "failed", timestamp="1765000200", errores=[error]))
    enviar(client, estado(numero, "wamid.SALIDA", "delivered"))  # late and lower: changes nothing
    saliente.refresh_from_db()
    assert (saliente.entrega, saliente.error_codigo, saliente.error_titulo) == (
        "fallido",
        131047,
        "Re-engagement message",
    )
    assert "24 hours" in saliente.error_detalle and "plantilla aprobada" in saliente.que_hacer
    aviso = Notificacion.objects.get(destinatario=agente)
    assert aviso.titulo == f"WhatsApp no entregado: ticket #{ticket.pk}" and "Qué hacer: " in aviso.cuerpo
    assert "use una plantilla aprobada" in aviso.cuerpo.lower()
    evento = eventos(ticket, "atencion.whatsapp.no_entregado").get()
    assert evento.datos["codigo"] == 131047 and evento.actor is None
    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    assert "WhatsApp no entregado" in pagina and "Qué hacer:" in pagina and "Use una plantilla aprobada" in pagina
    assert ">fallido</span>" in pagina and "Error 131047: Re-engagement message" in pagina


def test_fallo_sin_agente_avisa_a_los_gerentes_y_codigo_desconocido(client, perfil, agente, gerente):
    ticket, _ = _respuesta_enviada(perfil, agente)
    Ticket.objects.filter(pk=ticket.pk).update(agente=None)
    error = {"code": 131026, "title": "Message undeliverable"}
    enviar(client, estado(perfil.whatsapp_phone_number_id, "wamid.SALIDA", "failed", errores=[error]))
    aviso = Notificacion.objects.get(destinatario=gerente)
    assert "Confirme el número con el cliente" in aviso.cuerpo
    assert canales.que_hacer(999999) == canales.QUE_HACER_OTRO


def test_pagina_del_ticket_con_medios_en_consultas_constantes(
    client, perfil, agente, graph, django_assert_max_num_queries
):
    numero = perfil.whatsapp_phone_number_id
    graph.medios["M0"] = (JPEG, "image/jpeg", {})
    services.whatsapp_procesar(payload=mensaje(numero, "wamid.Q0", "image", {"id": "M0", "mime_type": "image/jpeg"}))
    ticket = Ticket.objects.get()
    client.force_login(agente)
    url = reverse("atencion:ticket", args=[ticket.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as una:
        client.get(url)
    for n in range(1, 8):
        graph.medios[f"M{n}"] = (JPEG, "image/jpeg", {})
        services.whatsapp_procesar(
            payload=mensaje(numero, f"wamid.Q{n}", "image", {"id": f"M{n}", "mime_type": "image/jpeg"})
        )
        services.whatsapp_procesar(payload=mensaje(numero, f"wamid.L{n}", "location", {"latitude": 1, "longitude": 2}))
    services.ticket_responder(actor=agente, ticket=ticket, texto="Recibido")
    services.medios_barrer()
    with django_assert_max_num_queries(len(una)):
        assert client.get(url).status_code == 200
