"""(en construcción)"""


def contexto_apartado_negociacion(user, apartado):
    """What the apartado page's «negociacion» section needs (template operaciones/negociacion/_apartado.html)."""
    return {}


def faltantes_de_negociacion(apartado):
    """Spanish reasons the negotiation blocks the cierre (discount, financing, trade-in unresolved)."""
    return []


def precio_final_de(apartado):
    """The unit's price minus the approved discounts."""
    return apartado.unidad.precio
