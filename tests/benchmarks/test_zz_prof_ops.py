import time
from collections import defaultdict
import pytest
from datetime import timedelta
from django.utils import timezone
from django.urls import reverse
from operaciones import services
from operaciones.models import Unidad, Cliente
from tests.benchmarks import test_bench_operaciones as b
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory

T = defaultdict(float)
def envolver(obj, nombre):
    orig = getattr(obj, nombre)
    def f(*a, **k):
        t = time.perf_counter()
        try: return orig(*a, **k)
        finally: T[nombre] += time.perf_counter() - t
    setattr(obj, nombre, f)

@pytest.mark.django_db
def test_prof(monkeypatch):
    reverse("operaciones:inventario")
    b.UNIDADES = 10000
    red = RedFactory(); concs = [ConcesionarioFactory(padre=red) for _ in range(20)]
    UsuarioFactory(rol="cop", organizacion=red)
    asesores = [UsuarioFactory(rol="asesor", organizacion=c) for c in concs]
    cliente = Cliente.objects.create(nombre="c", tipo_persona="fisica", asesor=asesores[0])
    b.sembrar_unidades(concs, timezone.localdate())
    ids = list(Unidad.objects.order_by("pk").values_list("pk", "concesionario_id"))
    ahora = timezone.now()
    b.sembrar_apartados(ids, asesores, cliente, creado=ahora - timedelta(hours=30), vence=ahora - timedelta(hours=6))
    from simple_history.manager import HistoryManager
    from django.db.models import QuerySet
    envolver(HistoryManager, "bulk_history_create")
    envolver(services.bitacora, "registrar_varios")
    envolver(services, "_notificar_disponibles")
    envolver(QuerySet, "update")
    envolver(QuerySet, "_fetch_all")
    t = time.time()
    services.apartados_liberar_vencidos()
    print("SWEEP", time.time() - t, dict(T))
