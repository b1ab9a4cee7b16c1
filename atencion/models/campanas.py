"""Loyalty campaigns of a PYME and their delivery to each customer: the customers' tags and dates that
segments and recurring campaigns use, and the PYME's approved WhatsApp message templates."""

from datetime import time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from atencion.mensajes import MSG_CAMPANA_PASADA, MSG_CAMPANA_PYME_SUSPENDIDA, MSG_PLANTILLA_VARIABLES
from atencion.models.pymes import Canal, Cliente, PerfilPyme, PorPymeQuerySet
from atencion.models.salida import MensajeSaliente
from enlace.acciones import condicion
from enlace.estados import CampoEstado


class Etiqueta(models.Model):
    """A tag a PYME puts on its customers (e.g. «frecuente», «perro»); campaign segments filter on them."""

    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="+")
    nombre = models.CharField(_("etiqueta"), max_length=60)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("etiqueta de cliente")
        verbose_name_plural = _("etiquetas de cliente")
        ordering = ["pyme", "nombre"]
        constraints = [models.UniqueConstraint(fields=["pyme", "nombre"], name="ate_etiqueta_unica")]

    def __str__(self):
        return self.nombre


class FechaEspecial(models.Model):
    """A date a PYME keeps for its customers besides birthday and anniversary (e.g. a pet's adoption day)."""

    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="+")
    nombre = models.CharField(_("nombre"), max_length=80)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("fecha especial")
        verbose_name_plural = _("fechas especiales")
        ordering = ["pyme", "nombre"]
        constraints = [models.UniqueConstraint(fields=["pyme", "nombre"], name="ate_fecha_especial_unica")]

    def __str__(self):
        return self.nombre


class FechaCliente(models.Model):
    """One customer's value of one of its PYME's special dates."""

    cliente = models.ForeignKey(Cliente, on_delete=models.CASCADE, related_name="fechas")
    fecha_especial = models.ForeignKey(FechaEspecial, on_delete=models.CASCADE, related_name="fechas")
    fecha = models.DateField(_("fecha"))

    class Meta:
        verbose_name = _("fecha de cliente")
        verbose_name_plural = _("fechas de cliente")
        constraints = [models.UniqueConstraint(fields=["cliente", "fecha_especial"], name="ate_fecha_cliente_unica")]

    def __str__(self):
        return f"{self.fecha_especial}: {self.fecha:%d/%m/%Y}"


# What a template variable may be filled with (in the order the template's {{1}}, {{2}}… expect them).
VARIABLES_PLANTILLA = ("cliente", "pyme")


