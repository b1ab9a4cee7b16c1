import pytest

from tests.atencion.factories import EnrokFactory, MotivoFactory, PerfilFactory, PymeFactory, configurar_pyme

SECRETO = "secreto-de-app-de-pruebas"
VERIFICACION = "token-verificacion-pruebas"
TOKEN_CORREO = "token-correo-pruebas"


@pytest.fixture(autouse=True)
def _ajustes_atencion(settings):
    settings.ATENCION_WHATSAPP_APP_SECRET = SECRETO
    settings.ATENCION_WHATSAPP_VERIFY_TOKEN = VERIFICACION
    settings.ATENCION_WHATSAPP_TOKEN = "token-graph-pruebas"
    settings.ATENCION_WHATSAPP_API_URL = "http://127.0.0.1:9/v21.0"  # nothing listens: tests that send start a server
    settings.ATENCION_CORREO_WEBHOOK_TOKEN = TOKEN_CORREO
    settings.ENLACE_URL_BASE = "http://testserver"


@pytest.fixture
def enrok(db):
    return EnrokFactory()


@pytest.fixture
def perfil(enrok):
    p = PerfilFactory(pyme=PymeFactory(padre=enrok))
    configurar_pyme(p.pyme)
    return p


@pytest.fixture
def pyme(perfil):
    return perfil.pyme


@pytest.fixture
def otra_pyme(enrok):
    p = PerfilFactory(pyme=PymeFactory(padre=enrok))
    configurar_pyme(p.pyme)
    return p.pyme


@pytest.fixture
def motivo(pyme):
    return MotivoFactory(pyme=pyme, nombre="Agendar cita")


@pytest.fixture
def agente(crear_usuario, enrok):
    return crear_usuario("agente", organizacion=enrok)


@pytest.fixture
def gerente(crear_usuario, enrok):
    return crear_usuario("gerente_operaciones", organizacion=enrok)


@pytest.fixture
def analista(crear_usuario, enrok):
    return crear_usuario("analista", organizacion=enrok)


@pytest.fixture
def director(crear_usuario, enrok):
    return crear_usuario("director", organizacion=enrok)


@pytest.fixture
def usuario_pyme(crear_usuario, pyme):
    return crear_usuario("pyme", organizacion=pyme)
