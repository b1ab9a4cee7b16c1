from datetime import timedelta

import factory
from django.utils import timezone

from comercial.digitales.models import (
    Canal,
    Estado,
    OrdenInstalacion,
    RegistroImpedimento,
    RequisitoAdjunto,
    SolicitudDigital,
)
from comercial.digitales.protocolo import PRODUCTOS_INICIALES
from comercial.models import Producto, ZonaCobertura
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory


class ZonaCoberturaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZonaCobertura

    organizacion = factory.SubFactory(OrganizacionFactory)
    nombre = factory.Sequence(lambda n: f"Zona {n}")
    localidades = "Zona Central\nCala Cala"
    tecnologia = ZonaCobertura.Tecnologia.FTTH
    velocidad_max_mbps = 300
    caracteristicas = factory.LazyFunction(lambda: ["ip_fija"])


class ProductoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producto

    organizacion = factory.SubFactory(OrganizacionFactory)
    codigo = factory.Sequence(lambda n: f"producto_{n}")
    nombre = factory.Sequence(lambda n: f"Producto {n}")
    requisitos = factory.LazyFunction(lambda: [{"codigo": "ci_anverso", "nombre": "Carnet (anverso)"}])


# Products for the guards: one the catalogue deactivated and one Ventas Digitales does not sell.
PRODUCTOS_ESPECIALES = [
    {"codigo": "inactivo", "nombre": "Producto inactivo", "requisitos": [], "activo": False},
    {
        "codigo": "no_digital",
        "nombre": "Enlace dedicado",
        "requisitos": [],
        "vendido_digitalmente": False,
        "donde_dirigir": "Ventas Empresas, oficina central.",
    },
]


def producto_de(organizacion, codigo="internet"):
    """One of the catalogue's starting (or special) products for the organisation (created once)."""
    datos = dict(next(p for p in [*PRODUCTOS_INICIALES, *PRODUCTOS_ESPECIALES] if p["codigo"] == codigo))
    datos.pop("codigo")
    producto, _ = Producto.objects.get_or_create(
        organizacion=organizacion,
        codigo=codigo,
        defaults=datos,
    )
    return producto


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


IDENTIFICADA = {"carnet": "7788990 CB", "velocidad_mbps": 100, "fase_protocolo": 3}
CONSULTADA = {**IDENTIFICADA, "impedimentos_consultados": factory.LazyFunction(timezone.now)}
CON_CAPACIDAD = {**CONSULTADA, "direccion": "Av. Heroínas 123", "localidad": "Cala Cala", "factible": True}
DIGITADA = {**CON_CAPACIDAD, "digitada_en": factory.LazyFunction(timezone.now), "referencia_smartflex": "SF-1"}
# The fields a solicitud has when it reaches each state along the happy path (seed 004).
CAMPOS_POR_ESTADO = {
    Estado.EN_COLA: {},
    Estado.EN_ATENCION: {"fase_protocolo": 2},
    Estado.SIN_IMPEDIMENTO: CONSULTADA,
    Estado.FACTIBLE: CON_CAPACIDAD,
    Estado.ESPERANDO_REQUISITOS: {
        **CON_CAPACIDAD,
        "requisitos_solicitados": factory.LazyFunction(timezone.now),
        "lectura_confirmada_en": factory.LazyFunction(timezone.now),
    },
    Estado.DIGITADA: DIGITADA,
    Estado.DERIVADA: {**DIGITADA, "controlada_en": factory.LazyFunction(timezone.now)},
    Estado.COMUNICADA: {**DIGITADA, "dias_estimados": 5},
    Estado.SEGUIDA: {**DIGITADA, "dias_estimados": 5, "servicio_instalado": True},
    Estado.CONCLUIDA: {**DIGITADA, "dias_estimados": 5, "servicio_instalado": True, "satisfecho": True},
    Estado.IMPOSIBILITADA: {**CONSULTADA, "factible": False, "motivo_imposibilidad": "Sin cobertura."},
    Estado.NO_CONTACTADA: {"intentos_contacto": 3},
}


def solicitud_en(estado, *, organizacion, agente=None, **campos):
    """A solicitud placed in ``estado`` with the fields it would have there; ``campos`` override them."""
    base = CAMPOS_POR_ESTADO[estado]
    if "servicio" in campos:  # a product of the catalogue by its code
        campos["producto"] = producto_de(organizacion, campos.pop("servicio"))
    if "carnet" in base and "producto" not in campos:
        campos["producto"] = producto_de(organizacion)
    return SolicitudFactory(
        organizacion=organizacion,
        estado=estado,
        agente=None if estado == Estado.EN_COLA else agente,
        **{**CAMPOS_POR_ESTADO[estado], **campos},
    )


def adjuntar_todo(solicitud, usuario):
    """Every requirement of the service as attached (rows only: the guards read them, not the files)."""
    for codigo, nombre in solicitud.requisitos().items():
        RequisitoAdjunto.objects.create(
            solicitud=solicitud, requisito=codigo, archivo=f"x/{codigo}.pdf", nombre_original=nombre, subido_por=usuario
        )


def orden_para(solicitud, *, estado="pendiente", dias=5, vence_hace=None, por=None):
    """The installation order of a controlled sale; ``vence_hace`` days in the past makes it overdue."""
    hoy = timezone.localdate()
    fecha = hoy - timedelta(days=vence_hace) if vence_hace is not None else hoy + timedelta(days=dias)
    usuario = por or solicitud.agente or UsuarioFactory(organizacion=solicitud.organizacion)
    return OrdenInstalacion.objects.create(
        organizacion=solicitud.organizacion,
        solicitud=solicitud,
        abierta_en=timezone.now(),
        abierta_por=usuario,
        dias_estimados=dias,
        fecha_estimada=fecha,
        estado=estado,
        cerrada_en=None if estado == "pendiente" else timezone.now(),
    )
