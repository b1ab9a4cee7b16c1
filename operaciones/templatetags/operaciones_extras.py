from django import template

register = template.Library()


@register.filter
def duracion(valor):
    """A timedelta as «5 h 12 min» (or «vencido» at zero)."""
    if valor is None:
        return "—"
    minutos = int(valor.total_seconds() // 60)
    if minutos <= 0:
        return "vencido"
    horas, minutos = divmod(minutos, 60)
    return f"{horas} h {minutos:02d} min" if horas else f"{minutos} min"
