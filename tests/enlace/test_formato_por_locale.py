"""One number and date format whatever Spanish locale Django has active (es-MX, es-BO, es-CO): the same
digits in a page, a chart and a PDF. Django's own ``es_MX`` writes «40.00» and its ``es`` «12 345»;
``enlace/formatos/es`` pins comma decimals and point thousands for every ``es-*`` locale."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation
from django.utils.formats import number_format

from enlace import graficas
from enlace.pdf import renderizar_pdf
from tests.pdf_inspeccion import texto

LOCALES = ("es-mx", "es-bo", "es-co")
LINEA = (
    '{% load enlace %}{{ porcentaje }} % de {{ base|moneda:"MXN" }} · {{ total|miles }}'
    ' · {{ fecha|date:"SHORT_DATE_FORMAT" }}'
)
CONTEXTO = {"porcentaje": Decimal("40.00"), "base": Decimal("5560"), "total": 12345, "fecha": date(2026, 12, 6)}
ESPERADO = "40,00 % de $5.560,00 MXN · 12.345 · 06/12/2026"
DOCUMENTO = """{% extends "pdf/base.html" %}{% load enlace %}
{% block contenido %}
<p>Comisión: {{ porcentaje }} % de {{ base|moneda:"MXN" }} el {{ fecha|date:"SHORT_DATE_FORMAT" }}</p>
<p>Tarifa: {{ tarifa|moneda:"BOB" }}; meta: {{ meta|moneda:"COP" }}; tasa {{ tasa|floatformat:1 }} %</p>
<div class="grafica">{{ grafica|safe }}</div>{% endblock %}"""


def _render(texto_plantilla, contexto):
    return engines["django"].from_string(texto_plantilla).render(contexto)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_page_writes_percent_money_counts_and_dates_the_same_in_every_locale(locale):
    with translation.override(locale):
        assert _render(LINEA, CONTEXTO) == ESPERADO
        assert number_format(Decimal("12345.5"), 1, force_grouping=True) == "12.345,5"
        assert _render("{{ tasa|floatformat:1 }}", {"tasa": 95.46}) == "95,5"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_chart_writes_thousands_with_a_point_and_decimals_with_a_comma(locale):
    with translation.override(locale):
        barras = graficas.barras([("Facturación", 1234567.5)], titulo="Monto")
        moneda = graficas.barras([("A", 1234.5)], titulo="Monto", formato="$ {:,.2f}")
        tasa = graficas.barras([("A", 95.5)], titulo="Eficiencia", formato="{:.1f} %")
    assert "1.234.567,5" in barras and "\xa0" not in barras
    assert "$ 1.234,50" in moneda and "95,5 %" in tasa


@pytest.mark.parametrize("locale", LOCALES)
def test_a_pdf_prints_what_the_page_prints(locale):
    contexto = {
        **CONTEXTO,
        "tarifa": Decimal("15230.75"),
        "meta": Decimal("85000000"),
        "tasa": 95.46,
        "organizacion": "Enl@ceGrup",
        "titulo": "Comisiones",
        "codigo": "EG-COM-01",
        "version": "1",
        "vigencia": date(2026, 1, 1),
    }
    with translation.override(locale):
        contexto["grafica"] = graficas.barras([("Facturación", 1234567.5)], titulo="Facturación del mes")
        pdf = renderizar_pdf(engines["django"].from_string(DOCUMENTO), contexto)
    leido = texto(pdf)
    assert "Comisión: 40,00 % de $5.560,00 MXN el 06/12/2026" in leido
    assert "Tarifa: Bs 15.230,75; meta: $85.000.000 COP; tasa 95,5 %" in leido
    assert "1.234.567,5" in leido and "FECHA DE VIGENCIA 01/01/2026" in leido
