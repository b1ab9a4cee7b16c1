"""Every business write of ENROK, one module per sub-domain.

Callers use ``from atencion import services`` and ``services.<function>``; the refusal messages are in
``atencion.mensajes`` (also reachable as ``services.MSG_…``)."""

from atencion.mensajes import *  # noqa: F403
from atencion.services.campanas import *  # noqa: F403
from atencion.services.canales import *  # noqa: F403
from atencion.services.comun import *  # noqa: F403
from atencion.services.correo import *  # noqa: F403
from atencion.services.encuestas import *  # noqa: F403
from atencion.services.metricas import *  # noqa: F403
from atencion.services.pymes import *  # noqa: F403
from atencion.services.reportes import *  # noqa: F403
from atencion.services.salida import *  # noqa: F403
from atencion.services.sla import *  # noqa: F403
from atencion.services.tickets import *  # noqa: F403
from atencion.services.whatsapp import *  # noqa: F403
