"""(en construcción)"""


def contexto_apartado_cierre(user, apartado):
    """What the apartado page's «cierre» section needs (template operaciones/cierre/_apartado.html)."""
    return {}
