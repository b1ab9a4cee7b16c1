"""Forms of operaciones, one module per part of the operación."""

from operaciones.forms.apartados import *  # noqa: F403
from operaciones.forms.cierre import *  # noqa: F403
from operaciones.forms.comisiones import *  # noqa: F403
from operaciones.forms.conversaciones import *  # noqa: F403
from operaciones.forms.desempeno import *  # noqa: F403
from operaciones.forms.entrega import *  # noqa: F403
from operaciones.forms.negociacion import *  # noqa: F403
from operaciones.forms.publicacion import *  # noqa: F403
from operaciones.forms.supervision import *  # noqa: F403
from operaciones.forms.tradein import *  # noqa: F403
