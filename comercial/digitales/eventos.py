"""Human names of the event types (``Evento.tipo``) of Ventas Digitales, for the bitácora and timelines."""

NOMBRES_EVENTO = {
    "digitales.lead_recibido": "Contacto recibido del canal digital",
    "digitales.llamada_registrada": "Llamada registrada",
    "digitales.contacto_intentado": "Intento de contacto",
    "digitales.descartada": "Solicitud descartada",
    "digitales.fase_protocolo": "Fase del protocolo completada",
    "digitales.identificada": "Cliente identificado",
    "digitales.impedimentos_consultados": "Impedimentos consultados",
    "digitales.impedimentos_importados": "Lista de impedimentos importada",
    "digitales.factibilidad_consultada": "Capacidad técnica consultada en el GIS",
    "digitales.imposibilitada": "Venta imposibilitada",
    "digitales.requisitos_solicitados": "Requisitos solicitados por WhatsApp",
    "digitales.requisito_adjuntado": "Requisito adjuntado",
    "digitales.digitada": "Venta digitada",
    "digitales.comunicada": "Fecha de instalación comunicada",
    "digitales.seguimiento": "Seguimiento realizado",
    "digitales.control_calidad": "Llamada de control de calidad",
    "digitales.digitacion_controlada": "Digitación controlada: orden de instalación abierta",
    "digitales.orden_abierta": "Orden de instalación abierta",
    "digitales.orden_instalar": "Orden de instalación cerrada: servicio instalado",
    "digitales.orden_no_instalar": "Orden de instalación cerrada: no instalado",
}
