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


def test_un_mes_en_curso_no_se_juzga():
    # Three days into the month: 5 % of last month's billing would be «-95 % · Rechazado».
    resultado = indicador.calcular(Decimal("5"), Decimal("100"), en_curso=True)
    assert resultado.banda == indicador.EN_CURSO and resultado.variacion is None
    assert resultado.etiqueta.startswith("En curso")
    assert (resultado.actual, resultado.anterior) == (Decimal("5"), Decimal("100"))


@pytest.mark.django_db
def test_paginas_muestran_el_mes_en_curso_sin_veredicto_y_por_omision_el_ultimo_mes_cerrado(client, equipo):
    from django.urls import reverse
    from django.utils import timezone

    from comercial.empresas.meses import mes_anterior
    from tests.comercial.empresas.factories import EmpresaFactory

    mes = timezone.localdate().replace(day=1)
    empresa = EmpresaFactory(organizacion=equipo.org)
    for m, monto in ((mes_anterior(mes_anterior(mes)), "1000"), (mes_anterior(mes), "1200"), (mes, "40")):
        empresa.facturacion.create(organizacion=equipo.org, mes=m, monto=Decimal(monto), origen="importacion")
    client.force_login(equipo.responsable)
    html = client.get(reverse("comercial:empresas:indicador")).content.decode()
    # The headline is the last closed month (+20 %, Aprobado); the month in progress shows no verdict.
    titular = html.split('id="indicador"')[1].split("</p>")[0]
    assert f"{mes_anterior(mes):%m/%Y}" in titular and "Aprobado" in titular
    fila = html.split(f"<td>{mes:%m/%Y}</td>")[1].split("</tr>")[0]
    assert "En curso" in fila and "Rechazado" not in fila and "-96" not in html
    html = client.get(reverse("comercial:empresas:informes")).content.decode()
    assert f'value="{mes_anterior(mes):%Y-%m}"' in html
    html = client.get(reverse("comercial:empresas:informes"), {"mes": f"{mes:%Y-%m}"}).content.decode()
    titular = html.split('id="indicador"')[1].split("</p>")[0]
    assert 'id="mes-en-curso"' in html and "En curso" in titular and "Rechazado" not in titular
    assert "Emitir y enviar informe" not in html
