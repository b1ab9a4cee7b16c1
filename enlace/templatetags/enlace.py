from django import template
from django.utils.html import format_html

from enlace import dinero, eventos
from enlace.orden import PARAMETRO

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
def miles(entero):
    """``{{ 12345|miles }}`` → ``12.345``."""
    return dinero.miles(entero)


@register.simple_tag(takes_context=True)
def th_orden(context, clave, etiqueta):
    """A sortable header: ``{% th_orden "precio" "Precio" %}``, the list's ``orden`` (enlace.orden) in context.

    The link keeps the filters, goes back to page 1 and flips the direction of the current column."""
    orden = context.get("orden")
    if orden is None:  # the same table on a page that does not sort it
        return format_html("<th>{}</th>", etiqueta)
    activa = orden.clave == clave
    parametros = context["request"].GET.copy()
    parametros.pop("pagina", None)
    parametros[PARAMETRO] = f"-{clave}" if activa and not orden.descendente else clave
    if activa:
        flecha, aria = ("▼", "descending") if orden.descendente else ("▲", "ascending")
        return format_html(
            '<th aria-sort="{}"><a href="?{}" class="orden orden-activa">{} '
            '<span aria-hidden="true">{}</span></a></th>',
            aria,
            parametros.urlencode(),
            etiqueta,
            flecha,
        )
    return format_html('<th><a href="?{}" class="orden">{}</a></th>', parametros.urlencode(), etiqueta)


@register.filter
def nombre_evento(tipo):
    """``{{ evento.tipo|nombre_evento }}`` → «Alerta de antigüedad» (enlace.eventos)."""
    return eventos.nombre_evento(tipo)


@register.filter
def filtros_activos(form):
    """How many of a filter form's visible fields hold a value (the «Filtros» button's count)."""
    if not form.is_bound:
        return 0
    return sum(1 for campo in form.visible_fields() if form.data.get(campo.html_name) not in (None, ""))
