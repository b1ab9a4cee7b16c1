"""Shared COMTECO data: the coverage zones behind GIS feasibility and the product catalogue (empresas and digitales)."""

import unicodedata

from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from enlace.models import Organizacion, VisiblesQuerySet


def normalizar_localidad(texto):
    """Lower-case, accent-free, single-spaced: how localities are compared."""
    sin_acentos = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return " ".join(sin_acentos.lower().split())


class ZonaCoberturaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class ZonaCobertura(models.Model):
    """An area served by one technology, maintained by an admin (the built-in GIS)."""

    class Tecnologia(models.TextChoices):
        FTTH = "ftth", "Fibra óptica (FTTH)"
        HFC = "hfc", "Cable coaxial (HFC)"
        COBRE = "cobre", "Cobre (xDSL)"
        INALAMBRICA = "inalambrica", "Inalámbrica"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="zonas_cobertura"
    )
    nombre = models.CharField("nombre", max_length=120)
    localidades = models.TextField(
        "localidades", help_text="Una por línea: barrios, zonas o calles que cubre (se comparan sin acentos)."
    )
    tecnologia = models.CharField("tecnología", max_length=12, choices=Tecnologia.choices)
    velocidad_max_mbps = models.PositiveIntegerField("velocidad máxima (Mbps)")
    caracteristicas = models.JSONField(
        "características especiales", default=list, blank=True, help_text='Por ejemplo ["ip_fija", "simetrico"].'
    )
    activa = models.BooleanField("activa", default=True)
    history = HistoricalRecords()

    objects = ZonaCoberturaQuerySet.as_manager()

    class Meta:
        verbose_name = "zona de cobertura"
        verbose_name_plural = "zonas de cobertura"
        ordering = ["nombre"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "nombre"], name="zona_cobertura_nombre_unico"),
        ]

    def __str__(self):
        return f"{self.nombre} ({self.get_tecnologia_display()}, {self.velocidad_max_mbps} Mbps)"

    def cubre(self, localidad):
        buscada = normalizar_localidad(localidad)
        return any(normalizar_localidad(linea) == buscada for linea in self.localidades.splitlines() if linea.strip())


# --- The product catalogue (COM-GCM-P01 «Definición del producto» feeds Ventas Digitales) --------------

ETA_MIN_DIAS = 2  # seed 004, step 11.1: «de 2 a 15 días»
ETA_MAX_DIAS = 15


def codigo_requisito(nombre):
    """The code a requirement is stored under when only its name was typed."""
    return slugify(nombre).replace("-", "_")[:40]


class ProductoQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"

    def activos(self):
        return self.filter(activo=True)

    def digitales(self):
        """Offered by the call center: channel digital or both (sold there or directed elsewhere)."""
        return self.filter(canal__in=[Producto.Canal.DIGITAL, Producto.Canal.AMBOS])


class Producto(models.Model):
    """One product of the COMTECO catalogue: what it needs (requisitos), how long it takes (ETA) and
    whether Ventas Digitales sells it or directs the client elsewhere."""

    class Canal(models.TextChoices):
        DIGITAL = "digital", "Ventas Digitales"
        EMPRESAS = "empresas", "Ventas Empresas"
        AMBOS = "ambos", "Ambos"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="catalogo_productos"
    )
    codigo = models.CharField("código", max_length=30)
    nombre = models.CharField("nombre", max_length=150)
    activo = models.BooleanField("activo", default=True)
    canal = models.CharField("canal", max_length=10, choices=Canal.choices, default=Canal.DIGITAL)
    requisitos = models.JSONField(
        "requisitos",
        default=list,
        blank=True,
        help_text='Documentos que el cliente envía: [{"codigo": "ci_anverso", "nombre": "Carnet (anverso)"}, …].',
    )
    eta_min_dias = models.PositiveSmallIntegerField("tiempo estimado mínimo (días)", default=ETA_MIN_DIAS)
    eta_max_dias = models.PositiveSmallIntegerField("tiempo estimado máximo (días)", default=ETA_MAX_DIAS)
    vendido_digitalmente = models.BooleanField("se vende por Ventas Digitales", default=True)
    donde_dirigir = models.TextField(
        "dónde dirigir al cliente", blank=True, help_text="Obligatorio si no se vende por Ventas Digitales."
    )
    history = HistoricalRecords()

    objects = ProductoQuerySet.as_manager()

    class Meta:
        verbose_name = "producto del catálogo"
        verbose_name_plural = "catálogo de productos COMTECO"
        ordering = ["nombre"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "codigo"], name="producto_catalogo_codigo_unico"),
            models.CheckConstraint(
                condition=Q(eta_min_dias__gte=1) & Q(eta_max_dias__gte=models.F("eta_min_dias")),
                name="producto_catalogo_eta_valida",
            ),
            models.CheckConstraint(
                condition=Q(vendido_digitalmente=True) | ~Q(donde_dirigir=""),
                name="producto_catalogo_no_digital_con_destino",
            ),
        ]

    def __str__(self):
        return self.nombre

    def requisitos_dict(self):
        """{codigo: nombre} in the catalogue's order."""
        return {r["codigo"]: r["nombre"] for r in self.requisitos if r.get("codigo")}
