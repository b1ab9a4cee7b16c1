"""Real MIME messages for the mailbox tests, built with the standard library as a mail client would send them."""

from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _base(*, de, para, asunto, message_id=None, in_reply_to=None):
    mensaje = EmailMessage()
    mensaje["From"] = de
    mensaje["To"] = para
    mensaje["Subject"] = asunto  # non-ASCII: the policy writes an RFC 2047 encoded word
    mensaje["Date"] = format_datetime(timezone.now())
    mensaje["Message-ID"] = message_id or make_msgid(domain="cliente.test")
    if in_reply_to:
        mensaje["In-Reply-To"] = in_reply_to
        mensaje["References"] = in_reply_to
    return mensaje


def con_adjuntos(para, *, de="Carla Núñez <carla@cliente.test>", message_id=None):
    """multipart/mixed: a text body, an HTML alternative, a PDF with an RFC 2231 name and a forbidden .exe."""
    mensaje = _base(de=de, para=para, asunto="Factura de diciembre – ¿me la reenvían?", message_id=message_id)
    mensaje.set_content("Hola, adjunto el comprobante de pago.\nGracias.")
    mensaje.add_alternative("<p>Hola, adjunto el <b>comprobante</b> de pago.</p><p>Gracias.</p>", subtype="html")
    mensaje.add_attachment(PDF, maintype="application", subtype="pdf", filename="comprobante de pago ñ.pdf")
    mensaje.add_attachment(b"MZ\x90\x00binario", maintype="application", subtype="octet-stream", filename="f.exe")
    return mensaje.as_bytes(policy=policy.SMTP)


def solo_html(para, *, de="Luis Peña <luis@cliente.test>", message_id=None):
    mensaje = _base(de=de, para=para, asunto="Cita para el sábado", message_id=message_id)
    mensaje.set_content(
        "<html><head><style>p{color:red}</style></head><body><p>¿Tienen cita el s&aacute;bado a las 10?</p>"
        "<ul><li>Corte</li><li>Tinte</li></ul><script>alert(1)</script></body></html>",
        subtype="html",
    )
    return mensaje.as_bytes(policy=policy.SMTP)


def respuesta_citada(para, *, in_reply_to, de="Carla Núñez <carla@cliente.test>", message_id=None):
    mensaje = _base(de=de, para=para, asunto="Re: Factura de diciembre", message_id=message_id, in_reply_to=in_reply_to)
    mensaje.set_content(
        "Perfecto, ya la recibí.\n\n"
        "El lun, 7 dic 2026 a las 10:02, Atención <atencion@pyme.test>\nescribió:\n"
        "> Con gusto, se la enviamos hoy.\n> Saludos\n"
    )
    return mensaje.as_bytes(policy=policy.SMTP)


def malformado(para):
    """multipart/mixed whose declared boundary never appears: its parts cannot be told apart."""
    return (
        f"From: Roto <roto@cliente.test>\r\nTo: {para}\r\nSubject: roto\r\nMessage-ID: <roto@cliente.test>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="frontera"\r\n\r\n'
        "esto no tiene ninguna frontera\r\n"
    ).encode()


def simple(para, *, de, asunto, message_id, in_reply_to="", texto="Hola"):
    """A plain message written directly as bytes (the 1,000-message test builds them this way: fast)."""
    respuesta = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (
        f"From: {de}\r\nTo: {para}\r\nSubject: {asunto}\r\nMessage-ID: {message_id}\r\n{respuesta}"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{texto}\r\n"
    ).encode()
