"""Who may do what in Ventas Equipo Empresas (django-rules; autodiscovered): roles and ownership only.

Each rule is checked with ``user.has_perm("comercial_empresas.<regla>", objeto)`` by the runner (the
transitions' ``permission=``) and by the ``acciones.Escritura`` of each write that is not a transition
(its service and its page). When a write may happen (the object's state) is never a rule: it is a
condition of the transition or of the Escritura, so a superuser, who passes every rule (Django), is held
to it too. Predicates answer False without an object where they need one (django-fsm also asks
``user.has_perm(perm)`` with no object). Organisation-wide writes take the organisation as their object.
"""

import rules

from enlace import roles

es_responsable = roles.con_rol("responsable_empresas")
es_ejecutivo = roles.con_rol("ejecutivo_empresas")
es_gestor_comercial = roles.con_rol("gestor_comercial")
es_gestion_recursos = roles.con_rol("gestion_recursos")


@rules.predicate
def es_del_equipo(user):
    """Any role of the module (the same ones ``modulo_requerido`` lets in); each page shows a role only the
    companies and sales in its scope."""
    return roles.tiene_rol(user, *(rol.codigo for rol in roles.ROLES if rol.inicio == "comercial:empresas:inicio"))


es_ejecutivo_de_la_venta = roles.es_el("ejecutivo", "ejecutivo_empresas")
es_ejecutivo_de_la_empresa = roles.es_el("ejecutivo", "ejecutivo_empresas")
es_gestor_comercial_de_la_venta = roles.es_el("gestor_comercial", "gestor_comercial")
es_gestor_tecnico_de_la_venta = roles.es_el("gestor_tecnico", "gestor_tecnico")


# --- Transitions of the sale (permission= of Venta) and of the work order ---------------------------

rules.add_perm("comercial_empresas.avanzar_venta", es_ejecutivo_de_la_venta)
rules.add_perm("comercial_empresas.dar_vobo", es_responsable)
rules.add_perm("comercial_empresas.gestionar_digitacion", es_gestor_comercial_de_la_venta)
# Any gestor comercial: that it is not who typed the sale is a condition of the transition.
rules.add_perm("comercial_empresas.controlar_digitacion", es_gestor_comercial)
rules.add_perm("comercial_empresas.gestionar_ordenes", es_gestor_tecnico_de_la_venta)
rules.add_perm("comercial_empresas.cerrar_orden", es_gestion_recursos)
# The hand-off to Venta de Productos/Servicios (CUM-04): the Responsable follows it with that unit.
rules.add_perm("comercial_empresas.atender_derivacion", es_responsable)

# --- Writes that are not transitions (the permiso= of each acciones.Escritura of the services) -------

rules.add_perm("comercial_empresas.editar_proyecto", es_ejecutivo_de_la_venta)
rules.add_perm("comercial_empresas.adjuntar_documento", es_del_equipo)
rules.add_perm("comercial_empresas.iniciar_venta", es_ejecutivo_de_la_empresa)
rules.add_perm("comercial_empresas.registrar_empresa", es_ejecutivo | es_responsable)
rules.add_perm("comercial_empresas.agregar_contacto", es_del_equipo)
rules.add_perm("comercial_empresas.registrar_interaccion", es_del_equipo)
rules.add_perm("comercial_empresas.asignar_cartera", es_responsable)
rules.add_perm("comercial_empresas.planificar", es_responsable)
rules.add_perm("comercial_empresas.emitir_informe_ejecutivo", es_ejecutivo)
rules.add_perm("comercial_empresas.analizar_informe", es_responsable)
rules.add_perm("comercial_empresas.emitir_informe_responsable", es_responsable)
rules.add_perm("comercial_empresas.gestionar_facturacion", es_responsable)
rules.add_perm("comercial_empresas.priorizar", es_responsable | es_ejecutivo_de_la_empresa)
rules.add_perm("comercial_empresas.priorizar_derivacion", es_responsable)
rules.add_perm("comercial_empresas.gestionar_tipos_orden", es_responsable)
