from django.core.paginator import Paginator

from enlace.models import Notificacion

POR_PAGINA = 30


def notificaciones_no_leidas(user):
    """How many unread notifications the user has (one COUNT query)."""
    return Notificacion.objects.visibles_para(user).no_leidas().count()


def pagina_notificaciones(user, numero=None, *, por_pagina=POR_PAGINA):
    """One page of the user's notifications, newest first: a COUNT and a SELECT, whatever the page size."""
    notificaciones = Notificacion.objects.visibles_para(user).order_by("-creada", "-id")
    return Paginator(notificaciones, por_pagina).get_page(numero)
