"""What people see of the IMAP mailboxes: the message on its ticket with its attachments, the mailbox and the
quarantine in the admin, and the demo's mailbox message. Messages go through ``correo_ingresar_crudo`` (the same
parser and threading as a poll) so these tests need no IMAP server."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atencion import services
from atencion.models import AdjuntoCorreo, BuzonImap, CorreoEnCuarentena, CorreoRecibido, Ticket
from atencion.models.correo import VARIABLE_CLAVE
from tests.atencion import correos_muestra as muestra
from tests.ayudas import afirmar_404_para


@pytest.fixture(autouse=True)
def _privado(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def buzon(pyme):
    return BuzonImap.objects.create(
        pyme=pyme,
        direccion=pyme.perfil_atencion.correo_entrada,
        servidor="imap.pyme.test",
        usuario="soporte",
        clave_variable="ATENCION_IMAP_CLAVE_PYME",
    )


def ingresar(buzon, crudo, uid):
    return services.correo_ingresar_crudo(buzon=buzon, crudo=crudo, uidvalidity=7, uid=uid)


def test_ticket_muestra_el_correo_imap_y_sirve_sus_adjuntos(
    client, buzon, agente, usuario_pyme, crear_usuario, otra_pyme
):
    registro = ingresar(buzon, muestra.con_adjuntos(buzon.direccion), 1)
    assert registro.estado == CorreoRecibido.Estado.INGRESADO
    ticket = registro.interaccion.ticket
    pdf = AdjuntoCorreo.objects.get()

    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    assert f"Recibido por IMAP en {buzon.direccion}" in pagina
    url = reverse("atencion:adjunto_correo", args=[ticket.pk, pdf.pk])
    assert url in pagina and "comprobante de pago ñ.pdf" in pagina
    respuesta = client.get(url)
    assert respuesta.status_code == 200 and b"".join(respuesta.streaming_content) == muestra.PDF
    assert "attachment" in respuesta["Content-Disposition"] and respuesta["Cache-Control"] == "private, no-store"

    client.force_login(usuario_pyme)  # the PYME's own user reads its customers' files
    assert client.get(url).status_code == 200
    afirmar_404_para(client, crear_usuario("pyme", organizacion=otra_pyme), url)
    otro = Ticket.objects.create(
        pyme=ticket.pyme, cliente=ticket.cliente, canal="llamada", asunto="x", **_plazos(ticket)
    )
    afirmar_404_para(client, agente, reverse("atencion:adjunto_correo", args=[otro.pk, pdf.pk]))


def _plazos(ticket):
    campos = ("objetivo_respuesta_min", "objetivo_resolucion_min", "vence_respuesta")
    return {c: getattr(ticket, c) for c in campos}


def test_consultas_de_la_pagina_no_crecen_con_los_correos(client, buzon, agente):
    registro = ingresar(buzon, muestra.con_adjuntos(buzon.direccion, message_id="<a@c.test>"), 1)
    ticket = registro.interaccion.ticket
    url = reverse("atencion:ticket", args=[ticket.pk])
    client.force_login(agente)
    client.get(url)
    with CaptureQueriesContext(connection) as uno:
        client.get(url)
    for uid, anterior in ((2, "<a@c.test>"), (3, "<b@c.test>")):
        crudo = muestra.con_adjuntos(buzon.direccion, message_id=f"<{'bc'[uid - 2]}@c.test>")
        crudo = crudo.replace(b"Subject:", f"In-Reply-To: {anterior}\r\nSubject:".encode(), 1)
        ingresar(buzon, crudo, uid)
    assert ticket.interacciones.count() == 3 and AdjuntoCorreo.objects.count() == 3
    with CaptureQueriesContext(connection) as tres:
        client.get(url)
    assert len(tres) == len(uno)


def test_ingresar_crudo_es_idempotente_y_pone_en_cuarentena(buzon):
    primero = ingresar(buzon, muestra.solo_html(buzon.direccion), 1)
    assert ingresar(buzon, b"otra cosa", 1) == primero
    roto = ingresar(buzon, muestra.malformado(buzon.direccion), 2)
    assert roto.estado == CorreoRecibido.Estado.CUARENTENA and bytes(roto.crudo) == muestra.malformado(buzon.direccion)
    assert roto.interaccion is None and Ticket.objects.count() == 1


def test_admin_cuarentena_visible_y_descargable(client, admin_usuario, buzon):
    roto = ingresar(buzon, muestra.malformado(buzon.direccion), 5)
    client.force_login(admin_usuario)
    lista = client.get(reverse("admin:atencion_correoencuarentena_changelist")).content.decode()
    assert "frontera de multiparte ausente" in lista
    ficha = client.get(reverse("admin:atencion_correoencuarentena_change", args=[roto.pk])).content.decode()
    assert "esto no tiene ninguna frontera" in ficha
    crudo = client.get(reverse("admin:atencion_correoencuarentena_crudo", args=[roto.pk]))
    assert crudo.status_code == 200 and crudo.content == muestra.malformado(buzon.direccion)
    assert crudo["Content-Type"] == "message/rfc822"
    assert client.get(reverse("admin:atencion_correorecibido_changelist")).status_code == 200


def test_admin_crudo_solo_para_el_personal(client, agente, buzon):
    roto = ingresar(buzon, muestra.malformado(buzon.direccion), 5)
    client.force_login(agente)
    respuesta = client.get(reverse("admin:atencion_correoencuarentena_crudo", args=[roto.pk]))
    assert respuesta.status_code == 302 and "/login/" in respuesta["Location"]


def test_admin_configura_un_buzon_y_rechaza_lo_inseguro(client, admin_usuario, pyme):
    client.force_login(admin_usuario)
    url = reverse("admin:atencion_buzonimap_add")
    datos = {
        "pyme": pyme.pk,
        "direccion": "soporte@pyme.test",
        "servidor": "imap.pyme.test",
        "puerto": 993,
        "seguridad": "ssl",
        "usuario": "soporte@pyme.test",
        "clave_variable": "SECRET_KEY",
        "carpeta": "INBOX",
        "activo": "on",
    }
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 200 and str(VARIABLE_CLAVE.message) in respuesta.content.decode()
    respuesta = client.post(url, {**datos, "clave_variable": "ATENCION_IMAP_CLAVE_PYME", "seguridad": "ninguna"})
    assert services.MSG_BUZON_SIN_CIFRAR in respuesta.content.decode()
    assert not BuzonImap.objects.exists()
    respuesta = client.post(url, {**datos, "clave_variable": "ATENCION_IMAP_CLAVE_PYME"})
    assert respuesta.status_code == 302
    buzon = BuzonImap.objects.get()
    assert (buzon.pyme, buzon.seguridad, buzon.ultimo_uid) == (pyme, "ssl", 0)
    lista = client.get(reverse("admin:atencion_buzonimap_changelist")).content.decode()
    assert "soporte@pyme.test" in lista


def test_demo_muestra_un_correo_recibido_por_imap(cargar_demo_de):
    cargar_demo_de("atencion.demo")
    cargar_demo_de("atencion.demo")  # idempotent
    (registro,) = CorreoRecibido.objects.select_related("interaccion__ticket", "buzon")
    assert registro.estado == CorreoRecibido.Estado.INGRESADO and not registro.buzon.activo
    ticket = registro.interaccion.ticket
    assert ticket.asunto == "Peinado para boda — ¿tienen lugar el sábado?"
    assert registro.interaccion.contenido.endswith("Gracias,\nMariana")  # the quoted reply trimmed
    assert AdjuntoCorreo.objects.get().nombre == "peinado de referencia.png"
    assert not CorreoEnCuarentena.objects.exists()
