"""Who may do what in Ventas Digitales (django-rules).

Only who (roles): the call-center roles handle solicitudes (``ATENDER``: the ``permission=`` of every
transition a user runs and of the console steps declared as ``acciones.Escritura`` in services.py), and only
the Responsable del Centro de Llamadas replaces the impediment table. When (the solicitud's state) is never a
rule here: it is the guards in models.py, which superusers do not bypass.
"""

import rules

from comercial.digitales.models import ATENDER, CERRAR_ORDEN, CONTROLAR_DIGITACION
from enlace import roles

IMPORTAR_IMPEDIMENTOS = "comercial_digitales.importar_impedimentos"
EDITAR_CATALOGO = "comercial.editar_catalogo"  # the shared COMTECO catalogue (comercial.models.Producto)


es_del_centro_de_llamadas = roles.con_rol("agente_digital", "responsable_call_center")
es_responsable_del_centro = roles.con_rol("responsable_call_center")
es_responsable_comteco = roles.con_rol("responsable_call_center", "responsable_empresas")
es_gestor_comercial = roles.con_rol("gestor_comercial")
cierra_ordenes = roles.con_rol("gestion_recursos", "responsable_call_center")


rules.add_perm(ATENDER, es_del_centro_de_llamadas)
rules.add_perm(IMPORTAR_IMPEDIMENTOS, es_responsable_del_centro)
rules.add_perm(EDITAR_CATALOGO, es_responsable_comteco)
rules.add_perm(CONTROLAR_DIGITACION, es_gestor_comercial)
rules.add_perm(CERRAR_ORDEN, cierra_ordenes)
