"""What the service modules of ENROK share: the business error, the ticket lock and absolute links for
customers. Who may do a write that is not a transition, and when, is its Escritura (atencion.escrituras)."""

from django.conf import settings

from atencion.models import Ticket
from enlace.errores import ErrorNegocio


class ErrorAtencion(ErrorNegocio):
    """A business rule of ENROK refused the action; ``mensaje`` is shown to the user."""


def bloquear_ticket(ticket):
    return Ticket.objects.select_for_update().select_related("pyme", "cliente").get(pk=ticket.pk)


def url_absoluta(ruta):
    """A link for customers (emails, WhatsApp), who are outside the site."""
    return settings.ENLACE_URL_BASE.rstrip("/") + ruta
