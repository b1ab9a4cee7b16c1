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


@register.filter
def horas_desde(momento):
    """Hours from ``momento`` until now, with one decimal and a decimal comma: «1,5 h» («—» without one)."""
    if momento is None:
        return "—"
    from django.utils import timezone

    horas = max((timezone.now() - momento).total_seconds(), 0) / 3600
    return f"{horas:.1f}".replace(".", ",") + " h"


@register.filter
def estado_de(valor, modelo):
    """The Spanish label of an annotated state value: ``{{ fila.descuento_estado|estado_de:"descuento" }}``."""
    from operaciones.models import LineaComision, SolicitudDescuento, SolicitudFinanciamiento

    estados = {
        "descuento": SolicitudDescuento.Estado,
        "comision": LineaComision.Estado,
        "financiamiento": SolicitudFinanciamiento.Estado,
    }[modelo]
    return dict(estados.choices).get(valor, "—")


@register.filter
def tarea_de_tipo(tareas, tipo):
    """The latest task of ``tipo`` in an already loaded list (a cancelled one only if there is no other)."""
    del_tipo = [t for t in tareas if t.tipo == tipo]
    vigentes = [t for t in del_tipo if t.estado != "cancelada"]
    return (vigentes or del_tipo or [None])[-1]
