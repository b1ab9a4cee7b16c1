"""Spanish texts of the business errors and confirmations (tests reuse these constants)."""

UNIDAD_NO_DISPONIBLE = "La unidad ya está apartada o no está disponible; elija otra unidad del inventario."
UNIDAD_NO_ENCONTRADA = "La unidad no existe en el inventario de la red."
SIN_INTENCION = "Para apartar, llene la Solicitud de Intención de Compra del cliente."
FINANCIERA_REQUERIDA = "Indique la financiera cuando la forma de pago es financiada."
ENGANCHE_FINANCIADO = "Indique el enganche cuando la forma de pago es financiada."
DESCUENTO_EXCESIVO = "El descuento solicitado no puede ser mayor que el precio de la unidad."
A_CUENTA_SIN_DESCRIPCION = "Describa la unidad que el cliente entrega a cuenta."
ENTREGA_SIN_DETALLE = "Indique la dirección de entrega cuando es en el domicilio o lugar de trabajo del cliente."
SOLO_ASESOR = "Solo un asesor puede apartar unidades."
SOLO_COP = "Solo el COP puede realizar esta acción."
NO_PENDIENTE = "El apartado ya no está pendiente de validación."
NO_ACTIVO = "El apartado ya no está activo (fue liberado o cancelado)."
VENCIDO = "El plazo de validación venció: la unidad quedó disponible y ya no se puede validar."
SIN_CONFIRMACION = "Falta la confirmación de disponibilidad del concesionario dueño de la unidad."
YA_CONFIRMADO = "La disponibilidad de este apartado ya estaba confirmada."
NO_CONFIRMA = (
    "Solo el gerente de ventas (o el gerente general) del concesionario dueño de la unidad, "
    "o el COP, puede confirmar la disponibilidad."
)
CONFIRMO_REQUERIDO = "Indique quién confirmó la disponibilidad en el concesionario y por qué medio."
MOTIVO_REQUERIDO = "Escriba el motivo de la liberación."
MOTIVO_CANCELACION_REQUERIDO = "Elija el motivo de la cancelación."
DETALLE_OTRO_REQUERIDO = "Describa el motivo cuando elige «Otro»."
ESTRATEGIA_REQUERIDA = "Elija la estrategia para la unidad."
PRECIO_REQUERIDO = "Indique el nuevo precio para un ajuste de precio."
NO_ESTRATEGIA = "Solo los gerentes del concesionario dueño de la unidad o el COP registran la estrategia."
NO_FOTO = "Solo el concesionario dueño de la unidad o el COP puede subir fotos."
NO_RETIRADA = "La unidad no está retirada del inventario."
CONCURRENCIA = "Otro usuario modificó este registro al mismo tiempo; vuelva a intentarlo."

OK_APARTADO = "Unidad apartada. El COP fue notificado; tiene {horas} horas para validar el apartado."
OK_CONFIRMADO = "Disponibilidad confirmada."
OK_VALIDADO = "Apartado validado: la red ya ve la unidad como apartado validado."
OK_LIBERADO = "Unidad liberada: vuelve a estar disponible para toda la red."
OK_CANCELADO = "Apartado cancelado; la unidad se reactivó en el inventario."
OK_ESTRATEGIA = "Estrategia registrada."
OK_FOTO = "Foto agregada."

# --- negociacion ---

# --- tradein ---

# --- entrega ---

# --- cierre ---

# --- comisiones ---

# --- desempeno ---

# --- supervision ---
