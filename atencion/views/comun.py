"""What the page modules share: who reaches each area, the page size and the table of offered actions."""

from collections.abc import Callable
from dataclasses import dataclass

from enlace import acciones_pagina

PERSONAL = ("director", "gerente_operaciones", "agente", "analista")
ATIENDEN = ("agente", "gerente_operaciones")
TODOS = (*PERSONAL, "pyme")
POR_PAGINA = 50


def acciones_ofrecidas(tabla, objeto, usuario, enviada=None):
    """{codigo: form or None} of the actions the page offers (templates look them up by code)."""
    return {accion.codigo: form for accion, form in acciones_pagina.ofrecidas(tabla, objeto, usuario, enviada=enviada)}


@dataclass(frozen=True)
class AccionEnEstado(acciones_pagina.AccionPagina):
    """A page action that is not a transition and applies only in some states of the object (work on an open
    ticket, editing a draft report): offered when ``aplica(objeto)`` and the user holds ``permiso``, as the
    service checks. The state is not part of the rule, since superusers pass every permission."""

    aplica: Callable = bool  # (objeto) -> bool

    def disponible(self, objeto, usuario):
        return self.aplica(objeto) and super().disponible(objeto, usuario)
