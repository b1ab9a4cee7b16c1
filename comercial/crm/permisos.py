"""Who does what in the CRM procedure: role groups of GC-PRO-05 and their scope."""

from enlace.roles import tiene_rol

LIDER = ("lider_crm",)
ASESOR = ("asesor_comercial",)
GERENTE = ("gerente_comercial",)
VEN_TODO = ("lider_crm", "gerente_general_carrazos", "coordinador_mercadeo", "coordinador_calidad")
INDICADORES = (
    "lider_crm",
    "gerente_comercial",
    "gerente_general_carrazos",
    "coordinador_mercadeo",
    "coordinador_calidad",
)
OPORTUNIDAD = ("coordinador_calidad", "lider_crm", "gerente_general_carrazos")
TODOS = (*VEN_TODO, *ASESOR, *GERENTE)


def alcance(user):
    """ "todo" (the whole organisation), "marca" (a gerente's marcas), "propio" (an asesor) or "nada"."""
    if user.is_superuser or tiene_rol(user, *VEN_TODO):
        return "todo"
    if tiene_rol(user, *GERENTE):
        return "marca"
    if tiene_rol(user, *ASESOR):
        return "propio"
    return "nada"


def puede_validar(user):
    return user.is_superuser or tiene_rol(user, *LIDER)
