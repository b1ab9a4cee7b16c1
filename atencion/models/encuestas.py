"""Satisfaction surveys of resolved tickets and post-sale follow-ups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atencion.models.pymes import Canal, Cliente, PorPymeQuerySet, token_aleatorio
from atencion.models.tickets import Ticket


class Encuesta(models.Model):
    """The satisfaction survey of a resolved ticket: CSAT 1–5, NPS 0–10 and a comment, answered once."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="encuesta")
    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="+")
    agente = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    nonce = models.CharField(max_length=64, default=token_aleatorio, editable=False)
    enviada_en = models.DateTimeField(_("enviada"), default=timezone.now)
    expira_en = models.DateTimeField(_("expira"))
    respondida_en = models.DateTimeField(_("respondida"), null=True, blank=True)
    csat = models.PositiveSmallIntegerField(_("CSAT"), null=True, blank=True)
    nps = models.PositiveSmallIntegerField(_("NPS"), null=True, blank=True)
    comentario = models.TextField(_("comentario"), blank=True)
    no_enviable_motivo = models.CharField(_("motivo por el que no se pudo enviar"), max_length=250, blank=True)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("encuesta")
        verbose_name_plural = _("encuestas")
        ordering = ["-enviada_en"]
        indexes = [models.Index(fields=["pyme", "respondida_en"], name="ate_encuesta_pyme_resp")]
        constraints = [
            models.CheckConstraint(condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5), name="ate_csat_1_5"),
            models.CheckConstraint(condition=Q(nps__isnull=True) | Q(nps__lte=10), name="ate_nps_0_10"),
        ]

    def __str__(self):
        return f"Encuesta {self.ticket_id}"


class Seguimiento(models.Model):
    """A scheduled post-sale follow-up (satisfaction confirmation, appointment reminder)."""

    class Tipo(models.TextChoices):
        CONFIRMACION = "confirmacion", _("Confirmación de satisfacción")
        RECORDATORIO_CITA = "recordatorio_cita", _("Recordatorio de cita")

    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="seguimientos")
    cliente = models.ForeignKey(Cliente, on_delete=models.CASCADE, related_name="seguimientos")
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    mensaje = models.TextField(_("mensaje"))
    programado_para = models.DateTimeField(_("programado para"))
    enviado_en = models.DateTimeField(_("enviado"), null=True, blank=True)
    cancelado = models.BooleanField(_("cancelado"), default=False)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seguimiento postventa")
        verbose_name_plural = _("seguimientos postventa")
        ordering = ["programado_para"]
        indexes = [
            models.Index(
                fields=["programado_para"],
                name="ate_seg_pendiente",
                condition=Q(enviado_en__isnull=True, cancelado=False),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "tipo"], condition=Q(tipo="confirmacion"), name="ate_seg_confirmacion_unica"
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.programado_para:%d/%m/%Y}"
