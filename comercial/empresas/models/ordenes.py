"""Work orders requested from Gestión de Recursos (steps 13–14.1 A / 9–9.1 B)."""

from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from comercial.empresas.models.comun import DeVentaQuerySet, OrganizacionQuerySet
from comercial.empresas.models.ventas import Venta
from enlace.estados import CampoEstado
from enlace.models import Organizacion


class TipoOrden(models.Model):
    """A type of work order with its standard time (the times set in Smartflex): the due date is computed."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="tipos_orden_empresas"
    )
    nombre = models.CharField("tipo de orden", max_length=120)
    dias_estandar = models.PositiveSmallIntegerField("tiempo estándar (días)")
    activo = models.BooleanField("vigente", default=True)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "tipo de orden de trabajo"
        verbose_name_plural = "tipos de orden de trabajo (tiempos estándar)"
        ordering = ["nombre"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "nombre"], name="tipo_orden_emp_unico"),
        ]

    def __str__(self):
        return f"{self.nombre} ({self.dias_estandar} días)"


class OrdenTrabajo(ConcurrentTransitionMixin, models.Model):
    """A work order requested from Gestión de Recursos, with its due date and closing."""

    class EstadoOrden(models.TextChoices):
        SOLICITADA = "solicitada", "Solicitada"
        CERRADA = "cerrada", "Cerrada"

    venta = models.ForeignKey(Venta, on_delete=models.PROTECT, related_name="ordenes")
    tipo = models.ForeignKey(
        TipoOrden, verbose_name="tipo de orden", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    descripcion = models.CharField("trabajo solicitado", max_length=250)
    fecha_compromiso = models.DateField("fecha comprometida")
    estado = CampoEstado("estado", max_length=12, choices=EstadoOrden.choices, default="solicitada", protected=True)
    solicitada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    solicitada_en = models.DateTimeField("solicitada", auto_now_add=True)
    cerrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cerrada_en = models.DateTimeField("cerrada", null=True, blank=True)
    observaciones_cierre = models.TextField("observaciones de cierre", blank=True)
    history = HistoricalRecords()

    objects = DeVentaQuerySet.as_manager()

    class Meta:
        verbose_name = "orden de trabajo"
        verbose_name_plural = "órdenes de trabajo"
        ordering = ["fecha_compromiso", "id"]
        indexes = [models.Index(fields=["estado", "fecha_compromiso"], name="orden_emp_estado_idx")]

    def __str__(self):
        return f"OT-{self.pk} · {self.descripcion}"

    def vencida_al(self, hoy):
        """A passed due date is honoured on read: open and past its date."""
        return self.estado == self.EstadoOrden.SOLICITADA and self.fecha_compromiso < hoy

    @transition(
        field=estado,
        source=EstadoOrden.SOLICITADA,
        target=EstadoOrden.CERRADA,
        permission="comercial_empresas.cerrar_orden",
        custom={"label": "Cerrar la orden de trabajo"},
    )
    def cerrar(self, *, por, cuando, observaciones):
        self.cerrada_por = por
        self.cerrada_en = cuando
        self.observaciones_cierre = observaciones
