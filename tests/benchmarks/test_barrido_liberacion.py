"""The release sweep at scale: BENCH_VENCIDOS expired apartados (10,000 on PostgreSQL) of 200 asesores in 20
concesionarios released in one sweep, with their events, history rows and notifications.

Reports the time and the number of queries (which must not grow with the number of apartados). The seed is
committed and vacuumed (transactional test): the sweep reads and updates rows written long before, as in production.
"""

import os
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, services
from operaciones.models import Cliente, Unidad
from tests.benchmarks.test_bench_operaciones import sembrar_apartados, sembrar_unidades
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory

VENCIDOS = int(os.environ.get("BENCH_VENCIDOS", 10_000 if connection.vendor == "postgresql" else 1_000))


@pytest.mark.django_db(transaction=True)
def test_barrido_de_liberacion_a_escala(monkeypatch, analizar):
    monkeypatch.setattr("tests.benchmarks.test_bench_operaciones.UNIDADES", VENCIDOS + 2_000)
    red = RedFactory()
    concesionarios = [ConcesionarioFactory(padre=red) for _ in range(20)]
    UsuarioFactory(rol="cop", organizacion=red)
    asesores = [UsuarioFactory(rol="asesor", organizacion=concesionarios[i % 20]) for i in range(200)]
    for c in concesionarios:
        UsuarioFactory(rol="gerente_ventas", organizacion=c)
    cliente = Cliente.objects.create(nombre="Cliente bench", tipo_persona="fisica", asesor=asesores[0])
    sembrar_unidades(concesionarios, timezone.localdate())
    ids = list(Unidad.objects.order_by("pk").values_list("pk", "concesionario_id")[:VENCIDOS])
    ahora = timezone.now()
    sembrar_apartados(ids, asesores, cliente, creado=ahora - timedelta(hours=30), vence=ahora - timedelta(hours=6))
    analizar()
    reverse("operaciones:inventario")  # the first reverse() of a process loads every URLconf: a worker did it long ago

    inicio = time.perf_counter()
    with CaptureQueriesContext(connection) as consultas:
        liberados = services.apartados_liberar_vencidos()
    segundos = time.perf_counter() - inicio
    print(
        f"\nBENCH barrido: {liberados} apartados de 200 asesores liberados en {segundos:.2f} s, "
        f"{len(consultas)} consultas; {Notificacion.objects.count()} avisos, {CorreoSaliente.objects.count()} correos"
    )
    assert liberados == VENCIDOS
    assert Evento.objects.filter(tipo=eventos.DETONANTE_UNIDAD_DISPONIBLE).count() == VENCIDOS
    assert services.apartados_liberar_vencidos() == 0
