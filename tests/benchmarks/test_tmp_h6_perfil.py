# ruff: noqa
import cProfile, pstats, time
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from operaciones import services
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import RedFactory
from tests.operaciones.fixtures_entrega import almacen_temporal
from tests.benchmarks.test_bench_operaciones_cierre import sembrar_sedes, preparar_operaciones

@pytest.mark.django_db
def test_perfil():
    red = RedFactory()
    cop = UsuarioFactory(rol="cop", organizacion=red)
    sedes = sembrar_sedes(red, 20)
    ids = preparar_operaciones(sedes, cop, 12)
    tiempos = []
    for pk in ids[:10]:
        t = time.perf_counter(); services.operacion_cerrar(actor=cop, apartado_id=pk); tiempos.append((time.perf_counter()-t)*1000)
    print("\nTIEMPOS", [round(x) for x in tiempos])
    with CaptureQueriesContext(connection) as q:
        services.operacion_cerrar(actor=cop, apartado_id=ids[10])
    tot = 0
    for x in q.captured_queries:
        tot += float(x["time"])
    print("SQL total s", tot)
    for x in sorted(q.captured_queries, key=lambda x: -float(x["time"]))[:6]:
        print(x["time"], x["sql"][:200])
    pr = cProfile.Profile(); pr.enable()
    services.operacion_cerrar(actor=cop, apartado_id=ids[11])
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(35)
