from django import template

from enlace import dinero

register = template.Library()


@register.filter
def moneda(monto, codigo):
    """``{{ unidad.precio|moneda:"MXN" }}`` → ``$389,900.00 MXN``."""
    return dinero.formatear(monto, codigo)
