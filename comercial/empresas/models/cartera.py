"""Companies (prospects and the cartera), their contacts, the catalogue and the monthly plans (step 1)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from comercial.empresas.models.comun import CERO, DeEmpresaQuerySet, OrganizacionQuerySet, Prioridad
from enlace.models import Organizacion

# --- NIT ----------------------------------------------------------------------

# Bolivian NIT of a legal entity (persona jurídica): digits only, 9 to 12 of them. A carnet de
# identidad has 5 to 8 digits and may carry a complement ("-1A") or a department ("LP", "CB");
# those belong to natural persons, who are not this segment.
NIT_MIN_DIGITOS = 9
NIT_MAX_DIGITOS = 12
NIT_SOLO_DIGITOS = "El NIT solo admite dígitos (sin puntos, guiones ni espacios)."
NIT_LONGITUD = f"El NIT de una empresa tiene entre {NIT_MIN_DIGITOS} y {NIT_MAX_DIGITOS} dígitos."
NIT_PERSONA_NATURAL = (
    "Parece un carnet de identidad de una persona natural: el segmento empresas atiende solo a "
    "empresas con NIT (personas jurídicas)."
)
_CARNET = re.compile(r"^\d{5,8}(\s*-?\s*\d?[A-Za-z]{0,2})?(\s*(LP|CB|SC|OR|PT|CH|TJ|BE|PD|PA))?$", re.IGNORECASE)


def validar_nit(valor):
    """Raise a Spanish ValidationError unless ``valor`` is a plausible company NIT."""
    texto = (valor or "").strip()
    if not texto.isdigit():
        if _CARNET.match(texto.upper()):
            raise ValidationError(NIT_PERSONA_NATURAL, code="persona_natural")
        raise ValidationError(NIT_SOLO_DIGITOS, code="digitos")
    if len(texto) < NIT_MIN_DIGITOS:
        if len(texto) >= 5:
            raise ValidationError(NIT_PERSONA_NATURAL, code="persona_natural")
        raise ValidationError(NIT_LONGITUD, code="longitud")
    if len(texto) > NIT_MAX_DIGITOS:
        raise ValidationError(NIT_LONGITUD, code="longitud")


class Giro(models.TextChoices):
    COMERCIO = "comercio", "Comercio"
    INDUSTRIA = "industria", "Industria y manufactura"
    SERVICIOS = "servicios", "Servicios profesionales"
    FINANZAS = "finanzas", "Banca y finanzas"
    SALUD = "salud", "Salud"
    EDUCACION = "educacion", "Educación"
    TURISMO = "turismo", "Hotelería y turismo"
    CONSTRUCCION = "construccion", "Construcción"
    TRANSPORTE = "transporte", "Transporte y logística"
    GOBIERNO = "gobierno", "Instituciones públicas"
    OTRO = "otro", "Otro"


class Empresa(models.Model):
    """A company of the segment: a prospect (nueva captación) or a client of the cartera."""

    class Situacion(models.TextChoices):
        PROSPECTO = "prospecto", "Prospecto"
        CLIENTE = "cliente", "Cliente"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="empresas_clientes"
    )
    razon_social = models.CharField("razón social", max_length=200)
    nit = models.CharField("NIT", max_length=12, validators=[validar_nit])
    giro = models.CharField("giro / tipo de actividad", max_length=20, choices=Giro.choices)
    localidad = models.CharField("localidad", max_length=120, help_text="Zona o barrio, para la factibilidad (GIS).")
    direccion = models.CharField("dirección", max_length=250, blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    correo = models.EmailField("correo", blank=True)
    situacion = models.CharField("situación", max_length=10, choices=Situacion.choices, default=Situacion.PROSPECTO)
    ejecutivo = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ejecutivo(a) asignado(a)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cartera_empresas",
    )
    asignada_en = models.DateTimeField("asignada", null=True, blank=True)
    prioridad = models.PositiveSmallIntegerField("prioridad", choices=Prioridad.choices, default=Prioridad.MEDIA)
    creada = models.DateTimeField("registrada", auto_now_add=True)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "empresa"
        verbose_name_plural = "empresas"
        ordering = ["razon_social"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "nit"], name="empresa_nit_unico"),
        ]
        indexes = [
            models.Index(fields=["organizacion", "ejecutivo", "razon_social"], name="empresa_cartera_idx"),
            # The list's default order: its first page reads 51 entries instead of sorting every company.
            models.Index(fields=["razon_social", "id"], name="empresa_razon_idx"),
        ]

    def __str__(self):
        return f"{self.razon_social} (NIT {self.nit})"


class ContactoEmpresa(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="contactos")
    nombre = models.CharField("nombre", max_length=150)
    cargo = models.CharField("cargo", max_length=120, blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    correo = models.EmailField("correo", blank=True)
    principal = models.BooleanField("contacto principal", default=False)
    history = HistoricalRecords()

    objects = DeEmpresaQuerySet.as_manager()

    class Meta:
        verbose_name = "contacto de empresa"
        verbose_name_plural = "contactos de empresa"
        ordering = ["-principal", "nombre"]

    def __str__(self):
        return f"{self.nombre} ({self.cargo})" if self.cargo else self.nombre


class Producto(models.Model):
    """The catalogue: products and packages with installation cost and monthly rate in Bs."""

    class Tipo(models.TextChoices):
        PRODUCTO = "producto", "Producto"
        PAQUETE = "paquete", "Paquete"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="productos_empresas"
    )
    codigo = models.CharField("código", max_length=30)
    nombre = models.CharField("nombre", max_length=150)
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices, default=Tipo.PRODUCTO)
    descripcion = models.TextField("descripción", blank=True)
    velocidad_mbps = models.PositiveIntegerField("velocidad (Mbps)", default=0)
    caracteristicas = models.JSONField("características especiales", default=list, blank=True)
    costo_instalacion = models.DecimalField("costo de instalación (Bs.)", max_digits=12, decimal_places=2)
    tarifa_mensual = models.DecimalField("tarifa mensual (Bs.)", max_digits=12, decimal_places=2)
    activo = models.BooleanField("vigente", default=True)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "producto o paquete"
        verbose_name_plural = "catálogo de productos y paquetes"
        ordering = ["tipo", "nombre"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "codigo"], name="producto_empresas_codigo_unico"),
            models.CheckConstraint(
                condition=Q(costo_instalacion__gte=0) & Q(tarifa_mensual__gte=0), name="producto_empresas_montos"
            ),
        ]

    def __str__(self):
        return f"{self.codigo} · {self.nombre}"


class PlanMensual(models.Model):
    """Step 1: the Responsable plans each ejecutivo's month — nuevas captaciones or cartera — with targets."""

    class Modalidad(models.TextChoices):
        CAPTACION = "captacion", "Nuevas captaciones"
        CARTERA = "cartera", "Cartera de clientes"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="planes_empresas"
    )
    ejecutivo = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planes_empresas")
    mes = models.DateField("mes", help_text="Primer día del mes.")
    modalidad = models.CharField("modalidad", max_length=10, choices=Modalidad.choices)
    meta_captaciones = models.PositiveIntegerField("meta de clientes nuevos", default=0)
    meta_ventas_cartera = models.PositiveIntegerField("meta de ventas de cartera", default=0)
    meta_facturacion = models.DecimalField(
        "meta de facturación nueva mensual (Bs.)", max_digits=14, decimal_places=2, default=CERO
    )
    indicaciones = models.TextField("indicaciones", blank=True)
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "plan mensual"
        verbose_name_plural = "planes mensuales"
        ordering = ["-mes", "ejecutivo_id"]
        constraints = [
            models.UniqueConstraint(fields=["ejecutivo", "mes", "modalidad"], name="plan_empresas_unico"),
            models.CheckConstraint(condition=Q(mes__day=1), name="plan_empresas_mes_dia_1"),
        ]

    def __str__(self):
        return f"{self.ejecutivo} · {self.mes:%m/%Y} · {self.get_modalidad_display()}"
