"""The outbox of messages to customers (WhatsApp and email), written with the change and sent after commit."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atencion.models.pymes import Canal, PorPymeQuerySet
from atencion.models.tickets import Ticket


class MensajeSaliente(models.Model):
    """A message to a customer, written with the change and sent by Celery after commit (claim by UPDATE)."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        ENVIANDO = "enviando", _("Enviando")
        ENVIADO = "enviado", _("Enviado")
        FALLIDO = "fallido", _("Fallido")

    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="mensajes")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    destino = models.CharField(_("destino"), max_length=250)
    asunto = models.CharField(_("asunto"), max_length=250, blank=True)
    cuerpo = models.TextField(_("cuerpo"))
    payload = models.JSONField(_("payload WhatsApp"), default=dict, blank=True)
    cabeceras = models.JSONField(_("cabeceras de correo"), default=dict, blank=True)
    clave = models.CharField(max_length=200, blank=True)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    intentos = models.PositiveSmallIntegerField(default=0)
    externo_id = models.CharField(max_length=250, blank=True)
    ultimo_error = models.TextField(blank=True)
    creado = models.DateTimeField(auto_now_add=True)
    reclamado_en = models.DateTimeField(null=True, blank=True)
    proximo_intento = models.DateTimeField(default=timezone.now)
    enviado_en = models.DateTimeField(null=True, blank=True)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mensaje saliente")
        verbose_name_plural = _("mensajes salientes")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["proximo_intento"], name="ate_msg_pendiente", condition=Q(estado__in=["pendiente", "enviando"])
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["canal", "destino", "clave"], condition=~Q(clave=""), name="ate_msg_clave_unica"
            ),
        ]

    def __str__(self):
        return f"{self.canal} → {self.destino}"
