"""(en construcción)"""


def comision_crear_lineas_de_cierre(apartado, *, actor):
    """Create the commission lines of a closed operación (inside the cierre's transaction; idempotent)."""
    return []
