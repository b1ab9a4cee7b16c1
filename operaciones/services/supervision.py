"""Supervision by the COP: withdrawals that may have taken a sale out of the ecosystem, and their review.

``retiro_registrar_revision`` runs inside the withdrawal (``unidad_retirar``); ``retiro_resolver`` is the
COP's review. Every step is an event on the apartado that did not reach cierre.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from enlace import bitacora
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.eventos import EVENTO_RETIRO_EN_REVISION, EVENTO_RETIRO_REVISADO
from operaciones.models import Apartado, RevisionRetiro
from operaciones.rules import es_cop
from operaciones.services.comun import ErrorOperacion, cop_de, datos_apartado, guardar

__all__ = ["retiro_registrar_revision", "retiro_resolver"]

SIN_CIERRE = (Apartado.Estado.LIBERADO, Apartado.Estado.CANCELADO)


def _apartado_sin_cierre_reciente(unidad, ahora):
    """The unit's latest apartado that ended liberado or cancelado within the review window, or None."""
    desde = ahora - timedelta(days=settings.OPERACIONES_DIAS_RETIRO_EN_REVISION)
    return (
        Apartado.objects.filter(unidad=unidad, estado__in=SIN_CIERRE)
        .filter(Q(liberado_en__gte=desde) | Q(cancelado_en__gte=desde))
        .order_by("-id")
        .first()
    )


def retiro_registrar_revision(*, actor, unidad, motivo):
    """Flag a withdrawal made within the window after an apartado that did not reach cierre (inside its transaction).

    Creates one ``RevisionRetiro`` per unit and apartado (a re-withdrawal adds nothing), records
    EVENTO_RETIRO_EN_REVISION on the apartado and notifies the COP. Returns the review, or None.
    """
    ahora = timezone.now()
    apartado = _apartado_sin_cierre_reciente(unidad, ahora)
    if apartado is None:
        return None
    fin = apartado.liberado_en or apartado.cancelado_en
    revision, creada = RevisionRetiro.objects.get_or_create(
        unidad=unidad,
        apartado=apartado,
        defaults={
            "retirada_por": actor,
            "retirada_en": ahora,
            "motivo_retiro": motivo,
            "dias_transcurridos": (ahora - fin).days,
        },
    )
    if not creada:
        return revision
    apartado.unidad = unidad
    bitacora.registrar(
        tipo=EVENTO_RETIRO_EN_REVISION,
        actor=actor,
        objeto=apartado,
        organizacion=unidad.concesionario,
        datos={
            **datos_apartado(apartado),
            "condicion": (
                f"Unidad retirada {revision.dias_transcurridos} días después de un apartado "
                f"{apartado.get_estado_display().lower()} (ventana de "
                f"{settings.OPERACIONES_DIAS_RETIRO_EN_REVISION} días)"
            ),
            "revision_id": revision.pk,
            "motivo": motivo,
        },
    )
    notificar(
        destinatarios=cop_de(unidad.concesionario_id),
        titulo=f"Retiro en revisión: {unidad.marca} {unidad.modelo} {unidad.vin}",
        cuerpo=(
            f"{unidad.concesionario.nombre} retiró la unidad {unidad.vin} {revision.dias_transcurridos} días "
            f"después de que su apartado {apartado.folio} quedó {apartado.get_estado_display().lower()}. "
            f"Motivo: {motivo or 'sin motivo'}. Revise si la venta salió del ecosistema."
        ),
        enlace=reverse("operaciones:retiros_revision"),
        clave=f"operaciones-retiro-revision-{revision.pk}",
    )
    return revision


def retiro_resolver(*, actor, revision_id, resolucion):
    """The COP records its resolution of a flagged withdrawal (pendiente → revisada). Raises ErrorOperacion."""
    if not es_cop(actor):
        raise ErrorOperacion(mensajes.SOLO_COP)
    resolucion = (resolucion or "").strip()
    if not resolucion:
        raise ErrorOperacion(mensajes.RESOLUCION_REQUERIDA)
    with transaction.atomic():
        revision = (
            RevisionRetiro.objects.select_for_update(of=("self",))
            .select_related("apartado__unidad__concesionario")
            .get(pk=revision_id)
        )
        if revision.estado != RevisionRetiro.Estado.PENDIENTE:
            raise ErrorOperacion(mensajes.RETIRO_YA_REVISADO)
        revision.revisar(por=actor, resolucion=resolucion)
        guardar(revision, "estado", "resolucion", "revisada_por", "revisada_en")
        apartado = revision.apartado
        bitacora.registrar(
            tipo=EVENTO_RETIRO_REVISADO,
            actor=actor,
            objeto=apartado,
            organizacion=apartado.unidad.concesionario,
            datos={
                **datos_apartado(apartado),
                "condicion": "Retiro en revisión pendiente, resuelto por el COP",
                "revision_id": revision.pk,
                "resolucion": resolucion,
            },
        )
        return revision
