"""(en construcción)"""


def contexto_apartado_tradein(user, apartado):
    """What the apartado page's «tradein» section needs (template operaciones/tradein/_apartado.html)."""
    return {}
