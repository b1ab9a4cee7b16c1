"""Spanish texts of the business errors and confirmations (tests reuse these constants)."""

UNIDAD_NO_DISPONIBLE = "La unidad ya está apartada o no está disponible; elija otra unidad del inventario."
SOLO_ASESOR = "Solo un asesor puede apartar unidades."
SIN_INTENCION = "Para apartar, llene la Solicitud de Intención de Compra del cliente."
FINANCIERA_REQUERIDA = "Indique la financiera cuando la forma de pago es financiada."
ENGANCHE_FINANCIADO = "Indique el enganche cuando la forma de pago es financiada."
DESCUENTO_EXCESIVO = "El descuento solicitado no puede ser mayor que el precio de la unidad."
ENGANCHE_EXCESIVO = "El enganche no puede ser mayor que el precio de la unidad."
CANAL_REQUERIDO = "Indique por qué canal llegó el cliente (el lead)."
A_CUENTA_SIN_DESCRIPCION = "Describa la unidad que el cliente entrega a cuenta."
ENTREGA_SIN_DETALLE = "Indique la dirección de entrega cuando es en el domicilio o lugar de trabajo del cliente."
SOLO_COP = "Solo el COP puede realizar esta acción."
NO_ACTIVO = "El apartado ya no está activo (fue liberado o cancelado)."
PLAZO_NO_VENCIDO = "El plazo de validación del apartado aún no vence."
MOTIVO_AUTOMATICO = "Venció el plazo de validación sin que el COP validara el apartado."
VENCIDO = "El plazo de validación venció: la unidad quedó disponible y ya no se puede validar."
SIN_CONFIRMACION = "Falta la confirmación de disponibilidad del concesionario dueño de la unidad."
YA_CONFIRMADO = "La disponibilidad de este apartado ya estaba confirmada."
NO_CONFIRMA = (
    "Solo el gerente de ventas (o el gerente general) del concesionario dueño de la unidad confirma la "
    "disponibilidad; el COP registra quién la confirmó y por qué medio."
)
CONFIRMO_REQUERIDO = "Indique quién confirmó la disponibilidad en el concesionario y por qué medio."
MOTIVO_REQUERIDO = "Escriba el motivo de la liberación."
MOTIVO_CANCELACION_REQUERIDO = "Elija el motivo de la cancelación."
DETALLE_OTRO_REQUERIDO = "Describa el motivo cuando elige «Otro»."
ESTRATEGIA_REQUERIDA = "Elija la estrategia para la unidad."
PRECIO_REQUERIDO = "Indique el nuevo precio para un ajuste de precio."
NO_ESTRATEGIA = "Solo los gerentes del concesionario dueño de la unidad o el COP registran la estrategia."
NO_FOTO = "Solo el concesionario dueño de la unidad o el COP puede subir fotos."

OK_APARTADO = "Unidad apartada. El COP fue notificado; tiene {horas} horas para validar el apartado."
OK_CONFIRMADO = "Disponibilidad confirmada."
OK_VALIDADO = "Apartado validado: la red ya ve la unidad como apartado validado."
OK_LIBERADO = "Unidad liberada: vuelve a estar disponible para toda la red."
OK_CANCELADO = "Apartado cancelado; la unidad se reactivó en el inventario."
OK_ESTRATEGIA = "Estrategia registrada."
OK_FOTO = "Foto agregada."

