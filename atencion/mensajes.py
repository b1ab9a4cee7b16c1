"""The Spanish messages of ENROK's refusals (models' conditions, services and views; tests reuse them)."""

# Conditions of the transitions (enlace.acciones.condicion).
MSG_DIAGNOSTICO_VACIO = "Escriba el diagnóstico inicial antes de pasar a la configuración."
MSG_MARCADOR_DESCONOCIDO = "El guion usa {marcadores}, que no se puede llenar en el ticket. Use solo {validos}."
MSG_ACTIVAR_INCOMPLETO = "Para activar la PYME configure al menos un horario, un objetivo SLA y un motivo de contacto."
MSG_SIN_MOTIVO = "Asigne un motivo de contacto antes de resolver el ticket."
MSG_SIN_INTERACCION = "Responda o llame al cliente antes de resolver: el ticket no tiene interacciones del agente."
MSG_LLAMADA_SIN_NOTAS = "Escriba las notas de la llamada antes de resolver el ticket."
MSG_REPORTE_SIN_RECOMENDACIONES = "Escriba al menos una recomendación antes de enviar a validación."
MSG_CAMPANA_PASADA = "Programe la campaña para una fecha futura."

# Writes that are not transitions (atencion.escrituras): who, when, and the services' own checks of the input.
MSG_SIN_PERMISO = "Su usuario no tiene permiso para «{accion}»."
MSG_TICKET_NO_ABIERTO = (
    "El ticket está «{estado}»: solo se trabaja en un ticket abierto, en proceso o esperando al cliente."
)
MSG_REPORTE_NO_EDITABLE = (
    "El reporte está «{estado}»: solo se modifica mientras está en borrador o devuelto al analista."
)
MSG_REPORTE_NO_EN_VALIDACION = (
    "El reporte está «{estado}»: el gerente solo corrige el texto mientras el reporte está en validación."
)
MSG_SIN_DESTINO = "El cliente no tiene {dato} para responder por este canal."
MSG_TEXTO_VACIO = "Escriba el mensaje."
MSG_AGENTE_INVALIDO = "Elija un agente de ENROK."
MSG_CITA_PASADA = "La cita debe ser en el futuro."
MSG_REPORTE_DUPLICADO = "Ya existe un reporte {periodicidad} de esa PYME para ese periodo."
MSG_DEVOLUCION_SIN_OBSERVACION = "Indique qué debe corregir el analista."
MSG_ENCUESTA_INVALIDA = "El enlace de la encuesta no es válido."
MSG_ENCUESTA_RESPONDIDA = "Esta encuesta ya fue respondida. ¡Gracias!"
MSG_ENCUESTA_EXPIRADA = "Esta encuesta ya expiró."
MSG_ENCUESTA_VALORES = "Califique la atención de 1 a 5 y la recomendación de 0 a 10."
MSG_BAJA_INVALIDA = "El enlace para darse de baja no es válido."
MSG_ENCUESTA_SIN_CONTACTO = "No enviable: el cliente no tiene WhatsApp ni correo registrados."
MSG_ENCUESTA_SIN_CANAL = (
    "No enviable: el cliente no tiene correo y este caso no puede recibir la encuesta por WhatsApp "
    "(la PYME no tiene el canal activo o el caso no llegó por WhatsApp ni por llamada)."
)
MSG_REGISTRAR_SIN_PERMISO = "Solo el Director o el Gerente de Operaciones de ENROK registran PYMES."
MSG_ZONA_DE_OTRO_PAIS = "Elija una zona horaria del país de la PYME."
MSG_PYME_REPETIDA = "Ya hay una PYME «{nombre}» registrada."
MSG_SUSPENDER_SIN_MOTIVO = "Escriba el motivo de la suspensión."
MSG_GIRO_INACTIVO = "Elija un giro activo del catálogo."
MSG_PLANTILLA_VARIABLES = "Las variables de la plantilla son una lista con «cliente» y/o «pyme»."
MSG_PLANTILLA_NO_APROBADA = "Elija una plantilla de WhatsApp aprobada de la misma PYME."
MSG_CAMPANA_RECURRENTE_SIN_FECHA = "Elija la fecha especial en la que se repite la campaña."
MSG_CAMPANA_PYME_SUSPENDIDA = "La PYME está suspendida: sus campañas no se programan ni se envían."
MSG_SLA_INVALIDO = "Cada objetivo SLA necesita primera respuesta y resolución, y la resolución no puede ser menor."

# Mailboxes read by IMAP (atencion.services.correo): configuration refusals and why a message was quarantined.
MSG_BUZON_SIN_CIFRAR = "Solo un servidor en 127.0.0.1 se lee sin cifrar; elija SSL/TLS o STARTTLS."
MSG_BUZON_SIN_CLAVE = "La variable de entorno {variable} no está definida: el buzón no se puede leer."
MSG_BUZON_ERROR = "No se pudo leer el buzón: {error}"
MSG_CORREO_SIN_REMITENTE = "El correo no tiene un remitente válido (cabecera From)."
MSG_CORREO_ESTRUCTURA = "El correo está mal formado ({defectos}); no se ingresó."
MSG_CORREO_ILEGIBLE = "El correo no se pudo leer: {error}"
MSG_CORREO_GRANDE = "El correo pesa {tamano}; el máximo es {maximo}. Se guardaron solo sus cabeceras."
MSG_CORREO_ERROR = "Error al ingresar el correo: {error}"
MSG_ADJUNTO_NO_GUARDADO = "Adjunto no guardado: {motivo}"
