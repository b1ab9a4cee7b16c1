"""Who does what in the CRM procedure (GC-PRO-05): the role predicates and the rules (django-rules).

The role predicates also drive what each user sees (``selectors.alcance``): the Líder CRM, the
gerente general and the coordinators see all of Carrazos, a gerente comercial their marcas, an
asesor their own prospects and activities.
"""

import rules

from enlace.roles import tiene_rol

VEN_TODO = ("lider_crm", "gerente_general_carrazos", "coordinador_mercadeo", "coordinador_calidad")


@rules.predicate
def es_lider_crm(user):
    return tiene_rol(user, "lider_crm")


@rules.predicate
def es_gerente_comercial(user):
    return tiene_rol(user, "gerente_comercial")


@rules.predicate
def es_asesor_comercial(user):
    return tiene_rol(user, "asesor_comercial")


@rules.predicate
def ve_todo(user):
    """Sees every prospect and activity of Carrazos (the procedure's owner, management, marketing, quality)."""
    return user.is_superuser or tiene_rol(user, *VEN_TODO)


@rules.predicate
def es_coordinador_calidad(user):
    return tiene_rol(user, "coordinador_calidad")


@rules.predicate
def es_gerente_general(user):
    return tiene_rol(user, "gerente_general_carrazos")


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
