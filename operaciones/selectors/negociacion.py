"""(en construcción)"""


def contexto_apartado_negociacion(user, apartado):
    """What the apartado page's «negociacion» section needs (template operaciones/negociacion/_apartado.html)."""
    return {}