# --- negociacion ---
TIPO_FINANCIERA_REQUERIDO = "Indique el tipo de financiera (banco, caja popular o financiera del concesionario)."
OPERACION_CERRADA = "La operación ya está cerrada: no se puede modificar su negociación."
OPERACION_CERRADA_DESCUENTO = "La operación ya está cerrada: no se pueden solicitar descuentos."
NO_SOLICITA_DESCUENTO = "Solo el asesor de la operación o el COP puede solicitar un descuento."
DESCUENTO_ABIERTO = "Ya hay una solicitud de descuento abierta para esta operación; espere su resultado."
DESCUENTO_MONTO_INVALIDO = "El descuento debe ser mayor que cero."
DESCUENTO_PORCENTAJE_INVALIDO = "El porcentaje de descuento debe ser mayor que 0 y como máximo 100."
DESCUENTO_MOTIVO_REQUERIDO = "Explique el motivo del descuento que pide el cliente."
DESCUENTO_APROBADO_INVALIDO = "Indique el monto aprobado (mayor que cero)."
DESCUENTO_APROBADO_EXCESIVO = (
    "El descuento aprobado no puede superar el precio de la unidad menos los descuentos ya aprobados ({disponible})."
)
DESCUENTO_ACORDADO_REQUERIDO = "Indique quién acordó el resultado en el concesionario."
RECHAZO_MOTIVO_REQUERIDO = "Escriba el motivo del rechazo."
NO_ENVIA_FINANCIAMIENTO = (
    "Solo el asesor de la operación, el COP o el gerente de financiera del concesionario envían la solicitud de "
    "financiamiento."
)
NO_FINANCIADO = "La operación es de contado: no lleva solicitud de financiamiento."
FINANCIAMIENTO_VIGENTE = (
    "Ya hay una solicitud de financiamiento enviada o aprobada; solo tras un rechazo se envía otra."
)
FINANCIAMIENTO_DATOS = "Indique la financiera, su tipo, un monto mayor que cero y el plazo en meses."
FINANCIAMIENTO_APROBADO_DATOS = "Indique las condiciones y el monto aprobado por la financiera."
CREDITO_YA_CONFIRMADO = "La disponibilidad de este crédito ya estaba confirmada."
FALTA_DESCUENTO = (
    "Hay una solicitud de descuento sin resolver (solicitada, en negociación o con una contraoferta sin decidir)."
)
FALTA_CREDITO = "La operación es financiada y el COP no ha confirmado la disponibilidad de un crédito aprobado."
FALTA_TRADE_IN = "El Trade-In sigue sin respuesta final de los concesionarios."

OK_DESCUENTO_SOLICITADO = "Descuento solicitado: el COP lo negociará con el concesionario."
OK_DESCUENTO_NEGOCIACION = "Descuento en negociación: el gerente de ventas del concesionario fue notificado."
OK_DESCUENTO_APROBADO = "Descuento aprobado; el precio final de la operación se actualizó."
OK_DESCUENTO_RECHAZADO = "Descuento rechazado."
OK_FINANCIAMIENTO_ENVIADO = "Solicitud de financiamiento registrada como enviada."
OK_FINANCIAMIENTO_RESPUESTA = "Respuesta de la financiera registrada."
OK_CREDITO_CONFIRMADO = "Disponibilidad de crédito confirmada."

# --- tradein ---
OPERACION_CERRADA_TRADE_IN = "La operación ya está cerrada: el Trade-In ya no se puede modificar."
NO_ACTIVA_TRADE_IN = "Solo el COP activa el Trade-In."
TRADE_IN_YA_ACTIVO = "El Trade-In de esta operación ya está activado."
TRADE_IN_SIN_UNIDAD_A_CUENTA = (
    "La Solicitud no indica unidad a cuenta; marque que es decisión del COP para activar el Trade-In."
)
TRADE_IN_DATOS = "Indique marca, modelo, año, kilometraje y color de la unidad a cuenta."
NO_RESPONDE_A = "Solo el gerente general o de ventas del concesionario A puede responder el Trade-In."
NO_RESPONDE_B = "Solo el gerente general o de ventas del concesionario B puede responder la Segunda Oferta."
OFERTA_REQUERIDA = "Indique el monto que ofrece por la unidad (mayor que cero)."
SEGUNDA_OFERTA_ANTICIPADA = (
    "La Segunda Oferta solo se activa cuando el concesionario A declinó o venció su plazo ({plazo})."
)
SEGUNDA_OFERTA_SIN_B = "El concesionario A es también el dueño de la unidad: no hay Segunda Oferta."
PUNTO_CHECKLIST_INVALIDO = "Elija un punto activo del checklist y su resultado."
NO_REVISA_TRADE_IN = "Solo el COP registra el checklist del Trade-In."
TRADE_IN_RESUELTO = "El Trade-In ya tiene respuesta final; no se modifica su revisión."
NO_SUBE_TRADE_IN = "Solo el COP agrega fotos y documentos al Trade-In."
TIPO_ARCHIVO_TRADE_IN = "Elija si el archivo es una foto o un documento."

