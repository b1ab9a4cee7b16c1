"""The homes' KPI tiles: apartados, validaciones, cierres and cancelaciones of the last 30 days against the
30 before, scoped to what the user sees, in one aggregate query."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace.kpis import kpis_30_dias
from operaciones import selectors
from operaciones.models import Apartado
from operaciones.selectors.inicio import KPIS_COP
from tests.operaciones.factories import UnidadFactory

pytestmark = pytest.mark.django_db

HOY = timezone.make_aware(datetime(2026, 3, 15, 12, 0))


def _apartar_el(apartar, concesionario, cuando, **datos):
    with time_machine.travel(cuando, tick=False):
        apartado = apartar(UnidadFactory(concesionario=concesionario), **datos)
    return apartado


@pytest.fixture
def apartados(apartar, concesionario, otro_concesionario, otro_asesor):
    """The asesor: one apartado 40 days ago (previous period), two 5 days ago (one closed 3 days ago, one
    validated); another asesor's apartado 2 days ago on the gerentes' concesionario; one 70 days ago."""
    viejo = _apartar_el(apartar, concesionario, HOY - timedelta(days=40))
    cerrado = _apartar_el(apartar, concesionario, HOY - timedelta(days=5))
    validado = _apartar_el(apartar, otro_concesionario, HOY - timedelta(days=5))
    _apartar_el(apartar, concesionario, HOY - timedelta(days=70))
    ajeno = _apartar_el(lambda u: apartar(u, actor=otro_asesor), concesionario, HOY - timedelta(days=2))
    Apartado.objects.filter(pk=cerrado.pk).update(
        estado=Apartado.Estado.CERRADO,
        validado_en=HOY - timedelta(days=4),
        cerrado_en=HOY - timedelta(days=3),
        precio_final=100000,
    )
    Apartado.objects.filter(pk=validado.pk).update(estado=Apartado.Estado.VALIDADO, validado_en=HOY)
    cancelar = {"estado": Apartado.Estado.CANCELADO, "motivo_cancelacion": "otro"}
    Apartado.objects.filter(pk=ajeno.pk).update(cancelado_en=HOY, **cancelar)
    Apartado.objects.filter(pk=viejo.pk).update(cancelado_en=HOY - timedelta(days=35), **cancelar)


def _tiles(kpis):
    return {k.clave: (k.valor, k.previo) for k in kpis}


def test_el_asesor_ve_sus_apartados_y_cierres_contra_los_30_dias_previos(client, asesor, apartados):
    client.force_login(asesor)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("operaciones:inicio"))
    assert _tiles(respuesta.context["kpis"]) == {"apartados": (2, 1), "cierres": (1, 0)}
    html = respuesta.content.decode()
    assert "Apartados" in html and "▲ 1 vs. 30 días previos" in html


def test_el_gerente_ve_los_de_su_concesionario(client, gerente_ventas, apartados):
    client.force_login(gerente_ventas)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("operaciones:inicio"))
    # its concesionario's units: the asesor's closed one and the other asesor's (this period), the old one (before)
    assert _tiles(respuesta.context["kpis"]) == {"apartados": (2, 1), "cierres": (1, 0)}


def test_el_cop_ve_la_red_en_su_bandeja(client, cop, apartados):
    client.force_login(cop)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("operaciones:bandeja"))
    assert _tiles(respuesta.context["kpis"]) == {
        "apartados": (3, 1),
        "validaciones": (2, 0),
        "cierres": (1, 0),
        "cancelaciones": (1, 1),
    }
    assert "Cancelaciones" in respuesta.content.decode()


def test_los_kpis_son_una_consulta_y_el_inicio_no_crece_con_los_apartados(
    client, asesor, apartar, concesionario, django_assert_num_queries
):
    client.force_login(asesor)
    _apartar_el(apartar, concesionario, HOY - timedelta(days=3))
    with time_machine.travel(HOY, tick=False):
        with django_assert_num_queries(1):
            selectors.kpis_inicio(asesor, "asesor")
        with CaptureQueriesContext(connection) as antes:
            client.get(reverse("operaciones:inicio"))
    for dias in (4, 5, 6, 45):
        _apartar_el(apartar, concesionario, HOY - timedelta(days=dias))
    with time_machine.travel(HOY, tick=False), CaptureQueriesContext(connection) as despues:
        client.get(reverse("operaciones:inicio"))
    assert len(despues) == len(antes)


def test_las_cifras_se_guardan_en_cache_por_alcance_y_periodo(
    asesor, cop, apartar, concesionario, apartados, django_assert_num_queries
):
    with time_machine.travel(HOY, tick=False):
        del_cop = _tiles(selectors.kpis_inicio(cop, "cop"))
        del_asesor = _tiles(selectors.kpis_inicio(asesor, "asesor"))
        assert del_asesor["apartados"] != del_cop["apartados"]  # each scope has its own entry
        _apartar_el(apartar, concesionario, HOY - timedelta(days=1))
        with django_assert_num_queries(0):  # reloading or polling the home counts nothing again
            assert _tiles(selectors.kpis_inicio(cop, "cop")) == del_cop
        cache.clear()  # what ENLACE_KPIS_CACHE_S seconds do
        despues = _tiles(selectors.kpis_inicio(cop, "cop"))
    assert despues["apartados"] == (del_cop["apartados"][0] + 1, del_cop["apartados"][1])
    with time_machine.travel(HOY + timedelta(days=1), tick=False), django_assert_num_queries(1):
        selectors.kpis_inicio(cop, "cop")  # the next day is another period: counted again


def test_un_alcance_vacio_da_ceros_sin_consultas(django_assert_num_queries):
    with django_assert_num_queries(0):  # a user with no organisation sees ``Apartado.objects.none()``
        tiles = _tiles(kpis_30_dias(Apartado.objects.none(), KPIS_COP))
    assert tiles == {"apartados": (0, 0), "validaciones": (0, 0), "cierres": (0, 0), "cancelaciones": (0, 0)}
