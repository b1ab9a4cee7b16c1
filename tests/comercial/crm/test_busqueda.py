"""The prospects' search (?q=): part of the client's name in any case, the document or SPIGA ID by its
beginning, within the month and scope of the list, with the same queries at any number of prospects."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from tests.comercial.crm.factories import ProspectoFactory

pytestmark = pytest.mark.django_db
URL = reverse("comercial:crm:prospectos")
CONSULTAS_LISTA = 7  # as without a search (test_vistas.test_consultas_constantes_con_mas_filas)


@pytest.fixture
def marzo(ana, pedro):
    def prospecto(perfil, cliente, documento, id_spiga, fecha=date(2026, 3, 3)):
        return ProspectoFactory(perfil=perfil, cliente=cliente, documento=documento, id_spiga=id_spiga, fecha=fecha)

    return {
        "munoz": prospecto(ana, "María José Muñoz Peña", "1020304050", "TE-100200"),
        "gomez": prospecto(ana, "Andrés Gómez", "52030405", "TE-300400"),
        "kia": prospecto(pedro, "Lucía Ramírez", "79050607", "KI-500600"),
        "febrero": prospecto(ana, "María Muñoz Castro", "1099887766", "TE-700800", fecha=date(2026, 2, 27)),
    }


def _encontrados(client, usuario, marzo, termino, **extra):
    client.force_login(usuario)
    with time_machine.travel(date(2026, 3, 20), tick=False):
        html = client.get(URL, {"estado": "", "q": termino, **extra}).content.decode()
    return {clave for clave, p in marzo.items() if f">{p.id_spiga}</a>" in html}


@pytest.mark.parametrize(
    ("termino", "esperados"),
    [
        ("muñoz", {"munoz"}),  # accented, other case; only this month
        ("josé muñ", {"munoz"}),  # parts of two words
        ("  maría   josé ", {"munoz"}),
        ("andrés", {"gomez"}),
        ("1020", {"munoz"}),  # document by its beginning
        ("0304", set()),  # not inside a document
        ("te-3", {"gomez"}),  # SPIGA ID by its beginning, any case
        ("ki-5", {"kia"}),
        ("munoz", set()),  # accents are part of the word
        ("", {"munoz", "gomez", "kia"}),
    ],
)
def test_la_busqueda_de_prospectos(client, lider, marzo, termino, esperados):
    assert _encontrados(client, lider, marzo, termino) == esperados


def test_la_busqueda_respeta_el_mes_el_alcance_y_los_demas_filtros(client, lider, ana, marzo):
    assert _encontrados(client, lider, marzo, "muñoz", mes="2026-02") == {"febrero"}
    assert _encontrados(client, ana.usuario, marzo, "í") == {"munoz"}  # the asesor's own prospects
    assert _encontrados(client, lider, marzo, "a", marca=ana.marca_id) == {"munoz", "gomez"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite folds only ASCII letters")
def test_mayusculas_acentuadas(client, lider, marzo):
    assert _encontrados(client, lider, marzo, "MUÑOZ PEÑA") == {"munoz"}
    assert _encontrados(client, lider, marzo, "LUCÍA") == {"kia"}


def test_las_consultas_de_la_busqueda_no_crecen_con_los_prospectos(
    client, lider, ana, marzo, django_assert_num_queries
):
    client.force_login(lider)
    consulta = {"estado": "", "q": "muñoz"}
    with time_machine.travel(date(2026, 3, 20), tick=False):
        client.get(URL, consulta)  # warm the session
        with django_assert_num_queries(CONSULTAS_LISTA):
            assert client.get(URL, consulta).status_code == 200
        ProspectoFactory.create_batch(30, perfil=ana, cliente="Pedro Muñoz", fecha=date(2026, 3, 9))
        with django_assert_num_queries(CONSULTAS_LISTA):
            html = client.get(URL, consulta).content.decode()
    assert html.count("Pedro Muñoz") == 30 and "Andrés Gómez" not in html
