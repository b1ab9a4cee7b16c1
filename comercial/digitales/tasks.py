from celery import shared_task

from comercial.digitales import services


@shared_task
def recordar_pendientes():
    """Hourly: remind agents of follow-ups and QC calls that fell due (idempotent)."""
    return services.recordatorios_enviar()