OK_TRADE_IN = "Trade-In activado: los concesionarios A y B fueron notificados."
OK_TRADE_IN_REVISION = "Punto del checklist registrado."
OK_TRADE_IN_ARCHIVO = "Archivo agregado al Trade-In."
OK_TRADE_IN_RESPUESTA = "Respuesta al Trade-In registrada."
OK_SEGUNDA_OFERTA = "Segunda Oferta activada: el concesionario B fue notificado con la información técnica."

# --- entrega ---
NO_EXPEDIENTE = "Solo el COP, el asesor de la operación o el concesionario dueño de la unidad manejan el expediente."
NO_COORDINA = "Solo el COP coordina la entrega y las tareas de proveedores de la operación."
APARTADO_SIN_VALIDAR = (
    "El apartado aún no está validado: el expediente, el pago, la factura y la entrega se trabajan "
    "una vez que el COP lo valida."
)
OPERACION_CERRADA_ENTREGA = (
    "La operación ya está cerrada: su expediente, su pago, su factura, su entrega y sus tareas ya no cambian."
)
TIPO_DOCUMENTO_INVALIDO = "Elija el tipo de documento."
NO_CONFIRMA_PAGO = "Solo el COP confirma el pago."
PAGO_YA_CONFIRMADO = "El pago de esta operación ya estaba confirmado."
PAGO_DATOS_REQUERIDOS = "Indique la referencia y un monto mayor que cero para confirmar el pago."
FACTURA_UUID_INVALIDO = "El folio fiscal (UUID) debe tener el formato 8-4-4-4-12 de caracteres hexadecimales."
FACTURA_FECHA_REQUERIDA = "Indique la fecha de la factura."
NO_REGISTRA_FACTURA = "Solo el COP registra la factura."
FACTURA_YA_REGISTRADA = "La factura de esta operación ya estaba registrada."
ENTREGA_FECHA_PASADA = "La fecha y hora de entrega deben ser futuras."
TAREA_SIN_UNIDAD = "Indique la operación o la unidad de la tarea."
TAREA_NO_PERMITIDA = "Solo el COP coordina esta tarea."
TAREA_FECHA_REQUERIDA = "Indique la fecha compromiso de la tarea."
PROVEEDOR_AJENO = "El proveedor no pertenece al directorio de la red."
CONTACTO_DATOS_REQUERIDOS = "Indique el tipo y el nombre del contacto."
OK_DOCUMENTO = "Documento agregado al expediente."
OK_PAGO = "Pago confirmado."
OK_FACTURA = "Factura registrada."
OK_ENTREGA = "Entrega programada. El asesor y el concesionario fueron notificados."
OK_TAREA = "Tarea creada."
OK_TAREA_AVANZADA = "Tarea en proceso."
OK_TAREA_COMPLETADA = "Tarea completada."
OK_TAREA_CANCELADA = "Tarea cancelada."
OK_CONTACTO = "Contacto guardado en el directorio."

# --- lugar de entrega, traslado y seguro ---
NO_CAMBIA_LUGAR = "Solo el COP o el asesor de la operación cambian el lugar de entrega."
OPERACION_CERRADA_LUGAR = "La operación ya está cerrada: el lugar de entrega ya no cambia."
LUGAR_MOTIVO_REQUERIDO = "Escriba por qué cambia el lugar de entrega que el cliente eligió en la Solicitud."
LUGAR_SIN_CAMBIO = "El lugar y la dirección de entrega son los mismos que ya tiene la operación."
LUGAR_INVALIDO = "Elija el lugar de entrega."
NO_REQUIERE_TRASLADO = (
    "El cliente recibe la unidad en el concesionario que la tiene: la operación no necesita traslado."
)
TRASLADO_YA_ABIERTO = "La operación ya tiene un traslado pendiente o completado."
TRASLADO_DATOS_REQUERIDOS = "Indique el origen, el destino, la empresa de traslados y la fecha del traslado."
PROVEEDOR_DE_OTRO_TIPO = "Elija un proveedor del directorio del tipo «{tipo}»."
SEGURO_SE_REGISTRA = (
    "Un seguro se completa registrando su póliza (aseguradora, número y fecha de activación) "
    "o que el cliente lo declina con su motivo."
)
TAREA_TIPO_PROPIO = "El traslado y el seguro se registran con su propia acción en la página de la operación."
SOLO_SEGURO = "Esta acción es solo para la tarea del seguro."
SEGURO_DATOS_REQUERIDOS = "Indique la aseguradora, el número de póliza y la fecha de activación del seguro."
SEGURO_MOTIVO_REQUERIDO = "Escriba por qué el cliente declina el seguro."
FALTA_TRASLADO = "Completar el traslado de la unidad (el cliente la recibe {lugar})."
FALTA_SEGURO = "Activar el seguro (póliza registrada) o registrar que el cliente lo declina, con su motivo."
OK_LUGAR_CAMBIADO = "Lugar de entrega actualizado; el cambio y su motivo quedaron en la línea de tiempo."
OK_TRASLADO = "Traslado registrado."
OK_SEGURO_ACTIVADO = "Póliza registrada: el seguro está activo."
OK_SEGURO_DECLINADO = "Se registró que el cliente declina el seguro, con su motivo."

