"""Role predicates and per-object rules of operaciones (django-rules).

Object rules take (user, obj). The ``puede_*`` functions with (instance, user)
are the ``permission=`` callables of the FSM transitions.
"""

import rules

from enlace import roles

GERENTES = ("gerente_general", "gerente_ventas", "gerente_financiera", "webmaster")
CONFIRMAN = ("gerente_ventas", "gerente_general")
ROLES_OPERACIONES = ("cop", "asesor", *GERENTES)


@rules.predicate
def es_cop(user):
    return user.is_superuser or roles.tiene_rol(user, "cop")


@rules.predicate
def es_asesor(user):
    return roles.tiene_rol(user, "asesor")


@rules.predicate
def es_concesionario(user):
    return roles.tiene_rol(user, *GERENTES)


@rules.predicate
def es_de_operaciones(user):
    return user.is_superuser or roles.tiene_rol(user, *ROLES_OPERACIONES)


@rules.predicate
def es_dueno_de_la_unidad(user, obj):
    """The user works at the concesionario that owns the unit (obj: Unidad, Apartado or AlertaAntiguedad)."""
    if obj is None or not user.is_authenticated or user.organizacion_id is None:
        return False
    concesionario_id = getattr(obj, "concesionario_id", None)
    if concesionario_id is None and hasattr(obj, "unidad"):
        concesionario_id = obj.unidad.concesionario_id
    return roles.tiene_rol(user, *GERENTES) and concesionario_id == user.organizacion_id


@rules.predicate
def confirma_en_el_concesionario(user, obj):
    return roles.tiene_rol(user, *CONFIRMAN) and es_dueno_de_la_unidad(user, obj)


rules.add_rule("operaciones.apartar", es_asesor)
rules.add_rule("operaciones.validar_apartado", es_cop)
rules.add_rule("operaciones.liberar_apartado", es_cop)
rules.add_rule("operaciones.cancelar_apartado", es_cop)
rules.add_rule("operaciones.confirmar_disponibilidad", es_cop | confirma_en_el_concesionario)
rules.add_rule("operaciones.registrar_estrategia", es_cop | es_dueno_de_la_unidad)
rules.add_rule("operaciones.subir_foto", es_cop | es_dueno_de_la_unidad)
rules.add_rule("operaciones.ver_historial_unidad", es_cop | es_dueno_de_la_unidad)


def puede_validar_apartado(instance, user):
    return rules.test_rule("operaciones.validar_apartado", user, instance)


def puede_liberar_apartado(instance, user):
    return rules.test_rule("operaciones.liberar_apartado", user, instance)


def puede_cancelar_apartado(instance, user):
    return rules.test_rule("operaciones.cancelar_apartado", user, instance)


# --- negociacion ---

# --- tradein ---

# --- entrega ---

# --- cierre ---

# --- comisiones ---

# --- desempeno ---

# --- supervision ---
