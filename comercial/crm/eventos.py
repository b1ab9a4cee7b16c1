"""Human names of the event types (``Evento.tipo``) of the Carrazos CRM, for the bitácora and timelines."""

NOMBRES_EVENTO = {
    "crm.importacion": "Reporte de SPIGA importado",
    "crm.prospecto_validado": "Prospecto validado por llamada",
    "crm.actividad_validada": "Actividad de seguimiento validada",
    "crm.asesor_marcado_falsos": "Asesor marcado por prospectos falsos",
    "crm.aviso_no_realizadas": "Aviso de actividades no realizadas",
    "crm.meta_guardada": "Meta guardada",
}