class PlantillaWhatsapp(models.Model):
    """A message template of the PYME's WhatsApp number as registered with Meta: the only way to write to a
    customer outside the 24-hour customer-service window. ``estado`` mirrors Meta's review."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("En revisión de Meta")
        APROBADA = "aprobada", _("Aprobada")
        RECHAZADA = "rechazada", _("Rechazada")

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="plantillas_whatsapp"
    )
    nombre = models.SlugField(_("nombre en Meta"), max_length=120, help_text=_("Tal como se registró en Meta."))
    idioma = models.CharField(_("idioma"), max_length=10, default="es_MX")
    cuerpo = models.TextField(_("texto"), help_text=_("Con {{1}}, {{2}}… donde van las variables."))
    variables = models.JSONField(
        _("variables"), default=list, blank=True, help_text=_("En orden: «cliente» y/o «pyme».")
    )
    estado = models.CharField(_("aprobación"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    actualizado = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plantilla de WhatsApp")
        verbose_name_plural = _("plantillas de WhatsApp")
        ordering = ["pyme", "nombre"]
        constraints = [models.UniqueConstraint(fields=["pyme", "nombre", "idioma"], name="ate_plantilla_unica")]

    def __str__(self):
        return f"{self.nombre} ({self.idioma}, {self.get_estado_display().lower()})"

    def clean(self):
        desconocidas = [v for v in self.variables or [] if v not in VARIABLES_PLANTILLA]
        if not isinstance(self.variables, list) or desconocidas:
            raise ValidationError({"variables": MSG_PLANTILLA_VARIABLES})

    def parametros(self, valores):
        """The template's body parameters, in order, from ``{"cliente": …, "pyme": …}``."""
        return [valores.get(v, "") or "-" for v in self.variables]


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

    class FechaBase(models.TextChoices):
        NACIMIENTO = "nacimiento", _("Cumpleaños")
        ANIVERSARIO = "aniversario", _("Aniversario")
        ESPECIAL = "especial", _("Fecha especial de la PYME")

    class SegmentoCanal(models.TextChoices):
        WHATSAPP = "whatsapp", _("Con WhatsApp")
        CORREO = "correo", _("Con correo")

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="campanas_atencion"
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    asunto = models.CharField(_("asunto"), max_length=200)
    mensaje = models.TextField(_("mensaje"))
    por_whatsapp = models.BooleanField(_("enviar también por WhatsApp"), default=False)
    programada_para = models.DateTimeField(_("programada para"))
    estado = CampoEstado(_("estado"), default=Estado.BORRADOR, choices=Estado.choices, protected=True)
    creada_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    enviada_en = models.DateTimeField(null=True, blank=True)
    # Recurring: sent every day to the customers whose date falls that day (in the PYME's time zone).
    recurrente_por = models.CharField(
        _("se repite en"), max_length=12, choices=FechaBase.choices, blank=True, help_text=_("Vacío: un solo envío.")
    )
    fecha_especial = models.ForeignKey(
        FechaEspecial, verbose_name=_("fecha especial"), null=True, blank=True, on_delete=models.PROTECT
    )
    hora_envio = models.TimeField(_("hora de envío (hora de la PYME)"), default=time(10))
    plantilla = models.ForeignKey(
        PlantillaWhatsapp,
        verbose_name=_("plantilla de WhatsApp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Aprobada por Meta: la que recibe quien no escribió en las últimas 24 horas."),
    )
    segmento_etiquetas = models.ManyToManyField(
        Etiqueta, verbose_name=_("con alguna de estas etiquetas"), blank=True, related_name="+"
    )
    segmento_canal = models.CharField(_("canal del cliente"), max_length=10, choices=SegmentoCanal.choices, blank=True)
    segmento_sin_contacto_dias = models.PositiveIntegerField(
        _("sin contacto en los últimos (días)"), null=True, blank=True
    )

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

    @property
    def recurrente(self):
        return bool(self.recurrente_por)

    @condicion(MSG_CAMPANA_PASADA)
    def en_el_futuro(self):
        """A one-off campaign's date must not have passed; a recurring one's is only when it starts."""
        return self.recurrente or self.programada_para >= timezone.now() - timedelta(minutes=5)

    @condicion(MSG_CAMPANA_PYME_SUSPENDIDA)
    def pyme_no_suspendida(self):
        return not PerfilPyme.objects.filter(pyme_id=self.pyme_id, estado=PerfilPyme.Estado.SUSPENDIDA).exists()

    @transition(
        field=estado,
        source=Estado.BORRADOR,
        target=Estado.PROGRAMADA,
        conditions=[en_el_futuro, pyme_no_suspendida],
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
        SIN_PLANTILLA = "sin_plantilla", _("Omitido: fuera de la ventana de 24 h y sin plantilla aprobada")

    campana = models.ForeignKey(Campana, verbose_name=_("campaña"), on_delete=models.CASCADE, related_name="envios")
    cliente = models.ForeignKey(Cliente, on_delete=models.CASCADE, related_name="envios_campana")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    # The day of a recurring campaign (the customer's date that year, ISO); empty for a one-off campaign.
    ocasion = models.CharField(_("ocasión"), max_length=10, blank=True, default="")
    estado = models.CharField(_("estado"), max_length=15, choices=Estado.choices)
    mensaje = models.ForeignKey(MensajeSaliente, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envío de campaña")
        verbose_name_plural = _("envíos de campaña")
        ordering = ["campana", "cliente"]
        constraints = [
            models.UniqueConstraint(fields=["campana", "cliente", "canal", "ocasion"], name="ate_envio_unico_ocasion")
        ]

    def __str__(self):
        return f"{self.campana} → {self.cliente}"
