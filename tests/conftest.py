import pytest

from tests.enlace.factories import OrganizacionFactory, UsuarioFactory


@pytest.fixture
def organizacion(db):
    return OrganizacionFactory()


@pytest.fixture
def otra_organizacion(db):
    return OrganizacionFactory()


@pytest.fixture
def crear_usuario(db):
    """``crear_usuario("cop", organizacion=org)`` → a user with that role."""

    def crear(rol=None, **campos):
        return UsuarioFactory(rol=rol, **campos)

    return crear


@pytest.fixture
def admin_usuario(db):
    return UsuarioFactory(is_staff=True, is_superuser=True, organizacion=None)
