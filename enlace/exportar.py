"""The one way to write CSV and XLSX exports: every cell formula-safe (CSV/formula injection).

Text that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a
leading apostrophe, so it is shown as typed; numbers stay numbers. Names arrive from WhatsApp, email and
calls, so anyone outside can plant one.
"""

import csv
import tempfile
from numbers import Number

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INICIOS_PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")


def celda_segura(valor):
    if valor is None or isinstance(valor, Number):
        return valor
    if isinstance(valor, str) and valor.startswith(INICIOS_PELIGROSOS):
        return "'" + valor
    return valor


def fila_segura(fila):
    return [celda_segura(valor) for valor in fila]


class _Eco:
    def write(self, valor):
        return valor


def respuesta_csv(cabecera, filas, nombre):
    """A streamed CSV download (UTF-8 with BOM so Excel reads the accents)."""
    escritor = csv.writer(_Eco())

    def lineas():
        yield "\ufeff" + escritor.writerow(fila_segura(cabecera))
        for fila in filas:
            yield escritor.writerow(fila_segura(fila))

    respuesta = StreamingHttpResponse(lineas(), content_type="text/csv; charset=utf-8")
    respuesta["Content-Disposition"] = content_disposition_header(True, f"{nombre}.csv")
    return respuesta


def libro_xlsx():
    """A write-only workbook whose sheets only take rows through ``agregar``."""
    return Workbook(write_only=True)


def agregar(hoja, fila):
    hoja.append(fila_segura(fila))


def respuesta_xlsx(libro, nombre):
    with tempfile.TemporaryFile() as archivo:
        libro.save(archivo)
        archivo.seek(0)
        contenido = archivo.read()
    respuesta = HttpResponse(contenido, content_type=XLSX)
    respuesta["Content-Disposition"] = content_disposition_header(True, f"{nombre}.xlsx")
    return respuesta
