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


@rules.predicate
def es_asesor_del_apartado(user, apartado):
    return apartado is not None and roles.tiene_rol(user, "asesor") and apartado.asesor_id == user.pk


rules.add_rule("operaciones.solicitar_descuento", es_cop | es_asesor_del_apartado)
rules.add_rule("operaciones.enviar_financiamiento", es_cop | es_asesor_del_apartado)

# --- tradein ---


def _responde_por(user, concesionario_id):
    return (
        roles.tiene_rol(user, *CONFIRMAN) and concesionario_id is not None and user.organizacion_id == concesionario_id
    )


@rules.predicate
def responde_por_a(user, trade_in):
    return trade_in is not None and _responde_por(user, trade_in.concesionario_a_id)


@rules.predicate
def responde_por_b(user, trade_in):
    return trade_in is not None and _responde_por(user, trade_in.concesionario_b_id)


rules.add_rule("operaciones.responder_trade_in_a", responde_por_a)
rules.add_rule("operaciones.responder_trade_in_b", responde_por_b)

# --- entrega ---


@rules.predicate
def es_asesor_de_la_operacion(user, apartado):
    return apartado is not None and apartado.asesor_id == user.pk


@rules.predicate
def es_webmaster_de_la_tarea(user, tarea):
    """A webmaster of the unit's concesionario, on a photo/video request."""
    return (
        tarea is not None
        and tarea.tipo == "fotos_videos"
        and roles.tiene_rol(user, "webmaster")
        and tarea.unidad.concesionario_id == user.organizacion_id
    )


rules.add_rule("operaciones.manejar_expediente", es_cop | es_asesor_de_la_operacion | es_dueno_de_la_unidad)
rules.add_rule("operaciones.completar_tarea", es_cop | es_webmaster_de_la_tarea)

# --- cierre ---
rules.add_rule("operaciones.cerrar_operacion", es_cop)

# --- comisiones ---
GERENTES_COMISIONES = ("gerente_general", "gerente_ventas", "gerente_financiera")


@rules.predicate
def es_gerente_comisiones(user):
    """Concesionario staff who see their concesionario's commissions and download the report."""
    return roles.tiene_rol(user, *GERENTES_COMISIONES)


rules.add_rule("operaciones.ver_tablero_comisiones", es_cop | es_gerente_comisiones)
rules.add_rule("operaciones.gestionar_comisiones", es_cop)

# --- desempeno ---
rules.add_rule("operaciones.registrar_coaching", es_cop)
rules.add_rule("operaciones.ver_coaching", es_cop | es_asesor)

# --- supervision ---
rules.add_rule("operaciones.retirar_unidad", es_cop | confirma_en_el_concesionario)
