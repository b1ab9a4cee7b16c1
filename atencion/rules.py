"""Who may do what in ENROK (django-rules): each rule once, checked with ``user.has_perm("atencion.<regla>", obj)``.

Predicates are None-safe: django-fsm also asks ``user.has_perm(perm)`` without an object, and an object
predicate then answers False. Superusers pass every permission (Django). Which rows a user reaches at
all is ``visibles_para`` (404); these rules say what the user may do with them.
"""

import rules

from enlace.roles import tiene_rol


@rules.predicate
def es_director(user):
    return tiene_rol(user, "director")


@rules.predicate
def es_gerente_operaciones(user):
    return tiene_rol(user, "gerente_operaciones")


@rules.predicate
def es_agente(user):
    return tiene_rol(user, "agente")


@rules.predicate
def es_analista(user):
    return tiene_rol(user, "analista")


@rules.predicate
def ticket_abierto(user, ticket):
    return ticket is not None and ticket.abierto


@rules.predicate
def reporte_editable(user, reporte):
    return reporte is not None and reporte.editable


es_personal_enrok = es_director | es_gerente_operaciones | es_agente | es_analista
atienden_tickets = es_agente | es_gerente_operaciones

# Tickets: the agents and their gerente attend them (transitions, calls); replying, notes, calls,
# classifying, escalating, assigning and reminders only while the ticket is open.
rules.add_perm("atencion.atender_ticket", atienden_tickets)
rules.add_perm("atencion.trabajar_ticket", atienden_tickets & ticket_abierto)
# ENROK's own information: internal notes, scripts, SLA warnings, per-agent metrics.
rules.add_perm("atencion.ver_interno", es_personal_enrok)
# Onboarding and protocol of a PYME (profile, hours, SLA targets, reasons, scripts, activation).
rules.add_perm("atencion.configurar_pyme", es_director | es_gerente_operaciones)
# Executive reports: the analyst drafts them, the Gerente de Operaciones validates or returns them.
rules.add_perm("atencion.elaborar_reporte", es_analista)
rules.add_perm("atencion.editar_reporte", es_analista & reporte_editable)
rules.add_perm("atencion.validar_reporte", es_gerente_operaciones)
# Loyalty campaigns.
rules.add_perm("atencion.gestionar_campanas", es_gerente_operaciones | es_analista)
