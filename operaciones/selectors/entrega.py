"""(en construcción)"""


def contexto_apartado_entrega(user, apartado):
    """What the apartado page's «entrega» section needs (template operaciones/entrega/_apartado.html)."""
    return {}