# --- cierre ---
CIERRE_INTRO = "No se puede cerrar la operación; falta:"
CIERRE_NO_VALIDADO = "El apartado no está validado."
CIERRE_SIN_PAGO = "Confirmar el pago."
CIERRE_SIN_FACTURA = "Registrar la factura."
CIERRE_DOCUMENTO = "Documento: {documento}."
CIERRE_SIN_ENTREGA = "Programar la entrega."
CIERRE_SIN_CORREO_CLIENTE = (
    "El cliente no tiene correo electrónico: no recibirá la confirmación de compra ni la encuesta."
)
ENCUESTA_YA_RESPONDIDA = "Esta encuesta ya fue respondida. ¡Gracias!"
ENCUESTA_CALIFICACION_INVALIDA = "Elija una calificación del 1 al 5."
OK_CIERRE = "Cierre de Operación registrado: la unidad salió del inventario como vendida y se notificó a todos."
OK_ENCUESTA = "¡Gracias por su opinión!"

# --- comisiones ---
COMISION_SIN_CIERRE = "Las comisiones se generan solo para una operación cerrada con precio final."
COMISION_SIN_SELECCION = "Seleccione al menos una línea de comisión."
COMISION_NO_ENCONTRADA = "Alguna de las líneas seleccionadas no existe o no es de su red."
COMISION_PAGO_INCOMPLETO = "Indique la fecha y la referencia del pago."
COMISION_PAGO_FUTURO = "La fecha de pago no puede ser posterior a hoy."
COMISION_LINEAS_RECHAZADAS = "No se aplicó ningún cambio. {motivo} Líneas: {lineas}."
SIN_REGLA_COMISION = "Sin regla de comisión vigente"
OK_COMISIONES_VERIFICADAS = "{n} línea(s) de comisión verificada(s)."
OK_COMISIONES_PAGADAS = "{n} línea(s) de comisión marcada(s) como pagada(s)."
PERIODO_INVALIDO = "El periodo no es válido: la fecha inicial debe ser anterior o igual a la final."

# --- desempeno ---
COACHING_ASESOR_INVALIDO = "Elija un asesor de la red."
COACHING_TIPO_INVALIDO = "Elija el tipo de sesión: retroalimentación, coaching o capacitación operativa."
COACHING_TEMAS_REQUERIDOS = "Escriba los temas de la sesión."
COACHING_SEGUIMIENTO_ANTERIOR = "La fecha de seguimiento no puede ser anterior a la fecha de la sesión."
COACHING_APARTADO_AJENO = "La operación relacionada debe ser un apartado de ese asesor."
OK_COACHING = "Sesión registrada; el asesor ya la ve en su historial de coaching."

# --- supervision ---
NO_RETIRA = (
    "Solo el gerente general o el gerente de ventas del concesionario dueño de la unidad, "
    "o el COP, puede retirarla del inventario."
)
MOTIVO_RETIRO_REQUERIDO = "Escriba el motivo del retiro de la unidad."
RESOLUCION_REQUERIDA = "Escriba la resolución de la revisión."
OK_RETIRADA = "Unidad retirada del inventario de la red."
OK_REACTIVADA = "Unidad reactivada: vuelve a estar disponible para toda la red."
OK_RETIRO_REVISADO = "Revisión del retiro registrada."
PERIODO_INVERTIDO = "La fecha inicial no puede ser posterior a la final."

