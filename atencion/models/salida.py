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

    class Entrega(models.TextChoices):
        """What Meta reports back about a WhatsApp message (status webhooks), in the order it only moves up."""

        ENVIADO = "enviado", _("Enviado")
        ENTREGADO = "entregado", _("Entregado")
        LEIDO = "leido", _("Leído")
        FALLIDO = "fallido", _("Fallido")

    RANGO_ENTREGA = {"": 0, Entrega.ENVIADO: 1, Entrega.ENTREGADO: 2, Entrega.LEIDO: 3, Entrega.FALLIDO: 4}

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
    # Delivery as Meta reports it (WhatsApp only): the highest state seen, when, and a failure's details.
    entrega = models.CharField(_("entrega"), max_length=10, choices=Entrega.choices, blank=True)
    entrega_en = models.DateTimeField(_("entrega informada"), null=True, blank=True)
    error_codigo = models.PositiveIntegerField(_("código de error de WhatsApp"), null=True, blank=True)
    error_titulo = models.CharField(_("error de WhatsApp"), max_length=250, blank=True)
    error_detalle = models.TextField(_("detalle del error"), blank=True)
    reaccion = models.CharField(_("reacción del cliente"), max_length=16, blank=True)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mensaje saliente")
        verbose_name_plural = _("mensajes salientes")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["proximo_intento"], name="ate_msg_pendiente", condition=Q(estado__in=["pendiente", "enviando"])
            ),
            # Status webhooks find the message by its WhatsApp id (wamid).
            models.Index(fields=["externo_id"], name="ate_msg_externo", condition=~Q(externo_id="")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["canal", "destino", "clave"], condition=~Q(clave=""), name="ate_msg_clave_unica"
            ),
        ]

    def __str__(self):
        return f"{self.canal} → {self.destino}"

    @property
    def marca_entrega(self):
        """What the agent reads next to the message: ✓ / ✓✓ / leído / fallido, or where the outbox stands."""
        if self.entrega:
            return MARCAS_ENTREGA[self.entrega]
        if self.estado == self.Estado.FALLIDO:
            return "no enviado"
        if self.estado == self.Estado.ENVIADO:
            return "✓"
        return "en cola"

    @property
    def que_hacer(self):
        from atencion.canales import que_hacer

        return que_hacer(self.error_codigo) if self.entrega == self.Entrega.FALLIDO else ""


MARCAS_ENTREGA = {
    MensajeSaliente.Entrega.ENVIADO: "✓",
    MensajeSaliente.Entrega.ENTREGADO: "✓✓",
    MensajeSaliente.Entrega.LEIDO: "✓✓ leído",
    MensajeSaliente.Entrega.FALLIDO: "fallido",
}
