"""The Spanish texts of Ventas Equipo Empresas' refusals: the conditions' reasons and the services' errors.

Tests reuse these constants (also re-exported by ``comercial.empresas.services``).
"""

# --- Reasons of the transitions' conditions -----------------------------------------------------

SIN_LINEAS = "Agregue al menos un producto o paquete al proyecto de venta antes de continuar."
SIN_DOCUMENTOS = "Adjunte la documentación de respaldo antes de derivar la venta a la Gestora Comercial."
DIGITAR_SIN_FACTIBILIDAD = (
    "No se puede digitar la venta: la Gestora Comercial aún no verificó en el GIS la factibilidad técnica."
)
CONTROL_MISMA_PERSONA = (
    "El control de calidad de la digitación debe hacerlo una persona distinta de quien digitó la venta."
)
ORDENES_ABIERTAS = "Hay {n} orden(es) de trabajo sin cerrar; verifique su cierre antes de entregar la documentación."

# --- Services -------------------------------------------------------------------------------------

NO_EDITABLE = "El proyecto de venta solo se modifica mientras está en preparación."
VENTA_TERMINADA = "La venta ya terminó; no admite documentos nuevos."
NIT_DUPLICADO = "Ya existe una empresa con el NIT {nit}."
EMPRESA_NO_ES_CLIENTE = "La cartera de clientes (flujo B) es para empresas que ya son clientes."
EMPRESA_AJENA = "La empresa no está en su cartera."
EJECUTIVO_INVALIDO = "Elija un(a) ejecutivo(a) de ventas empresas de la organización."
GESTOR_INVALIDO = "Elija un(a) {rol} de la organización."
SIN_EJECUTIVOS = "No hay ejecutivos de ventas empresas activos para asignar la cartera."
PRODUCTO_INVALIDO = "El producto no está vigente en el catálogo."
FECHA_COMPROMISO_PASADA = "La fecha comprometida no puede ser anterior a hoy."
SIN_OBSERVACIONES_VOBO = "Escriba las observaciones para devolver el proyecto de venta."
SIN_CORREO_OFERTA = "Indique el correo del cliente para enviar la oferta por correo electrónico."
SIN_RESULTADO_CONCLUSION = "Escriba el resultado de la interacción con el cliente para concluir."
SIN_ERRORES_DIGITACION = "Describa los errores de digitación encontrados."
INFORME_YA_ANALIZADO = "El informe ya fue analizado."
INFORME_RESPONSABLE_EXISTE = "El informe mensual de {mes} ya fue emitido."

# --- Billing import (CSV) -----------------------------------------------------------------------

CSV_VACIO = "El archivo no tiene filas de datos."
CSV_COLUMNAS = "El archivo debe tener las columnas: nit, mes, monto (faltan: {faltan})."
CSV_FILA = "Fila {fila}: {error}"
CSV_NIT = "no existe una empresa con NIT {nit}."
CSV_MES = "el mes «{mes}» no tiene el formato AAAA-MM."
CSV_MONTO = "el monto «{monto}» no es un número positivo (use punto o coma decimal, sin separador de miles)."
CSV_REPETIDA = "la empresa {nit} ya aparece para {mes} en la fila {otra}."
