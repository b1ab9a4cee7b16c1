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


@register.filter
def filtros_activos(form):
    """How many of a filter form's visible fields hold a value (the «Filtros» button's count)."""
    if not form.is_bound:
        return 0
    return sum(1 for campo in form.visible_fields() if form.data.get(campo.html_name) not in (None, ""))
