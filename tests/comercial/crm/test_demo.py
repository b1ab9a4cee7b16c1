import pytest

from comercial.crm.models import Actividad, AvisoSeguimiento, Importacion, Marca, MetaMensual, PerfilAsesor, Prospecto


@pytest.mark.django_db
def test_la_demo_es_idempotente(cargar_demo_de):
    modelos = [Marca, PerfilAsesor, MetaMensual, Importacion, Prospecto, Actividad, AvisoSeguimiento]
    cargar_demo_de("comercial.crm.demo")
    primera = {m.__name__: m.objects.count() for m in modelos}
    validados = Prospecto.objects.exclude(estado="pendiente").count()
    cargar_demo_de("comercial.crm.demo")
    assert {m.__name__: m.objects.count() for m in modelos} == primera
    assert primera["Prospecto"] > 50 and primera["Actividad"] > 50 and validados > 20
    assert Prospecto.objects.exclude(estado="pendiente").count() == validados
    # What the new pages show: the header below SPIGA's title rows, a target set in the app with its history.
    assert Importacion.objects.get(tipo="trafico").fila_encabezados == 4
    meta = MetaMensual.objects.get(marca__nombre="Renault", prospectos_validos=45)
    assert meta.history.filter(history_user__isnull=False).count() == 1
