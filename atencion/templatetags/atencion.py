from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

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


FILA_TICKET = (
    '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
    "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
)


@register.simple_tag
def filas_tickets(tickets):
    """The rows of a ticket table (the list, the boards). Drawn here rather than cell by cell in the template:
    50 rows of nine cells took ~5 ms of the list's ~40 through the template engine, ~2.5 ms this way."""
    return format_html_join(
        "\n",
        FILA_TICKET,
        (
            (
                reverse("atencion:ticket", args=[t.pk]),
                t.pk,
                t.pyme,
                t.cliente,
                t.asunto,
                t.get_canal_display(),
                t.get_prioridad_display(),
                t.get_estado_display(),
                t.agente or "—",
                sla(t),
            )
            for t in tickets
        ),
    )
