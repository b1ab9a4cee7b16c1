"""The companies' search (?q=): part of the razón social or localidad in any case, the NIT by its beginning,
only the user's companies, and the same queries at any number of companies."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from comercial.empresas.models import Empresa
from tests.comercial.empresas.factories import EmpresaFactory

pytestmark = pytest.mark.django_db
URL = reverse("comercial:empresas:empresas")


@pytest.fixture
def empresas(equipo):
    def empresa(razon_social, localidad, nit):
        return EmpresaFactory(organizacion=equipo.org, razon_social=razon_social, localidad=localidad, nit=nit)

    return {
        "ferreteria": empresa("Ferretería Gutiérrez S.R.L.", "Quillacollo", "1020304050"),
        "distribuidora": empresa("Distribuidora Ñandú", "Cala Cala", "3050607080"),
        "constructora": empresa("Constructora Andina", "Sacaba", "5010203040"),
    }


def _encontradas(client, usuario, termino, empresas):
    client.force_login(usuario)
    html = client.get(URL, {"q": termino}).content.decode()
    return {clave for clave, e in empresas.items() if e.razon_social in html}


@pytest.mark.parametrize(
    ("termino", "esperadas"),
    [
        ("ferretería", {"ferreteria"}),  # an accented word, other case
        ("rretería gutié", {"ferreteria"}),  # parts of two words
        ("  ferretería   gutiérrez ", {"ferreteria"}),  # runs of spaces are one
        ("ñandú", {"distribuidora"}),
        ("ANDINA", {"constructora"}),
        ("quilla", {"ferreteria"}),  # localidad
        ("cala", {"distribuidora"}),
        ("30506", {"distribuidora"}),  # NIT by its beginning
        ("0304", set()),  # not inside a NIT
        ("gutierrez", set()),  # accents are part of the word
        ("s.r.l", {"ferreteria"}),
        ("", {"ferreteria", "distribuidora", "constructora"}),
    ],
)
def test_la_busqueda_encuentra_por_parte_de_nombre_o_localidad_y_por_inicio_del_nit(
    client, equipo, empresas, termino, esperadas
):
    assert _encontradas(client, equipo.responsable, termino, empresas) == esperadas


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite folds only ASCII letters")
def test_mayusculas_acentuadas(client, equipo, empresas):
    assert _encontradas(client, equipo.responsable, "FERRETERÍA GUTIÉRREZ", empresas) == {"ferreteria"}
    assert _encontradas(client, equipo.responsable, "ÑANDÚ", empresas) == {"distribuidora"}


def test_la_busqueda_solo_ve_la_cartera_del_usuario(client, equipo, empresas, otra_organizacion):
    EmpresaFactory(organizacion=otra_organizacion, razon_social="Ferretería Gutiérrez Ajena", nit="1020304099")
    Empresa.objects.filter(pk=empresas["distribuidora"].pk).update(ejecutivo=equipo.ejecutivo)
    client.force_login(equipo.responsable)
    assert "Ajena" not in client.get(URL, {"q": "ferretería"}).content.decode()
    assert _encontradas(client, equipo.ejecutivo, "a", empresas) == {"distribuidora"}


def test_las_consultas_de_la_busqueda_no_crecen_con_las_empresas(client, equipo, empresas, django_assert_num_queries):
    client.force_login(equipo.responsable)
    with django_assert_num_queries(5):  # the same as the list without a search
        assert client.get(URL, {"q": "ferre"}).status_code == 200
    Empresa.objects.bulk_create(
        Empresa(
            organizacion=equipo.org,
            razon_social=f"Ferretería {n}",
            nit=f"{70000000 + n}",
            localidad="Sacaba",
            giro="comercio",
        )
        for n in range(40)
    )
    with django_assert_num_queries(5):
        html = client.get(URL, {"q": "ferre"}).content.decode()
    assert ">Ferretería 0</a>" in html and "Constructora Andina" not in html


def test_el_total_de_la_lista_sale_del_desglose_por_giro(client, equipo, empresas, django_assert_num_queries):
    """One pass over the matches: the page's «1–25 de 41» is the sum of the breakdown by giro, with no COUNT."""
    Empresa.objects.bulk_create(
        Empresa(organizacion=equipo.org, razon_social=f"Ferretería {n}", nit=f"{70000000 + n}", giro="servicios")
        for n in range(40)
    )
    client.force_login(equipo.responsable)
    with django_assert_num_queries(5) as consultas:
        html = client.get(URL, {"q": "ferre"}).content.decode()
    assert not any("COUNT(*)" in c["sql"] for c in consultas.captured_queries)
    assert "1–25 de 41" in html
    giros = html.split('id="por-giro"')[1].split("</details>")[0]
    assert sorted(int(n) for n in re.findall(r": (\d+)</li>", giros)) == [1, 40]
