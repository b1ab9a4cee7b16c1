from decimal import Decimal

import factory

from comercial.empresas.models import Empresa, Estado, Flujo, Giro, Producto, Venta
from comercial.models import ZonaCobertura
from tests.enlace.factories import OrganizacionFactory


class EmpresaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Empresa

    organizacion = factory.SubFactory(OrganizacionFactory)
    razon_social = factory.Sequence(lambda n: f"Empresa {n} S.R.L.")
    nit = factory.Sequence(lambda n: f"{1020000000 + n}")
    giro = Giro.COMERCIO
    localidad = "Cala Cala"
    direccion = "Av. América 100"
    correo = factory.Sequence(lambda n: f"empresa{n}@cliente.test")


class ProductoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producto

    organizacion = factory.SubFactory(OrganizacionFactory)
    codigo = factory.Sequence(lambda n: f"P-{n:03d}")
    nombre = factory.Sequence(lambda n: f"Internet Empresarial {n}")
    velocidad_mbps = 100
    costo_instalacion = Decimal("350.00")
    tarifa_mensual = Decimal("1200.00")


class ZonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZonaCobertura

    organizacion = factory.SubFactory(OrganizacionFactory)
    nombre = factory.Sequence(lambda n: f"Zona {n}")
    localidades = "Cala Cala\nZona Central"
    tecnologia = ZonaCobertura.Tecnologia.FTTH
    velocidad_max_mbps = 500
    caracteristicas = ["ip_fija"]


class VentaFactory(factory.django.DjangoModelFactory):
    """A sale put straight into a state (for lists and homes; the transitions are tested through the services)."""

    class Meta:
        model = Venta

    organizacion = factory.SelfAttribute("empresa.organizacion")
    empresa = factory.SubFactory(EmpresaFactory)
    ejecutivo = factory.SelfAttribute("empresa.ejecutivo")
    flujo = Flujo.CAPTACION
    estado = Estado.RECOPILACION
