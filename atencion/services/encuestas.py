"""Satisfaction surveys (sent when a ticket is resolved, answered once by a signed link or a WhatsApp
button) and post-sale follow-ups (the satisfaction confirmation and appointment reminders)."""

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from atencion import escrituras
from atencion.canales import nuevo_message_id, payload_botones
from atencion.mensajes import (
    MSG_CITA_PASADA,
    MSG_ENCUESTA_EXPIRADA,
    MSG_ENCUESTA_INVALIDA,
    MSG_ENCUESTA_RESPONDIDA,
    MSG_ENCUESTA_SIN_CANAL,
    MSG_ENCUESTA_SIN_CONTACTO,
    MSG_ENCUESTA_VALORES,
)
from atencion.models import Canal, Encuesta, Interaccion, PerfilPyme, Seguimiento
from atencion.services.comun import ErrorAtencion, bloquear_ticket, url_absoluta
from atencion.services.salida import encolar, enviar_a_cliente
from enlace import bitacora

logger = logging.getLogger(__name__)

SAL_ENCUESTA = "atencion.encuesta"


def token_encuesta(encuesta):
    return signing.dumps({"e": encuesta.pk, "n": encuesta.nonce}, salt=SAL_ENCUESTA)


def encuesta_de_token(token):
    """The survey of a signed token; raises ErrorAtencion when tampered with or unknown."""
    try:
        datos = signing.loads(token, salt=SAL_ENCUESTA)
        return Encuesta.objects.select_related("ticket", "pyme").get(pk=datos["e"], nonce=datos["n"])
    except (signing.BadSignature, Encuesta.DoesNotExist, KeyError, TypeError):
        raise ErrorAtencion(MSG_ENCUESTA_INVALIDA) from None


def enviar_encuesta(ticket, *, ahora):
    """Create the ticket's survey (once) and send it on the ticket's channel; schedule the confirmation.

    A suspended PYME's tickets get no survey (None)."""
    perfil = PerfilPyme.objects.filter(pyme=ticket.pyme).first()
    if perfil is not None and perfil.suspendida:
        return None
    dias = settings.ATENCION_ENCUESTA_DIAS
    encuesta, creada = Encuesta.objects.get_or_create(
        ticket=ticket,
        defaults={
            "pyme": ticket.pyme,
            "agente": ticket.agente,
            "canal": ticket.canal,
            "enviada_en": ahora,
            "expira_en": ahora + timedelta(days=dias),
        },
    )
    if not creada:
        return encuesta
    enlace = url_absoluta(reverse("atencion:encuesta", args=[token_encuesta(encuesta)]))
    texto = (
        f"Hola {ticket.cliente.nombre or ''}, gracias por contactar a {ticket.pyme}. "
        f"¿Cómo calificarías la atención recibida? Responde la encuesta (1 minuto): {enlace}"
    )
    por_whatsapp = bool(
        ticket.cliente.telefono and perfil and perfil.canal_whatsapp and ticket.canal in (Canal.WHATSAPP, Canal.LLAMADA)
    )
    if por_whatsapp:
        botones = [
            (f"csat:{encuesta.pk}:5", "Excelente"),
            (f"csat:{encuesta.pk}:3", "Regular"),
            (f"csat:{encuesta.pk}:1", "Mala"),
        ]
        encolar(
            pyme=ticket.pyme,
            ticket=ticket,
            canal=Canal.WHATSAPP,
            destino=ticket.cliente.telefono,
            cuerpo=texto,
            payload=payload_botones(ticket.cliente.telefono, texto, botones),
            clave=f"encuesta-{encuesta.pk}",
        )
    elif ticket.cliente.correo:
        encolar(
            pyme=ticket.pyme,
            ticket=ticket,
            canal=Canal.CORREO,
            destino=ticket.cliente.correo,
            asunto=f"¿Cómo te atendimos? {ticket.etiqueta}",
            cuerpo=texto,
            cabeceras={"Message-ID": nuevo_message_id(ticket.pk)},
            clave=f"encuesta-{encuesta.pk}",
        )
    else:
        return _no_enviable(encuesta, ticket)
    horas = settings.ATENCION_CONFIRMACION_HORAS
    Seguimiento.objects.get_or_create(
        ticket=ticket,
        tipo=Seguimiento.Tipo.CONFIRMACION,
        defaults={
            "pyme": ticket.pyme,
            "cliente": ticket.cliente,
            "canal": ticket.canal,
            "programado_para": ahora + timedelta(hours=horas),
            "mensaje": f"Hola, somos {ticket.pyme}. ¿Quedó resuelto tu caso «{ticket.asunto}»? "
            "Responde este mensaje si necesitas algo más.",
        },
    )
    bitacora.registrar(
        tipo="atencion.encuesta.enviada",
        actor=None,
        objeto=encuesta,
        organizacion=ticket.pyme,
        datos={"canal": encuesta.canal, "expira_en": encuesta.expira_en},
    )
    return encuesta


def _no_enviable(encuesta, ticket):
    """No channel reaches the customer: say so on the survey (counted apart) rather than pretend it went."""
    encuesta.no_enviable_motivo = MSG_ENCUESTA_SIN_CONTACTO if not ticket.cliente.telefono else MSG_ENCUESTA_SIN_CANAL
    encuesta.save(update_fields=["no_enviable_motivo"])
    bitacora.registrar(
        tipo="atencion.encuesta.no_enviable",
        actor=None,
        objeto=encuesta,
        organizacion=ticket.pyme,
        datos={"motivo": encuesta.no_enviable_motivo},
    )
    return encuesta


