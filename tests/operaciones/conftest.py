import pytest

from operaciones import services
from tests.operaciones.factories import CLIENTE, ConcesionarioFactory, RedFactory, UnidadFactory, solicitud_completa


@pytest.fixture
def red(db):
    return RedFactory()


@pytest.fixture
def concesionario(red):
    return ConcesionarioFactory(padre=red, nombre="Autos del Norte")


@pytest.fixture
def otro_concesionario(red):
    return ConcesionarioFactory(padre=red, nombre="Seminuevos del Sur")


@pytest.fixture
def cop(red, crear_usuario):
    return crear_usuario("cop", organizacion=red)


@pytest.fixture
def asesor(otro_concesionario, crear_usuario):
    return crear_usuario("asesor", organizacion=otro_concesionario)


@pytest.fixture
def otro_asesor(concesionario, crear_usuario):
    return crear_usuario("asesor", organizacion=concesionario)


@pytest.fixture
def gerente_ventas(concesionario, crear_usuario):
    return crear_usuario("gerente_ventas", organizacion=concesionario)


@pytest.fixture
def gerente_general(concesionario, crear_usuario):
    return crear_usuario("gerente_general", organizacion=concesionario)


@pytest.fixture
def gerente_general_otro(otro_concesionario, crear_usuario):
    return crear_usuario("gerente_general", organizacion=otro_concesionario)


@pytest.fixture
def gerente_financiera(concesionario, crear_usuario):
    return crear_usuario("gerente_financiera", organizacion=concesionario)


@pytest.fixture
def gerente_financiera_otro(otro_concesionario, crear_usuario):
    return crear_usuario("gerente_financiera", organizacion=otro_concesionario)


@pytest.fixture
def webmaster(concesionario, crear_usuario):
    return crear_usuario("webmaster", organizacion=concesionario)


@pytest.fixture
def gerente_otro(otro_concesionario, crear_usuario):
    return crear_usuario("gerente_ventas", organizacion=otro_concesionario)


@pytest.fixture
def unidad(concesionario):
    return UnidadFactory(concesionario=concesionario)


@pytest.fixture
def apartar(asesor):
    """``apartar(unidad)`` → a pending apartado made through the service."""

    def apartar_(unidad, actor=None, **cambios):
        return services.apartado_crear(
            actor=actor or asesor, unidad=unidad, cliente=CLIENTE, solicitud=solicitud_completa(**cambios)
        )

    return apartar_


@pytest.fixture
def apartado(apartar, unidad):
    return apartar(unidad)


@pytest.fixture
def apartado_confirmado(apartado, gerente_ventas):
    return services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
