"""Reads every part of operaciones shares: the user's network and the active users with a role."""

from django.conf import settings

from enlace.models import Organizacion, Usuario

__all__ = ["red_de", "usuarios"]


def red_de(user):
    """The network (Organizacion tipo red) a user works in; asesores without concesionario get OPERACIONES_RED."""
    org = getattr(user, "organizacion", None)
    if org is not None:
        if org.tipo == Organizacion.Tipo.RED or org.padre_id is None:
            return org
        return org.padre
    return Organizacion.objects.filter(slug=settings.OPERACIONES_RED).first()


def usuarios(*roles_, **filtros):
    return Usuario.objects.filter(is_active=True, groups__name__in=roles_, **filtros).distinct()