def encuesta_responder(*, token, csat, nps, comentario="", ahora=None):
    """Record the answer of a survey once. Raises ErrorAtencion when invalid, expired, answered or out of range."""
    ahora = ahora or timezone.now()
    encuesta = encuesta_de_token(token)
    if csat is None or nps is None or not (1 <= int(csat) <= 5) or not (0 <= int(nps) <= 10):
        raise ErrorAtencion(MSG_ENCUESTA_VALORES)
    with transaction.atomic():
        encuesta = Encuesta.objects.select_for_update().get(pk=encuesta.pk)
        _encuesta_vigente(encuesta, ahora)
        encuesta.csat, encuesta.nps, encuesta.comentario = int(csat), int(nps), (comentario or "")[:2000]
        encuesta.respondida_en = ahora
        encuesta.save(update_fields=["csat", "nps", "comentario", "respondida_en"])
        bitacora.registrar(
            tipo="atencion.encuesta.respondida",
            actor=None,
            objeto=encuesta,
            organizacion=encuesta.pyme,
            datos={"csat": encuesta.csat, "nps": encuesta.nps},
        )
        return encuesta


def _encuesta_vigente(encuesta, ahora):
    if encuesta.respondida_en is not None:
        raise ErrorAtencion(MSG_ENCUESTA_RESPONDIDA)
    if encuesta.expira_en <= ahora:
        raise ErrorAtencion(MSG_ENCUESTA_EXPIRADA)


def encuesta_boton(pyme, telefono, boton, *, mensaje_id, ahora):
    """A WhatsApp reply button ``csat:<survey>:<score>`` from the ticket's own customer records CSAT."""
    try:
        _, encuesta_id, valor = boton.split(":")
        encuesta = (
            Encuesta.objects.select_for_update()
            .select_related("ticket__cliente")
            .get(pk=int(encuesta_id), pyme=pyme, ticket__cliente__telefono=telefono)
        )
        valor = int(valor)
    except (ValueError, Encuesta.DoesNotExist):
        logger.warning("WhatsApp: botón de encuesta inválido %r de %s.", boton, telefono)
        return None
    Interaccion.objects.create(
        ticket=encuesta.ticket,
        pyme=pyme,
        canal=Canal.WHATSAPP,
        direccion=Interaccion.Direccion.ENTRANTE,
        contenido=f"Encuesta: {valor}",
        externo_id=mensaje_id,
        creado=ahora,
    )
    if encuesta.respondida_en is not None or encuesta.expira_en <= ahora or not 1 <= valor <= 5:
        return None
    encuesta.csat = valor
    encuesta.respondida_en = ahora
    encuesta.save(update_fields=["csat", "respondida_en"])
    bitacora.registrar(
        tipo="atencion.encuesta.respondida",
        actor=None,
        objeto=encuesta,
        organizacion=pyme,
        datos={"csat": valor, "canal": "whatsapp"},
    )
    return encuesta


def cita_recordatorio_programar(*, actor, ticket, cita, horas_antes=24, ahora=None):
    """Schedule an appointment reminder for the customer of an open ticket ``horas_antes`` before ``cita``.

    Raises ErrorAtencion for a past appointment; AccionRechazada for a ticket that is not open or an actor who
    does not attend tickets (escrituras.CITA_RECORDATORIO_PROGRAMAR).
    """
    ahora = ahora or timezone.now()
    if cita <= ahora:
        raise ErrorAtencion(MSG_CITA_PASADA)
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        escrituras.CITA_RECORDATORIO_PROGRAMAR.exigir(ticket, actor)
        local = cita.astimezone(ZoneInfo(ticket.pyme.zona_horaria))
        seguimiento = Seguimiento.objects.create(
            pyme=ticket.pyme,
            ticket=ticket,
            cliente=ticket.cliente,
            tipo=Seguimiento.Tipo.RECORDATORIO_CITA,
            canal=ticket.canal if ticket.canal != Canal.LLAMADA else Canal.WHATSAPP,
            programado_para=max(cita - timedelta(hours=horas_antes), ahora),
            creado_por=actor,
            mensaje=f"Te recordamos tu cita en {ticket.pyme} el {local:%d/%m/%Y a las %H:%M}. ¡Te esperamos!",
        )
        bitacora.registrar(
            tipo="atencion.seguimiento.programado",
            actor=actor,
            objeto=seguimiento,
            organizacion=ticket.pyme,
            datos={"cita": cita},
        )
        return seguimiento


def seguimientos_enviar(*, ahora=None, lote=200):
    """Send the due post-sale follow-ups (a confirmation is skipped if the survey was answered). Idempotent."""
    ahora = ahora or timezone.now()
    enviados = 0
    with transaction.atomic():
        candidatos = Seguimiento.objects.filter(enviado_en__isnull=True, cancelado=False, programado_para__lte=ahora)
        if connection.features.has_select_for_update_skip_locked:
            candidatos = candidatos.select_for_update(skip_locked=True, of=("self",))
        for seg in candidatos.select_related("pyme", "cliente", "ticket").order_by("programado_para")[:lote]:
            respondida = Encuesta.objects.filter(ticket_id=seg.ticket_id, respondida_en__isnull=False).exists()
            if seg.tipo == Seguimiento.Tipo.CONFIRMACION and respondida:
                seg.cancelado = True
                seg.save(update_fields=["cancelado"])
                continue
            enviar_a_cliente(
                pyme=seg.pyme,
                cliente=seg.cliente,
                canal=seg.canal,
                texto=seg.mensaje,
                asunto=f"{seg.get_tipo_display()} · {seg.pyme}",
                clave=f"seguimiento-{seg.pk}",
                ticket=seg.ticket,
            )
            seg.enviado_en = ahora
            seg.save(update_fields=["enviado_en"])
            enviados += 1
    return enviados
