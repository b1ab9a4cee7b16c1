"""Mailboxes read by IMAP against a real Dovecot on loopback (tests/imap_local.py): real MIME messages APPENDed,
polled, threaded into tickets; a malformed one kept for review; 1,000 messages across two concurrent pollers."""

import threading

import pytest
from django.db import connections

from atencion import services
from atencion.models import (
    AdjuntoCorreo,
    BuzonImap,
    Canal,
    CorreoEnCuarentena,
    CorreoRecibido,
    Interaccion,
    Ticket,
)
from tests.atencion import correos_muestra as muestra
from tests.atencion.test_correo import entrante

VARIABLE = "ATENCION_IMAP_CLAVE_PRUEBAS"


@pytest.fixture
def cuenta(dovecot, monkeypatch):
    """A fresh login (so each test has its own empty INBOX) with its password in the environment."""
    nombre, clave = dovecot.cuenta_nueva()
    monkeypatch.setenv(VARIABLE, clave)
    return nombre


def nuevo_buzon(pyme, dovecot, usuario):
    return BuzonImap.objects.create(
        pyme=pyme,
        direccion=pyme.perfil_atencion.correo_entrada,
        servidor="127.0.0.1",
        puerto=dovecot.puerto,
        seguridad=BuzonImap.Seguridad.NINGUNA,
        usuario=usuario,
        clave_variable=VARIABLE,
    )


@pytest.fixture
def buzon(pyme, dovecot, cuenta):
    return nuevo_buzon(pyme, dovecot, cuenta)


