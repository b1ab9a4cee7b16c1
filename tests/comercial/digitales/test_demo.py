import pytest
from django.core.management import call_command

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


def test_demo_idempotente_con_todos_los_estados():
    call_command("demo")
    primera = conteos()
    call_command("demo")
    assert conteos() == primera
    assert set(SolicitudDigital.objects.values_list("estado", flat=True)) == set(Estado.values)
    assert SolicitudDigital.objects.filter(perdida=True, estado=Estado.EN_COLA).exists()
    assert primera[2] >= 3 and primera[3] >= 1
