"""Every business write of operaciones, one module per part of the operación.

Callers use ``from operaciones import services`` and ``services.<function>``; shared helpers are in
``operaciones.services.comun``."""

from operaciones.services.actividad import *  # noqa: F403
from operaciones.services.apartados import *  # noqa: F403
from operaciones.services.cancelaciones import *  # noqa: F403
from operaciones.services.cierre import *  # noqa: F403
from operaciones.services.comisiones import *  # noqa: F403
from operaciones.services.comun import *  # noqa: F403
from operaciones.services.conversaciones import *  # noqa: F403
from operaciones.services.desempeno import *  # noqa: F403
from operaciones.services.entrega import *  # noqa: F403
from operaciones.services.gerencia import *  # noqa: F403
from operaciones.services.inventario import *  # noqa: F403
from operaciones.services.negociacion import *  # noqa: F403
from operaciones.services.publicacion import *  # noqa: F403
from operaciones.services.supervision import *  # noqa: F403
from operaciones.services.tradein import *  # noqa: F403
