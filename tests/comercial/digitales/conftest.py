import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.comercial.digitales.factories import ZonaCoberturaFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _digitales(settings):
    settings.DIGITALES_WEBHOOK_SECRETO = "secreto-de-prueba"
    settings.DIGITALES_MAX_INTENTOS_CONTACTO = 3
    settings.DIGITALES_EFICIENTE_HORAS = 24
    settings.DIGITALES_META_PORCENTAJE = 95
    settings.DIGITALES_CONTACTO_MAX_POR_HORA = 5


@pytest.fixture
def agente(crear_usuario, organizacion):
    return crear_usuario("agente_digital", organizacion=organizacion, first_name="Ana", last_name="Agente")


@pytest.fixture
def otro_agente(crear_usuario, organizacion):
    return crear_usuario("agente_digital", organizacion=organizacion)


@pytest.fixture
def responsable(crear_usuario, organizacion):
    return crear_usuario("responsable_call_center", organizacion=organizacion)


@pytest.fixture
def zona(organizacion):
    return ZonaCoberturaFactory(organizacion=organizacion, nombre="Cercado", velocidad_max_mbps=300)


def archivo_pdf(nombre="ci.pdf"):
    return SimpleUploadedFile(nombre, PDF, content_type="application/pdf")
