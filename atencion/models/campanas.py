"""Loyalty campaigns of a PYME and their delivery to each customer."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from atencion.mensajes import MSG_CAMPANA_PASADA
from atencion.models.pymes import Canal, Cliente, PorPymeQuerySet
from atencion.models.salida import MensajeSaliente
from enlace.acciones import condicion


class Campana(ConcurrentTransitionMixin, models.Model):
    class Tipo(models.TextChoices):
        PROMOCION = "promocion", _("Promoción")
        FECHA_ESPECIAL = "fecha_especial", _("Fecha especial")
        RECORDATORIO = "recordatorio", _("Recordatorio")

    class Estado(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        PROGRAMADA = "programada", _("Programada")
        ENVIADA = "enviada", _("Enviada")
        CANCELADA = "cancelada", _("Cancelada")

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="campanas_atencion"
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    asunto = models.CharField(_("asunto"), max_length=200)
    mensaje = models.TextField(_("mensaje"))
    por_whatsapp = models.BooleanField(_("enviar también por WhatsApp"), default=False)
    programada_para = models.DateTimeField(_("programada para"))
    estado = FSMField(_("estado"), default=Estado.BORRADOR, choices=Estado.choices, protected=True)
    creada_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    enviada_en = models.DateTimeField(null=True, blank=True)

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaña")
        verbose_name_plural = _("campañas")
        ordering = ["-programada_para"]
        indexes = [
            models.Index(fields=["programada_para"], name="ate_campana_programada", condition=Q(estado="programada"))
        ]

    def __str__(self):
        return self.nombre

    @condicion(MSG_CAMPANA_PASADA)
    def en_el_futuro(self):
        return self.programada_para >= timezone.now() - timedelta(minutes=5)

    @transition(
        field=estado,
        source=Estado.BORRADOR,
        target=Estado.PROGRAMADA,
        conditions=[en_el_futuro],
        permission="atencion.gestionar_campanas",
        custom={"label": "Programar"},
    )
    def programar(self):
        pass

    @transition(
        field=estado,
        source=[Estado.BORRADOR, Estado.PROGRAMADA],
        target=Estado.CANCELADA,
        permission="atencion.gestionar_campanas",
        custom={"label": "Cancelar"},
    )
    def cancelar(self):
        pass

    # Run by the beat sweep that sends the due campaigns.
    @transition(
        field=estado,
        source=Estado.PROGRAMADA,
        target=Estado.ENVIADA,
        custom={"label": "Marcar enviada", "interna": True},
    )
    def marcar_enviada(self, *, ahora):
        self.enviada_en = ahora


class EnvioCampana(models.Model):
    """Delivery of one campaign to one customer on one channel (unique: sending twice is a no-op)."""

    class Estado(models.TextChoices):
        ENCOLADO = "encolado", _("Encolado")
        OMITIDO_BAJA = "omitido_baja", _("Omitido: se dio de baja")
        SIN_DATOS = "sin_datos", _("Omitido: sin dato de contacto")

    campana = models.ForeignKey(Campana, verbose_name=_("campaña"), on_delete=models.CASCADE, related_name="envios")
    cliente = models.ForeignKey(Cliente, on_delete=models.CASCADE, related_name="envios_campana")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    estado = models.CharField(_("estado"), max_length=15, choices=Estado.choices)
    mensaje = models.ForeignKey(MensajeSaliente, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envío de campaña")
        verbose_name_plural = _("envíos de campaña")
        ordering = ["campana", "cliente"]
        constraints = [models.UniqueConstraint(fields=["campana", "cliente", "canal"], name="ate_envio_unico")]

    def __str__(self):
        return f"{self.campana} → {self.cliente}"
