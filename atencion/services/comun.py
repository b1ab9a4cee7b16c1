"""What the service modules of ENROK share: the business error, the permission check of writes that are
not transitions, the ticket lock and absolute links for customers."""

from django.conf import settings

from atencion.mensajes import MSG_SIN_PERMISO, MSG_TRANSICION
from atencion.models import Ticket
from enlace.errores import ErrorNegocio


class ErrorAtencion(ErrorNegocio):
    """A business rule of ENROK refused the action; ``mensaje`` is shown to the user."""


def exigir_permiso(actor, regla, objeto=None, *, accion):
    """Refuse a write that is not a transition unless ``actor`` holds rules permission ``regla``.

    ``actor=None`` is the system (webhooks, beat), always allowed. Raises ErrorAtencion naming ``accion``.
    """
    if actor is not None and not actor.has_perm(regla, objeto):
        raise ErrorAtencion(MSG_SIN_PERMISO.format(accion=accion))


def bloquear_ticket(ticket):
    return Ticket.objects.select_for_update().select_related("pyme", "cliente").get(pk=ticket.pk)


def exigir_ticket_abierto(actor, ticket, *, accion):
    """Work on a ticket (reply, note, call, classify, escalate, assign, reminder) needs it open and the
    ``atencion.atender_ticket`` permission. Raises ErrorAtencion saying which one failed."""
    if not ticket.abierto:
        raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
    exigir_permiso(actor, "atencion.atender_ticket", ticket, accion=accion)


def url_absoluta(ruta):
    """A link for customers (emails, WhatsApp), who are outside the site."""
    return settings.ENLACE_URL_BASE.rstrip("/") + ruta
