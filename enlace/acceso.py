"""Page-level access by role. Object-level visibility lives in ``visibles_para``."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from enlace import roles


def rol_requerido(*codigos):
    """Let in superusers and users holding one of the given roles; others get 403."""

    def decorador(vista):
        @login_required
        @wraps(vista)
        def envuelta(request, *args, **kwargs):
            if not (request.user.is_superuser or roles.tiene_rol(request.user, *codigos)):
                raise PermissionDenied("Su rol no tiene acceso a esta página.")
            return vista(request, *args, **kwargs)

        return envuelta

    return decorador


def modulo_requerido(inicio):
    """Let in the roles whose home is the given module landing (a URL name)."""
    return rol_requerido(*(rol.codigo for rol in roles.ROLES if rol.inicio == inicio))
