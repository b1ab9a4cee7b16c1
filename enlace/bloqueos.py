"""Login lockouts: per account from any address, and per address across accounts."""

from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum


class ManejadorBloqueos(AxesDatabaseHandler):
    """Axes compares one failure count with one limit (AXES_FAILURE_LIMIT, the account's).

    The address has its own, larger limit: once reached, its count is reported as the account
    limit so that axes locks every login from that address.
    """

    def get_failures(self, request, credentials=None):
        por_cuenta, por_direccion = (
            intentos.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for intentos in self.get_user_attempts(request, credentials)
        )
        if por_direccion >= settings.AXES_LIMITE_POR_DIRECCION:
            return max(por_cuenta, settings.AXES_FAILURE_LIMIT)
        return por_cuenta

    def reset_user_attempts(self, request, credentials=None):
        """A success clears the account's failures only: one valid account must not wipe a spray."""
        por_cuenta = self.filter_user_attempts(request, credentials)[0]
        return por_cuenta.delete()[0]


def desbloquear_cuenta(usuario):
    """Clear the account's failures (a password reset proves the owner)."""
    reset(username=usuario.get_username().lower())
