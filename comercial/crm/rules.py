"""Who does what in the CRM procedure (GC-PRO-05): the role predicates and the rules (django-rules).

The role predicates also drive what each user sees (``selectors.alcance``): the Líder CRM, the
gerente general and the coordinators see all of Carrazos, a gerente comercial their marcas, an
asesor their own prospects and activities.
"""

import rules

from enlace.roles import con_rol

VEN_TODO = ("lider_crm", "gerente_general_carrazos", "coordinador_mercadeo", "coordinador_calidad")


es_lider_crm = con_rol("lider_crm")
es_gerente_comercial = con_rol("gerente_comercial")
es_asesor_comercial = con_rol("asesor_comercial")
ve_todo = rules.is_superuser | con_rol(*VEN_TODO)  # the procedure's owner, management, marketing, quality
es_coordinador_calidad = con_rol("coordinador_calidad")
es_gerente_general = con_rol("gerente_general_carrazos")


# Activities 01 and 02: the Líder CRM verifies prospects (call) and activities (comment).
rules.add_perm("comercial_crm.validar_prospecto", es_lider_crm)
rules.add_perm("comercial_crm.validar_actividad", es_lider_crm)
rules.add_perm("comercial_crm.importar_spiga", es_lider_crm)
rules.add_perm("comercial_crm.enviar_avisos", es_lider_crm)
rules.add_perm("comercial_crm.ver_importaciones", ve_todo)
# Activity 03: indicators for management (every role of the procedure but the asesor).
rules.add_perm("comercial_crm.ver_indicadores", ve_todo | es_gerente_comercial)
# Quality follows up how timely the tools are filled in.
rules.add_perm("comercial_crm.ver_oportunidad", es_coordinador_calidad | es_lider_crm | es_gerente_general)
# The monthly targets per marca (the denominator of both indicators): the procedure's owner and the
# gerente general, who socialises the indicators; the others read them.
rules.add_perm("comercial_crm.editar_metas", es_lider_crm | es_gerente_general)
