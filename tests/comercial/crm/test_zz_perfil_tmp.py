import cProfile
import pstats
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from comercial.crm import services, spiga
from comercial.crm.models import Importacion
from tests.benchmarks.test_bench_comercial_crm import _xlsx
from tests.comercial.crm.factories import MarcaFactory, PerfilAsesorFactory


@pytest.mark.django_db
def test_perfil(crear_usuario, organizacion):
    lider = crear_usuario("lider_crm", organizacion=organizacion)
    marca = MarcaFactory(organizacion=organizacion, nombre="Renault")
    perfiles = [PerfilAsesorFactory(marca=marca) for _ in range(20)]
    contenido = _xlsx(perfiles, 50_000)
    t = time.perf_counter()
    lectura = spiga.leer(SimpleUploadedFile("t.xlsx", contenido), spiga.COLUMNAS_TRAFICO, tipo_archivo="xlsx")
    print("\nleer", time.perf_counter() - t, len(lectura.filas))
    for rotulo in ("nuevo", "re"):
        perfil = cProfile.Profile()
        t = time.perf_counter()
        perfil.enable()
        services.importacion_registrar(
            actor=lider,
            organizacion=organizacion,
            tipo=Importacion.Tipo.TRAFICO,
            archivo=SimpleUploadedFile("t.xlsx", contenido),
        )
        perfil.disable()
        print(rotulo, time.perf_counter() - t)
        pstats.Stats(perfil).sort_stats("tottime").print_stats(18)