# --- conversaciones ---
NO_PARTICIPA = (
    "Solo participan en esta conversación el COP, el asesor de la operación y el personal del concesionario "
    "dueño de la unidad (y del concesionario A en un Trade-In)."
)
CONVERSACION_CERRADA = (
    "La operación ya no está activa (liberada, cancelada o vencida): su conversación es de solo lectura."
)
MENSAJE_VACIO = "Escriba el texto del mensaje."
MENSAJE_LARGO = "El mensaje no puede pasar de {maximo} caracteres."
TIPO_MENSAJE_NO_PERMITIDO = "Su rol no puede enviar un mensaje de tipo «{tipo}»."
DEMASIADOS_ADJUNTOS = "Adjunte como máximo {maximo} archivos por mensaje."
OK_MENSAJE = "Mensaje enviado."

# --- gerencia: escalamientos y avisos de avance ---
SOLO_GERENTE_GENERAL = "Solo el gerente general del concesionario puede responder este escalamiento."
NO_RESUELVE_ESCALAMIENTO = (
    "Solo el gerente general del concesionario o el COP de la red puede resolver este escalamiento."
)
NO_ESCALA = "Solo el COP de la red puede escalar un problema de esta operación al gerente general."
ESCALAMIENTO_SIN_RESPUESTA = (
    "El COP solo puede dar por resuelto un escalamiento después de que el gerente general lo haya respondido."
)
OPERACION_CERRADA_ESCALAR = (
    "La operación ya está cerrada: use su conversación para lo que quede pendiente (por ejemplo, comisiones)."
)
ESCALAMIENTO_YA_ABIERTO = "Esta operación ya tiene un escalamiento abierto; espere su respuesta o resuélvalo primero."
ESCALAMIENTO_MOTIVO_REQUERIDO = "Describa el problema que escala al gerente general."
ESCALAMIENTO_SEVERIDAD_INVALIDA = "Elija la severidad: baja, media, alta o crítica."
ESCALAMIENTO_RESPUESTA_REQUERIDA = "Escriba la respuesta al escalamiento."
ESCALAMIENTO_RESOLUCION_REQUERIDA = "Escriba cómo se resolvió el escalamiento."
SIN_GERENTE_GENERAL = "El concesionario «{concesionario}» no tiene un gerente general activo a quien avisar."
OK_ESCALADO = "Problema escalado al gerente general del concesionario."
OK_ESCALAMIENTO_RESPONDIDO = "Respuesta enviada al COP."
OK_ESCALAMIENTO_RESUELTO = "Escalamiento resuelto."
NO_AVISA = "Solo el COP envía avisos de avance en ventas a los gerentes generales."
AVISO_INCENTIVO_REQUERIDO = "Escriba la estrategia o el incentivo que acompaña al aviso."
AVISO_CONCESIONARIO_AJENO = "Elija un concesionario de su red."
OK_AVISO = "Aviso de avance enviado a {n} concesionario(s)."

