import pytest

from comercial.digitales.models import Estado, IntentoContacto, RegistroImpedimento, SolicitudDigital
from comercial.models import ZonaCobertura

pytestmark = pytest.mark.django_db


def conteos():
    return (
        SolicitudDigital.objects.count(),
        IntentoContacto.objects.count(),
        RegistroImpedimento.objects.count(),
        ZonaCobertura.objects.filter(organizacion__slug="comteco").count(),
    )


def test_demo_idempotente_con_todos_los_estados(cargar_demo_de):
    cargar_demo_de("comercial.digitales.demo")
    primera = conteos()
    cargar_demo_de("comercial.digitales.demo")
    assert conteos() == primera
    assert set(SolicitudDigital.objects.values_list("estado", flat=True)) == set(Estado.values)
    assert SolicitudDigital.objects.filter(perdida=True, estado=Estado.EN_COLA).exists()
    assert primera[2] >= 3 and primera[3] >= 1
