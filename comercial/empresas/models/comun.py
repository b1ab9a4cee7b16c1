"""What every model of Ventas Equipo Empresas shares: money zero and the organisation-scoped querysets."""

from decimal import Decimal

from django.db import models

from enlace.models import VisiblesQuerySet

CERO = Decimal("0.00")


class OrganizacionQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class DeVentaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "venta__organizacion"


class DeEmpresaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "empresa__organizacion"


class Prioridad(models.IntegerChoices):
    """Priority of a company of the cartera or of a hand-off (sortable: 1 first)."""

    ALTA = 1, "Alta"
    MEDIA = 2, "Media"
    BAJA = 3, "Baja"
