"""Channels in: calls logged by the agent, WhatsApp messages and emails threaded into the customer's ticket."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from atencion import escrituras
from atencion.canales import (
    ASUNTOS_DE_MEDIO,
    ETIQUETA_RE,
    TIPOS_IGNORADOS,
    ids_de_cabecera,
    medio_de_mensaje,
    mensajes_de_payload,
    nuevo_message_id,
    reaccion_de_mensaje,
    texto_de_mensaje,
    ticket_de_asunto,
)
from atencion.models import Canal, Interaccion, PerfilPyme, Ticket
from atencion.services.campanas import cliente_baja_por_respuesta, es_pedido_de_baja
from atencion.services.comun import bloquear_ticket
from atencion.services.encuestas import encuesta_boton
from atencion.services.tickets import (
    cliente_de_contacto,
    registrar_contacto,
    ticket_crear,
    ticket_de_mensaje,
    ticket_resolver,
)
from atencion.services.whatsapp import medio_registrar, whatsapp_reaccion_registrar
from enlace import bitacora
from enlace.telefonos import region_de, telefono_de_whatsapp

logger = logging.getLogger(__name__)


def llamada_registrar(
    *, actor, pyme, telefono, nombre, asunto, motivo, prioridad, notas, duracion_segundos, resuelta=False, ahora=None
):
    """Log an inbound call as a new ticket attended by the agent (first response at once); optionally resolved.

    Raises AccionRechazada unless the actor attends tickets (escrituras.LLAMADA_REGISTRAR).
    """
    ahora = ahora or timezone.now()
    with transaction.atomic():
        escrituras.LLAMADA_REGISTRAR.exigir(pyme, actor)
        inicio = ahora - timedelta(seconds=duracion_segundos)
        ticket = ticket_crear(
            actor=actor,
            pyme=pyme,
            canal=Canal.LLAMADA,
            asunto=asunto,
            prioridad=prioridad,
            motivo=motivo,
            telefono=telefono,
            nombre=nombre,
            ahora=inicio,
        )
        ticket = bloquear_ticket(ticket)
        Interaccion.objects.create(
            ticket=ticket,
            pyme=pyme,
            canal=Canal.LLAMADA,
            direccion=Interaccion.Direccion.ENTRANTE,
            autor=actor,
            contenido=notas,
            duracion_segundos=duracion_segundos,
            creado=inicio,
        )
        registrar_contacto(ticket, actor=actor, ahora=inicio)
    if resuelta:
        ticket = ticket_resolver(actor=actor, ticket=ticket, ahora=ahora)
    return ticket


def llamada_agregar(*, actor, ticket, notas, duracion_segundos, ahora=None):
    """Log a follow-up call on an open ticket (counts as an agent contact).

    Raises AccionRechazada (see escrituras.LLAMADA_AGREGAR)."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        escrituras.LLAMADA_AGREGAR.exigir(ticket, actor)
        Interaccion.objects.create(
            ticket=ticket,
            pyme=ticket.pyme,
            canal=Canal.LLAMADA,
            direccion=Interaccion.Direccion.SALIENTE,
            autor=actor,
            contenido=notas,
            duracion_segundos=duracion_segundos,
            creado=ahora,
        )
        registrar_contacto(ticket, actor=actor, ahora=ahora)
        bitacora.registrar(
            tipo="atencion.ticket.llamada",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"duracion_segundos": duracion_segundos},
        )
        return ticket


