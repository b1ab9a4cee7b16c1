"""Scoped reads of ENROK, one module per sub-domain."""

from atencion.selectors.campanas import *  # noqa: F403
from atencion.selectors.indicadores import *  # noqa: F403
from atencion.selectors.inicio import *  # noqa: F403
from atencion.selectors.pymes import *  # noqa: F403
from atencion.selectors.reportes import *  # noqa: F403
from atencion.selectors.tickets import *  # noqa: F403
