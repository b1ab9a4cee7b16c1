import factory
from django.utils import timezone

from comercial.digitales.models import Canal, RegistroImpedimento, SolicitudDigital
from comercial.models import ZonaCobertura
from tests.enlace.factories import OrganizacionFactory


class ZonaCoberturaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZonaCobertura

    organizacion = factory.SubFactory(OrganizacionFactory)
    nombre = factory.Sequence(lambda n: f"Zona {n}")
    localidades = "Zona Central\nCala Cala"
    tecnologia = ZonaCobertura.Tecnologia.FTTH
    velocidad_max_mbps = 300
    caracteristicas = factory.LazyFunction(lambda: ["ip_fija"])


class SolicitudFactory(factory.django.DjangoModelFactory):
    """A solicitud in the queue (a web lead); pass estado=... and fields to place it elsewhere."""

    class Meta:
        model = SolicitudDigital

    organizacion = factory.SubFactory(OrganizacionFactory)
    canal = Canal.WEB
    telefono = "71234567"
    nombre_cliente = factory.Faker("name", locale="es_MX")
    recibida = factory.LazyFunction(timezone.now)


class ImpedimentoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistroImpedimento

    organizacion = factory.SubFactory(OrganizacionFactory)
    carnet = "4455667"
    tipo = "deuda_naf"
    detalle = "Factura impaga"
