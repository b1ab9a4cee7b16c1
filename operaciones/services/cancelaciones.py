"""The asesor asks the COP to cancel its own apartado; the COP approves (the apartado is cancelled exactly as
``apartado_cancelar`` does) or rejects with a reason. Every step is an event on the apartado and rings a bell.
"""

from django.db import transaction
from django.urls import reverse

from enlace import acciones
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.escrituras import SOLICITAR_CANCELACION
from operaciones.eventos import EVENTO_CANCELACION_APROBADA, EVENTO_CANCELACION_RECHAZADA, EVENTO_CANCELACION_SOLICITADA
from operaciones.models import Apartado, SolicitudCancelacion
from operaciones.services.apartados import apartado_cancelar
from operaciones.services.comun import ErrorOperacion, bloquear_apartado, cop_de, registrar_en_operacion

__all__ = ["cancelacion_aprobar", "cancelacion_rechazar", "cancelacion_solicitar"]


def _unidad(apartado):
    unidad = apartado.unidad
    return f"{unidad.marca} {unidad.modelo} ({unidad.vin})"


def _avisar(destinatarios, *, apartado, titulo, cuerpo, clave):
    notificar(
        destinatarios=destinatarios,
        titulo=titulo,
        cuerpo=cuerpo,
        enlace=reverse("operaciones:apartado", args=[apartado.pk]),
        clave=clave,
    )


def cancelacion_solicitar(*, actor, apartado, motivo, detalle):
    """The apartado's asesor asks the COP to cancel it (catalogue reason and an explanation), while it is active
    and has no other pending request (``SOLICITAR_CANCELACION``). Raises AccionRechazada or ErrorOperacion."""
    detalle = (detalle or "").strip()
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        SOLICITAR_CANCELACION.exigir(apartado, actor)
        if motivo not in Apartado.MotivoCancelacion.values:
            raise ErrorOperacion(mensajes.MOTIVO_CANCELACION_REQUERIDO)
        if not detalle:
            raise ErrorOperacion(mensajes.CANCELACION_DETALLE_REQUERIDO)
        solicitud = SolicitudCancelacion.objects.create(
            apartado=apartado, motivo=motivo, detalle=detalle, solicitada_por=actor
        )
        registrar_en_operacion(
            EVENTO_CANCELACION_SOLICITADA,
            actor=actor,
            apartado=apartado,
            condicion="Apartado activo del asesor sin otra solicitud de cancelación pendiente",
            solicitud_id=solicitud.pk,
            motivo=motivo,
            detalle=detalle,
        )
        _avisar(
            cop_de(apartado.concesionario_id),
            apartado=apartado,
            titulo=f"Cancelación solicitada: {_unidad(apartado)}",
            cuerpo=f"{actor} pide cancelar el apartado. {solicitud.get_motivo_display()}: {detalle}",
            clave=f"operaciones-cancelacion-solicitada-{solicitud.pk}",
        )
        return solicitud


def _bloquear(solicitud):
    """Lock unit → apartado → the request; the request keeps the locked apartado."""
    apartado = bloquear_apartado(solicitud.apartado)
    solicitud = SolicitudCancelacion.objects.select_for_update().get(pk=solicitud.pk)
    solicitud.apartado = apartado
    return solicitud


def cancelacion_aprobar(*, actor, solicitud):
    """The COP approves: the apartado is cancelled with the asesor's reason and the unit returns to the
    inventory (``apartado_cancelar``: its event and notifications). Raises AccionRechazada."""
    with transaction.atomic():
        solicitud = _bloquear(solicitud)
        acciones.ejecutar(solicitud, "aprobar", actor=actor, argumentos={"por": actor}, bloquear=False)
        registrar_en_operacion(
            EVENTO_CANCELACION_APROBADA,
            actor=actor,
            apartado=solicitud.apartado,
            condicion="Solicitud de cancelación pendiente y apartado cancelable",
            solicitud_id=solicitud.pk,
            motivo=solicitud.motivo,
        )
        detalle = f"Solicitada por {solicitud.solicitada_por}: {solicitud.detalle}"
        apartado_cancelar(actor=actor, apartado=solicitud.apartado, motivo=solicitud.motivo, detalle=detalle)
        return solicitud


def cancelacion_rechazar(*, actor, solicitud, motivo):
    """The COP rejects the request with a reason; the asesor is notified and the apartado goes on.
    Raises ErrorOperacion for a missing reason, AccionRechazada otherwise."""
    motivo = (motivo or "").strip()
    with transaction.atomic():
        solicitud = _bloquear(solicitud)
        motivo_rechazo = acciones.motivo_rechazo(solicitud, "rechazar", actor)
        if motivo_rechazo:
            raise acciones.AccionRechazada(motivo_rechazo)
        if not motivo:
            raise ErrorOperacion(mensajes.RECHAZO_MOTIVO_REQUERIDO)
        acciones.ejecutar(
            solicitud, "rechazar", actor=actor, argumentos={"por": actor, "motivo": motivo}, bloquear=False
        )
        apartado = solicitud.apartado
        registrar_en_operacion(
            EVENTO_CANCELACION_RECHAZADA,
            actor=actor,
            apartado=apartado,
            condicion="Solicitud de cancelación pendiente",
            solicitud_id=solicitud.pk,
            motivo_rechazo=motivo,
        )
        _avisar(
            [solicitud.solicitada_por],
            apartado=apartado,
            titulo=f"Cancelación rechazada: {_unidad(apartado)}",
            cuerpo=f"El COP rechazó su solicitud de cancelación: {motivo}",
            clave=f"operaciones-cancelacion-rechazada-{solicitud.pk}",
        )
        return solicitud
