"""Billing per client and month, and the monthly reports (steps 15–17 A / 11–13 B)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from comercial.empresas.models.cartera import Empresa
from comercial.empresas.models.comun import OrganizacionQuerySet
from enlace.models import Organizacion


class FacturacionMensual(models.Model):
    """Billing of one client in one month (Bs.): computed from digitized sales or imported from CSV."""

    class Origen(models.TextChoices):
        VENTAS = "ventas", "Calculada de ventas digitadas"
        IMPORTACION = "importacion", "Importada (CSV de Smartflex)"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="facturacion_empresas"
    )
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="facturacion")
    mes = models.DateField("mes")
    monto = models.DecimalField("monto (Bs.)", max_digits=14, decimal_places=2)
    origen = models.CharField("origen", max_length=12, choices=Origen.choices)
    actualizada = models.DateTimeField("actualizada", auto_now=True)

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "facturación mensual"
        verbose_name_plural = "facturación mensual"
        ordering = ["-mes", "empresa_id"]
        constraints = [
            models.UniqueConstraint(fields=["empresa", "mes"], name="facturacion_emp_unica"),
            models.CheckConstraint(condition=Q(mes__day=1), name="facturacion_emp_mes_dia_1"),
            models.CheckConstraint(condition=Q(monto__gte=0), name="facturacion_emp_monto"),
        ]
        indexes = [models.Index(fields=["organizacion", "mes"], name="facturacion_emp_mes_idx")]

    def __str__(self):
        return f"{self.empresa.razon_social} · {self.mes:%m/%Y}"


class InformeEjecutivo(models.Model):
    """Step 15 (A) / 11 (B): the ejecutivo's monthly report to the Responsable (a snapshot)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="informes_ejecutivo"
    )
    ejecutivo = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="informes_empresas")
    mes = models.DateField("mes")
    captaciones = models.PositiveIntegerField("clientes nuevos captados")
    ventas_cartera = models.PositiveIntegerField("ventas de cartera")
    meta_captaciones = models.PositiveIntegerField("meta de clientes nuevos")
    meta_ventas_cartera = models.PositiveIntegerField("meta de ventas de cartera")
    facturacion_nueva = models.DecimalField("facturación mensual nueva (Bs.)", max_digits=14, decimal_places=2)
    meta_facturacion = models.DecimalField("meta de facturación (Bs.)", max_digits=14, decimal_places=2)
    interacciones = models.PositiveIntegerField("interacciones registradas")
    comentario = models.TextField("comportamiento y comentarios", blank=True)
    emitido_en = models.DateTimeField("emitido")
    analizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    analizado_en = models.DateTimeField("analizado", null=True, blank=True)
    analisis = models.TextField("análisis del Responsable", blank=True)

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "informe mensual de ejecutivo"
        verbose_name_plural = "informes mensuales de ejecutivos"
        ordering = ["-mes", "ejecutivo_id"]
        constraints = [
            models.UniqueConstraint(fields=["ejecutivo", "mes"], name="informe_ejecutivo_unico"),
            models.CheckConstraint(condition=Q(mes__day=1), name="informe_ejecutivo_mes_dia_1"),
        ]

    def __str__(self):
        return f"Informe {self.mes:%m/%Y} · {self.ejecutivo}"


class InformeResponsable(models.Model):
    """Step 17 (A) / 13 (B): the Responsable's monthly report to Div. Gestión Integral Territorios."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="informes_responsable"
    )
    mes = models.DateField("mes")
    facturacion_mes = models.DecimalField("facturación del mes (Bs.)", max_digits=16, decimal_places=2)
    facturacion_anterior = models.DecimalField("facturación del mes anterior (Bs.)", max_digits=16, decimal_places=2)
    variacion_pct = models.DecimalField("variación (%)", max_digits=9, decimal_places=2, null=True, blank=True)
    banda = models.CharField("resultado", max_length=20)
    captaciones = models.PositiveIntegerField("clientes nuevos")
    ventas_cartera = models.PositiveIntegerField("ventas de cartera")
    analisis = models.TextField("análisis y conclusiones")
    emitido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    emitido_en = models.DateTimeField("emitido")

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "informe mensual del Responsable"
        verbose_name_plural = "informes mensuales del Responsable"
        ordering = ["-mes"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "mes"], name="informe_responsable_unico"),
            models.CheckConstraint(condition=Q(mes__day=1), name="informe_responsable_mes_dia_1"),
        ]

    def __str__(self):
        return f"Informe del Responsable {self.mes:%m/%Y}"
