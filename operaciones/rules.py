"""Who may do what in operaciones: django-rules predicates and the permissions built from them.

Every permission is checked with ``user.has_perm("operaciones.<regla>", obj)``: by the action layer for
a transition (its ``permission=``), by an ``acciones.Escritura`` (``operaciones.escrituras``) for a write
that is not a transition, and by the pages to decide what they offer. Rules say WHO only (roles and
ownership): WHEN (the object's state) is a guard declared with ``acciones.condicion``, because Django lets
a superuser pass every permission. Object predicates take (user, obj) and answer False when obj is None
(django-fsm also asks ``user.has_perm(perm)`` without the object).
This module imports no model: it reads the objects through their fields and relations.
"""

import rules

from enlace import roles

GERENTES = ("gerente_general", "gerente_ventas", "gerente_financiera", "webmaster")
CONFIRMAN = ("gerente_ventas", "gerente_general")
GERENTES_COMISIONES = ("gerente_general", "gerente_ventas", "gerente_financiera")
ROLES_OPERACIONES = ("cop", "asesor", *GERENTES)

# --- Roles -------------------------------------------------------------------------------------


es_cop = rules.is_superuser | roles.con_rol("cop")
es_asesor = roles.con_rol("asesor")
es_concesionario = roles.con_rol(*GERENTES)
es_de_operaciones = rules.is_superuser | roles.con_rol(*ROLES_OPERACIONES)
es_gerente_comisiones = roles.con_rol(*GERENTES_COMISIONES)  # see the commissions and download the report
es_gerente_general = roles.con_rol("gerente_general")


# --- Who, on an object -----------------------------------------------------------------------


def _trabaja_en(user, concesionario_id, roles_):
    return (
        user.is_authenticated
        and concesionario_id is not None
        and user.organizacion_id == concesionario_id
        and roles.tiene_rol(user, *roles_)
    )


def _concesionario_de(obj):
    """The owning concesionario of a Unidad, or of the unit of an Apartado or an AlertaAntiguedad."""
    concesionario_id = getattr(obj, "concesionario_id", None)
    if concesionario_id is None and hasattr(obj, "unidad"):
        concesionario_id = obj.unidad.concesionario_id
    return concesionario_id


@rules.predicate
def es_dueno_de_la_unidad(user, obj):
    """A gerente (or webmaster) of the concesionario that owns the unit."""
    return obj is not None and _trabaja_en(user, _concesionario_de(obj), GERENTES)


@rules.predicate
def confirma_en_el_concesionario(user, obj):
    """The gerente de ventas or general of the concesionario that owns the unit."""
    return obj is not None and _trabaja_en(user, _concesionario_de(obj), CONFIRMAN)


@rules.predicate
def es_asesor_del_apartado(user, apartado):
    return apartado is not None and apartado.asesor_id == user.pk and roles.tiene_rol(user, "asesor")


def _apartado_de(obj):
    """The apartado itself, or the apartado a request (discount, financing, cancellation) hangs from."""
    return getattr(obj, "apartado", obj)


@rules.predicate
def vende_en_el_concesionario(user, solicitud):
    """The gerente de ventas of the concesionario that owns the unit of the request's operación."""
    return solicitud is not None and _trabaja_en(user, _apartado_de(solicitud).concesionario_id, ("gerente_ventas",))


@rules.predicate
def financia_en_el_concesionario(user, obj):
    """The gerente de financiera of the concesionario that owns the unit of the operación (or of its request)."""
    return obj is not None and _trabaja_en(user, _apartado_de(obj).concesionario_id, ("gerente_financiera",))


@rules.predicate
def es_asesor_de_la_operacion(user, obj):
    """The asesor of the operación an apartado is, or a request hangs from."""
    return obj is not None and es_asesor_del_apartado(user, _apartado_de(obj))


@rules.predicate
def responde_por_a(user, trade_in):
    return trade_in is not None and _trabaja_en(user, trade_in.concesionario_a_id, CONFIRMAN)


@rules.predicate
def responde_por_b(user, trade_in):
    return trade_in is not None and _trabaja_en(user, trade_in.concesionario_b_id, CONFIRMAN)


@rules.predicate
def es_webmaster_de_la_tarea(user, tarea):
    """A webmaster of the unit's concesionario, on a photo/video request."""
    return (
        tarea is not None
        and tarea.tipo == "fotos_videos"
        and _trabaja_en(user, tarea.unidad.concesionario_id, ("webmaster",))
    )


@rules.predicate
def participa_en_la_conversacion(user, apartado):
    """The operación's conversation: the network's COP, its asesor, the owning concesionario's people and,
    on a Trade-In, concesionario A's people."""
    if apartado is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if roles.tiene_rol(user, "cop"):
        return user.organizacion_id is not None and apartado.concesionario.padre_id == user.organizacion_id
    if apartado.asesor_id == user.pk and roles.tiene_rol(user, "asesor"):
        return True
    if _trabaja_en(user, apartado.concesionario_id, GERENTES):
        return True
    trade_in = getattr(apartado, "trade_in", None)
    return trade_in is not None and _trabaja_en(user, trade_in.concesionario_a_id, GERENTES)


@rules.predicate
def trabaja_en_el_concesionario(user, concesionario):
    """A gerente or webmaster of this concesionario (an Organizacion): publishes its units."""
    return concesionario is not None and _trabaja_en(user, concesionario.pk, GERENTES)


