"""The outbox of messages to customers: written with the change, published to Celery after commit, sent
once (claimed by a conditional UPDATE) and retried by the sweep."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from atencion.canales import enviar_correo, enviar_whatsapp, nuevo_message_id, payload_texto
from atencion.models import Canal, MensajeSaliente, PerfilPyme
from enlace.celery import publicar
from enlace.notificaciones.services import espera_tras_fallo

logger = logging.getLogger(__name__)


def encolar(*, pyme, ticket, canal, destino, cuerpo, asunto="", payload=None, cabeceras=None, clave=""):
    """Write an outbound message to the channel outbox; it is published to Celery after commit."""
    if clave and MensajeSaliente.objects.filter(canal=canal, destino=destino, clave=clave).exists():
        return None
    mensaje = MensajeSaliente.objects.create(
        pyme=pyme,
        ticket=ticket,
        canal=canal,
        destino=destino,
        cuerpo=cuerpo,
        asunto=asunto[:250],
        payload=payload or {},
        cabeceras=cabeceras or {},
        clave=clave,
    )
    transaction.on_commit(partial(_publicar, mensaje.pk), robust=True)
    return mensaje


def _publicar(mensaje_id):
    publicar("atencion.tasks.enviar_mensaje", [mensaje_id])


def enviar_a_cliente(*, pyme, cliente, canal, texto, asunto, clave, ticket=None):
    """Send a text to a customer on a channel it can be reached on (WhatsApp if configured, else email)."""
    perfil = PerfilPyme.objects.filter(pyme=pyme).first()
    if canal in (Canal.WHATSAPP, Canal.LLAMADA) and cliente.telefono and perfil and perfil.canal_whatsapp:
        return encolar(
            pyme=pyme,
            ticket=ticket,
            canal=Canal.WHATSAPP,
            destino=cliente.telefono,
            cuerpo=texto,
            payload=payload_texto(cliente.telefono, texto),
            clave=clave,
        )
    if cliente.correo:
        return encolar(
            pyme=pyme,
            ticket=ticket,
            canal=Canal.CORREO,
            destino=cliente.correo,
            asunto=asunto,
            cuerpo=texto,
            cabeceras={"Message-ID": nuevo_message_id(ticket.pk if ticket else 0)},
            clave=clave,
        )
    return None


def mensaje_enviar(mensaje_id):
    """Send one outbound message if pending (claimed by a conditional UPDATE). Returns True when sent."""
    ahora = timezone.now()
    if not MensajeSaliente.objects.filter(
        pk=mensaje_id, estado=MensajeSaliente.Estado.PENDIENTE, proximo_intento__lte=ahora
    ).update(estado=MensajeSaliente.Estado.ENVIANDO, reclamado_en=ahora):
        return False
    mensaje = MensajeSaliente.objects.select_related("pyme").get(pk=mensaje_id)
    mio = MensajeSaliente.objects.filter(pk=mensaje.pk, estado=MensajeSaliente.Estado.ENVIANDO, reclamado_en=ahora)
    try:
        if mensaje.canal == Canal.WHATSAPP:
            perfil = PerfilPyme.objects.get(pyme=mensaje.pyme)
            externo = enviar_whatsapp(perfil.whatsapp_phone_number_id, mensaje.payload)
        else:
            perfil = PerfilPyme.objects.filter(pyme=mensaje.pyme).first()
            externo = enviar_correo(
                para=mensaje.destino,
                asunto=mensaje.asunto,
                cuerpo=mensaje.cuerpo,
                cabeceras=mensaje.cabeceras,
                responder_a=perfil.correo_entrada if perfil else "",
            )
    except Exception as exc:  # network, HTTP status, SMTP: retried with backoff by the sweep
        intentos = mensaje.intentos + 1
        agotado = intentos >= settings.ATENCION_MENSAJES_MAX_INTENTOS
        mio.update(
            estado=MensajeSaliente.Estado.FALLIDO if agotado else MensajeSaliente.Estado.PENDIENTE,
            intentos=intentos,
            reclamado_en=None,
            ultimo_error=f"{type(exc).__name__}: {exc}"[:2000],
            proximo_intento=timezone.now() + espera_tras_fallo(intentos),
        )
        logger.warning("Mensaje %s (%s) no enviado: %s", mensaje.pk, mensaje.canal, exc)
        return False
    mio.update(
        estado=MensajeSaliente.Estado.ENVIADO,
        enviado_en=timezone.now(),
        intentos=mensaje.intentos + 1,
        externo_id=externo or "",
        ultimo_error="",
    )
    return True


def mensajes_barrer(*, lote=200):
    """Send the pending messages that are due (and release claims older than 15 minutes)."""
    ahora = timezone.now()
    MensajeSaliente.objects.filter(
        estado=MensajeSaliente.Estado.ENVIANDO, reclamado_en__lt=ahora - timedelta(minutes=15)
    ).update(estado=MensajeSaliente.Estado.PENDIENTE, reclamado_en=None)
    ids = list(
        MensajeSaliente.objects.filter(estado=MensajeSaliente.Estado.PENDIENTE, proximo_intento__lte=ahora)
        .order_by("proximo_intento", "id")
        .values_list("id", flat=True)[:lote]
    )
    return sum(1 for i in ids if mensaje_enviar(i))


# --- Executive reports -----------------------------------------------------------------
