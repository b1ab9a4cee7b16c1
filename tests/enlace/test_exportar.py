"""Every CSV/XLSX export goes through enlace.exportar, which writes formula-looking text as plain text."""

import pathlib
import re
from datetime import date
from decimal import Decimal

import pytest

from enlace.exportar import celda_segura

RAIZ = pathlib.Path(__file__).resolve().parents[2]
# Writing a spreadsheet: csv.writer/DictWriter or an openpyxl Workbook (reading with load_workbook is fine).
ESCRITURA = re.compile(r"csv\.(writer|DictWriter)\b|\bWorkbook\b")
PERMITIDOS = {
    "enlace/exportar.py",
    "comercial/crm/demo.py",  # builds the demo's SPIGA upload: an input to import, never an export
}


@pytest.mark.parametrize("texto", ["=1+1", "+57 300", "-2", "@SUMA(A1)", "\tx", "\rx", '=HYPERLINK("h","ok")'])
def test_el_texto_que_parece_formula_lleva_apostrofo(texto):
    assert celda_segura(texto) == "'" + texto


@pytest.mark.parametrize("valor", [3, -3, 2.5, Decimal("-10.25"), None, "Ana", "", date(2026, 1, 2), True])
def test_lo_demas_queda_igual(valor):
    assert celda_segura(valor) == valor


def test_ninguna_exportacion_escribe_hojas_por_fuera_del_ayudante():
    infractores = [
        str(ruta.relative_to(RAIZ))
        for app in ("atencion", "comercial", "operaciones", "enlace")
        for ruta in (RAIZ / app).rglob("*.py")
        if str(ruta.relative_to(RAIZ)) not in PERMITIDOS and ESCRITURA.search(ruta.read_text())
    ]
    assert infractores == [], f"Exporte con enlace.exportar (celdas sin fórmulas): {infractores}"
