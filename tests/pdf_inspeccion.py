"""Read a rendered PDF as its reader would: its text per page, and page images to check they are not blank."""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader


def texto_paginas(pdf):
    """The text of each page, whitespace folded (a table cell may wrap a value over two lines)."""
    return [re.sub(r"\s+", " ", pagina.extract_text()) for pagina in PdfReader(io.BytesIO(pdf)).pages]


def texto(pdf):
    return " ".join(texto_paginas(pdf))


def pagina_png(pdf, pagina=1, resolucion=60):
    """Page ``pagina`` as an RGB image, through pdftoppm (poppler-utils) like a person would look at it."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) no está instalado")
    with tempfile.TemporaryDirectory() as carpeta:
        ruta = Path(carpeta)
        (ruta / "d.pdf").write_bytes(pdf)
        subprocess.run(  # noqa: S603 - fixed arguments, our own file
            [
                shutil.which("pdftoppm"),
                "-png",
                "-r",
                str(resolucion),
                "-f",
                str(pagina),
                "-l",
                str(pagina),
                str(ruta / "d.pdf"),
                str(ruta / "p"),
            ],
            check=True,
        )
        with Image.open(next(ruta.glob("p*.png"))) as imagen:
            return imagen.convert("RGB")


def fraccion_con_tinta(imagen):
    """Share of pixels that are not (near) white."""
    pixeles = list(imagen.get_flattened_data())
    return sum(1 for r, g, b in pixeles if min(r, g, b) < 235) / len(pixeles)


def tiene_color(imagen, color, tolerancia=24, minimo=30):
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    cerca = [
        p
        for p in imagen.get_flattened_data()
        if abs(p[0] - r) <= tolerancia and abs(p[1] - g) <= tolerancia and abs(p[2] - b) <= tolerancia
    ]
    return len(cerca) >= minimo


# --- Table layout, read from WeasyPrint's boxes ---------------------------------------------------


def observar_maquetas(monkeypatch):
    """A list that receives the WeasyPrint document (laid-out pages) of every PDF rendered from now
    on in the test (``monkeypatch`` undoes it), newest last."""
    import weasyprint

    from enlace import pdf

    documentos = []

    class HTMLObservado(weasyprint.HTML):
        def write_pdf(self, *args, **kwargs):
            documentos.append(self.render())
            return documentos[-1].write_pdf(*args, **kwargs)

    monkeypatch.setattr(pdf, "HTML", HTMLObservado)
    return documentos


def _texto_caja(caja):
    from weasyprint.formatting_structure import boxes

    if isinstance(caja, boxes.TextBox):
        return caja.text.replace("\xad", "")
    return "".join(_texto_caja(hija) for hija in getattr(caja, "children", ()))


def _lineas(caja):
    from weasyprint.formatting_structure import boxes

    if isinstance(caja, boxes.LineBox):
        yield caja
        return
    for hija in getattr(caja, "children", ()):
        yield from _lineas(hija)


def _celdas(caja):
    from weasyprint.formatting_structure import boxes

    if isinstance(caja, boxes.TableCellBox):
        yield caja
        return
    for hija in getattr(caja, "children", ()):
        yield from _celdas(hija)


def columnas_recortadas(documento, holgura=0.5):
    """The table cells of a laid-out document whose text does not fit its column, as
    ``(cell text, problem)``: a line wider than the cell (drawn over the next column) or a word
    split across lines without a hyphen (``overflow-wrap`` breaking an id, a phone or a header).
    Hyphenated breaks (``hyphens``), the breaks at spaces and ``<br>``, and a cell cut short with
    «…» on purpose (``overflow: hidden; text-overflow: ellipsis``) are fine."""
    from weasyprint.formatting_structure import boxes

    problemas = []
    for pagina in documento.pages:
        for celda in _celdas(pagina._page_box):
            if celda.style["overflow"] == "hidden" and celda.style["text_overflow"] == "ellipsis":
                continue
            izquierda = celda.content_box_x()
            derecha = izquierda + celda.width
            lineas = list(_lineas(celda))
            texto = " ".join(_texto_caja(linea) for linea in lineas)
            for linea in lineas:
                for caja in linea.descendants():
                    if isinstance(caja, boxes.TextBox) and (
                        caja.position_x < izquierda - holgura or caja.position_x + caja.width > derecha + holgura
                    ):
                        problemas.append((texto, f"«{caja.text}» no cabe en su columna"))
            if len(lineas) > 1 and celda.element is not None:
                unido = "".join(
                    t[:-1] if t.endswith("\u2010") else t + " " for t in (_texto_caja(linea) for linea in lineas)
                )
                palabras = set(" ".join(celda.element.itertext()).replace("\xad", "").casefold().split())
                partidas = [p for p in unido.casefold().split() if p not in palabras]
                if partidas:
                    problemas.append((texto, f"palabra partida sin guion: {partidas}"))
    return problemas
