"""Models of ENROK, one module per sub-domain (see each module's docstring)."""

from atencion.models.campanas import *  # noqa: F403
from atencion.models.correo import *  # noqa: F403
from atencion.models.encuestas import *  # noqa: F403
from atencion.models.metricas import *  # noqa: F403
from atencion.models.pymes import *  # noqa: F403
from atencion.models.pymes import token_aleatorio
from atencion.models.reportes import *  # noqa: F403
from atencion.models.salida import *  # noqa: F403
from atencion.models.tickets import *  # noqa: F403
from atencion.models.whatsapp import *  # noqa: F403

# The migrations name the default of the random tokens ``atencion.models._token``.
_token = token_aleatorio
