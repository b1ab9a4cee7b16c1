from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.filter
def sla(ticket):
    """The ticket's SLA state as a coloured label; ``data-vence`` lets static/js/sla.js count it down."""
    estado = ticket.estado_sla()
    if estado.vence is None:
        return format_html('<span class="sla sla-{}">{}</span>', estado.nivel, estado.texto)
    vence = timezone.localtime(estado.vence)
    return format_html(
        '<span class="sla sla-{}" data-vence="{}" title="Vence el {}">{}</span>',
        estado.nivel,
        vence.isoformat(),
        vence.strftime("%d/%m/%Y %H:%M"),
        estado.texto,
    )
