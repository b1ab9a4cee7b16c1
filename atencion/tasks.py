"""Celery tasks of ENROK: thin wrappers that call services (ids in, state re-read)."""

from celery import shared_task

from atencion import services
from atencion.models import BuzonImap


@shared_task(ignore_result=True)
def enviar_mensaje(mensaje_id):
    """Send one outbound WhatsApp/email message; a no-op if already sent or claimed."""
    return services.mensaje_enviar(mensaje_id)


@shared_task(ignore_result=True)
def barrer_mensajes():
    """Beat: send pending outbound messages (broker or provider outages)."""
    return services.mensajes_barrer()


@shared_task(bind=True, ignore_result=True, max_retries=None)
def descargar_medio(self, medio_id):
    """Download a photo, voice note or document a customer sent by WhatsApp; retried with backoff (the row
    counts the attempts and gives up after ``ATENCION_WHATSAPP_MEDIO_MAX_INTENTOS``); a no-op once stored."""
    espera = services.medio_descargar(medio_id)
    if espera is not None:
        raise self.retry(countdown=espera.total_seconds())


@shared_task(ignore_result=True)
def barrer_medios():
    """Beat: download the WhatsApp media still pending (broker down when published, lost retries)."""
    return services.medios_barrer()


@shared_task(ignore_result=True)
def barrer_sla():
    """Beat: raise SLA warnings and breaches once each."""
    return services.sla_barrer()


@shared_task(ignore_result=True)
def enviar_seguimientos():
    """Beat: send the due post-sale follow-ups."""
    return services.seguimientos_enviar()


@shared_task(ignore_result=True)
def enviar_campanas():
    """Beat: send the due loyalty campaigns."""
    return services.campanas_enviar()


@shared_task(ignore_result=True)
def recalcular_metricas():
    """Beat: rebuild the daily metrics roll-up of the last closed days (idempotent)."""
    return services.metricas_recalcular()


@shared_task(ignore_result=True)
def sondear_buzones():
    """Beat: queue one poll per active IMAP mailbox."""
    return services.buzones_sondear()


@shared_task(ignore_result=True)
def sondear_buzon(buzon_id):
    """Fetch and ingest a mailbox's new messages; a no-op if it was deactivated or removed."""
    buzon = BuzonImap.objects.filter(pk=buzon_id, activo=True).first()
    if buzon is None:
        return None
    return services.buzon_sondear(buzon=buzon).ingresados
