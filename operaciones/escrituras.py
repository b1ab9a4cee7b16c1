"""The writes of operaciones that are not state changes, each declared once as an ``acciones.Escritura``.

WHO is the rules permission (roles and ownership, ``operaciones/rules.py``); WHEN are the guards below,
each with its Spanish reason (``operaciones.mensajes``). The service calls ``exigir`` after locking the
row; the page offers the action exactly when ``motivo`` is None (``operaciones.acciones``). A superuser
passes every permission but no guard: nobody is offered, or allowed, a write the object's state forbids.
"""

from enlace.acciones import Escritura, condicion
from operaciones import mensajes
from operaciones.models import Apartado, Unidad
from operaciones.models.tradein import operacion_activa as trade_in_en_operacion_activa

# --- When: the unit ----------------------------------------------------------------------------------


@condicion(mensajes.UNIDAD_NO_DISPONIBLE)
def unidad_disponible(unidad):
    """Available as the network sees it: an expired reservation counts as available."""
    return unidad.estado_efectivo == Unidad.Estado.DISPONIBLE


@condicion(mensajes.CAMBIO_YA_PENDIENTE)
def sin_cambio_pendiente(unidad):
    return not unidad.cambios.pendientes().exists()


@condicion(mensajes.CAMBIO_UNIDAD_FUERA_DE_INVENTARIO)
def unidad_en_inventario(unidad):
    return unidad.estado not in (Unidad.Estado.VENDIDA, Unidad.Estado.RETIRADA)


# --- When: the operación (an apartado) ------------------------------------------------------------


def operacion_activa(cerrada):
    """Guard: the operación is active (validated, or pending within its deadline). ``cerrada`` is the reason
    once it is closed; a released, cancelled or expired apartado gives ``NO_ACTIVO``."""

    @condicion(lambda apartado: cerrada if apartado.estado == Apartado.Estado.CERRADO else mensajes.NO_ACTIVO)
    def operacion_activa(apartado):
        return apartado.activo

    return operacion_activa


def _no_en_curso(apartado):
    if apartado.estado == Apartado.Estado.CERRADO:
        return mensajes.OPERACION_CERRADA_ENTREGA
    if apartado.estado == Apartado.Estado.PENDIENTE:
        return mensajes.APARTADO_SIN_VALIDAR
    return mensajes.NO_ACTIVO


@condicion(_no_en_curso)
def operacion_en_curso(apartado):
    """Validated and not closed: the expediente, payment, factura and delivery are being worked on."""
    return apartado.estado == Apartado.Estado.VALIDADO


@condicion(mensajes.DESCUENTO_ABIERTO)
def sin_descuento_abierto(apartado):
    return not apartado.descuentos.abiertas().exists()


@condicion(mensajes.CANCELACION_PENDIENTE)
def sin_cancelacion_pendiente(apartado):
    return not apartado.solicitudes_cancelacion.filter(estado="pendiente").exists()


@condicion(mensajes.NO_FINANCIADO)
def financiada(apartado):
    return apartado.forma_pago == Apartado.FormaPago.FINANCIADO


@condicion(mensajes.FINANCIAMIENTO_VIGENTE)
def sin_financiamiento_vigente(apartado):
    return not apartado.financiamientos.vigentes().exists()


@condicion(mensajes.TRADE_IN_YA_ACTIVO)
def sin_trade_in(apartado):
    return getattr(apartado, "trade_in", None) is None


def _expediente(apartado):
    return getattr(apartado, "expediente", None)


@condicion(mensajes.PAGO_YA_CONFIRMADO)
def pago_sin_confirmar(apartado):
    return not (_expediente(apartado) and _expediente(apartado).pago_confirmado)


@condicion(mensajes.FACTURA_YA_REGISTRADA)
def factura_sin_registrar(apartado):
    return not (_expediente(apartado) and _expediente(apartado).factura_registrada)


@condicion(mensajes.NO_REQUIERE_TRASLADO)
def requiere_traslado(apartado):
    return apartado.requiere_traslado


@condicion(mensajes.TRASLADO_YA_ABIERTO)
def sin_traslado_vigente(apartado):
    return not apartado.tareas_proveedor.filter(tipo="traslado").exclude(estado="cancelada").exists()


# --- When: the trade-in and the survey ---------------------------------------------------------------


@condicion(mensajes.TRADE_IN_RESUELTO)
def trade_in_sin_resolver(trade_in):
    return not trade_in.resuelto


@condicion(mensajes.ENCUESTA_YA_RESPONDIDA)
def encuesta_sin_responder(encuesta):
    return not encuesta.respondida


# --- When: the conversation of an operación ----------------------------------------------------------


@condicion(mensajes.CONVERSACION_CERRADA)
def conversacion_abierta(apartado):
    """Pending within its deadline, validated, or closed (commissions and delivery are still talked about)."""
    return apartado.activo or apartado.estado == Apartado.Estado.CERRADO


@condicion(mensajes.ESCALAMIENTO_YA_ABIERTO)
def sin_escalamiento_abierto(apartado):
    return not apartado.escalamientos.abiertos().exists()


# --- The writes ----------------------------------------------------------------------------------------

