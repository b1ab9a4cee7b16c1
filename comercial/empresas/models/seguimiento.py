"""What a sale gathers on its way: the proyecto's lines, supporting documents, visits and interactions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from comercial.empresas.models.cartera import Empresa, Producto
from comercial.empresas.models.comun import CERO, DeVentaQuerySet, OrganizacionQuerySet
from comercial.empresas.models.ventas import Venta
from enlace.models import Organizacion


class LineaVenta(models.Model):
    """One product or package of the proyecto de venta / oferta comercial, with its promotion."""

    venta = models.ForeignKey(Venta, on_delete=models.CASCADE, related_name="lineas")
    producto = models.ForeignKey(Producto, on_delete=models.PROTECT, related_name="+")
    cantidad = models.PositiveSmallIntegerField("cantidad", default=1, validators=[MinValueValidator(1)])
    costo_instalacion = models.DecimalField("costo de instalación unitario (Bs.)", max_digits=12, decimal_places=2)
    tarifa_mensual = models.DecimalField("tarifa mensual unitaria (Bs.)", max_digits=12, decimal_places=2)
    descuento_pct = models.DecimalField("descuento (%)", max_digits=5, decimal_places=2, default=CERO)
    promocion = models.CharField("promoción", max_length=200, blank=True)

    objects = DeVentaQuerySet.as_manager()

    class Meta:
        verbose_name = "línea del proyecto de venta"
        verbose_name_plural = "líneas del proyecto de venta"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(cantidad__gte=1), name="linea_emp_cantidad"),
            models.CheckConstraint(
                condition=Q(descuento_pct__gte=0) & Q(descuento_pct__lte=100), name="linea_emp_descuento"
            ),
        ]

    def __str__(self):
        return f"{self.cantidad} × {self.producto}"

    @property
    def instalacion_total(self):
        return (self.costo_instalacion * self.cantidad).quantize(Decimal("0.01"))

    @property
    def mensual_total(self):
        factor = (Decimal(100) - self.descuento_pct) / Decimal(100)
        return (self.tarifa_mensual * self.cantidad * factor).quantize(Decimal("0.01"))


def ruta_documento(instancia, nombre):
    return f"comercial/empresas/ventas/{instancia.venta_id}/{nombre}"


class DocumentoVenta(models.Model):
    """Supporting documents (NIT, poder, carta de solicitud…), stored privately."""

    venta = models.ForeignKey(Venta, on_delete=models.CASCADE, related_name="documentos")
    descripcion = models.CharField("descripción", max_length=150)
    archivo = models.FileField("archivo", upload_to=ruta_documento)
    subido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subido_en = models.DateTimeField("subido", auto_now_add=True)

    objects = DeVentaQuerySet.as_manager()

    class Meta:
        verbose_name = "documento de respaldo"
        verbose_name_plural = "documentos de respaldo"
        ordering = ["subido_en", "id"]

    def __str__(self):
        return self.descripcion


class Visita(models.Model):
    """One row of the Cronograma de Visitas (Anexo 1)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="visitas_empresas"
    )
    ejecutivo = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visitas_empresas")
    venta = models.ForeignKey(Venta, null=True, blank=True, on_delete=models.PROTECT, related_name="visitas")
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="visitas")
    fecha = models.DateField("fecha")
    hora = models.TimeField("hora")
    persona = models.CharField("persona a entrevistar", max_length=150)
    ubicacion = models.CharField("ubicación", max_length=250)
    observaciones = models.TextField("observaciones", blank=True)
    realizada = models.BooleanField("realizada", default=False)
    # Step 6: the three activities of the visit and the requirements explained, each on its own.
    asesoramiento = models.TextField("asesoramiento comercial realizado", blank=True)
    informacion_comercial = models.TextField("información comercial brindada", blank=True)
    requisitos_explicados = models.TextField("explicación de requisitos para el trámite", blank=True)
    requisitos = models.JSONField("requisitos para el trámite", default=list, blank=True)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "visita"
        verbose_name_plural = "cronograma de visitas"
        ordering = ["fecha", "hora", "id"]
        indexes = [models.Index(fields=["ejecutivo", "fecha"], name="visita_emp_ejecutivo_idx")]

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y} {self.hora:%H:%M} · {self.empresa.razon_social}"


class Interaccion(models.Model):
    """Every contact with a client: date, channel, result (the timeline)."""

    class Canal(models.TextChoices):
        LLAMADA = "llamada", "Llamada telefónica"
        VISITA = "visita", "Visita"
        CORREO = "correo", "Correo electrónico"
        WHATSAPP = "whatsapp", "WhatsApp"
        CARTA = "carta", "Carta escrita"
        SISTEMA = "sistema", "Gestión interna (Smartflex)"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="interacciones_empresas"
    )
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="interacciones")
    venta = models.ForeignKey(Venta, null=True, blank=True, on_delete=models.PROTECT, related_name="interacciones")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fecha = models.DateTimeField("fecha")
    canal = models.CharField("canal", max_length=10, choices=Canal.choices)
    resultado = models.TextField("resultado")

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "interacción"
        verbose_name_plural = "interacciones"
        ordering = ["-fecha", "-id"]
        indexes = [
            models.Index(fields=["empresa", "-fecha"], name="interaccion_emp_empresa_idx"),
            models.Index(fields=["organizacion", "fecha", "usuario"], name="interaccion_emp_mes_idx"),
        ]

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y} · {self.get_canal_display()} · {self.empresa.razon_social}"
