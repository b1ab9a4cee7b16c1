"""The empresas home's KPI tiles: sales registered and completed in the last 30 days against the 30 before,
over the sales the user sees, in one aggregate query."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comercial.empresas import selectors
from comercial.empresas.models import Estado, Venta
from tests.comercial.empresas.factories import EmpresaFactory, VentaFactory

pytestmark = pytest.mark.django_db

HOY = timezone.make_aware(datetime(2026, 3, 15, 12, 0))


def _venta(equipo, ejecutivo, creada, completada=None):
    venta = VentaFactory(empresa=EmpresaFactory(organizacion=equipo.org, ejecutivo=ejecutivo))
    estado = Estado.COMPLETADA if completada else venta.estado
    Venta.objects.filter(pk=venta.pk).update(creada=creada, completada_en=completada, estado=estado)


@pytest.fixture
def ventas(equipo):
    _venta(equipo, equipo.ejecutivo, HOY - timedelta(days=50), completada=HOY - timedelta(days=3))
    _venta(equipo, equipo.ejecutivo, HOY - timedelta(days=10))
    _venta(equipo, equipo.ejecutivo, HOY - timedelta(days=40))
    _venta(equipo, equipo.ejecutivo2, HOY - timedelta(days=1))


def _tiles(respuesta):
    return {k.clave: (k.valor, k.previo) for k in respuesta.context["kpis"]}


def test_la_ejecutiva_ve_sus_ventas_y_el_responsable_las_de_todas(client, equipo, ventas, django_assert_num_queries):
    client.force_login(equipo.ejecutivo)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("comercial:empresas:inicio"))
    assert _tiles(respuesta) == {"registradas": (1, 2), "completadas": (1, 0)}  # 40 and 50 days ago: before
    assert "Ventas registradas" in respuesta.content.decode()
    client.force_login(equipo.responsable)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("comercial:empresas:inicio"))
        with django_assert_num_queries(1):  # the role lookup of ``ventas_visibles``: the page cached the aggregate
            selectors.kpis_inicio(equipo.responsable)
    assert _tiles(respuesta) == {"registradas": (2, 2), "completadas": (1, 0)}
