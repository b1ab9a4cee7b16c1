"""Every link to a PDF the app generates says it is working and cannot be clicked twice (static/js/procesando.js).

Reads the templates: an ``<a>`` whose href is ``{% url %}`` of a route that answers a PDF must carry
``data-procesando`` (a form that downloads one carries ``data-descarga``, see procesando.js)."""

import re
from pathlib import Path

from django.urls import URLPattern, get_resolver

from tests.enlace.test_sin_500 import _patrones

RAIZ = Path(__file__).resolve().parents[2]
ENLACE = re.compile(r"<a\s[^>]*\{%\s*url\s+['\"]([\w:]+)['\"][^>]*>", re.DOTALL)


def _nombres_de_rutas_pdf():
    """``espacio:nombre`` of every route whose path reads as a PDF (``….pdf`` or ``…/pdf/``)."""
    nombres = set()
    for ruta, patron in _patrones(get_resolver().url_patterns):
        if isinstance(patron, URLPattern) and patron.name and re.search(r"(\.pdf|/pdf/)$", ruta):
            nombres.add(patron.name)
    return nombres


def _enlaces_a_pdf():
    pdf = _nombres_de_rutas_pdf()
    for plantilla in RAIZ.glob("*/**/templates/**/*.html"):
        if ".venv" in plantilla.parts:
            continue
        for etiqueta in ENLACE.finditer(plantilla.read_text()):
            if etiqueta.group(1).rsplit(":", 1)[-1] in pdf:
                yield plantilla.relative_to(RAIZ).as_posix(), etiqueta.group(0)


def test_there_are_pdf_routes_and_links_to_read():
    assert len(_nombres_de_rutas_pdf()) >= 10
    assert len(list(_enlaces_a_pdf())) >= 10


def test_every_link_to_a_generated_pdf_shows_procesando():
    sin_marca = [f"{ruta}: {etiqueta}" for ruta, etiqueta in _enlaces_a_pdf() if "data-procesando" not in etiqueta]
    assert sin_marca == []
