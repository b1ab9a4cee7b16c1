"""Channel plumbing: WhatsApp Cloud API (signatures, payloads, sending) and email headers.

No database writes here: services decide, this module only speaks the protocols.
"""

import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

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


def estados_de_payload(payload):
    """Yield (phone_number_id, status) for each delivery status (sent, delivered, read, failed) of a payload."""
    for entrada in payload.get("entry", []) or []:
        for cambio in entrada.get("changes", []) or []:
            valor = cambio.get("value") or {}
            numero = str((valor.get("metadata") or {}).get("phone_number_id", ""))
            for estado in valor.get("statuses", []) or []:
                if isinstance(estado, dict):
                    yield numero, estado


# Meta's message types that carry a file (its media id) → our kind.
TIPOS_CON_ARCHIVO = {
    "image": "imagen",
    "audio": "audio",
    "video": "video",
    "document": "documento",
    "sticker": "sticker",
}
# A message that is nothing for the ticket (Meta's own welcome request on opening a chat).
TIPOS_IGNORADOS = {"request_welcome"}
ASUNTOS_DE_MEDIO = {
    "imagen": "Foto por WhatsApp",
    "audio": "Nota de voz por WhatsApp",
    "video": "Video por WhatsApp",
    "documento": "Documento por WhatsApp",
    "sticker": "Sticker por WhatsApp",
    "ubicacion": "Ubicación por WhatsApp",
}


MSG_MEDIO_INCOMPLETO = (
    "El cliente envió un archivo o una ubicación que WhatsApp no entregó completo; pídale que lo reenvíe."
)
MSG_TIPO_NO_ADMITIDO = (
    "El cliente envió un mensaje de WhatsApp que aquí no se puede mostrar (tipo «{tipo}»). "
    "Pídale que lo mande como texto, foto, nota de voz o documento."
)


def _texto(valor, largo=255):
    return str(valor or "").strip()[:largo]


def medio_de_mensaje(mensaje):
    """The fields of a ``MedioWhatsapp`` for a photo, voice note, video, document, sticker or location; else None.

    Coordinates out of range or not numbers give None (the message is then shown as unsupported)."""
    tipo = mensaje.get("type")
    if tipo in TIPOS_CON_ARCHIVO:
        datos = mensaje.get(tipo) or {}
        if not datos.get("id"):
            return None
        return {
            "tipo": TIPOS_CON_ARCHIVO[tipo],
            "media_id": _texto(datos.get("id"), 100),
            "mime_type": _texto(datos.get("mime_type"), 100),
            "sha256": _texto(datos.get("sha256"), 100),
            "nombre": _texto(datos.get("filename")),
        }
    if tipo == "location":
        datos = mensaje.get("location") or {}
        try:
            latitud, longitud = float(datos.get("latitude")), float(datos.get("longitude"))
        except (TypeError, ValueError):
            return None
        if not (-90 <= latitud <= 90 and -180 <= longitud <= 180):
            return None
        return {
            "tipo": "ubicacion",
            "latitud": round(latitud, 6),
            "longitud": round(longitud, 6),
            "lugar": _texto(datos.get("name")),
            "direccion": _texto(datos.get("address"), 500),
        }
    return None


def texto_de_mensaje(mensaje):
    """(text, button id) of an inbound WhatsApp message; a file's caption, or what the agent should know."""
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
    if tipo in TIPOS_CON_ARCHIVO or tipo == "location":
        if medio_de_mensaje(mensaje) is None:
            return MSG_MEDIO_INCOMPLETO, ""
        return _texto((mensaje.get(tipo) or {}).get("caption"), 4096), ""
    if tipo == "contacts":
        return _texto_de_contactos(mensaje.get("contacts") or []), ""
    if tipo == "system":
        return f"Aviso de WhatsApp: {_texto((mensaje.get('system') or {}).get('body'), 1000)}", ""
    return MSG_TIPO_NO_ADMITIDO.format(tipo=_texto(tipo, 40) or "desconocido"), ""


def _texto_de_contactos(contactos):
    lineas = []
    for contacto in contactos[:10]:
        if not isinstance(contacto, dict):
            continue
        nombre = _texto((contacto.get("name") or {}).get("formatted_name"))
        telefonos = ", ".join(_texto(t.get("phone"), 40) for t in contacto.get("phones") or [] if isinstance(t, dict))
        lineas.append(f"{nombre or 'Sin nombre'}: {telefonos or 'sin teléfono'}")
    return "Contacto compartido por WhatsApp:\n" + "\n".join(lineas)


def reaccion_de_mensaje(mensaje):
    """(wamid reacted to, emoji) of a reaction message (an empty emoji removes it); None for other types."""
    if mensaje.get("type") != "reaction":
        return None
    reaccion = mensaje.get("reaction") or {}
    return _texto(reaccion.get("message_id"), 250), _texto(reaccion.get("emoji"), 16)


