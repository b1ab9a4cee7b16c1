import io
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.utils import override_settings

from enlace.management.commands import demo
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory

# The ``smtp`` fixture: a real SMTP listener on loopback (aiosmtpd); ``dovecot``: a real IMAP server.
pytest_plugins = ["tests.smtp_local", "tests.imap_local"]


@pytest.fixture(scope="session", autouse=True)
def _cache_por_worker(worker_id):
    """Under pytest-xdist each worker clears the cache before every test, so each has its own Redis database."""
    if worker_id == "master" or not settings.REDIS_URL:
        yield
        return
    partes = urlsplit(settings.REDIS_CACHE_URL)
    db = (int(partes.path.strip("/") or 0) + int(worker_id.removeprefix("gw"))) % 16
    url = partes._replace(path=f"/{db}").geturl()
    assert urlsplit(url)[1:3] != urlsplit(settings.REDIS_URL)[1:3], f"la caché del worker {worker_id} es el broker"
    with override_settings(REDIS_CACHE_URL=url, CACHES={"default": {**settings.CACHES["default"], "LOCATION": url}}):
        yield


@pytest.fixture(autouse=True)
def _cache_vacia():
    """Every test starts with an empty cache: with Redis it outlives the run (its own db, never the broker's)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _contadores_del_menu(settings):
    """Tests count the menu's badges on every page (production keeps them ``ENLACE_MENU_CONTADORES_SEGUNDOS``):
    a test that adds rows between two pages sees them, and a page's query count is the uncounted-yet one.
    tests/enlace/test_menu.py turns the cache on where it tests it; the benchmarks keep it as in production."""
    settings.ENLACE_MENU_CONTADORES_SEGUNDOS = 0


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
