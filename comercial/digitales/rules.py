"""Who may do what in Ventas Digitales (django-rules).

The call-center roles handle solicitudes: every transition a user runs names ``ATENDER`` in its
``permission=``, and the console's steps that are not transitions are checked with it too. Only the
Responsable del Centro de Llamadas replaces the impediment table.
"""

import rules

from comercial.digitales.models import ATENDER
from enlace import roles

IMPORTAR_IMPEDIMENTOS = "comercial_digitales.importar_impedimentos"


@rules.predicate
def es_del_centro_de_llamadas(user):
    return roles.tiene_rol(user, "agente_digital", "responsable_call_center")


@rules.predicate
def es_responsable_del_centro(user):
    return roles.tiene_rol(user, "responsable_call_center")


rules.add_perm(ATENDER, es_del_centro_de_llamadas)
rules.add_perm(IMPORTAR_IMPEDIMENTOS, es_responsable_del_centro)
