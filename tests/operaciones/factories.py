import random
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from enlace.models import Organizacion
from operaciones.models import AlertaAntiguedad, Apartado, CanalLead, Cliente, TipoPersona, Unidad
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory

VIN_LETRAS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin_aleatorio(n=None):
    rng = random.Random(n)
    return "".join(rng.choice(VIN_LETRAS) for _ in range(17))


class RedFactory(OrganizacionFactory):
    nombre = "Enl@ceGrup"
    slug = "enlacegrup"
    tipo = Organizacion.Tipo.RED


class ConcesionarioFactory(OrganizacionFactory):
    nombre = factory.Sequence(lambda n: f"Concesionario {n}")
    slug = factory.Sequence(lambda n: f"concesionario-{n}")
    tipo = Organizacion.Tipo.CONCESIONARIO
    padre = factory.SubFactory(RedFactory)


class UnidadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unidad

    vin = factory.Sequence(lambda n: vin_aleatorio(n))
    marca = "Nissan"
    modelo = "Versa"
    version = "Advance"
    anio = 2021
    km = 45_000
    color = "Blanco"
    precio = Decimal("289900.00")
    concesionario = factory.SubFactory(ConcesionarioFactory)
    ciudad = "Monterrey"
    fecha_ingreso = factory.LazyFunction(timezone.localdate)


class ClienteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cliente

    nombre = factory.Faker("name", locale="es_MX")
    tipo_persona = TipoPersona.FISICA
    asesor = factory.SubFactory(UsuarioFactory, rol="asesor")


class ApartadoFactory(factory.django.DjangoModelFactory):
    """A pending apartado written straight to the database (for reads); services are tested separately."""

    class Meta:
        model = Apartado

    unidad = factory.SubFactory(
        UnidadFactory, estado=Unidad.Estado.APARTADA, reservada_hasta=factory.SelfAttribute("..vence")
    )
    concesionario = factory.SelfAttribute("unidad.concesionario")
    asesor = factory.SubFactory(UsuarioFactory, rol="asesor")
    cliente = factory.SubFactory(ClienteFactory, asesor=factory.SelfAttribute("..asesor"))
    creado = factory.LazyFunction(timezone.now)
    vence = factory.LazyAttribute(lambda o: o.creado + timedelta(hours=24))
    forma_pago = Apartado.FormaPago.CONTADO
    tipo_persona = TipoPersona.FISICA
    lugar_entrega = Apartado.LugarEntrega.CONCESIONARIO_UNIDAD


class AlertaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertaAntiguedad

    unidad = factory.SubFactory(UnidadFactory)
    umbral = 60
    dias_al_generar = 60


def solicitud_completa(**cambios):
    datos = {
        "forma_pago": "financiado",
        "enganche": Decimal("60000"),
        "financiera": "BBVA",
        "tipo_financiera": "banco",
        "unidad_a_cuenta": False,
        "unidad_a_cuenta_descripcion": "",
        "tipo_persona": "fisica",
        "descuento_solicitado": Decimal("5000"),
        "lugar_entrega": "concesionario_unidad",
        "lugar_entrega_detalle": "",
        "canal": CanalLead.objects.get_or_create(nombre="WhatsApp")[0],
    }
    datos.update(cambios)
    return datos


CLIENTE = {"nombre": "María López", "correo": "maria@ejemplo.test", "telefono": "55 1234 5678"}
