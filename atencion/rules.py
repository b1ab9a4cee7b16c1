"""Who may do what in ENROK (django-rules): each rule once, checked with ``user.has_perm("atencion.<regla>", obj)``.

The rules say WHO (roles) and nothing else: which rows a user reaches at all is ``visibles_para`` (404), and
WHEN a row's state allows an action is a guard (``enlace.acciones.condicion``): the transitions' sources and
conditions on the models, the other writes' conditions in ``atencion.escrituras``. Superusers pass every
permission (Django) but never a guard. Predicates take the user only, so django-fsm's ``user.has_perm(perm)``
without an object answers the same.
"""

import rules

from enlace.roles import con_rol

es_director = con_rol("director")
es_gerente_operaciones = con_rol("gerente_operaciones")
es_agente = con_rol("agente")
es_analista = con_rol("analista")


es_personal_enrok = es_director | es_gerente_operaciones | es_agente | es_analista
atienden_tickets = es_agente | es_gerente_operaciones

# Tickets: the agents and their gerente attend them (transitions, calls, replies, notes, classification,
# escalation, assignment, reminders; the work needs an open ticket: escrituras.ticket_abierto).
rules.add_perm("atencion.atender_ticket", atienden_tickets)
# ENROK's own information: internal notes, scripts, SLA warnings, per-agent metrics.
rules.add_perm("atencion.ver_interno", es_personal_enrok)
# Onboarding and protocol of a PYME (profile, hours, SLA targets, reasons, scripts, activation).
rules.add_perm("atencion.configurar_pyme", es_director | es_gerente_operaciones)
# Executive reports: the analyst drafts them (while a draft or returned: escrituras.reporte_editable), the
# Gerente de Operaciones validates or returns them.
rules.add_perm("atencion.elaborar_reporte", es_analista)
rules.add_perm("atencion.validar_reporte", es_gerente_operaciones)
# Loyalty campaigns.
rules.add_perm("atencion.gestionar_campanas", es_gerente_operaciones | es_analista)
# Suspending a client PYME (and reactivating it) is the director's commercial decision.
rules.add_perm("atencion.suspender_pyme", es_director)
