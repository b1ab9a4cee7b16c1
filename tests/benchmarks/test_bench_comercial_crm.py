"""Benchmarks of the Carrazos CRM: importing a 50,000-row SPIGA report and the semáforo with 100,000 prospects."""

import io
import time
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from comercial.crm import services
from comercial.crm.models import Importacion, Prospecto
from tests.comercial.crm.factories import (
    ENCABEZADOS_TRAFICO,
    ImportacionFactory,
    MarcaFactory,
    PerfilAsesorFactory,
)

FILAS_IMPORTACION = 50_000
PROSPECTOS_SEMAFORO = 100_000


def _xlsx(perfiles, n):
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet("Tráfico de Exposición")
    hoja.append(ENCABEZADOS_TRAFICO)
    inicio = date(2026, 3, 1)
    for i in range(n):
        perfil = perfiles[i % len(perfiles)]
        hoja.append(
            [
                f"TE-{i:07d}",
                inicio + timedelta(days=i % 28),
                perfil.marca.nombre,
                "Bogotá Norte",
                perfil.nombre_spiga,
                perfil.codigo_spiga,
                f"Cliente {i}",
                str(1_000_000 + i),
                f"300{i:07d}",
                "",
                "Duster",
                "Showroom",
            ]
        )
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


@pytest.mark.django_db
def test_bench_importar_50000_filas_xlsx(crear_usuario, organizacion, settings):
    settings.IMPORTACION_MAX_FILAS = FILAS_IMPORTACION  # above the default bound (20,000 rows per file)
    lider = crear_usuario("lider_crm", organizacion=organizacion)
    marca = MarcaFactory(organizacion=organizacion, nombre="Renault")
    perfiles = [PerfilAsesorFactory(marca=marca) for _ in range(20)]
    contenido = _xlsx(perfiles, FILAS_IMPORTACION)
    print(f"\nBENCH archivo XLSX de {FILAS_IMPORTACION} filas: {len(contenido) / 1024 / 1024:.1f} MiB")

    for rotulo in ("nuevo", "reimportado (idempotente)"):
        archivo = SimpleUploadedFile("trafico.xlsx", contenido)
        inicio = time.perf_counter()
        with CaptureQueriesContext(connection) as consultas:
            importacion = services.importacion_registrar(
                actor=lider, organizacion=organizacion, tipo=Importacion.Tipo.TRAFICO, archivo=archivo
            )
        segundos = time.perf_counter() - inicio
        print(
            f"BENCH importar {FILAS_IMPORTACION} filas XLSX ({rotulo}): {segundos:.1f} s, {len(consultas)} consultas, "
            f"{importacion.nuevas} nuevas"
        )
    assert Prospecto.objects.count() == FILAS_IMPORTACION


def _sembrar(organizacion, perfiles, n):
    importacion = ImportacionFactory(organizacion=organizacion)
    ahora = timezone.now()
    lote = []
    for i in range(n):
        perfil = perfiles[i % len(perfiles)]
        dia = date(2026, 3, 1) + timedelta(days=i % 31)
        ultimo = dia + timedelta(days=i % 9) if i % 5 else None
        lote.append(
            Prospecto(
                organizacion=organizacion,
                id_spiga=f"S-{i:07d}",
                importacion=importacion,
                importado_en=ahora,
                fecha=dia,
                marca_id=perfil.marca_id,
                asesor_id=perfil.usuario_id,
                cliente=f"Cliente {i}",
                telefono="3000000000",
                n_llamadas=i % 4,
                n_cotizaciones=i % 2,
                ultimo_seguimiento=ultimo,
                **Prospecto.derivados(dia, ultimo),  # bulk_create skips save(), as the import does
            )
        )
        if len(lote) == 10_000:
            Prospecto.objects.bulk_create(lote)
            lote = []
    Prospecto.objects.bulk_create(lote)


@pytest.mark.django_db(transaction=True)
def test_bench_semaforo_100000_prospectos(client, crear_usuario, organizacion, medir, analizar):
    lider = crear_usuario("lider_crm", organizacion=organizacion)
    marcas = [MarcaFactory(organizacion=organizacion) for _ in range(3)]
    perfiles = [PerfilAsesorFactory(marca=marcas[i % 3]) for i in range(30)]
    client.force_login(lider)
    url = reverse("comercial:crm:semaforo") + "?mes=2026-03"

    _sembrar(organizacion, perfiles, 10)
    client.get(url)
    with CaptureQueriesContext(connection) as pocas:
        client.get(url)
    Prospecto.objects.all().delete()

    inicio = time.perf_counter()
    _sembrar(organizacion, perfiles, PROSPECTOS_SEMAFORO)
    analizar()
    print(f"\nBENCH sembrar {PROSPECTOS_SEMAFORO} prospectos: {time.perf_counter() - inicio:.1f} s")
    medicion = medir(f"semáforo GC-FOR-21 con {PROSPECTOS_SEMAFORO} prospectos", lambda: client.get(url), 30)
    rojos = medir("semáforo filtrado en rojo, página 20", lambda: client.get(url + "&color=rojo&pagina=20"), 30)
    assert medicion.consultas == len(pocas) == rojos.consultas
