"""Channel plumbing: WhatsApp Cloud API (signatures, payloads, sending) and email headers.

No database writes here: services decide, this module only speaks the protocols.
"""

import hashlib
import hmac
import re
import uuid

import httpx
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

ETIQUETA_RE = re.compile(r"\[ENROK-(\d+)\]")
MESSAGE_ID_RE = re.compile(r"<[^<>\s]+>")


# --- WhatsApp ----------------------------------------------------------------------


def firma_valida(cuerpo: bytes, cabecera: str | None) -> bool:
    """True when ``X-Hub-Signature-256`` is ``sha256=<HMAC-SHA256(app secret, raw body)>``."""
    secreto = settings.ATENCION_WHATSAPP_APP_SECRET
    if not secreto or not cabecera or not cabecera.startswith("sha256="):
        return False
    esperada = hmac.new(secreto.encode(), cuerpo, hashlib.sha256).hexdigest()
    return hmac.compare_digest(esperada, cabecera.removeprefix("sha256="))


def firmar(cuerpo: bytes, secreto: str) -> str:
    """The header value Meta would send (used by tests and local tools)."""
    return "sha256=" + hmac.new(secreto.encode(), cuerpo, hashlib.sha256).hexdigest()


def mensajes_de_payload(payload):
    """Yield (phone_number_id, message, contact name) for each inbound message of a webhook payload."""
    for entrada in payload.get("entry", []) or []:
        for cambio in entrada.get("changes", []) or []:
            valor = cambio.get("value") or {}
            numero = str((valor.get("metadata") or {}).get("phone_number_id", ""))
            nombres = {
                c.get("wa_id"): (c.get("profile") or {}).get("name", "") for c in valor.get("contacts", []) or []
            }
            for mensaje in valor.get("messages", []) or []:
                yield numero, mensaje, nombres.get(mensaje.get("from"), "")


def texto_de_mensaje(mensaje):
    """(text, button id) of an inbound WhatsApp message."""
    tipo = mensaje.get("type")
    if tipo == "text":
        return (mensaje.get("text") or {}).get("body", ""), ""
    if tipo == "interactive":
        interactivo = mensaje.get("interactive") or {}
        respuesta = interactivo.get("button_reply") or interactivo.get("list_reply") or {}
        return respuesta.get("title", ""), respuesta.get("id", "")
    if tipo == "button":
        boton = mensaje.get("button") or {}
        return boton.get("text", ""), boton.get("payload", "")
    return f"[{tipo or 'mensaje'} recibido]", ""


def payload_texto(telefono, texto):
    return {"messaging_product": "whatsapp", "to": telefono, "type": "text", "text": {"body": texto[:4096]}}


def payload_botones(telefono, texto, botones):
    """An interactive message with up to 3 reply buttons: ``[(id, title), ...]``."""
    return {
        "messaging_product": "whatsapp",
        "to": telefono,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": texto[:1024]},
            "action": {"buttons": [{"type": "reply", "reply": {"id": i, "title": t[:20]}} for i, t in botones[:3]]},
        },
    }


def payload_plantilla(telefono, plantilla, parametros):
    """A message template approved by Meta (the only kind allowed outside the 24-hour window)."""
    componentes = [{"type": "body", "parameters": [{"type": "text", "text": str(p)[:1024]} for p in parametros]}]
    return {
        "messaging_product": "whatsapp",
        "to": telefono,
        "type": "template",
        "template": {
            "name": plantilla.nombre,
            "language": {"code": plantilla.idioma},
            "components": componentes if parametros else [],
        },
    }


def enviar_whatsapp(phone_number_id, payload):
    """POST the message to the Graph API; return the WhatsApp message id. Raises on HTTP errors."""
    base = settings.ATENCION_WHATSAPP_API_URL.rstrip("/")
    respuesta = httpx.post(
        f"{base}/{phone_number_id}/messages",
        json=payload,
        headers={"Authorization": f"Bearer {settings.ATENCION_WHATSAPP_TOKEN}"},
        timeout=settings.ATENCION_WHATSAPP_TIMEOUT,
    )
    respuesta.raise_for_status()
    mensajes = respuesta.json().get("messages") or [{}]
    return str(mensajes[0].get("id", ""))


# --- Email ---------------------------------------------------------------------------


def nuevo_message_id(ticket_id):
    return f"<ticket-{ticket_id}.{uuid.uuid4().hex}@{settings.ATENCION_CORREO_DOMINIO}>"


def ids_de_cabecera(valor):
    """Message-IDs found in an In-Reply-To or References header value."""
    return MESSAGE_ID_RE.findall(valor or "")


def ticket_de_asunto(asunto):
    coincidencia = ETIQUETA_RE.search(asunto or "")
    return int(coincidencia.group(1)) if coincidencia else None


def enviar_correo(*, para, asunto, cuerpo, cabeceras, responder_a=""):
    """Send one email over the configured backend with the given threading headers."""
    mensaje = EmailMultiAlternatives(
        subject=asunto,
        body=cuerpo,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[para],
        headers=cabeceras,
        reply_to=[responder_a] if responder_a else None,
    )
    mensaje.send(fail_silently=False)
    return cabeceras.get("Message-ID", "")
