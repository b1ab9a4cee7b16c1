"""Reads of the publication of units: imports, the units a complete file left out, proposed changes."""

from enlace.models import Organizacion
from operaciones.models import CambioUnidad, ImportacionInventario, Unidad

__all__ = [
    "cambios_pendientes",
    "cambios_revisados",
    "cambios_visibles",
    "concesionario_del_usuario",
    "importaciones_visibles",
    "unidades_ofrecidas_para_retiro",
]

REVISADOS_RECIENTES = 20


def concesionario_del_usuario(user):
    """The concesionario the user works at (None for the COP, an asesor without one, a superuser)."""
    organizacion = user.organizacion if user.is_authenticated else None
    if organizacion is None or organizacion.tipo != Organizacion.Tipo.CONCESIONARIO:
        return None
    return organizacion


def importaciones_visibles(user):
    """Its own concesionario's imports; the COP, its network's."""
    return ImportacionInventario.objects.visibles_para(user).select_related("concesionario", "usuario")


def unidades_ofrecidas_para_retiro(importacion):
    """The units a complete file did not carry that are still in inventory (withdrawn ones drop out)."""
    return (
        Unidad.objects.filter(pk__in=importacion.ausentes, concesionario_id=importacion.concesionario_id)
        .en_inventario()
        .order_by("marca", "modelo", "vin")
    )


def cambios_visibles(user):
    return CambioUnidad.objects.visibles_para(user).select_related(
        "unidad", "unidad__concesionario", "propuesto_por", "revisado_por"
    )


def cambios_pendientes(user):
    """Proposed changes waiting for the webmaster, oldest first."""
    return cambios_visibles(user).pendientes().order_by("creado", "id")


def cambios_revisados(user):
    return (
        cambios_visibles(user)
        .exclude(estado=CambioUnidad.Estado.PENDIENTE)
        .order_by("-revisado_en", "-id")[:REVISADOS_RECIENTES]
    )
