"""Fixtures of the negotiation and trade-in tests (bind them in the test module: ``operacion = fixtures.operacion``).

``resolver_negociacion(apartado, cop)`` leaves an operación with nothing blocking its cierre on the negotiation side.
"""

from decimal import Decimal

import pytest

from operaciones import services
from operaciones.models import SolicitudDescuento
from tests.operaciones.factories import ConcesionarioFactory
from tests.operaciones.semillas import sembrar_configuracion

UNIDAD_A_CUENTA = {
    "marca": "Nissan",
    "modelo": "Tsuru",
    "anio": 2012,
    "version": "GS I",
    "km": 180_000,
    "color": "Gris",
    "vin": "",
    "observaciones": "Un solo dueño.",
}


def validar(apartado, *, cop, gerente):
    services.apartado_confirmar_disponibilidad(actor=gerente, apartado=apartado)
    return services.apartado_validar(actor=cop, apartado=apartado)


def resolver_negociacion(apartado, cop):
    """Reject every open discount and get the credit of a financiado operación approved and confirmed."""
    for descuento in apartado.descuentos.filter(estado__in=SolicitudDescuento.ABIERTAS):
        services.descuento_resolver(actor=cop, descuento=descuento, aprobado=False, motivo="Sin margen.")
    if apartado.forma_pago == "financiado":
        solicitud = services.financiamiento_enviar(
            actor=cop,
            apartado=apartado,
            financiera="BBVA",
            tipo_financiera="banco",
            monto_solicitado=Decimal("200000"),
            plazo_meses=48,
        )
        services.financiamiento_registrar_respuesta(
            actor=cop,
            financiamiento=solicitud,
            aprobada=True,
            condiciones="48 meses",
            monto_aprobado=Decimal("200000"),
        )
        services.financiamiento_confirmar_credito(actor=cop, financiamiento=solicitud)


@pytest.fixture
def operacion(apartar, unidad, cop, gerente_ventas):
    """A validated, financiado operación with no discount request; the asesor works at concesionario A."""
    return validar(apartar(unidad, descuento_solicitado=0), cop=cop, gerente=gerente_ventas)


@pytest.fixture
def operacion_a_cuenta(apartar, unidad, cop, gerente_ventas):
    apartado = apartar(
        unidad, descuento_solicitado=0, unidad_a_cuenta=True, unidad_a_cuenta_descripcion="Nissan Tsuru 2012"
    )
    return validar(apartado, cop=cop, gerente=gerente_ventas)


@pytest.fixture
def tercer_gerente(red, crear_usuario):
    """The gerente de ventas of a third dealer of the network, with no part in the operación."""
    return crear_usuario("gerente_ventas", organizacion=ConcesionarioFactory(padre=red, nombre="Autos del Centro"))


@pytest.fixture
def checklist(db):
    """The checklist the data migration seeds (re-seeded: a transactional test elsewhere may have flushed it)."""
    sembrar_configuracion()
