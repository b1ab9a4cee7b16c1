"""Reads of the asesor's cancellation requests: the apartado page's section and the COP's pending list."""

from operaciones.models import Apartado, SolicitudCancelacion

__all__ = ["cancelacion_visible", "cancelaciones_pendientes", "contexto_apartado_cancelaciones"]


def contexto_apartado_cancelaciones(user, apartado):
    """The apartado page's cancellation requests, newest first."""
    solicitudes = apartado.solicitudes_cancelacion.select_related("solicitada_por", "resuelta_por").order_by("-pk")
    return {"solicitudes_cancelacion": list(solicitudes)}


def cancelacion_visible(apartado, pk):
    return SolicitudCancelacion.objects.select_related("apartado", "solicitada_por").get(apartado=apartado, pk=pk)


def cancelaciones_pendientes(user):
    """The COP's list: pending requests on apartados it sees, oldest first."""
    return (
        SolicitudCancelacion.objects.filter(
            estado=SolicitudCancelacion.Estado.PENDIENTE, apartado__in=Apartado.objects.visibles_para(user)
        )
        .select_related("apartado__unidad", "apartado__concesionario", "apartado__cliente", "solicitada_por")
        .order_by("solicitada_en", "id")
    )
