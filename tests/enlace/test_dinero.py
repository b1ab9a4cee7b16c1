from decimal import Decimal

import pytest
from django.template import engines

from enlace.dinero import formatear


@pytest.mark.parametrize(
    ("monto", "moneda", "texto"),
    [
        (Decimal("389900"), "MXN", "$389.900,00 MXN"),
        (Decimal("1234.505"), "MXN", "$1.234,51 MXN"),
        (Decimal("-50.5"), "MXN", "-$50,50 MXN"),
        (Decimal("15230.75"), "BOB", "Bs 15.230,75"),
        (Decimal("0"), "BOB", "Bs 0,00"),
        (Decimal("85000000.4"), "COP", "$85.000.000 COP"),
        (Decimal("999.5"), "COP", "$1.000 COP"),
        (None, "MXN", "—"),
    ],
)
def test_formatear_por_pais(monto, moneda, texto):
    assert formatear(monto, moneda) == texto


def test_moneda_desconocida_es_un_error():
    with pytest.raises(KeyError):
        formatear(Decimal("1"), "USD")


def test_filtro_de_plantilla():
    plantilla = engines["django"].from_string('{% load enlace %}{{ precio|moneda:"MXN" }}')
    assert plantilla.render({"precio": Decimal("249999.99")}) == "$249.999,99 MXN"
