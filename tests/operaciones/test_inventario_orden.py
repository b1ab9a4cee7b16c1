"""The network inventory sorts by its column headers with a fixed number of queries."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.operaciones.factories import UnidadFactory

pytestmark = pytest.mark.django_db


def _vins(html):
    return re.findall(r"<code>([A-Z0-9]{17})</code>", html)


@pytest.fixture
def unidades(concesionario):
    hoy = timezone.localdate()
    return [
        UnidadFactory(concesionario=concesionario, precio=Decimal(precio), fecha_ingreso=hoy - timedelta(days=dias))
        for precio, dias in (("300000", 10), ("100000", 90), ("200000", 40))
    ]


def test_sorting_by_price_days_and_unknown_key(client, asesor, unidades):
    client.force_login(asesor)
    url = reverse("operaciones:inventario")
    caras, baratas = unidades[0].vin, unidades[1].vin
    html = client.get(url, {"orden": "precio"}).content.decode()
    assert _vins(html) == [baratas, unidades[2].vin, caras]
    assert 'aria-sort="ascending"' in html and 'href="?orden=-precio"' in html
    assert _vins(client.get(url, {"orden": "-precio"}).content.decode())[0] == caras
    assert _vins(client.get(url, {"orden": "-dias"}).content.decode())[0] == baratas  # the oldest unit
    por_defecto = _vins(client.get(url).content.decode())
    assert (
        _vins(client.get(url, {"orden": "vin; drop"}).content.decode())
        == por_defecto
        == [
            caras,
            unidades[2].vin,
            baratas,
        ]
    )
    assert "1–3 de 3" in client.get(url).content.decode()


def test_sorting_adds_no_query(client, asesor, unidades, concesionario):
    client.force_login(asesor)
    url = reverse("operaciones:inventario")
    with CaptureQueriesContext(connection) as sin_orden:
        client.get(url)
    UnidadFactory.create_batch(3, concesionario=concesionario)
    for orden in ("concesionario", "-km", "dias"):
        with CaptureQueriesContext(connection) as ordenado:
            client.get(url, {"orden": orden})
        assert len(ordenado.captured_queries) == len(sin_orden.captured_queries)