def test_mensajes_reales_hilo_adjuntos_html_y_cuarentena(client, buzon, dovecot, cuenta, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    para = buzon.direccion
    factura = muestra.con_adjuntos(para, message_id="<factura@cliente.test>")
    roto = muestra.malformado(para)
    dovecot.agregar(
        cuenta,
        [
            factura,
            muestra.solo_html(para),
            roto,
            muestra.respuesta_citada(para, in_reply_to="<factura@cliente.test>"),
        ],
    )

    resultado = services.buzon_sondear(buzon=buzon)

    assert (resultado.ingresados, resultado.duplicados, resultado.cuarentena, resultado.error) == (3, 0, 1, "")
    carla = Ticket.objects.get(cliente__correo="carla@cliente.test")
    assert carla.canal == Canal.CORREO and carla.cliente.nombre == "Carla Núñez"
    assert carla.asunto == "Factura de diciembre – ¿me la reenvían?"  # RFC 2047 decoded
    primera, respuesta = carla.interacciones.order_by("id")
    assert primera.contenido.startswith("Hola, adjunto el comprobante de pago.\nGracias.")
    assert "Adjunto no guardado: El archivo «f.exe» no es de un tipo permitido" in primera.contenido
    assert respuesta.contenido == "Perfecto, ya la recibí."  # the quoted reply is trimmed
    (pdf,) = AdjuntoCorreo.objects.filter(interaccion=primera)
    assert pdf.nombre == "comprobante de pago ñ.pdf" and pdf.tipo_mime == "application/pdf"
    assert pdf.archivo.read() == muestra.PDF and "ñ" not in pdf.archivo.name  # stored under a random name
    luis = Ticket.objects.get(cliente__correo="luis@cliente.test")
    assert luis.interacciones.get().contenido == "¿Tienen cita el sábado a las 10?\n\n• Corte\n• Tinte"
    (cuarentena,) = CorreoEnCuarentena.objects.all()
    assert cuarentena.uid == 3 and bytes(cuarentena.crudo) == roto
    assert "frontera de multiparte ausente" in cuarentena.motivo
    assert not Interaccion.objects.filter(externo_id="<roto@cliente.test>").exists()

    buzon.refresh_from_db()
    assert (buzon.ultimo_uid, buzon.ultimo_error) == (4, "") and buzon.uidvalidity
    # Polled again: nothing fetched twice. The same message through the webhook is not threaded twice either.
    assert services.buzon_sondear(buzon=buzon).ingresados == 0
    entrante(client, buzon.pyme.perfil_atencion, message_id="<factura@cliente.test>", de="carla@cliente.test")
    assert Interaccion.objects.count() == 3 and CorreoRecibido.objects.count() == 4

    # New mail after the poll is picked up by the next one, threaded by the [ENROK-n] tag of our reply.
    dovecot.agregar(
        cuenta,
        [muestra.simple(para, de="otra@cliente.test", asunto=f"Re: {carla.etiqueta}", message_id="<tarde@c.test>")],
    )
    assert services.buzon_sondear(buzon=buzon).ingresados == 1
    assert carla.interacciones.count() == 3


def test_uidvalidity_nueva_relee_sin_duplicar(buzon, dovecot, cuenta):
    para = buzon.direccion
    dovecot.agregar(
        cuenta, [muestra.simple(para, de="a@c.test", asunto="Hola", message_id=f"<{n}@c.test>") for n in range(3)]
    )
    services.buzon_sondear(buzon=buzon)
    # The server rebuilt the folder: the same messages come back under new UIDs and are recognised by Message-ID.
    # (What was read is recorded under the old UIDVALIDITY.)
    BuzonImap.objects.filter(pk=buzon.pk).update(uidvalidity=1, ultimo_uid=99)
    CorreoRecibido.objects.update(uidvalidity=1)

    resultado = services.buzon_sondear(buzon=buzon)

    assert (resultado.ingresados, resultado.duplicados) == (0, 3)
    assert Interaccion.objects.count() == 3 and CorreoRecibido.objects.count() == 6


def test_mensaje_sin_message_id_y_demasiado_grande(buzon, dovecot, cuenta, settings):
    settings.ATENCION_IMAP_MAX_BYTES = 2000
    para = buzon.direccion
    sin_id = f"From: a@c.test\r\nTo: {para}\r\nSubject: sin id\r\n\r\nHola\r\n".encode()
    grande = muestra.simple(para, de="b@c.test", asunto="grande", message_id="<g@c.test>", texto="x" * 5000)
    dovecot.agregar(cuenta, [sin_id, grande])

    resultado = services.buzon_sondear(buzon=buzon)

    assert (resultado.ingresados, resultado.cuarentena) == (1, 1)
    assert Interaccion.objects.get().externo_id.startswith("<sin-message-id.")
    cuarentena = CorreoEnCuarentena.objects.get()
    assert "el máximo es 2,0" in cuarentena.motivo and bytes(cuarentena.crudo).startswith(b"From: b@c.test")
    assert b"xxxx" not in bytes(cuarentena.crudo)  # only the header was fetched


def test_clave_incorrecta_o_ausente_queda_en_el_buzon(buzon, monkeypatch):
    monkeypatch.setenv(VARIABLE, "otra")
    resultado = services.buzon_sondear(buzon=buzon)
    assert resultado.error.startswith("No se pudo leer el buzón:")
    buzon.refresh_from_db()
    assert buzon.ultimo_error == resultado.error and buzon.ultimo_sondeo is not None

    monkeypatch.delenv(VARIABLE)
    resultado = services.buzon_sondear(buzon=buzon)
    assert resultado.error == services.MSG_BUZON_SIN_CLAVE.format(variable=VARIABLE)
    assert not CorreoRecibido.objects.exists()


def test_tarea_de_beat_encola_un_sondeo_por_buzon_activo(buzon, pyme, dovecot, monkeypatch):
    inactivo = nuevo_buzon(pyme, dovecot, "otro@pyme.test")
    BuzonImap.objects.filter(pk=inactivo.pk).update(activo=False)
    publicados = []
    monkeypatch.setattr(services.correo, "publicar", lambda nombre, ids: publicados.append((nombre, ids)) or len(ids))
    assert services.buzones_sondear() == 1
    assert publicados == [("atencion.tasks.sondear_buzon", [buzon.pk])]


# --- 1,000 messages, two pollers at once ---------------------------------------------------------------

HILOS, POR_HILO = 333, 3  # 999 messages in 333 conversations, plus one malformed: 1,000


def _mil_mensajes(para):
    """Round by round (every first message, then every reply): the replies land in later batches than their
    first message, so threading crosses batches and pollers."""
    mensajes = []
    for ronda in range(POR_HILO):
        for hilo in range(HILOS):
            mensajes.append(
                muestra.simple(
                    para,
                    de=f"cliente{hilo}@c.test",
                    asunto=f"Consulta {hilo}",
                    message_id=f"<h{hilo}.r{ronda}@c.test>",
                    in_reply_to=f"<h{hilo}.r{ronda - 1}@c.test>" if ronda else "",
                    texto=f"Mensaje {ronda} de la conversación {hilo}",
                )
            )
        if ronda == 1:
            mensajes.append(muestra.malformado(para))
    return mensajes


@pytest.mark.django_db(transaction=True)
def test_mil_mensajes_dos_sondeos_concurrentes_una_vez_cada_uno(pyme, dovecot, cuenta, settings):
    settings.ATENCION_IMAP_LOTE = 100
    buzon = nuevo_buzon(pyme, dovecot, cuenta)
    mensajes = _mil_mensajes(buzon.direccion)
    assert dovecot.agregar(cuenta, mensajes) == 1000

    resultados, errores = [], []
    salida = threading.Barrier(2)

    def sondear():
        try:
            salida.wait()
            resultados.append(services.buzon_sondear(buzon=BuzonImap.objects.get(pk=buzon.pk)))
        except Exception as exc:  # reported below: an exception in a thread would otherwise be lost
            errores.append(exc)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=sondear) for _ in range(2)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()

    assert errores == []
    assert sum(r.ingresados for r in resultados) == 999
    assert sum(r.cuarentena for r in resultados) == 1 and sum(r.duplicados for r in resultados) == 0
    assert sorted(CorreoRecibido.objects.values_list("uid", flat=True)) == list(range(1, 1001))
    assert Interaccion.objects.filter(canal=Canal.CORREO).count() == 999
    # Threads kept: one ticket per conversation, its three messages in order.
    assert Ticket.objects.count() == HILOS
    por_ticket = Interaccion.objects.values("ticket").distinct().count()
    assert por_ticket == HILOS
    ticket = Ticket.objects.get(cliente__correo="cliente7@c.test")
    assert list(ticket.interacciones.order_by("creado", "id").values_list("externo_id", flat=True)) == [
        "<h7.r0@c.test>",
        "<h7.r1@c.test>",
        "<h7.r2@c.test>",
    ]
    (roto,) = CorreoEnCuarentena.objects.all()
    assert bytes(roto.crudo) == muestra.malformado(buzon.direccion) and roto.uid == HILOS * 2 + 1
    buzon.refresh_from_db()
    assert buzon.ultimo_uid == 1000
