"""WhatsApp beyond text: the media customers send (downloaded by Celery into private storage, never in the
webhook request), their reactions, and the delivery statuses Meta posts back for our messages."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from atencion import selectors
from atencion.canales import (
    MIME_PERMITIDOS,
    MedioRechazado,
    descargar_medio,
    estados_de_payload,
    mime_base,
    momento_de,
    que_hacer,
)
from atencion.models import Canal, MedioWhatsapp, MensajeSaliente, PerfilPyme, Ticket
from enlace import archivos, bitacora
from enlace.celery import publicar
from enlace.notificaciones.services import espera_tras_fallo, notificar

logger = logging.getLogger(__name__)

Estado = MedioWhatsapp.Estado
# A claim older than this belongs to a dead worker: the sweep takes the item back.
ARRIENDO_DESCARGA = timedelta(minutes=15)
ENTREGA_DE_META = {
    "sent": MensajeSaliente.Entrega.ENVIADO,
    "delivered": MensajeSaliente.Entrega.ENTREGADO,
    "read": MensajeSaliente.Entrega.LEIDO,
    "failed": MensajeSaliente.Entrega.FALLIDO,
}


# --- Media the customer sent -------------------------------------------------------------


def medio_registrar(*, interaccion, datos):
    """Record the media item of an inbound message (inside the caller's transaction); a file is fetched by
    Celery after commit, a location is complete as it is."""
    ubicacion = datos["tipo"] == MedioWhatsapp.Tipo.UBICACION
    medio = MedioWhatsapp.objects.create(
        interaccion=interaccion,
        pyme_id=interaccion.pyme_id,
        creado=interaccion.creado,
        estado=Estado.GUARDADO if ubicacion else Estado.PENDIENTE,
        **datos,
    )
    if not ubicacion:
        transaction.on_commit(partial(publicar, "atencion.tasks.descargar_medio", [medio.pk]), robust=True)
    return medio


def medio_descargar(medio_id):
    """Download one pending media item (claimed by a conditional UPDATE, so only once), check it and keep it.

    Returns the wait before the next attempt when it failed for a reason that may pass (network, 5xx, a
    corrupted transfer), else None: stored, refused for good (size, type, content) or out of attempts."""
    ahora = timezone.now()
    if not MedioWhatsapp.objects.filter(pk=medio_id, estado=Estado.PENDIENTE).update(
        estado=Estado.DESCARGANDO, reclamado_en=ahora
    ):
        return None
    medio = MedioWhatsapp.objects.select_related("interaccion").get(pk=medio_id)
    mio = MedioWhatsapp.objects.filter(pk=medio_id, estado=Estado.DESCARGANDO, reclamado_en=ahora)
    try:
        descargado = descargar_medio(medio.media_id, max_bytes=settings.ATENCION_WHATSAPP_MEDIO_MAX_BYTES)
        medio_guardar_contenido(medio, descargado.contenido, descargado.mime_type or medio.mime_type, mio=mio)
    except MedioRechazado as exc:
        _rechazar(medio, mio, str(exc))
        return None
    except Exception as exc:  # network, 5xx, checksum: retried with backoff, then given up
        intentos = medio.intentos + 1
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if intentos >= settings.ATENCION_WHATSAPP_MEDIO_MAX_INTENTOS:
            mio.update(estado=Estado.FALLIDO, intentos=intentos, reclamado_en=None, error=error)
            logger.warning("Medio de WhatsApp %s sin descargar tras %s intentos: %s", medio_id, intentos, exc)
            return None
        espera = espera_tras_fallo(intentos)
        mio.update(
            estado=Estado.PENDIENTE,
            intentos=intentos,
            reclamado_en=None,
            error=error,
            proximo_intento=timezone.now() + espera,
        )
        return espera
    return None


def medio_guardar_contenido(medio, contenido, mime_type, *, mio=None):
    """Check the bytes against the declared MIME type (``enlace.archivos``) and keep them in private storage.

    Raises MedioRechazado with the Spanish reason. ``mio`` is the claimed row (the download task's);
    without it (the demo) the row is updated as it is."""
    mime = mime_base(mime_type)
    if mime not in MIME_PERMITIDOS:
        raise MedioRechazado(
            f"WhatsApp lo declara «{mime or 'sin tipo'}», un tipo que no se guarda "
            "(se guardan fotos, audio, video MP4, PDF, Excel y texto)."
        )
    extension, tipo = MIME_PERMITIDOS[mime]
    archivo = ContentFile(contenido, name=f"{medio.pk}{extension}")
    try:
        archivos.validar_subida(archivo, tipos=[tipo], max_bytes=settings.ATENCION_WHATSAPP_MEDIO_MAX_BYTES)
    except ValidationError as exc:
        raise MedioRechazado(exc.messages[0]) from exc
    medio.archivo.save(archivo.name, archivo, save=False)
    nombre = medio.nombre or f"whatsapp-{medio.pk}"
    cambios = {
        "archivo": medio.archivo.name,
        "tamano": len(contenido),
        "mime_type": mime,
        "nombre": nombre.rsplit(".", 1)[0][:240] + extension,
        "estado": Estado.GUARDADO,
        "reclamado_en": None,
        "error": "",
        "descargado_en": timezone.now(),
    }
    filas = mio if mio is not None else MedioWhatsapp.objects.filter(pk=medio.pk)
    if not filas.update(**cambios):  # the claim was taken back meanwhile: the other attempt keeps its file
        medio.archivo.delete(save=False)


def _rechazar(medio, mio, motivo):
    with transaction.atomic():
        if not mio.update(estado=Estado.RECHAZADO, reclamado_en=None, error=motivo):
            return
        bitacora.registrar(
            tipo="atencion.whatsapp.medio_rechazado",
            objeto=medio.interaccion.ticket,
            organizacion=medio.pyme,
            datos={"medio": medio.pk, "tipo": medio.tipo, "motivo": motivo},
        )


def medios_barrer(*, lote=100):
    """Beat: take back stale claims and download the pending items that are due (the broker was down when
    the webhook published them, or a retry was lost). Returns how many were handled."""
    ahora = timezone.now()
    MedioWhatsapp.objects.filter(estado=Estado.DESCARGANDO, reclamado_en__lt=ahora - ARRIENDO_DESCARGA).update(
        estado=Estado.PENDIENTE, reclamado_en=None
    )
    ids = list(
        MedioWhatsapp.objects.filter(estado=Estado.PENDIENTE, proximo_intento__lte=ahora)
        .order_by("proximo_intento", "id")
        .values_list("id", flat=True)[:lote]
    )
    for medio_id in ids:
        medio_descargar(medio_id)
    return len(ids)


# --- Reactions and delivery statuses ----------------------------------------------------


def whatsapp_reaccion_registrar(*, pyme, mensaje_id, emoji):
    """Keep the customer's reaction on the message of ours it reacts to (an empty emoji takes it back).

    A reaction to anything else (its own message, one we never sent) is ignored. Returns True when kept."""
    if not mensaje_id:
        return False
    guardada = MensajeSaliente.objects.filter(pyme=pyme, canal=Canal.WHATSAPP, externo_id=mensaje_id).update(
        reaccion=emoji
    )
    if not guardada:
        logger.info("WhatsApp: reacción a %s, que no es un mensaje enviado por la PYME; ignorada.", mensaje_id)
    return bool(guardada)


def whatsapp_estados_registrar(*, payload):
    """Record each delivery status of a webhook payload on our message (by wamid), within the PYME of the
    number it came to. The state only moves up (✓ → ✓✓ → leído; fallido last), so repeats and late arrivals
    change nothing. A failure is flagged to the agent and logged. Returns how many messages changed."""
    pymes = {}
    cambiados = 0
    for numero, estado in estados_de_payload(payload):
        entrega = ENTREGA_DE_META.get(estado.get("status"))
        wamid = str(estado.get("id") or "")
        if entrega is None or not wamid:
            continue
        if numero not in pymes:
            perfil = PerfilPyme.objects.select_related("pyme").filter(whatsapp_phone_number_id=numero).first()
            pymes[numero] = perfil.pyme if perfil else None
        if pymes[numero] is not None and _registrar_estado(pymes[numero], wamid, entrega, estado):
            cambiados += 1
    return cambiados


def _registrar_estado(pyme, wamid, entrega, estado):
    with transaction.atomic():
        mensaje = (
            MensajeSaliente.objects.select_for_update()
            .filter(pyme=pyme, canal=Canal.WHATSAPP, externo_id=wamid)
            .first()
        )
        if mensaje is None:
            logger.info("WhatsApp: estado «%s» de %s, que no es un mensaje de la PYME; ignorado.", entrega, wamid)
            return False
        if MensajeSaliente.RANGO_ENTREGA[entrega] <= MensajeSaliente.RANGO_ENTREGA[mensaje.entrega]:
            return False
        mensaje.entrega = entrega
        mensaje.entrega_en = momento_de(estado.get("timestamp")) or timezone.now()
        campos = ["entrega", "entrega_en"]
        if entrega == MensajeSaliente.Entrega.FALLIDO:
            _copiar_error(mensaje, estado)
            campos += ["error_codigo", "error_titulo", "error_detalle"]
        mensaje.save(update_fields=campos)
        if entrega == MensajeSaliente.Entrega.FALLIDO:
            _avisar_no_entregado(mensaje)
        return True


def _copiar_error(mensaje, estado):
    errores = [e for e in estado.get("errors") or [] if isinstance(e, dict)]
    error = errores[0] if errores else {}
    try:
        mensaje.error_codigo = int(error.get("code"))
    except (TypeError, ValueError):
        mensaje.error_codigo = None
    mensaje.error_titulo = str(error.get("title") or error.get("message") or "Sin detalle de WhatsApp")[:250]
    detalle = (error.get("error_data") or {}).get("details") if isinstance(error.get("error_data"), dict) else None
    mensaje.error_detalle = str(detalle or error.get("message") or "")[:2000]


def _avisar_no_entregado(mensaje):
    """Bell for the ticket's agent (its gerentes when nobody has it) and an event, once per message."""
    ticket = Ticket.objects.select_related("agente").filter(pk=mensaje.ticket_id).first()
    codigo = mensaje.error_codigo if mensaje.error_codigo is not None else "sin código"
    if ticket is not None:
        destinatarios = [ticket.agente] if ticket.agente_id else selectors.gerentes_de(mensaje.pyme)
        notificar(
            destinatarios=destinatarios,
            titulo=f"WhatsApp no entregado: ticket #{ticket.pk}",
            cuerpo=(
                f"«{mensaje.cuerpo[:80]}» no llegó a {mensaje.destino} (error {codigo}: {mensaje.error_titulo}).\n"
                f"Qué hacer: {que_hacer(mensaje.error_codigo)}"
            ),
            enlace=reverse("atencion:ticket", args=[ticket.pk]),
            por_correo=False,
            clave=f"atencion-whatsapp-no-entregado-{mensaje.pk}",
        )
    bitacora.registrar(
        tipo="atencion.whatsapp.no_entregado",
        objeto=ticket if ticket is not None else mensaje,
        organizacion=mensaje.pyme,
        datos={
            "mensaje": mensaje.pk,
            "wamid": mensaje.externo_id,
            "codigo": mensaje.error_codigo,
            "titulo": mensaje.error_titulo,
        },
    )