@rules.predicate
def es_webmaster_de_la_unidad(user, obj):
    """The webmaster of the concesionario that owns the unit (or the unit of a proposed change)."""
    return obj is not None and _trabaja_en(user, _concesionario_de(obj), ("webmaster",))


@rules.predicate
def es_gerente_general_del_concesionario(user, obj):
    """The gerente general of the object's concesionario (an escalation, a notice)."""
    return obj is not None and _trabaja_en(user, obj.concesionario_id, ("gerente_general",))


@rules.predicate
def es_cop_de_la_red(user, obj):
    """COP staff of the network the object's concesionario belongs to."""
    if obj is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        roles.tiene_rol(user, "cop")
        and user.organizacion_id is not None
        and obj.concesionario.padre_id == user.organizacion_id
    )


# --- Transitions (their ``permission=``) --------------------------------------------------------

rules.add_perm("operaciones.confirmar_disponibilidad", confirma_en_el_concesionario)
rules.add_perm("operaciones.registrar_confirmacion", es_cop)
rules.add_perm("operaciones.validar_apartado", es_cop)
rules.add_perm("operaciones.liberar_apartado", es_cop)
rules.add_perm("operaciones.cancelar_apartado", es_cop)
rules.add_perm("operaciones.cerrar_operacion", es_cop)
rules.add_perm("operaciones.retirar_unidad", es_cop | confirma_en_el_concesionario | es_webmaster_de_la_unidad)
rules.add_perm("operaciones.reactivar_unidad", es_cop)
rules.add_perm("operaciones.negociar_descuento", es_cop)
rules.add_perm("operaciones.responder_descuento", vende_en_el_concesionario)
rules.add_perm("operaciones.decidir_contraoferta", es_cop | es_asesor_de_la_operacion)
rules.add_perm("operaciones.resolver_financiamiento", es_cop | financia_en_el_concesionario)
rules.add_perm("operaciones.segunda_oferta", es_cop)
rules.add_perm("operaciones.responder_trade_in_a", responde_por_a)
rules.add_perm("operaciones.responder_trade_in_b", responde_por_b)
rules.add_perm("operaciones.trabajar_tarea", es_cop | es_webmaster_de_la_tarea)
rules.add_perm("operaciones.cancelar_tarea", es_cop)
rules.add_perm("operaciones.coordinar_seguro", es_cop)
rules.add_perm("operaciones.gestionar_comisiones", es_cop)
rules.add_perm("operaciones.revisar_retiro", es_cop)
rules.add_perm("operaciones.responder_escalamiento", es_gerente_general_del_concesionario)
rules.add_perm("operaciones.validar_cambio_unidad", es_webmaster_de_la_unidad)
rules.add_perm("operaciones.resolver_escalamiento", es_gerente_general_del_concesionario | es_cop_de_la_red)

# --- Writes that are not transitions (who; when is in ``operaciones.escrituras``) ---------------------

rules.add_perm("operaciones.apartar", es_asesor)
rules.add_perm("operaciones.subir_foto", es_cop | es_dueno_de_la_unidad)
rules.add_perm("operaciones.registrar_estrategia", es_cop | es_dueno_de_la_unidad)
rules.add_perm("operaciones.publicar_unidad", trabaja_en_el_concesionario)
rules.add_perm("operaciones.proponer_cambio_unidad", es_dueno_de_la_unidad)
rules.add_perm("operaciones.solicitar_descuento", es_cop | es_asesor_del_apartado)
rules.add_perm("operaciones.enviar_financiamiento", es_cop | es_asesor_del_apartado | financia_en_el_concesionario)
rules.add_perm("operaciones.solicitar_cancelacion", es_asesor_del_apartado)
rules.add_perm("operaciones.activar_trade_in", es_cop)
rules.add_perm("operaciones.revisar_trade_in", es_cop)
rules.add_perm("operaciones.subir_archivo_trade_in", es_cop)
rules.add_perm("operaciones.manejar_expediente", es_cop | es_asesor_del_apartado | es_dueno_de_la_unidad)
rules.add_perm("operaciones.confirmar_pago", es_cop)
rules.add_perm("operaciones.registrar_factura", es_cop)
rules.add_perm("operaciones.coordinar_entrega", es_cop)
rules.add_perm("operaciones.coordinar_tareas", es_cop)
rules.add_perm("operaciones.cambiar_lugar_entrega", es_cop | es_asesor_del_apartado)
rules.add_perm("operaciones.gestionar_directorio", es_cop)
rules.add_perm("operaciones.registrar_coaching", es_cop)
rules.add_perm("operaciones.escribir_mensaje", participa_en_la_conversacion)
rules.add_perm("operaciones.escalar_operacion", es_cop_de_la_red)
rules.add_perm("operaciones.enviar_aviso_avance", es_cop)
# The client answers the survey without an account: whoever holds its link (the token is the secret).
rules.add_perm("operaciones.responder_encuesta", rules.always_allow)

# --- Reading ----------------------------------------------------------------------------------

rules.add_perm("operaciones.ver_historial_unidad", es_cop | es_dueno_de_la_unidad)
rules.add_perm("operaciones.ver_tablero_comisiones", es_cop | es_gerente_comisiones)
rules.add_perm("operaciones.ver_conversacion", participa_en_la_conversacion)
# The Trade-In's photos and documents: the COP and those who answer it (gerentes general and de ventas of A and B).
rules.add_perm("operaciones.ver_archivos_trade_in", es_cop | responde_por_a | responde_por_b)
rules.add_perm("operaciones.ver_financiamientos", es_cop | roles.con_rol("gerente_financiera"))
