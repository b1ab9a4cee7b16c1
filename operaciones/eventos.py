"""Event types (``Evento.tipo``) of operaciones: the COP's detonantes and the other recorded steps.

Every step of an operación is recorded on its apartado (``objeto``), so the event log is
the operación's timeline and the source of the bottleneck report (``ETAPAS``).
"""

# --- Apartado (operaciones I) ---
DETONANTE_APARTADO = "operaciones.apartado"
DETONANTE_CONFIRMACION = "operaciones.confirmacion_disponibilidad"
DETONANTE_VALIDACION = "operaciones.validacion_apartado"
DETONANTE_UNIDAD_DISPONIBLE = "operaciones.unidad_disponible"
DETONANTE_CANCELACION = "operaciones.cancelacion"
EVENTO_ALERTA_ANTIGUEDAD = "operaciones.alerta_antiguedad"
EVENTO_ESTRATEGIA = "operaciones.estrategia_inventario"
EVENTO_RETIRO = "operaciones.unidad_retirada"
EVENTO_REACTIVACION = "operaciones.unidad_reactivada"

# --- Publicación: alta, importación y cambios propuestos (recorded on the unit / the import) ---
EVENTO_UNIDAD_PUBLICADA = "operaciones.unidad_publicada"
EVENTO_INVENTARIO_IMPORTADO = "operaciones.inventario_importado"
EVENTO_CAMBIO_PROPUESTO = "operaciones.cambio_unidad_propuesto"
EVENTO_CAMBIO_APROBADO = "operaciones.cambio_unidad_aprobado"
EVENTO_CAMBIO_RECHAZADO = "operaciones.cambio_unidad_rechazado"

# --- Negociación: descuentos y financiamiento ---
EVENTO_DESCUENTO_SOLICITADO = "operaciones.descuento_solicitado"
EVENTO_DESCUENTO_NEGOCIACION = "operaciones.descuento_en_negociacion"
EVENTO_DESCUENTO_RESUELTO = "operaciones.descuento_resuelto"
EVENTO_FINANCIAMIENTO_ENVIADO = "operaciones.financiamiento_enviado"
EVENTO_FINANCIAMIENTO_RESPUESTA = "operaciones.financiamiento_respuesta"
EVENTO_CREDITO_CONFIRMADO = "operaciones.credito_confirmado"
EVENTO_DESCUENTO_CONTRAOFERTA = "operaciones.descuento_contraoferta"

# --- The asesor's cancellation request, decided by the COP ---
EVENTO_CANCELACION_SOLICITADA = "operaciones.cancelacion_solicitada"
EVENTO_CANCELACION_APROBADA = "operaciones.cancelacion_aprobada"
EVENTO_CANCELACION_RECHAZADA = "operaciones.cancelacion_rechazada"

# --- Trade-In ---
DETONANTE_TRADE_IN = "operaciones.trade_in"
EVENTO_TRADE_IN_RESPUESTA_A = "operaciones.trade_in_respuesta_a"
DETONANTE_TRADE_IN_SEGUNDA = "operaciones.trade_in_segunda_oferta"
EVENTO_TRADE_IN_RESPUESTA_B = "operaciones.trade_in_respuesta_b"

# --- Entrega, documentos y pago ---
EVENTO_DOCUMENTO = "operaciones.documento_agregado"
EVENTO_PAGO_CONFIRMADO = "operaciones.pago_confirmado"
EVENTO_FACTURA = "operaciones.factura_registrada"
EVENTO_ENTREGA_PROGRAMADA = "operaciones.entrega_programada"
EVENTO_TAREA_PROVEEDOR = "operaciones.tarea_proveedor"
EVENTO_LUGAR_ENTREGA = "operaciones.lugar_entrega_cambiado"

# --- Cierre ---
DETONANTE_CIERRE = "operaciones.cierre_operacion"
EVENTO_ENCUESTA_RESPONDIDA = "operaciones.encuesta_respondida"

# --- Comisiones y coaching ---
EVENTO_COMISION_VERIFICADA = "operaciones.comision_verificada"
EVENTO_COMISION_PAGADA = "operaciones.comision_pagada"
EVENTO_COACHING = "operaciones.coaching"

# --- Supervisión ---
EVENTO_RETIRO_EN_REVISION = "operaciones.retiro_en_revision"
EVENTO_RETIRO_REVISADO = "operaciones.retiro_revisado"

# --- Conversación y gerencia (recorded on the Escalamiento / AvisoAvance, not on the apartado) ---
EVENTO_ESCALAMIENTO_ABIERTO = "operaciones.escalamiento_abierto"
EVENTO_ESCALAMIENTO_RESPONDIDO = "operaciones.escalamiento_respondido"
EVENTO_ESCALAMIENTO_RESUELTO = "operaciones.escalamiento_resuelto"
EVENTO_AVISO_AVANCE = "operaciones.aviso_avance"