def momento_de(marca):
    """A WhatsApp Unix timestamp (string) as an aware datetime; None when absent or invalid."""
    try:
        return datetime.fromtimestamp(int(marca), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


# --- Delivery failures: what the agent should do next -----------------------------------

QUE_HACER = {
    131047: "Pasaron más de 24 horas desde el último mensaje del cliente: WhatsApp solo admite una plantilla "
    "aprobada. Use una plantilla aprobada o llame al cliente.",
    131026: "WhatsApp no pudo entregarlo: el número no tiene WhatsApp, no aceptó las condiciones o usa una versión "
    "antigua. Confirme el número con el cliente o contáctelo por llamada o correo.",
    131049: "Meta retuvo el mensaje para no saturar al cliente de mensajes de marketing. Intente más tarde o use "
    "otro canal.",
    131050: "El cliente pidió no recibir mensajes de marketing de la PYME: no le envíe campañas por WhatsApp.",
    131048: "Se alcanzó el límite por reportes de spam del número. Avise a TI y use otro canal mientras tanto.",
    131056: "Se enviaron demasiados mensajes a este cliente en poco tiempo. Espere unos minutos y reintente.",
    131051: "WhatsApp no admite ese tipo de mensaje. Envíe texto, una imagen o un documento.",
    131053: "WhatsApp no pudo cargar el archivo adjunto. Revise el archivo y vuelva a enviarlo.",
    132000: "La plantilla no tiene las variables que espera. Revise la plantilla y vuelva a enviarla.",
    132001: "La plantilla no existe o no está aprobada en ese idioma. Elija otra plantilla aprobada.",
    132015: "La plantilla está en pausa por baja calidad. Use otra plantilla aprobada.",
    132016: "La plantilla fue deshabilitada por Meta. Use otra plantilla aprobada.",
    131000: "Error momentáneo de WhatsApp. Vuelva a enviar la respuesta en unos minutos.",
    131031: "La cuenta de WhatsApp de la PYME está bloqueada. Avise a TI (Programador) y use otro canal.",
    368: "La cuenta de WhatsApp de la PYME está bloqueada temporalmente por Meta. Avise a TI y use otro canal.",
}
QUE_HACER_OTRO = (
    "Revise el número del cliente y vuelva a intentar; si se repite, contacte al cliente por otro canal y avise "
    "a TI (Programador) con el código de error."
)


def que_hacer(codigo):
    return QUE_HACER.get(codigo, QUE_HACER_OTRO)


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


class MedioRechazado(Exception):
    """A media item that will never be stored (too big, a type we do not keep, gone from WhatsApp): no retry."""


@dataclass(frozen=True)
class MedioDescargado:
    contenido: bytes
    mime_type: str


def _cabeceras_graph():
    return {"Authorization": f"Bearer {settings.ATENCION_WHATSAPP_TOKEN}"}


def descargar_medio(media_id, *, max_bytes):
    """Fetch a media item: its URL from ``GET <api>/<media-id>``, then its bytes (both with the bearer token).

    Raises MedioRechazado for what retrying cannot fix (an unknown media id, over ``max_bytes``); other errors
    (network, 401, 429, 5xx, a SHA-256 that does not match the bytes) are raised as they are, to retry."""
    base = settings.ATENCION_WHATSAPP_API_URL.rstrip("/")
    with httpx.Client(headers=_cabeceras_graph(), timeout=settings.ATENCION_WHATSAPP_TIMEOUT) as cliente:
        respuesta = cliente.get(f"{base}/{media_id}")
        _rechazar_si_no_se_arregla(respuesta)
        info = respuesta.json()
        declarado = int(info.get("file_size") or 0)
        if declarado > max_bytes:
            raise MedioRechazado(_demasiado_grande(declarado, max_bytes))
        partes, leidos = [], 0
        with cliente.stream("GET", str(info["url"])) as descarga:
            _rechazar_si_no_se_arregla(descarga)
            for bloque in descarga.iter_bytes():
                leidos += len(bloque)
                if leidos > max_bytes:
                    raise MedioRechazado(_demasiado_grande(leidos, max_bytes))
                partes.append(bloque)
    contenido = b"".join(partes)
    esperado = str(info.get("sha256") or "")
    if esperado and hashlib.sha256(contenido).hexdigest() != esperado.lower():
        raise ValueError("El SHA-256 del archivo descargado no coincide con el que declara WhatsApp.")
    return MedioDescargado(contenido, str(info.get("mime_type") or ""))


def _rechazar_si_no_se_arregla(respuesta):
    # A media id that WhatsApp no longer knows (it keeps them 30 days) will not come back; an expired token
    # (401/403), throttling or a server error may pass, so those are retried.
    if respuesta.status_code in (400, 404, 410):
        raise MedioRechazado(f"WhatsApp ya no entrega este archivo (HTTP {respuesta.status_code}).")
    respuesta.raise_for_status()


def _demasiado_grande(tamano, maximo):
    from django.template.defaultfilters import filesizeformat

    return f"El archivo pesa {filesizeformat(tamano)}; el máximo que se guarda es {filesizeformat(maximo)}."


# MIME type WhatsApp declares → (extension we store it with, kind of ``enlace.archivos`` that checks its bytes).
MIME_PERMITIDOS = {
    "image/jpeg": (".jpg", "imagen"),
    "image/png": (".png", "imagen"),
    "image/webp": (".webp", "imagen"),
    "audio/ogg": (".ogg", "audio"),
    "audio/opus": (".ogg", "audio"),
    "audio/mpeg": (".mp3", "audio"),
    "audio/mp4": (".m4a", "audio"),
    "audio/aac": (".aac", "audio"),
    "audio/amr": (".amr", "audio"),
    "video/mp4": (".mp4", "video"),
    "application/pdf": (".pdf", "pdf"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx", "xlsx"),
    "application/vnd.ms-excel": (".xls", "xls"),
    "text/plain": (".txt", "csv"),
    "text/csv": (".csv", "csv"),
}


def mime_base(mime_type):
    """``audio/ogg; codecs=opus`` → ``audio/ogg``."""
    return (mime_type or "").split(";", 1)[0].strip().lower()


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
