from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from comercial.crm import selectors
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


@pytest.mark.django_db
def test_el_primero_del_mes_la_demo_ya_tiene_validados_y_trabajo(cargar_demo_de):
    primero = date(2026, 3, 1)
    with time_machine.travel(datetime(2026, 3, 1, 10, tzinfo=ZoneInfo("America/Bogota")), tick=False):
        cargar_demo_de("comercial.crm.demo")
        from enlace.management.commands.demo import correo_demo
        from enlace.models import Usuario

        lider = Usuario.objects.get(email=correo_demo("lider_crm"))
        cumplimiento = selectors.cumplimiento(lider, desde=primero, hasta=primero, hoy=primero)
        assert cumplimiento.total.prospectos > cumplimiento.total.validos > 0
        assert selectors.prospectos_por_validar(lider, mes=primero) > 0
