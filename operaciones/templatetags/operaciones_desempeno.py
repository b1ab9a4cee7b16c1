from django import template

register = template.Library()


@register.filter
def dias_horas(segundos):
    """A duration in seconds as «3 d 4 h» (or «—» when there is none)."""
    if segundos is None:
        return "—"
    horas = int(segundos // 3600)
    dias, horas = divmod(horas, 24)
    return f"{dias} d {horas} h" if dias else f"{horas} h"
