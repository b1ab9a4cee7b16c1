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