NOMBRES_EVENTO = {
    DETONANTE_APARTADO: "Apartado",
    DETONANTE_CONFIRMACION: "Confirmación de disponibilidad",
    DETONANTE_VALIDACION: "Validación de Apartado",
    DETONANTE_UNIDAD_DISPONIBLE: "Unidad Disponible",
    DETONANTE_CANCELACION: "Cancelación",
    EVENTO_ALERTA_ANTIGUEDAD: "Alerta de antigüedad",
    EVENTO_ESTRATEGIA: "Estrategia de inventario",
    EVENTO_RETIRO: "Unidad retirada del inventario",
    EVENTO_REACTIVACION: "Unidad reactivada",
    EVENTO_UNIDAD_PUBLICADA: "Unidad publicada en el inventario",
    EVENTO_INVENTARIO_IMPORTADO: "Inventario importado",
    EVENTO_CAMBIO_PROPUESTO: "Cambio a la unidad propuesto",
    EVENTO_CAMBIO_APROBADO: "Cambio a la unidad aprobado por el webmaster",
    EVENTO_CAMBIO_RECHAZADO: "Cambio a la unidad rechazado por el webmaster",
    EVENTO_DESCUENTO_SOLICITADO: "Descuento solicitado",
    EVENTO_DESCUENTO_NEGOCIACION: "Descuento en negociación",
    EVENTO_DESCUENTO_RESUELTO: "Descuento resuelto",
    EVENTO_FINANCIAMIENTO_ENVIADO: "Solicitud de financiamiento enviada",
    EVENTO_FINANCIAMIENTO_RESPUESTA: "Respuesta de la financiera",
    EVENTO_CREDITO_CONFIRMADO: "Disponibilidad de crédito confirmada",
    EVENTO_DESCUENTO_CONTRAOFERTA: "Contraoferta de descuento del gerente de ventas",
    EVENTO_CANCELACION_SOLICITADA: "Cancelación solicitada por el asesor",
    EVENTO_CANCELACION_APROBADA: "Solicitud de cancelación aprobada por el COP",
    EVENTO_CANCELACION_RECHAZADA: "Solicitud de cancelación rechazada por el COP",
    DETONANTE_TRADE_IN: "Trade-In",
    EVENTO_TRADE_IN_RESPUESTA_A: "Respuesta del concesionario A al Trade-In",
    DETONANTE_TRADE_IN_SEGUNDA: "Trade-In Segunda Oferta",
    EVENTO_TRADE_IN_RESPUESTA_B: "Respuesta del concesionario B al Trade-In",
    EVENTO_DOCUMENTO: "Documento agregado al expediente",
    EVENTO_PAGO_CONFIRMADO: "Pago confirmado",
    EVENTO_FACTURA: "Factura registrada",
    EVENTO_ENTREGA_PROGRAMADA: "Entrega programada",
    EVENTO_TAREA_PROVEEDOR: "Tarea de proveedor",
    EVENTO_LUGAR_ENTREGA: "Lugar de entrega cambiado",
    DETONANTE_CIERRE: "Cierre de Operación",
    EVENTO_ENCUESTA_RESPONDIDA: "Encuesta de satisfacción respondida",
    EVENTO_COMISION_VERIFICADA: "Comisión verificada",
    EVENTO_COMISION_PAGADA: "Comisión pagada",
    EVENTO_COACHING: "Sesión de coaching",
    EVENTO_RETIRO_EN_REVISION: "Retiro de unidad en revisión",
    EVENTO_RETIRO_REVISADO: "Retiro de unidad revisado por el COP",
    EVENTO_ESCALAMIENTO_ABIERTO: "Escalamiento al gerente general",
    EVENTO_ESCALAMIENTO_RESPONDIDO: "Escalamiento respondido por el gerente general",
    EVENTO_ESCALAMIENTO_RESUELTO: "Escalamiento resuelto",
    EVENTO_AVISO_AVANCE: "Aviso de avance en ventas",
    # The conversation's messages on the timeline (not events: ``selectors.linea_de_tiempo_operacion``).
    "mensaje.disponibilidad": "Mensaje · Solicitud de disponibilidad",
    "mensaje.descuento": "Mensaje · Solicitud de descuento",
    "mensaje.entrega": "Mensaje · Solicitud de entrega",
    "mensaje.fotos_videos": "Mensaje · Solicitud de fotos o videos",
    "mensaje.otra": "Mensaje · Otra solicitud",
    "mensaje.respuesta": "Mensaje · Respuesta",
    "mensaje.intervencion": "Mensaje · Intervención del COP",
    "mensaje.escalamiento": "Mensaje · Escalamiento",
    "coaching.sesion": "Sesión de coaching con el asesor",
}

# Stage an operación is in after each event, for the bottleneck report: the time from an event
# to the next event of the same apartado counts for the stage the first one opened.
ETAPAS = {
    DETONANTE_APARTADO: "Validación del apartado",
    DETONANTE_CONFIRMACION: "Validación del apartado",
    DETONANTE_VALIDACION: "Negociación",
    EVENTO_DESCUENTO_SOLICITADO: "Negociación",
    EVENTO_DESCUENTO_NEGOCIACION: "Negociación",
    EVENTO_DESCUENTO_RESUELTO: "Negociación",
    EVENTO_DESCUENTO_CONTRAOFERTA: "Negociación",
    DETONANTE_TRADE_IN: "Trade-In",
    EVENTO_TRADE_IN_RESPUESTA_A: "Trade-In",
    DETONANTE_TRADE_IN_SEGUNDA: "Trade-In",
    EVENTO_TRADE_IN_RESPUESTA_B: "Negociación",
    EVENTO_FINANCIAMIENTO_ENVIADO: "Financiamiento",
    EVENTO_FINANCIAMIENTO_RESPUESTA: "Financiamiento",
    EVENTO_CREDITO_CONFIRMADO: "Pago y documentación",
    EVENTO_DOCUMENTO: "Pago y documentación",
    EVENTO_PAGO_CONFIRMADO: "Pago y documentación",
    EVENTO_FACTURA: "Pago y documentación",
    EVENTO_ENTREGA_PROGRAMADA: "Entrega y cierre",
    EVENTO_TAREA_PROVEEDOR: "Entrega y cierre",
    EVENTO_LUGAR_ENTREGA: "Entrega y cierre",
}
