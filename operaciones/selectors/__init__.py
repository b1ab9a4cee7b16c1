"""Scoped reads of operaciones, one module per part of the operación."""

from operaciones.selectors.apartados import *  # noqa: F403
from operaciones.selectors.bandeja import *  # noqa: F403
from operaciones.selectors.cancelaciones import *  # noqa: F403
from operaciones.selectors.cierre import *  # noqa: F403
from operaciones.selectors.comisiones import *  # noqa: F403
from operaciones.selectors.comun import *  # noqa: F403
from operaciones.selectors.conversaciones import *  # noqa: F403
from operaciones.selectors.desempeno import *  # noqa: F403
from operaciones.selectors.entrega import *  # noqa: F403
from operaciones.selectors.inicio import *  # noqa: F403
from operaciones.selectors.negociacion import *  # noqa: F403
from operaciones.selectors.publicacion import *  # noqa: F403
from operaciones.selectors.supervision import *  # noqa: F403
from operaciones.selectors.tablero import *  # noqa: F403
from operaciones.selectors.tradein import *  # noqa: F403

# The apartado page's sections: each takes (user, apartado) and returns its part of the template context.
SECCIONES_APARTADO = [
    contexto_apartado_negociacion,  # noqa: F405
    contexto_apartado_cancelaciones,  # noqa: F405
    contexto_apartado_tradein,  # noqa: F405
    contexto_apartado_entrega,  # noqa: F405
    contexto_apartado_cierre,  # noqa: F405
    contexto_apartado_comisiones,  # noqa: F405
    contexto_apartado_conversacion,  # noqa: F405
]
