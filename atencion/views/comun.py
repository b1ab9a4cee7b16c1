"""What the page modules share: who reaches each area, the page size and the table of offered actions."""

from enlace import acciones_pagina

PERSONAL = ("director", "gerente_operaciones", "agente", "analista")
ATIENDEN = ("agente", "gerente_operaciones")
TODOS = (*PERSONAL, "pyme")
POR_PAGINA = 50


def acciones_ofrecidas(tabla, objeto, usuario, enviada=None):
    """{codigo: form or None} of the actions the page offers (templates look them up by code)."""
    return {accion.codigo: form for accion, form in acciones_pagina.ofrecidas(tabla, objeto, usuario, enviada=enviada)}
