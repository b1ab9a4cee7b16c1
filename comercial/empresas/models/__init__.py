"""COMTECO Ventas Equipo Empresas (GC-PRC-OPE-CUM-07): data, constraints and the sale state machine.

Flow A (nuevas captaciones) and flow B (cartera de clientes) share one ``Venta`` model whose ``estado`` is a
django-fsm-2 field; ``flujo`` says which path the sale follows. One module per sub-domain; everything is
re-exported here (``from comercial.empresas.models import Venta``), and the app label stays ``comercial_empresas``.
"""

from comercial.empresas.models.cartera import (
    NIT_LONGITUD,
    NIT_MAX_DIGITOS,
    NIT_MIN_DIGITOS,
    NIT_PERSONA_NATURAL,
    NIT_SOLO_DIGITOS,
    ContactoEmpresa,
    Empresa,
    Giro,
    PlanMensual,
    Producto,
    validar_nit,
)
from comercial.empresas.models.comun import CERO, DeEmpresaQuerySet, DeVentaQuerySet, OrganizacionQuerySet, Prioridad
from comercial.empresas.models.derivaciones import Derivacion
from comercial.empresas.models.informes import FacturacionMensual, InformeEjecutivo, InformeResponsable
from comercial.empresas.models.ordenes import OrdenTrabajo, TipoOrden
from comercial.empresas.models.seguimiento import (
    DocumentoVenta,
    Interaccion,
    LineaVenta,
    Visita,
    ruta_documento,
)
from comercial.empresas.models.ventas import (
    ESTADOS_EDITABLES,
    ESTADOS_TERMINADOS,
    Estado,
    Flujo,
    Venta,
    VentaQuerySet,
    controla_otra_persona,
    factibilidad_respaldo_ok,
    ordenes_cerradas,
    tiene_documentos,
    tiene_lineas,
)

__all__ = [
    "CERO",
    "ESTADOS_EDITABLES",
    "ESTADOS_TERMINADOS",
    "NIT_LONGITUD",
    "NIT_MAX_DIGITOS",
    "NIT_MIN_DIGITOS",
    "NIT_PERSONA_NATURAL",
    "NIT_SOLO_DIGITOS",
    "ContactoEmpresa",
    "DeEmpresaQuerySet",
    "DeVentaQuerySet",
    "Derivacion",
    "DocumentoVenta",
    "Empresa",
    "Estado",
    "FacturacionMensual",
    "Flujo",
    "Giro",
    "InformeEjecutivo",
    "InformeResponsable",
    "Interaccion",
    "LineaVenta",
    "OrdenTrabajo",
    "OrganizacionQuerySet",
    "PlanMensual",
    "Prioridad",
    "Producto",
    "TipoOrden",
    "Venta",
    "VentaQuerySet",
    "Visita",
    "controla_otra_persona",
    "factibilidad_respaldo_ok",
    "ordenes_cerradas",
    "ruta_documento",
    "tiene_documentos",
    "tiene_lineas",
    "validar_nit",
]
