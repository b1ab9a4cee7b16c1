"""Shared COMTECO data: the coverage zones behind GIS feasibility (empresas and digitales)."""

import unicodedata

from django.db import models
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

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="zonas_cobertura")
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
