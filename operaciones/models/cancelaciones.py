"""The asesor's request to cancel its own apartado, decided by the COP.

pendiente → aprobada (the COP approves: the apartado is cancelled exactly as the COP's own cancellation does)
| rechazada (the COP rejects with a reason). At most one pending request per apartado.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from enlace.acciones import condicion
from enlace.estados import CampoEstado
from operaciones import mensajes
from operaciones.models.apartados import Apartado

__all__ = ["SolicitudCancelacion"]


@condicion(mensajes.APARTADO_NO_CANCELABLE)
def apartado_cancelable(solicitud):
    """The apartado can still be cancelled (the source states of ``Apartado.cancelar``)."""
    return solicitud.apartado.estado in (Apartado.Estado.PENDIENTE, Apartado.Estado.VALIDADO)


class SolicitudCancelacion(ConcurrentTransitionMixin, models.Model):
    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente de decisión del COP")
        APROBADA = "aprobada", _("Aprobada")
        RECHAZADA = "rechazada", _("Rechazada")

    apartado = models.ForeignKey(
        Apartado, verbose_name=_("apartado"), on_delete=models.PROTECT, related_name="solicitudes_cancelacion"
    )
    motivo = models.CharField(_("motivo"), max_length=24, choices=Apartado.MotivoCancelacion.choices)
    detalle = models.TextField(_("explicación del asesor"))
    estado = CampoEstado(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE, protected=True)
    solicitada_en = models.DateTimeField(_("solicitada el"), default=timezone.now)
    solicitada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("solicitada por"), on_delete=models.PROTECT, related_name="+"
    )
    resuelta_en = models.DateTimeField(_("decidida el"), null=True, blank=True)
    resuelta_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decidida por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    motivo_rechazo = models.TextField(_("motivo del rechazo"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de cancelación")
        verbose_name_plural = _("solicitudes de cancelación")
        ordering = ["apartado", "solicitada_en", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["apartado"], condition=Q(estado="pendiente"), name="cancelacion_pendiente_unica"
            ),
            models.CheckConstraint(
                condition=~Q(estado="rechazada") | ~Q(motivo_rechazo=""), name="cancelacion_rechazada_con_motivo"
            ),
        ]

    def __str__(self):
        return f"Cancelación solicitada {self.pk} · apartado {self.apartado_id}"

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.APROBADA,
        conditions=[apartado_cancelable],
        permission="operaciones.cancelar_apartado",
        custom={"label": _("Aprobar la cancelación"), "sin_permiso": mensajes.SOLO_COP},
    )
    def aprobar(self, *, por):
        self.resuelta_en = timezone.now()
        self.resuelta_por = por

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.RECHAZADA,
        permission="operaciones.cancelar_apartado",
        custom={"label": _("Rechazar la solicitud de cancelación"), "sin_permiso": mensajes.SOLO_COP},
    )
    def rechazar(self, *, por, motivo):
        self.resuelta_en = timezone.now()
        self.resuelta_por = por
        self.motivo_rechazo = motivo
