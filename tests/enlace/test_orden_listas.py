"""The main lists sort by every whitelisted column with the same queries, and ignore unknown keys."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atencion.views.tickets import ORDEN_TICKETS
from comercial.crm.views import ORDEN_PROSPECTOS
from comercial.digitales.views import ORDEN_BANDEJA
from comercial.empresas.views.cartera import ORDEN_EMPRESAS
from enlace.management.commands.demo import correo_demo
from enlace.models import Usuario

pytestmark = pytest.mark.django_db

LISTAS = [
    ("atencion.demo", "agente", "/atencion/tickets/", ORDEN_TICKETS),
    ("comercial.empresas.demo", "responsable_empresas", "/comercial/empresas/empresas/", ORDEN_EMPRESAS),
    ("comercial.crm.demo", "lider_crm", "/comercial/crm/prospectos/?estado=", ORDEN_PROSPECTOS),
    ("comercial.digitales.demo", "responsable_call_center", "/comercial/digitales/?bandeja=cerradas", ORDEN_BANDEJA),
]


def _filas(html):
    """The links of the list's rows (its order), without per-request tokens."""
    return re.findall(r'href="([^"]+)"', re.findall(r"<tbody>.*?</tbody>", html, re.S)[-1])


def _consultas(client, url):
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(url)
    assert respuesta.status_code == 200, url
    return len(consultas.captured_queries), respuesta.content.decode()


@pytest.mark.parametrize("demo,rol,url,ordenamiento", LISTAS, ids=[lista[2] for lista in LISTAS])
def test_each_column_sorts_with_the_same_queries(client, cargar_demo_de, demo, rol, url, ordenamiento):
    cargar_demo_de(demo)
    client.force_login(Usuario.objects.get(email=correo_demo(rol)))
    union = "&" if "?" in url else "?"
    client.get(url)  # warm the session and content types
    base, html = _consultas(client, url)
    assert "de " in html and 'class="orden' in html
    desconocida, html_desconocida = _consultas(client, f"{url}{union}orden=hash")
    assert (desconocida, _filas(html_desconocida)) == (base, _filas(html))
    for clave in ordenamiento.columnas:
        for valor in (clave, f"-{clave}"):
            n, html_ordenado = _consultas(client, f"{url}{union}orden={valor}")
            assert n == base, valor
            # every key has its column but the tickets' creation date (their default order)
            assert "aria-sort=" in html_ordenado or clave == "creado", valor
