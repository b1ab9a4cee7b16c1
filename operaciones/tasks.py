"""Scheduled jobs of operaciones (thin: each calls a service)."""

import logging

from celery import shared_task

from operaciones import services

logger = logging.getLogger(__name__)


@shared_task
def liberar_apartados_vencidos():
    """Every minute: Unidad Disponible for each apartado past its validation deadline (idempotent)."""
    liberados = services.apartados_liberar_vencidos()
    if liberados:
        logger.info("Unidad Disponible automática: %d apartado(s) liberados.", liberados)
    return liberados


@shared_task
def alertas_antiguedad():
    """Daily: one alert per unit at 60 and at 90 days in stock (idempotent)."""
    creadas = services.unidades_alertar_antiguedad()
    if creadas:
        logger.info("Alertas de antigüedad de inventario: %d creadas.", creadas)
    return creadas


# --- tradein ---

# --- cierre ---

# --- supervision ---


@shared_task
def actualizar_tramos():
    """Every minute: the bottleneck report's stage intervals from the events recorded since the last run."""
    insertados = services.tramos_actualizar()
    if insertados:
        logger.info("Tramos de etapa: %d nuevos.", insertados)
    return insertados


# --- conversaciones ---


@shared_task
def correo_mensajes_no_leidos():
    """Every minute: email each message still unread OPERACIONES_CORREO_SI_NO_LEIDO_MIN minutes later (once)."""
    enviados = services.mensajes_correo_no_leidos()
    if enviados:
        logger.info("Mensajes sin leer avisados por correo: %d.", enviados)
    return enviados
