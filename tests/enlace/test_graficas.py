"""Server-side SVG charts: well-formed, labelled, deterministic, safe with odd labels and in threads."""

import re
import threading
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from enlace import graficas

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _sin_cache(settings):
    """Every chart here is drawn: what these tests compare is matplotlib's output, never a cached copy of it
    (the cache has its own tests in test_graficas_cache.py)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _raiz(svg):
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def _textos(svg):
    """Parse the SVG (fails if malformed) and return its root and the text of every <text> element."""
    raiz = _raiz(svg)
    assert raiz.tag == f"{SVG}svg"
    return raiz, ["".join(elemento.itertext()) for elemento in raiz.iter(f"{SVG}text")]


def _ejemplos():
    return {
        "linea": graficas.linea(
            {"Ventas": [("ene", 10), ("feb", Decimal("12.5")), ("mar", None)], "Meta": [("ene", 11), ("abr", 15)]},
            titulo="Ventas por mes",
            eje_y="Unidades",
        ),
        "barras": graficas.barras([("Ana Pérez", 12), ("Luis Gómez", 7.5)], titulo="Prospectos por asesor"),
        "horizontal": graficas.barras(
            [("Verde", 30), ("Ámbar", 12), ("Rojo", 4)],
            titulo="Semáforo de seguimiento",
            horizontal=True,
            color=["#2e7d32", "#b26a00", "#c62828"],
        ),
        "dona": graficas.dona([("Llamada", 40), ("WhatsApp", 35), ("Correo", 25)], titulo="Tickets", centro="100"),
        "pastel": graficas.pastel([("Sí", 8), ("No", 2)], titulo="Resolución al primer contacto"),
    }


def test_cada_grafica_es_svg_valido_con_titulo_y_etiquetas():
    esperados = {
        "linea": ["Ventas por mes", "Unidades", "ene", "feb", "mar", "abr", "Ventas", "Meta"],
        "barras": ["Prospectos por asesor", "Ana Pérez", "Luis Gómez", "12", "7,5"],
        "horizontal": ["Semáforo de seguimiento", "Verde", "Ámbar", "Rojo", "30", "4"],
        "dona": ["Tickets", "Llamada (40)", "WhatsApp (35)", "Correo (25)", "40 %", "100"],
        "pastel": ["Resolución al primer contacto", "Sí (8)", "No (2)", "80 %", "20 %"],
    }
    for nombre, svg in _ejemplos().items():
        assert svg.startswith("<svg "), nombre  # no XML prolog: ready to embed inline
        raiz, textos = _textos(svg)
        assert raiz.get("role") == "img"
        assert raiz.get("aria-label") == esperados[nombre][0]
        for texto in esperados[nombre]:
            assert texto in textos, (nombre, texto, textos)
        assert "<dc:date>" not in svg and graficas.SIN_DATOS not in textos


def test_colores_de_la_paleta_y_por_barra():
    svg = _ejemplos()
    assert graficas.PALETA[0].lower() in svg["barras"].lower()
    for color in ["#2e7d32", "#b26a00", "#c62828"]:
        assert color in svg["horizontal"]


@pytest.mark.parametrize(
    "grafica",
    [
        lambda: graficas.linea({}, titulo="Sin series"),
        lambda: graficas.linea({"Ventas": []}, titulo="Sin series"),
        lambda: graficas.linea({"Ventas": [("ene", None)]}, titulo="Sin series"),
        lambda: graficas.barras([], titulo="Sin series"),
        lambda: graficas.barras([("Ana", None)], titulo="Sin series"),
        lambda: graficas.dona([], titulo="Sin series"),
        lambda: graficas.pastel([("Sí", 0), ("No", 0)], titulo="Sin series"),
    ],
)
def test_sin_datos_dibuja_un_aviso_en_lugar_de_fallar(grafica):
    _, textos = _textos(grafica())
    assert textos == ["Sin datos en el periodo", "Sin series"]


def test_salida_determinista_y_ids_distintos_por_grafica():
    primera, segunda = _ejemplos(), _ejemplos()
    assert primera == segunda
    ids = [_raiz(svg).get("id") for svg in primera.values()]
    assert all(ids) and len(set(ids)) == len(ids)
    # Every chart on one page: no id twice, and every reference (markers, clip paths) finds its element.
    pagina = ET.fromstring(f'<div xmlns="{SVG[1:-1]}">{"".join(primera.values())}</div>')  # noqa: S314
    ids_pagina = [elemento.get("id") for elemento in pagina.iter() if elemento.get("id")]
    assert len(ids_pagina) == len(set(ids_pagina)), sorted(i for i in ids_pagina if ids_pagina.count(i) > 1)
    referidos = set(re.findall(r'(?:href="#|url\(#)([^")]+)', "".join(primera.values())))
    assert referidos and referidos <= set(ids_pagina)
    otra = graficas.barras([("Ana Pérez", 13), ("Luis Gómez", 7.5)], titulo="Prospectos por asesor")
    assert _raiz(otra).get("id") != _raiz(primera["barras"]).get("id")


def test_etiquetas_con_caracteres_especiales_quedan_como_texto():
    svg = graficas.barras(
        [("Pérez & <Hijos>", 3), ("Costo $ 10 y $ 20", 4), (date(2026, 7, 15), 5)], titulo='Título "raro" & <b>'
    )
    raiz, textos = _textos(svg)
    assert {"Pérez & <Hijos>", "Costo $ 10 y $ 20", "15/07/2026", 'Título "raro" & <b>'} <= set(textos)
    assert raiz.get("aria-label") == 'Título "raro" & <b>'


def test_formato_de_numeros():
    _, textos = _textos(graficas.barras([("Total", 1234567)], titulo="Monto"))
    assert "1.234.567" in textos, textos  # point thousands, as enlace.dinero.miles writes them in pages
    _, textos = _textos(graficas.barras([("A", 95.5)], titulo="Eficiencia", formato="{:.1f} %"))
    assert "95,5 %" in textos  # a str.format pattern writes the language's decimal mark too
    _, textos = _textos(graficas.barras([("Total", 1234567.6)], titulo="Monto", formato="{:,.0f}"))
    assert "1.234.568" in textos, textos  # whole, grouped: the Bs of the empresas report
    _, textos = _textos(graficas.linea({"CSAT": [("ene", 4.5)]}, titulo="CSAT", formato_y="{:.2f} pts"))
    assert "4,50 pts" in textos
    _, textos = _textos(graficas.barras([("A", 95.96), ("B", 0.15)], titulo="Eficiencia", formato="{:.1f} %"))
    assert {"96,0 %", "0,2 %"} <= set(textos), textos  # rounded, half up: never cut to 95,9 %


def test_muchas_categorias_se_inclinan_y_se_espacian():
    datos = [(f"Día {n}", n) for n in range(60)]
    _, textos = _textos(graficas.barras(datos, titulo="Diario"))
    dias = [texto for texto in textos if texto.startswith("Día ")]
    assert "Día 0" in dias and len(dias) <= 24


def test_hilos_simultaneos_obtienen_la_misma_salida():
    esperado = _ejemplos()
    resultados, errores = [], []

    def dibujar():
        try:
            resultados.append(_ejemplos())
        except Exception as error:
            errores.append(error)

    hilos = [threading.Thread(target=dibujar) for _ in range(6)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=120)
    assert errores == []
    assert resultados == [esperado] * 6


@pytest.mark.parametrize(
    "grafica",
    [
        lambda: graficas.linea({"Abiertos": [("01/05", 0), ("02/05", 0)], "Resueltos": [("01/05", 0)]}, titulo="T"),
        lambda: graficas.barras([("1 ★", 0), ("2 ★", 0), ("3 ★", 0)], titulo="T"),
        lambda: graficas.barras([("A", 0), ("B", None)], titulo="T", horizontal=True),
    ],
)
def test_solo_ceros_es_un_panel_sin_datos_no_un_eje_vacio(grafica):
    svg = grafica()
    _, textos = _textos(svg)
    assert textos == [graficas.SIN_DATOS, "T"]
    # No tick labels of an axis around zero (matplotlib drew −0,06 … 0,06 before).
    assert not any("0,0" in t or "0.0" in t for t in textos)
    assert graficas.COLOR_PANEL_VACIO.lower() in svg.lower()


def test_colores_por_parte_y_centro_con_coma_decimal():
    verde, gris, rojo = "#2e7d32", "#9e9e9e", "#c62828"
    svg = graficas.dona(
        [("Promotores", 12), ("Pasivos", 0), ("Detractores", 5)], titulo="NPS", centro=25.9, colores=[verde, gris, rojo]
    )
    _, textos = _textos(svg)
    assert "25,9" in textos and "25.9" not in textos
    # A part with no value is left out but the others keep their own colour: detractors stay red.
    assert verde in svg and rojo in svg and gris not in svg


def test_formato_local_con_agrupacion():
    _, textos = _textos(graficas.barras([("A", 1234.5)], titulo="Monto", formato="$ {:,.2f}"))
    assert "$ 1.234,50" in textos, textos