# On a unit, an aging alert, or the network (no object).
APARTAR = Escritura("operaciones.apartar", (unidad_disponible,), mensajes.SOLO_ASESOR)
SUBIR_FOTO = Escritura("operaciones.subir_foto", sin_permiso=mensajes.NO_FOTO)
PUBLICAR_UNIDAD = Escritura("operaciones.publicar_unidad", sin_permiso=mensajes.NO_PUBLICA)  # on the concesionario
PROPONER_CAMBIO = Escritura(
    "operaciones.proponer_cambio_unidad", (unidad_en_inventario, sin_cambio_pendiente), mensajes.NO_PROPONE_CAMBIO
)
CREAR_TAREA_DE_UNIDAD = Escritura("operaciones.coordinar_tareas", sin_permiso=mensajes.SOLO_COP)
REGISTRAR_ESTRATEGIA = Escritura("operaciones.registrar_estrategia", sin_permiso=mensajes.NO_ESTRATEGIA)
GUARDAR_CONTACTO = Escritura("operaciones.gestionar_directorio", sin_permiso=mensajes.SOLO_COP)
REGISTRAR_COACHING = Escritura("operaciones.registrar_coaching", sin_permiso=mensajes.SOLO_COP)

# On an apartado: the negotiation.
SOLICITAR_DESCUENTO = Escritura(
    "operaciones.solicitar_descuento",
    (operacion_activa(mensajes.OPERACION_CERRADA_DESCUENTO), sin_descuento_abierto),
    mensajes.NO_SOLICITA_DESCUENTO,
)
ENVIAR_FINANCIAMIENTO = Escritura(
    "operaciones.enviar_financiamiento",
    (operacion_activa(mensajes.OPERACION_CERRADA), financiada, sin_financiamiento_vigente),
    mensajes.NO_ENVIA_FINANCIAMIENTO,
)
ACTIVAR_TRADE_IN = Escritura(
    "operaciones.activar_trade_in",
    (operacion_activa(mensajes.OPERACION_CERRADA_TRADE_IN), sin_trade_in),
    mensajes.NO_ACTIVA_TRADE_IN,
)

# On a trade-in.
REVISAR_TRADE_IN = Escritura(
    "operaciones.revisar_trade_in", (trade_in_en_operacion_activa, trade_in_sin_resolver), mensajes.NO_REVISA_TRADE_IN
)
SUBIR_ARCHIVO_TRADE_IN = Escritura(
    "operaciones.subir_archivo_trade_in", (trade_in_en_operacion_activa,), mensajes.NO_SUBE_TRADE_IN
)

# On an apartado: the asesor asks the COP to cancel it.
SOLICITAR_CANCELACION = Escritura(
    "operaciones.solicitar_cancelacion",
    (operacion_activa(mensajes.OPERACION_CERRADA_CANCELACION), sin_cancelacion_pendiente),
    mensajes.NO_SOLICITA_CANCELACION,
)

# On an apartado: the expediente, the delivery and its tasks.
AGREGAR_DOCUMENTO = Escritura("operaciones.manejar_expediente", (operacion_en_curso,), mensajes.NO_EXPEDIENTE)
CONFIRMAR_PAGO = Escritura(
    "operaciones.confirmar_pago", (operacion_en_curso, pago_sin_confirmar), mensajes.NO_CONFIRMA_PAGO
)
REGISTRAR_FACTURA = Escritura(
    "operaciones.registrar_factura", (operacion_en_curso, factura_sin_registrar), mensajes.NO_REGISTRA_FACTURA
)
PROGRAMAR_ENTREGA = Escritura("operaciones.coordinar_entrega", (operacion_en_curso,), mensajes.NO_COORDINA)
CREAR_TAREA_DE_OPERACION = Escritura("operaciones.coordinar_entrega", (operacion_en_curso,), mensajes.NO_COORDINA)
PROGRAMAR_TRASLADO = Escritura(
    "operaciones.coordinar_entrega", (operacion_en_curso, requiere_traslado, sin_traslado_vigente), mensajes.NO_COORDINA
)
CAMBIAR_LUGAR_ENTREGA = Escritura(
    "operaciones.cambiar_lugar_entrega", (operacion_activa(mensajes.OPERACION_CERRADA_LUGAR),), mensajes.NO_CAMBIA_LUGAR
)

# On the survey of a closed operación: the client, without an account (``exigir(encuesta, None)``).
RESPONDER_ENCUESTA = Escritura("operaciones.responder_encuesta", (encuesta_sin_responder,))

# On an apartado: its conversation and the escalation to the gerente general.
ESCRIBIR_MENSAJE = Escritura("operaciones.escribir_mensaje", (conversacion_abierta,), mensajes.NO_PARTICIPA)
ESCALAR = Escritura(
    "operaciones.escalar_operacion",
    (operacion_activa(mensajes.OPERACION_CERRADA_ESCALAR), sin_escalamiento_abierto),
    mensajes.NO_ESCALA,
)

# On the network: the sales-progress notice to the gerentes generales.
ENVIAR_AVISO_AVANCE = Escritura("operaciones.enviar_aviso_avance", sin_permiso=mensajes.NO_AVISA)
