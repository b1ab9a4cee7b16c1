"""(en construcción)"""


def contexto_apartado_comisiones(user, apartado):
    """What the apartado page's «comisiones» section needs (template operaciones/comisiones/_apartado.html)."""
    return {}
