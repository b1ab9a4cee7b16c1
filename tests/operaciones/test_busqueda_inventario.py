"""The shared inventory's search: the marca by its beginning and part of the modelo, in any case, only the
network's units, with the same queries at any number of units."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.operaciones.factories import ConcesionarioFactory, RedFactory, UnidadFactory

pytestmark = pytest.mark.django_db
URL = reverse("operaciones:inventario")


@pytest.fixture
def unidades(concesionario, otro_concesionario):
    return {
        "cx5": UnidadFactory(concesionario=concesionario, marca="Mazda", modelo="CX-5 Grand Touring"),
        "sentra": UnidadFactory(concesionario=otro_concesionario, marca="Nissan", modelo="Sentra Exclusive"),
        "peugeot": UnidadFactory(concesionario=concesionario, marca="Peugeot", modelo="Partner Tepee Outdoor"),
        "citroen": UnidadFactory(concesionario=concesionario, marca="Citroën", modelo="Berlingo Furgón"),
    }


def _encontradas(client, usuario, unidades, **filtros):
    client.force_login(usuario)
    html = client.get(URL, filtros).content.decode()
    return {clave for clave, u in unidades.items() if u.vin in html}


@pytest.mark.parametrize(
    ("filtros", "esperadas"),
    [
        ({"marca": "maz"}, {"cx5"}),  # the marca by its beginning, any case
        ({"marca": "azda"}, set()),  # not inside the marca
        ({"marca": "citroën"}, {"citroen"}),  # accented
        ({"modelo": "touring"}, {"cx5"}),  # part of the modelo
        ({"modelo": "tepee out"}, {"peugeot"}),  # parts of two words
        ({"modelo": "furgón"}, {"citroen"}),
        ({"modelo": "furgon"}, set()),  # accents are part of the word
        ({"marca": "n", "modelo": "exclu"}, {"sentra"}),
        ({"modelo": "E"}, {"sentra", "peugeot", "citroen"}),
    ],
)
def test_la_busqueda_del_inventario(client, asesor, unidades, filtros, esperadas):
    assert _encontradas(client, asesor, unidades, **filtros) == esperadas


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite folds only ASCII letters")
def test_mayusculas_acentuadas(client, asesor, unidades):
    assert _encontradas(client, asesor, unidades, marca="CITROËN", modelo="FURGÓN") == {"citroen"}


def test_la_busqueda_no_sale_de_la_red(client, asesor, unidades):
    otra_red = RedFactory(slug="otra-red", nombre="Otra red")
    ajena = UnidadFactory(concesionario=ConcesionarioFactory(padre=otra_red), marca="Mazda", modelo="CX-5")
    assert _encontradas(client, asesor, {"ajena": ajena, **unidades}, marca="mazda") == {"cx5"}


def test_las_consultas_de_la_busqueda_no_crecen_con_las_unidades(
    client, asesor, concesionario, unidades, django_assert_num_queries
):
    client.force_login(asesor)
    filtros = {"marca": "maz", "modelo": "cx"}
    client.get(URL, filtros)
    with django_assert_num_queries(9):  # as without a search (test_vistas): + 1 menu counter
        assert client.get(URL, filtros).status_code == 200
    UnidadFactory.create_batch(25, concesionario=concesionario, marca="Mazda", modelo="CX-30")
    with django_assert_num_queries(9):
        html = client.get(URL, filtros).content.decode()
    assert html.count("CX-30") >= 24  # a page of 25 of the 26 that match
    assert unidades["sentra"].vin not in html