def whatsapp_procesar(*, payload, ahora=None):
    """Thread each inbound WhatsApp message into its customer's open ticket (idempotent by message id).

    A reply button of a survey records the score; a photo, voice note, video, document or location is kept
    with its interaction (files are downloaded later by Celery); a reaction goes on the message it reacts to;
    a type we cannot show is recorded with a note for the agent. Returns the number of new interactions.
    """
    ahora = ahora or timezone.now()
    nuevas = 0
    for numero, mensaje, nombre in mensajes_de_payload(payload):
        mensaje_id = str(mensaje.get("id", ""))
        remitente = str(mensaje.get("from", ""))
        if not mensaje_id or not remitente or mensaje.get("type") in TIPOS_IGNORADOS:
            continue
        perfil = PerfilPyme.objects.select_related("pyme").filter(whatsapp_phone_number_id=numero).first()
        if perfil is None:
            logger.warning(
                "WhatsApp: phone_number_id %s sin PYME configurada; mensaje %s ignorado.", numero, mensaje_id
            )
            continue
        if (reaccion := reaccion_de_mensaje(mensaje)) is not None:
            whatsapp_reaccion_registrar(pyme=perfil.pyme, mensaje_id=reaccion[0], emoji=reaccion[1])
            continue
        telefono = telefono_de_whatsapp(remitente, region_de(perfil.pyme))
        texto, boton = texto_de_mensaje(mensaje)
        medio = medio_de_mensaje(mensaje)
        try:
            with transaction.atomic():
                if Interaccion.objects.filter(canal=Canal.WHATSAPP, externo_id=mensaje_id).exists():
                    continue
                if boton.startswith("csat:"):
                    encuesta_boton(perfil.pyme, telefono, boton, mensaje_id=mensaje_id, ahora=ahora)
                    nuevas += 1
                    continue
                cliente = cliente_de_contacto(perfil.pyme, telefono=telefono, nombre=nombre)
                if es_pedido_de_baja(texto):  # «BAJA»/«STOP»: an opt-out, not a case for an agent
                    cliente_baja_por_respuesta(cliente=cliente, mensaje_id=mensaje_id, ahora=ahora)
                    continue
                ticket = ticket_de_mensaje(
                    pyme=perfil.pyme,
                    cliente=cliente,
                    canal=Canal.WHATSAPP,
                    asunto=texto[:80] or (ASUNTOS_DE_MEDIO[medio["tipo"]] if medio else "Mensaje de WhatsApp"),
                    ahora=ahora,
                )
                interaccion = Interaccion.objects.create(
                    ticket=ticket,
                    pyme=perfil.pyme,
                    canal=Canal.WHATSAPP,
                    direccion=Interaccion.Direccion.ENTRANTE,
                    contenido=texto,
                    externo_id=mensaje_id,
                    creado=ahora,
                )
                if medio:
                    medio_registrar(interaccion=interaccion, datos=medio)
                nuevas += 1
        except IntegrityError:  # the same message id arriving twice at the same time
            logger.info("WhatsApp: mensaje %s duplicado.", mensaje_id)
    return nuevas


def correo_procesar(
    *, para, de, nombre="", asunto="", message_id="", in_reply_to="", references="", texto="", ahora=None
):
    """Thread an inbound email of the JSON webhook into its ticket (see ``correo_enhebrar``).

    Idempotent by Message-ID. Returns the ticket, or None when the address is not a PYME's or it was seen.
    """
    ahora = ahora or timezone.now()
    perfil = PerfilPyme.objects.select_related("pyme").filter(correo_entrada__iexact=para.strip()).first()
    if perfil is None or not de:
        return None
    with transaction.atomic():
        interaccion = correo_enhebrar(
            pyme=perfil.pyme,
            de=de,
            nombre=nombre,
            asunto=asunto,
            message_id=message_id.strip() or nuevo_message_id("entrante"),
            in_reply_to=in_reply_to,
            references=references,
            texto=texto,
            ahora=ahora,
        )
        return interaccion.ticket if interaccion else None


def correo_enhebrar(*, pyme, de, nombre, asunto, message_id, in_reply_to, references, texto, ahora):
    """Thread one inbound email of ``pyme``: by In-Reply-To/References, then the [ENROK-n] tag, else the
    customer's open ticket or a new one. Shared by the webhook and the IMAP poller; runs in the caller's
    transaction. Returns the new Interaccion, or None when that Message-ID was already received."""
    if Interaccion.objects.filter(canal=Canal.CORREO, externo_id=message_id).exists():
        return None
    referencias = ids_de_cabecera(in_reply_to) + ids_de_cabecera(references)
    ticket = None
    if referencias:
        previa = (
            Interaccion.objects.filter(pyme=pyme, canal=Canal.CORREO, externo_id__in=referencias)
            .select_related("ticket")
            .order_by("-creado")
            .first()
        )
        ticket = previa.ticket if previa else None
    if ticket is None:
        folio = ticket_de_asunto(asunto)
        if folio:
            ticket = Ticket.objects.filter(pk=folio, pyme=pyme, canal=Canal.CORREO).first()
    if ticket is not None and ticket.estado == Ticket.Estado.CERRADO:
        ticket = None
    cliente = ticket.cliente if ticket else cliente_de_contacto(pyme, correo=de, nombre=nombre)
    ticket = ticket_de_mensaje(
        pyme=pyme,
        cliente=cliente,
        canal=Canal.CORREO,
        asunto=ETIQUETA_RE.sub("", asunto).strip() or "Correo sin asunto",
        ahora=ahora,
        ticket=ticket,
    )
    return Interaccion.objects.create(
        ticket=ticket,
        pyme=pyme,
        canal=Canal.CORREO,
        direccion=Interaccion.Direccion.ENTRANTE,
        contenido=texto,
        externo_id=message_id,
        creado=ahora,
    )


# --- Surveys and follow-ups ------------------------------------------------------------
