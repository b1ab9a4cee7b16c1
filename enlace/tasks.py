"""Celery tasks of the core app: thin wrappers that take ids and call services."""

import logging

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from enlace.documentos import preparados
from enlace.models import CorreoSaliente
from enlace.notificaciones import services as notificaciones

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def enviar_correo(*correo_ids):
    """Send the outbox emails one commit wrote (up to ``ENLACE_CORREOS_POR_TAREA``) over one SMTP connection;
    a no-op for those already sent or held by someone else. Messages of one id, as queued before, still work."""
    notificaciones.enviar_correos(correo_ids)


@shared_task(ignore_result=True)
def barrer_bandeja_salida():
    """Beat job: send what is still pending (broker or SMTP outages, lost tasks)."""
    return notificaciones.barrer_bandeja_salida()


@shared_task(ignore_result=True)
def latido():
    """Beat job: one log line a minute proves beat and a worker are alive."""
    pendientes = CorreoSaliente.objects.filter(estado=CorreoSaliente.Estado.PENDIENTE).count()
    logger.info("latido de beat: %s, %d correos pendientes", timezone.now().isoformat(timespec="seconds"), pendientes)
    return pendientes


@shared_task(ignore_result=True)
def limpiar_sesiones():
    """Daily beat job: delete expired sessions."""
    call_command("clearsessions")


@shared_task(ignore_result=True)
def preparar_pdf(pk):
    """Render one PDF asked for by a user (enlace.documentos.preparados)."""
    preparados.generar(pk)


@shared_task(ignore_result=True)
def barrer_pdf_preparados():
    """Beat job: re-queue forgotten PDFs and delete old ones."""
    preparados.barrer()
