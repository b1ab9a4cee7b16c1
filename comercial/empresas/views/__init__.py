"""Thin views: scoped selector → form → service → message → redirect (or the page again, with the errors).

One module per sub-domain, re-exported here for ``urls.py``.
"""

from comercial.empresas.views.cartera import (
    cartera_asignar,
    catalogo,
    empresa,
    empresa_asignar,
    empresa_contacto,
    empresa_interaccion,
    empresa_nueva,
    empresas,
    inicio,
    planes,
    venta_nueva,
)
from comercial.empresas.views.derivaciones import derivacion, derivacion_accion, derivaciones
from comercial.empresas.views.informes import (
    facturacion,
    indicador_view,
    informe_ejecutivo,
    informe_ejecutivo_emitir,
    informe_ejecutivo_pdf,
    informe_responsable_emitir,
    informe_responsable_pdf,
    informes,
)
from comercial.empresas.views.ordenes import cronograma, cronograma_pdf, orden_cerrar, ordenes
from comercial.empresas.views.ventas import (
    documento,
    oferta_pdf,
    solicitud_pdf,
    venta,
    venta_accion,
    venta_documento,
    venta_linea,
    venta_linea_quitar,
    venta_proyecto,
    ventas,
)

__all__ = [
    "cartera_asignar",
    "catalogo",
    "cronograma",
    "cronograma_pdf",
    "derivacion",
    "derivacion_accion",
    "derivaciones",
    "documento",
    "empresa",
    "empresa_asignar",
    "empresa_contacto",
    "empresa_interaccion",
    "empresa_nueva",
    "empresas",
    "facturacion",
    "indicador_view",
    "informe_ejecutivo",
    "informe_ejecutivo_emitir",
    "informe_ejecutivo_pdf",
    "informe_responsable_emitir",
    "informe_responsable_pdf",
    "informes",
    "inicio",
    "oferta_pdf",
    "orden_cerrar",
    "ordenes",
    "planes",
    "solicitud_pdf",
    "venta",
    "venta_accion",
    "venta_documento",
    "venta_linea",
    "venta_linea_quitar",
    "venta_nueva",
    "venta_proyecto",
    "ventas",
]
