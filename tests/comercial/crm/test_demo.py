import pytest
from django.core.management import call_command

from comercial.crm.models import Actividad, AvisoSeguimiento, Importacion, Marca, MetaMensual, PerfilAsesor, Prospecto


@pytest.mark.django_db
def test_la_demo_es_idempotente():
    modelos = [Marca, PerfilAsesor, MetaMensual, Importacion, Prospecto, Actividad, AvisoSeguimiento]
    call_command("demo", stdout=None)
    primera = {m.__name__: m.objects.count() for m in modelos}
    validados = Prospecto.objects.exclude(estado="pendiente").count()
    call_command("demo")
    assert {m.__name__: m.objects.count() for m in modelos} == primera
    assert primera["Prospecto"] > 50 and primera["Actividad"] > 50 and validados > 20
    assert Prospecto.objects.exclude(estado="pendiente").count() == validados
