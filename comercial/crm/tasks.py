"""Celery tasks of the CRM procedure (thin: they call a service)."""

from celery import shared_task

from comercial.crm import services


@shared_task
def enviar_avisos_no_realizadas():
    """Daily sweep: one email per asesor listing their activities without follow-up (idempotent)."""
    return len(services.avisos_enviar(actor=None))
