"""Charts kept in the cache: a chart shown again is not drawn again, and whatever shapes it is in its key."""

import pytest
from django.utils import translation

from enlace import graficas


@pytest.fixture
def dibujos(monkeypatch):
    """The charts matplotlib actually drew in the test, by title."""
    dibujadas = []
    dibujar = graficas._dibujar

    def contando(funcion, titulo, tamano_cm, huella):
        dibujadas.append(titulo)
        return dibujar(funcion, titulo, tamano_cm, huella)

    monkeypatch.setattr(graficas, "_dibujar", contando)
    return dibujadas


def test_la_misma_grafica_sale_de_la_cache_sin_dibujarse(dibujos):
    datos = [("Validación", 5.25), ("Cierre", 30)]
    primera = graficas.barras(datos, titulo="Horas por etapa", horizontal=True, formato="{:.1f} h")
    segunda = graficas.barras(list(datos), titulo="Horas por etapa", horizontal=True, formato="{:.1f} h")
    assert segunda == primera and "5,3 h" in primera
    assert dibujos == ["Horas por etapa"]


@pytest.mark.parametrize(
    "otra",
    [
        lambda: graficas.barras([("Validación", 5.3)], titulo="T", formato="{:.1f} h"),  # another value
        lambda: graficas.barras([("Validación", 5.25)], titulo="T", formato="{:.2f} h"),  # another format
        lambda: graficas.barras([("Validación", 5.25)], titulo="T", formato="{:.1f} h", horizontal=True),
        lambda: graficas.barras([("Validación", 5.25)], titulo="T", formato="{:.1f} h", color="#D55E00"),
        lambda: graficas.barras([("Validación", 5.25)], titulo="T", formato="{:.1f} h", tamano_cm=(8, 8)),
        lambda: graficas.barras([("Validación", 5.25)], titulo="Otro", formato="{:.1f} h"),
        lambda: graficas.linea({"Horas": [("Validación", 5.25)]}, titulo="T", formato_y="{:.1f} h"),
    ],
)
def test_otra_entrada_es_otra_grafica(dibujos, otra):
    primera = graficas.barras([("Validación", 5.25)], titulo="T", formato="{:.1f} h")
    assert otra() != primera
    assert len(dibujos) == 2


def test_el_idioma_activo_es_parte_de_la_clave(dibujos):
    espanol = graficas.dona([("Sí", 8), ("No", 2)], titulo="FCR", centro=25.9)
    with translation.override("en"):
        ingles = graficas.dona([("Sí", 8), ("No", 2)], titulo="FCR", centro=25.9)
    assert "25,9" in espanol and "25.9" in ingles
    assert len(dibujos) == 2
