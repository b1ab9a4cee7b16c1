"""The Spanish texts of Ventas Equipo Empresas' refusals: the conditions' reasons, who may do each write that
is not a transition (``sin_permiso`` of its ``acciones.Escritura``) and the services' errors.

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

# --- Writes that are not transitions: who may (the rule refused) and when (the conditions' reasons) ---

EMPRESA_AJENA = "La empresa no está en su cartera."  # who may start a sale of the company
SIN_PERMISO_PROYECTO = "Solo el(la) ejecutivo(a) de la venta modifica su proyecto de venta."
SIN_PERMISO_DOCUMENTO = "Solo el equipo de Ventas Empresas adjunta documentos a una venta."
SIN_PERMISO_EMPRESA = "Solo los ejecutivos de ventas empresas y el Responsable registran empresas."
SIN_PERMISO_CONTACTO = "Solo el equipo de Ventas Empresas agrega contactos a una empresa."
SIN_PERMISO_INTERACCION = "Solo el equipo de Ventas Empresas registra interacciones con el cliente."
SIN_PERMISO_ASIGNAR = "Solo el Responsable Ventas Empresas asigna la cartera."
SIN_PERMISO_PLANIFICAR = "Solo el Responsable Ventas Empresas coordina el trabajo del mes."
SIN_PERMISO_INFORME_EJECUTIVO = "Solo un(a) ejecutivo(a) de ventas empresas emite su informe mensual."
SIN_PERMISO_ANALIZAR = "Solo el Responsable Ventas Empresas analiza los informes de los ejecutivos."
SIN_PERMISO_INFORME_RESPONSABLE = (
    "Solo el Responsable Ventas Empresas emite el informe mensual a la Div. Gestión Integral Territorios."
)
SIN_PERMISO_FACTURACION = "Solo el Responsable Ventas Empresas calcula o importa la facturación."
NO_EDITABLE = "El proyecto de venta solo se modifica mientras está en preparación."
VENTA_TERMINADA = "La venta ya terminó; no admite documentos nuevos."
INFORME_YA_ANALIZADO = "El informe ya fue analizado."

SIN_PERMISO_PRIORIZAR = "Solo el(la) ejecutivo(a) de la empresa o el Responsable cambian su prioridad."
SIN_PERMISO_PRIORIZAR_DERIVACION = "Solo el Responsable Ventas Empresas prioriza las derivaciones."
SIN_PERMISO_TIPOS_ORDEN = "Solo el Responsable Ventas Empresas define los tiempos estándar de las órdenes."
SIN_CIERRE_DERIVACION = "Escriba cómo se cerró la derivación en Venta de Productos/Servicios."
VISITA_EN_EL_PASADO = "La visita no puede programarse en una fecha u hora pasada."
TIPO_ORDEN_INVALIDO = "Elija un tipo de orden de trabajo vigente."

# --- Services -------------------------------------------------------------------------------------

NIT_DUPLICADO = "Ya existe una empresa con el NIT {nit}."
EMPRESA_NO_ES_CLIENTE = "La cartera de clientes (flujo B) es para empresas que ya son clientes."
EJECUTIVO_INVALIDO = "Elija un(a) ejecutivo(a) de ventas empresas de la organización."
GESTOR_INVALIDO = "Elija un(a) {rol} de la organización."
SIN_EJECUTIVOS = "No hay ejecutivos de ventas empresas activos para asignar la cartera."
PRODUCTO_INVALIDO = "El producto no está vigente en el catálogo."
SIN_OBSERVACIONES_VOBO = "Escriba las observaciones para devolver el proyecto de venta."
SIN_CORREO_OFERTA = "Indique el correo del cliente para enviar la oferta por correo electrónico."
SIN_RESULTADO_CONCLUSION = "Escriba el resultado de la interacción con el cliente para concluir."
SIN_ERRORES_DIGITACION = "Describa los errores de digitación encontrados."
INFORME_RESPONSABLE_EXISTE = "El informe mensual de {mes} ya fue emitido."
INFORME_MES_EN_CURSO = (
    "El mes {mes} aún está en curso: el informe mensual con su resultado se emite cuando el mes cierra."
)

# --- Billing import (CSV) -----------------------------------------------------------------------

CSV_VACIO = "El archivo no tiene filas de datos."
CSV_COLUMNAS = "El archivo debe tener las columnas: nit, mes, monto (faltan: {faltan})."
CSV_FILA = "Fila {fila}: {error}"
CSV_NIT = "no existe una empresa con NIT {nit}."
CSV_MES = "el mes «{mes}» no tiene el formato AAAA-MM."
CSV_MONTO = "el monto «{monto}» no es un número positivo (use punto o coma decimal, sin separador de miles)."
CSV_REPETIDA = "la empresa {nit} ya aparece para {mes} en la fila {otra}."
