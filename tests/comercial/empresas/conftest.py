"""Fixtures of Ventas Equipo Empresas: one organisation with a user per role, coverage and a catalogue,
and ``avanzar`` that walks a sale through the services up to a given state."""

from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.models import Empresa, Estado, Flujo, TipoOrden
from tests.comercial.empresas.factories import EmpresaFactory, ProductoFactory, ZonaFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(nombre="nit.pdf"):
    return SimpleUploadedFile(nombre, PDF, content_type="application/pdf")


@dataclass
class Equipo:
    org: object
    responsable: object
    ejecutivo: object
    ejecutivo2: object
    gestor: object
    gestor2: object
    tecnico: object
    recursos: object
    territorios: object


@pytest.fixture
def equipo(organizacion, crear_usuario):
    org = organizacion
    org.zona_horaria = "America/La_Paz"
    org.save(update_fields=["zona_horaria"])
    return Equipo(
        org=org,
        responsable=crear_usuario("responsable_empresas", organizacion=org),
        ejecutivo=crear_usuario("ejecutivo_empresas", organizacion=org),
        ejecutivo2=crear_usuario("ejecutivo_empresas", organizacion=org),
        gestor=crear_usuario("gestor_comercial", organizacion=org),
        gestor2=crear_usuario("gestor_comercial", organizacion=org),
        tecnico=crear_usuario("gestor_tecnico", organizacion=org),
        recursos=crear_usuario("gestion_recursos", organizacion=org),
        territorios=crear_usuario("gestion_territorios", organizacion=org),
    )


@pytest.fixture
def zona(equipo):
    return ZonaFactory(organizacion=equipo.org)


@pytest.fixture
def producto(equipo):
    return ProductoFactory(organizacion=equipo.org)


@pytest.fixture
def prospecto(equipo):
    return EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo)


@pytest.fixture
def cliente(equipo):
    return EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, situacion=Empresa.Situacion.CLIENTE)


ORDEN_A = [
    Estado.RECOPILACION,
    Estado.PERFIL,
    Estado.PROYECTO,
    Estado.EN_VOBO,
    Estado.APROBADA,
    Estado.FACTIBLE,
    Estado.VISITA_PROGRAMADA,
    Estado.VISITADA,
    Estado.OFERTA_ENVIADA,
    Estado.ACEPTADA,
    Estado.DERIVADA,
    Estado.VERIFICADA,
    Estado.DIGITADA,
    Estado.CONTROLADA,
    Estado.GESTION_TECNICA,
    Estado.ORDENES,
    Estado.SEGUIMIENTO,
    Estado.COMPLETADA,
]
ORDEN_B = [Estado.ANALISIS_CARTERA, *ORDEN_A[ORDEN_A.index(Estado.OFERTA_ENVIADA) :]]


def tipo_orden(org, nombre="Instalación de fibra", dias=3):
    return TipoOrden.objects.get_or_create(organizacion=org, nombre=nombre, defaults={"dias_estandar": dias})[0]


@pytest.fixture
def avanzar(equipo, zona, producto):
    """``avanzar(venta, hasta=Estado.X)`` runs the services of the happy path until the sale is in X."""
    e = equipo

    def paso(venta):
        s = venta.estado
        if s == Estado.RECOPILACION:
            return services.venta_analizar_perfil(actor=e.ejecutivo, venta=venta, perfil_actividad="Comercio mayorista")
        if s == Estado.PERFIL:
            return services.venta_plantear_proyecto(actor=e.ejecutivo, venta=venta, necesidades="Internet dedicado")
        if s in (Estado.PROYECTO, Estado.ANALISIS_CARTERA) and not venta.cantidad_lineas:
            services.linea_agregar(actor=e.ejecutivo, venta=venta, producto=producto)
            venta.refresh_from_db()
            if s == Estado.ANALISIS_CARTERA:
                return services.venta_analizar_cartera(
                    actor=e.ejecutivo,
                    venta=venta,
                    perfil_actividad="Cliente antiguo",
                    nuevas_necesidades="Más sucursales",
                )
            return venta
        if s == Estado.PROYECTO:
            return services.venta_presentar_vobo(actor=e.ejecutivo, venta=venta)
        if s == Estado.EN_VOBO:
            return services.venta_aprobar_vobo(actor=e.responsable, venta=venta)
        if s == Estado.APROBADA:
            return services.venta_verificar_factibilidad(
                actor=e.ejecutivo, venta=venta, requisitos_cumplidos=True, requisitos="NIT, poder"
            )[0]
        if s == Estado.FACTIBLE:
            services.visita_programar(
                actor=e.ejecutivo,
                venta=venta,
                fecha=timezone.localdate() + timedelta(days=1),
                hora=time(10, 30),
                persona="Lic. Rocha",
                ubicacion="Av. América 100",
            )
            return venta
        if s == Estado.VISITA_PROGRAMADA:
            return services.venta_registrar_visita(actor=e.ejecutivo, venta=venta, resultado="Asesoramiento dado")
        if s in (Estado.VISITADA, Estado.ANALISIS_CARTERA):
            return services.venta_enviar_oferta(actor=e.ejecutivo, venta=venta, medio="escrita")
        if s == Estado.OFERTA_ENVIADA:
            return services.venta_aceptar(actor=e.ejecutivo, venta=venta)
        if s == Estado.ACEPTADA:
            if not venta.cantidad_documentos:
                services.documento_subir(actor=e.ejecutivo, venta=venta, archivo=pdf(), descripcion="NIT")
                venta.refresh_from_db()
            return services.venta_derivar(actor=e.ejecutivo, venta=venta, gestor=e.gestor)
        if s == Estado.DERIVADA:
            return services.venta_verificar_respaldo(actor=e.gestor, venta=venta, requisitos_cumplidos=True)[0]
        if s == Estado.VERIFICADA:
            return services.venta_digitar(actor=e.gestor, venta=venta, numero_smartflex="SF-1001")
        if s == Estado.DIGITADA:
            return services.venta_controlar_digitacion(actor=e.gestor2, venta=venta, correcta=True)
        if s == Estado.CONTROLADA:
            return services.venta_derivar_tecnico(actor=e.gestor, venta=venta, gestor=e.tecnico)
        if s == Estado.GESTION_TECNICA:
            services.orden_solicitar(
                actor=e.tecnico, venta=venta, tipo=tipo_orden(e.org), descripcion="Instalación de fibra"
            )
            return venta
        if s == Estado.ORDENES:
            for orden in venta.ordenes.filter(estado="solicitada"):
                services.orden_cerrar(actor=e.recursos, orden=orden)
            return services.venta_entregar_documentos(actor=e.tecnico, venta=venta)
        if s == Estado.SEGUIMIENTO:
            return services.venta_llamada_calidad(actor=e.ejecutivo, venta=venta, funciona=True, observaciones="OK")
        raise AssertionError(f"sin paso desde {s}")

    def avanzar_(venta, hasta):
        for _ in range(40):
            venta.refresh_from_db()
            if venta.estado == hasta:
                return venta
            paso(venta)
        raise AssertionError(f"no se llegó a {hasta}")

    return avanzar_


@pytest.fixture
def venta_a(equipo, prospecto):
    return services.venta_iniciar(actor=equipo.ejecutivo, empresa=prospecto, flujo=Flujo.CAPTACION)


@pytest.fixture
def venta_b(equipo, cliente):
    return services.venta_iniciar(actor=equipo.ejecutivo, empresa=cliente, flujo=Flujo.CARTERA)
