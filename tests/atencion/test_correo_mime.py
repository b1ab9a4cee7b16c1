"""The raw-message parser of the IMAP mailboxes (standard library ``email``, policy=default). No database."""

import pytest

from atencion.correo_mime import CorreoMalformado, html_a_texto, leer_correo, recortar_citas
from atencion.mensajes import MSG_CORREO_SIN_REMITENTE
from tests.atencion import correos_muestra as muestra

PARA = "atencion@pyme.test"


def test_multiparte_con_adjuntos_y_cabeceras_codificadas():
    correo = leer_correo(muestra.con_adjuntos(PARA, message_id="<f@c.test>"))
    assert (correo.de, correo.nombre) == ("carla@cliente.test", "Carla Núñez")
    assert correo.asunto == "Factura de diciembre – ¿me la reenvían?"
    assert correo.message_id == "<f@c.test>"
    assert correo.texto == "Hola, adjunto el comprobante de pago.\nGracias."  # text/plain preferred to HTML
    assert [(a.nombre, a.tipo_mime, a.contenido[:5]) for a in correo.adjuntos] == [
        ("comprobante de pago ñ.pdf", "application/pdf", b"%PDF-"),
        ("f.exe", "application/octet-stream", b"MZ\x90\x00b"),
    ]


def test_solo_html_a_texto_sin_estilos_ni_scripts():
    correo = leer_correo(muestra.solo_html(PARA))
    assert correo.texto == "¿Tienen cita el sábado a las 10?\n\n• Corte\n• Tinte"
    assert correo.adjuntos == []


def test_html_deja_fuera_la_cita():
    html = '<div>Sí, confirmo.</div><div class="gmail_quote">El lun escribió:<blockquote>¿Confirma?</blockquote></div>'
    assert html_a_texto(html) == "Sí, confirmo.\n\nEl lun escribió:"
    assert recortar_citas(html_a_texto(html)) == "Sí, confirmo."


def test_respuesta_citada_recortada():
    correo = leer_correo(muestra.respuesta_citada(PARA, in_reply_to="<f@c.test>"))
    assert correo.texto == "Perfecto, ya la recibí."
    assert correo.in_reply_to == "<f@c.test>" and correo.references == "<f@c.test>"


@pytest.mark.parametrize(
    "texto",
    [
        "Gracias.\n\nOn Mon, Dec 7, 2026 at 10:02 AM Atención <a@p.test> wrote:\n> hola",
        "Gracias.\n-----Mensaje original-----\nDe: Atención\nhola",
        "Gracias.\n\n________________________________\nDe: Atención <a@p.test>\nEnviado: lunes\nPara: yo\nhola",
        "Gracias.\n> citado\n> más",
    ],
)
def test_formas_de_citar(texto):
    assert recortar_citas(texto) == "Gracias."


def test_solo_cita_se_conserva_entera():
    assert recortar_citas("> todo es cita") == "> todo es cita"


def test_malformados_rechazados_con_motivo():
    with pytest.raises(CorreoMalformado, match="frontera de multiparte ausente"):
        leer_correo(muestra.malformado(PARA))
    with pytest.raises(CorreoMalformado) as sin_remitente:
        leer_correo(b"To: a@p.test\r\nSubject: x\r\n\r\nhola\r\n")
    assert sin_remitente.value.motivo == MSG_CORREO_SIN_REMITENTE
    with pytest.raises(CorreoMalformado, match="remitente"):
        leer_correo(b"From: no es un correo\r\nSubject: x\r\n\r\nhola\r\n")
    with pytest.raises(CorreoMalformado, match="base64 truncado"):
        leer_correo(
            b"From: a@c.test\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="a.pdf"\r\n\r\nJVBER\r\n'
        )
    with pytest.raises(CorreoMalformado, match="cabeceras sin separación"):
        leer_correo(b"From: a@c.test\r\nesto no es cabecera\r\nSubject: x\r\n\r\nhola")


def test_bytes_sin_declarar_y_juego_de_caracteres_desconocido():
    crudo = (
        b'From: "Jos\xc3\xa9" <jose@c.test>\r\nSubject: Cotizaci\xc3\xb3n\r\n'
        b"Content-Type: text/plain; charset=x-desconocido\r\n\r\nPrecio del servicio\xc3\xa9\r\n"
    )
    correo = leer_correo(crudo)
    assert (correo.nombre, correo.asunto) == ("José", "Cotización")
    assert correo.texto == "Precio del servicioé"