# --- publicación: alta de unidades, importación del inventario y cambios propuestos ---
NO_PUBLICA = "Solo el webmaster o un gerente de un concesionario publica unidades en el inventario de la red."
NO_PROPONE_CAMBIO = "Solo el personal del concesionario dueño de la unidad propone cambios a sus datos publicados."
SOLO_WEBMASTER = "Solo el webmaster del concesionario dueño de la unidad valida los cambios a sus datos publicados."
VIN_DUPLICADO = "El VIN {vin} ya está publicado en el inventario de la red."
VIN_DE_OTRO_CONCESIONARIO = "El VIN {vin} ya está publicado por otro concesionario."
VIN_VENDIDA = "La unidad con VIN {vin} ya se vendió; no se puede volver a publicar."
VIN_REPETIDO_EN_ARCHIVO = "El VIN {vin} ya aparece en la fila {fila} de este archivo."
PRECIO_INVALIDO = "«{valor}» no es un precio válido: escriba un importe mayor que cero."
KM_INVALIDO = "«{valor}» no es un kilometraje válido: escriba un número entero de 0 o más."
ANIO_INVALIDO = "«{valor}» no es un año válido (entre 1900 y {maximo})."
IMPORTACION_CON_ERRORES = "No se importó nada: el archivo tiene {n} error(es). Corríjalos y vuelva a subirlo."
CAMBIO_SIN_CAMBIOS = "No cambió ningún dato publicado de la unidad."
CAMBIO_YA_PENDIENTE = "La unidad ya tiene un cambio pendiente de validar; espere a que el webmaster lo revise."
CAMBIO_UNIDAD_FUERA_DE_INVENTARIO = "La unidad ya no está en el inventario (vendida o retirada): el cambio no aplica."
MOTIVO_RECHAZO_CAMBIO_REQUERIDO = "Escriba el motivo del rechazo."
RETIRO_NO_OFRECIDO = "La unidad {vin} no está entre las que el archivo dejó fuera; no se retiró nada."
OK_PUBLICADA = "Unidad publicada: la red ya la ve en el inventario."
OK_IMPORTADO = "Inventario importado: {creadas} nuevas, {actualizadas} actualizadas, {sin_cambios} sin cambios."
OK_CAMBIO_PROPUESTO = "Cambio enviado al webmaster del concesionario; la red lo verá cuando lo apruebe."
OK_CAMBIO_APROBADO = "Cambio aprobado: la red ya ve los datos nuevos."
OK_CAMBIO_RECHAZADO = "Cambio rechazado; se avisó a quien lo propuso."
OK_RETIRADAS = "{n} unidad(es) retirada(s) del inventario."
CIUDAD_REQUERIDA = (
    "Indique la ciudad de la unidad (columna «Ciudad»): el concesionario aún no tiene unidades con ciudad."
)
CAMBIO_EN_ARCHIVO_CON_PENDIENTE = (
    "La unidad {vin} ya tiene un cambio pendiente de validar; espere a que el webmaster lo revise y vuelva a importar."
)
PRECIO_CON_APARTADO = (
    "La unidad tiene un apartado en curso: su precio no cambia hasta que el apartado se libere o se cierre."
)
VALOR_INVALIDO = "El valor de «{campo}» no es válido."
DEMASIADAS_FOTOS = "Suba como máximo {maximo} fotos a la vez."
# --- The concesionario's people act in the app: discounts, financing, the asesor's cancellation request ---
NO_RESPONDE_DESCUENTO = "Solo el gerente de ventas del concesionario dueño de la unidad responde el descuento."
NO_DECIDE_CONTRAOFERTA = "Solo el asesor de la operación o el COP aceptan o rechazan la contraoferta."
CONTRAOFERTA_INVALIDA = "Indique el monto de la contraoferta (mayor que cero)."
CONTRAOFERTA_IGUAL = "La contraoferta debe ser distinta del monto solicitado; si lo acepta, apruébelo."
NO_RESUELVE_FINANCIAMIENTO = "Solo el COP o el gerente de financiera del concesionario registran el financiamiento."
NO_SOLICITA_CANCELACION = "Solo el asesor del apartado puede solicitar su cancelación."
OPERACION_CERRADA_CANCELACION = "La operación ya está cerrada: no se puede cancelar."
CANCELACION_PENDIENTE = "Ya hay una solicitud de cancelación pendiente para este apartado; el COP la decidirá."
CANCELACION_DETALLE_REQUERIDO = "Explique por qué pide cancelar el apartado."
APARTADO_NO_CANCELABLE = "El apartado ya no está pendiente ni validado: no hay nada que cancelar."
OK_DESCUENTO_CONTRAOFERTA = "Contraoferta enviada al asesor y al COP."
OK_CONTRAOFERTA_ACEPTADA = "Contraoferta aceptada: el descuento quedó aprobado."
OK_CONTRAOFERTA_RECHAZADA = "Contraoferta rechazada."
OK_CANCELACION_SOLICITADA = "Solicitud de cancelación enviada: el COP la decidirá."
OK_CANCELACION_APROBADA = "Cancelación aprobada: el apartado se canceló y la unidad volvió al inventario."
OK_CANCELACION_RECHAZADA = "Solicitud de cancelación rechazada; el asesor fue notificado."
