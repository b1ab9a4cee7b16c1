"""The hand-off of a completed sale to Venta de Productos/Servicios (GC-PRC-OPE-CUM-04), the procedure's exit."""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from comercial.empresas.models.comun import OrganizacionQuerySet, Prioridad
from comercial.empresas.models.ventas import Venta
from enlace.estados import CampoEstado
from enlace.models import Organizacion


class Derivacion(ConcurrentTransitionMixin, models.Model):
    """A completed sale handed to GC-PRC-OPE-CUM-04: who, when, the services and documents, and its own state."""

    class EstadoDerivacion(models.TextChoices):
        RECIBIDA = "recibida", "Recibida"
        EN_PROCESO = "en_proceso", "En proceso"
        CERRADA = "cerrada", "Cerrada"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="derivaciones_empresas"
    )
    venta = models.OneToOneField(Venta, on_delete=models.PROTECT, related_name="derivacion")
    derivada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    derivada_en = models.DateTimeField("derivada")
    vence_el = models.DateField("plazo de atención")
    servicios = models.JSONField("servicios", default=list)
    documentos = models.JSONField("documentos", default=list)
    prioridad = models.PositiveSmallIntegerField("prioridad", choices=Prioridad.choices, default=Prioridad.MEDIA)
    estado = CampoEstado(
        "estado", max_length=12, choices=EstadoDerivacion.choices, default=EstadoDerivacion.RECIBIDA, protected=True
    )
    atendida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    en_proceso_en = models.DateTimeField("en proceso desde", null=True, blank=True)
    cerrada_en = models.DateTimeField("cerrada", null=True, blank=True)
    observaciones = models.TextField("observaciones", blank=True)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "derivación a Venta de Productos/Servicios"
        verbose_name_plural = "derivaciones a Venta de Productos/Servicios"
        ordering = ["prioridad", "vence_el", "id"]
        indexes = [models.Index(fields=["organizacion", "estado", "vence_el"], name="derivacion_emp_estado_idx")]

    def __str__(self):
        return f"{self.codigo} · {self.venta.empresa.razon_social}"

    @property
    def codigo(self):
        return f"DV-{self.pk:06d}"

    def vencida_al(self, hoy):
        """A passed deadline is honoured on read: not closed and past its date."""
        return self.estado != self.EstadoDerivacion.CERRADA and self.vence_el < hoy

    @transition(
        field=estado,
        source=EstadoDerivacion.RECIBIDA,
        target=EstadoDerivacion.EN_PROCESO,
        permission="comercial_empresas.atender_derivacion",
        custom={"label": "Poner en proceso"},
    )
    def poner_en_proceso(self, *, por, cuando, observaciones=""):
        self.atendida_por = por
        self.en_proceso_en = cuando
        if observaciones:
            self.observaciones = observaciones

    @transition(
        field=estado,
        source=EstadoDerivacion.EN_PROCESO,
        target=EstadoDerivacion.CERRADA,
        permission="comercial_empresas.atender_derivacion",
        custom={"label": "Cerrar la derivación"},
    )
    def cerrar(self, *, cuando, observaciones):
        self.cerrada_en = cuando
        self.observaciones = observaciones
