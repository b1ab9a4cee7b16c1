"""The billing-growth indicator and its bands at the boundaries."""

from decimal import Decimal

import pytest

from comercial.empresas import indicador


@pytest.mark.parametrize(
    ("actual", "esperado", "etiqueta"),
    [
        ("99.99", indicador.RECHAZADO, "Rechazado"),  # −0.01 %
        ("100.00", indicador.OBSERVADO, "Observado"),  # 0 %
        ("104.99", indicador.OBSERVADO, "Observado"),  # 4.99 %
        ("105.00", indicador.SIN_BANDA, "Sin banda definida (5–10 %)"),  # 5 %
        ("109.99", indicador.SIN_BANDA, "Sin banda definida (5–10 %)"),  # 9.99 %
        ("110.00", indicador.APROBADO, "Aprobado"),  # 10 %
    ],
)
def test_bandas_en_sus_limites(actual, esperado, etiqueta):
    resultado = indicador.calcular(Decimal(actual), Decimal("100.00"))
    assert resultado.banda == esperado
    assert resultado.etiqueta == etiqueta
    assert resultado.variacion_redondeada == Decimal(actual) - Decimal(100)


def test_formula_con_montos_reales():
    resultado = indicador.calcular(Decimal("55000"), Decimal("50000"))
    assert resultado.variacion == Decimal(10)
    assert resultado.banda == indicador.APROBADO


def test_sin_facturacion_el_mes_anterior_no_hay_base():
    resultado = indicador.calcular(Decimal("100"), Decimal("0"))
    assert resultado.variacion is None and resultado.banda == indicador.SIN_BASE
    assert "Sin base" in resultado.etiqueta


def test_bandas_configurables(settings):
    settings.EMPRESAS_INDICADOR_APROBADO_PCT = "12"
    settings.EMPRESAS_INDICADOR_OBSERVADO_PCT = "6.5"
    assert indicador.calcular(Decimal("111"), Decimal("100")).banda == indicador.SIN_BANDA
    assert indicador.calcular(Decimal("106.4"), Decimal("100")).banda == indicador.OBSERVADO
    assert indicador.etiquetas()[indicador.SIN_BANDA] == "Sin banda definida (6,5–12 %)"
    assert indicador.definicion()[0] == "≥ 12 %: Aprobado"
