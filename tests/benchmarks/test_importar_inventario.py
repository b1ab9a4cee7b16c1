"""Benchmark: a concesionario imports its 5,000-unit inventory export (XLSX) — target ≤ 5 s — and re-imports it
with every price changed (the bulk update path with its history rows). Figures printed, never asserted as times;
the query count is, since it must not grow with the rows."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from operaciones import services
from operaciones.models import Unidad
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory, vin_aleatorio
from tests.operaciones.fixtures_entrega import almacen_temporal  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

UNIDADES = 5_000
ENCABEZADOS = ["VIN", "Marca", "Modelo", "Año", "Versión", "Kilometraje", "Precio", "Color", "Equipamiento", "Ciudad"]
MODELOS = [("Nissan", "Versa"), ("Chevrolet", "Aveo"), ("Toyota", "Corolla"), ("Mazda", "3"), ("Honda", "CR-V")]


def _xlsx(vins, aumento=0):
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet("Inventario")
    hoja.append(["Inventario de seminuevos"])
    hoja.append(ENCABEZADOS)
    for i, vin in enumerate(vins):
        marca, modelo = MODELOS[i % len(MODELOS)]
        precio = 180_000 + (i % 200) * 1_000 + aumento
        hoja.append([vin, marca, modelo, 2016 + i % 9, "Base", 20_000 + i, precio, "Gris", "Aire; Bluetooth", "León"])
    contenido = io.BytesIO()
    libro.save(contenido)
    return SimpleUploadedFile("inventario.xlsx", contenido.getvalue())


def _importar(webmaster, concesionario, archivo, rotulo):
    with CaptureQueriesContext(connection) as consultas:
        inicio = time.perf_counter()
        importacion = services.inventario_importar(actor=webmaster, concesionario=concesionario, archivo=archivo)
        segundos = time.perf_counter() - inicio
    n = len(consultas)
    print(f"\nBENCH importar inventario de {UNIDADES} unidades XLSX ({rotulo}): {segundos:.2f} s, {n} consultas")
    return importacion, len(consultas)


def test_importar_5000_unidades(almacen_temporal):  # noqa: F811
    red = RedFactory()
    concesionario = ConcesionarioFactory(padre=red)
    UsuarioFactory(rol="cop", organizacion=red)
    webmaster = UsuarioFactory(rol="webmaster", organizacion=concesionario)
    vins = [vin_aleatorio(100_000 + i) for i in range(UNIDADES)]
    assert len(set(vins)) == UNIDADES
    nuevas, consultas_alta = _importar(webmaster, concesionario, _xlsx(vins), "alta")
    assert nuevas.creadas == UNIDADES
    actualizadas, consultas_cambio = _importar(webmaster, concesionario, _xlsx(vins, aumento=500), "todos los precios")
    assert actualizadas.actualizadas == UNIDADES
    assert Unidad.history.filter(history_type="~").count() == UNIDADES
    assert max(consultas_alta, consultas_cambio) < 60  # batches of 1,000: a handful per batch, not per row
