import io

import pytest
from django.core.cache import cache

from enlace.management.commands import demo
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory

# The ``smtp`` fixture: a real SMTP listener on loopback (aiosmtpd); ``dovecot``: a real IMAP server.
pytest_plugins = ["tests.smtp_local", "tests.imap_local"]


@pytest.fixture(autouse=True)
def _cache_vacia():
    """Every test starts with an empty cache: with Redis it outlives the run (its own db, never the broker's)."""
    cache.clear()


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


@pytest.fixture
def cargar_demo_de(db):
    """``cargar_demo_de("operaciones.demo")``: the demo's organisations and logins, then that app's data only."""

    def cargar(ruta):
        demo.cargar_app(ruta, organizaciones=demo.cargar_base(), stdout=io.StringIO())

    return cargar
