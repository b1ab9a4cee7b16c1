"""Models of operaciones, one module per part of the operación (see each module's docstring)."""

from operaciones.models.apartados import *  # noqa: F403
from operaciones.models.cancelaciones import *  # noqa: F403
from operaciones.models.cierre import *  # noqa: F403
from operaciones.models.comisiones import *  # noqa: F403
from operaciones.models.conversaciones import *  # noqa: F403
from operaciones.models.desempeno import *  # noqa: F403
from operaciones.models.entrega import *  # noqa: F403
from operaciones.models.inventario import *  # noqa: F403
from operaciones.models.negociacion import *  # noqa: F403
from operaciones.models.publicacion import *  # noqa: F403
from operaciones.models.supervision import *  # noqa: F403
from operaciones.models.tradein import *  # noqa: F403
