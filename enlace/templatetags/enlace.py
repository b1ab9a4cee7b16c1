from django import template

from enlace import dinero

register = template.Library()


@register.filter
def moneda(monto, codigo):
    """``{{ unidad.precio|moneda:"MXN" }}`` → ``$389,900.00 MXN``."""
    return dinero.formatear(monto, codigo)


@register.simple_tag(takes_context=True)
def con_pagina(context, numero):
    """The current query string with ``pagina`` replaced, so paging keeps the list's filters."""
    parametros = context["request"].GET.copy()
    parametros["pagina"] = numero
    return "?" + parametros.urlencode()
