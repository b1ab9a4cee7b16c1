"""The writes of ENROK that are not transitions, each declared once (``enlace.acciones.Escritura``).

WHO is a rules permission (``atencion/rules.py``: roles only); WHEN are the guards below, with their Spanish
reasons. The service calls ``<ESCRITURA>.exigir(objeto, actor)`` after locking the row; the page offers the
action with ``escritura=`` exactly when ``motivo`` is None. The state stays out of the rules on purpose:
Django lets a superuser pass every permission, never a guard.
"""

from atencion.mensajes import (
    MSG_REPORTE_NO_EDITABLE,
    MSG_REPORTE_NO_EN_VALIDACION,
    MSG_SIN_PERMISO,
    MSG_TICKET_NO_ABIERTO,
)
from enlace.acciones import Escritura, condicion

ATENDER = "atencion.atender_ticket"
CONFIGURAR = "atencion.configurar_pyme"
ELABORAR = "atencion.elaborar_reporte"
VALIDAR = "atencion.validar_reporte"
CAMPANAS = "atencion.gestionar_campanas"


@condicion(lambda ticket: MSG_TICKET_NO_ABIERTO.format(estado=ticket.get_estado_display()))
def ticket_abierto(ticket):
    return ticket.abierto


@condicion(lambda reporte: MSG_REPORTE_NO_EDITABLE.format(estado=reporte.get_estado_display()))
def reporte_editable(reporte):
    return reporte.editable


@condicion(lambda reporte: MSG_REPORTE_NO_EN_VALIDACION.format(estado=reporte.get_estado_display()))
def reporte_en_validacion(reporte):
    return reporte.estado == reporte.Estado.EN_VALIDACION


def _escritura(permiso, accion, *condiciones):
    return Escritura(permiso=permiso, condiciones=condiciones, sin_permiso=MSG_SIN_PERMISO.format(accion=accion))


# The agent's work on a ticket (objeto: the ticket), and a call logged as a new ticket (objeto: the PYME).
TICKET_RESPONDER = _escritura(ATENDER, "Responder al cliente", ticket_abierto)
TICKET_NOTA = _escritura(ATENDER, "Nota interna", ticket_abierto)
TICKET_CLASIFICAR = _escritura(ATENDER, "Clasificar", ticket_abierto)
TICKET_ESCALAR = _escritura(ATENDER, "Escalar al gerente", ticket_abierto)
TICKET_ASIGNAR = _escritura(ATENDER, "Asignar", ticket_abierto)
LLAMADA_AGREGAR = _escritura(ATENDER, "Registrar llamada", ticket_abierto)
CITA_RECORDATORIO_PROGRAMAR = _escritura(ATENDER, "Programar recordatorio", ticket_abierto)
LLAMADA_REGISTRAR = _escritura(ATENDER, "Registrar llamada")

# A PYME's onboarding and protocol, in any state of its profile (objeto: the PYME, or its profile on its page).
PERFIL_OBTENER_O_CREAR = _escritura(CONFIGURAR, "Configurar la PYME")
PERFIL_ACTUALIZAR = _escritura(CONFIGURAR, "Guardar perfil")
USUARIO_PYME_INVITAR = _escritura(CONFIGURAR, "Invitar usuario de la PYME")
HORARIO_GUARDAR = _escritura(CONFIGURAR, "Guardar horario")
DIA_INHABIL_AGREGAR = _escritura(CONFIGURAR, "Agregar día inhábil")
OBJETIVO_SLA_GUARDAR = _escritura(CONFIGURAR, "Guardar objetivo SLA")
MOTIVO_AGREGAR = _escritura(CONFIGURAR, "Agregar motivo")
GUION_GUARDAR = _escritura(CONFIGURAR, "Guardar guion")

# Executive reports: a new draft (objeto: the PYME); a draft's content while it is the analyst's (the report).
REPORTE_CREAR = _escritura(ELABORAR, "Nuevo reporte")
REPORTE_EDITAR = _escritura(ELABORAR, "Guardar interpretación y recomendaciones", reporte_editable)
# The gerente corrects the analyst's text while validating it (objeto: the report).
REPORTE_REVISAR = _escritura(VALIDAR, "Corregir interpretación y recomendaciones", reporte_en_validacion)
REPORTE_RECALCULAR = _escritura(ELABORAR, "Recalcular métricas", reporte_editable)

# Loyalty campaigns: a new draft (objeto: the PYME).
CAMPANA_CREAR = _escritura(CAMPANAS, "Nueva campaña")
