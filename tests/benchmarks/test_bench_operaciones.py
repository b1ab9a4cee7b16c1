"""operaciones at scale: 100,000 units, 1,000,000 event-log rows, 10,000 expired apartados.

Reports median/p95/queries of the COP tray, the inventory search and the unit timeline, and the time
of one sweep releasing 10,000 expired apartados. Sizes: BENCH_UNIDADES, BENCH_EVENTOS_OPERACIONES,
BENCH_VENCIDOS (smaller defaults on SQLite). Events are inserted with INSERT … SELECT generate_series
on PostgreSQL: their hash chain is not valid (the seal is moved past them), which the bench does not need.
"""

import os
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from enlace.models import Evento, SelloBitacora
from operaciones import eventos, services
from operaciones.models import Apartado, Cliente, Unidad
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory

PG = connection.vendor == "postgresql"
UNIDADES = int(os.environ.get("BENCH_UNIDADES", 100_000 if PG else 5_000))
EVENTOS = int(os.environ.get("BENCH_EVENTOS_OPERACIONES", 1_000_000 if PG else 20_000))
VENCIDOS = int(os.environ.get("BENCH_VENCIDOS", 10_000 if PG else 1_000))
PENDIENTES = 300
MARCAS = [("Nissan", "Versa"), ("Mazda", "CX-5"), ("Kia", "Rio"), ("Toyota", "Corolla"), ("Honda", "CR-V")]


def sembrar_unidades(concesionarios, hoy):
    lote = []
    for i in range(UNIDADES):
        marca, modelo = MARCAS[i % len(MARCAS)]
        lote.append(
            Unidad(
                vin=f"B{i:016d}",
                marca=marca,
                modelo=modelo,
                anio=2015 + i % 10,
                km=1000 + i % 150_000,
                color="Blanco",
                precio=Decimal(150_000 + (i * 37) % 600_000),
                concesionario=concesionarios[i % len(concesionarios)],
                ciudad=["Monterrey", "León", "Mérida", "Guadalajara"][i % 4],
                fecha_ingreso=hoy - timedelta(days=i % 150),
            )
        )
        if len(lote) == 5000:
            Unidad.objects.bulk_create(lote)
            lote = []
    Unidad.objects.bulk_create(lote)


def sembrar_apartados(unidad_ids, asesores, cliente, *, creado, vence):
    Apartado.objects.bulk_create(
        [
            Apartado(
                unidad_id=uid,
                concesionario_id=conc,
                asesor=asesores[n % len(asesores)],
                cliente=cliente,
                creado=creado,
                vence=vence,
                forma_pago="contado",
                tipo_persona="fisica",
                lugar_entrega="concesionario_unidad",
            )
            for n, (uid, conc) in enumerate(unidad_ids)
        ],
        batch_size=2000,
    )
    Unidad.objects.filter(pk__in=[uid for uid, _ in unidad_ids]).update(estado="apartada", reservada_hasta=vence)


def sembrar_eventos(concesionario_ids, primera_unidad):
    ct_unidad = ContentType.objects.get_for_model(Unidad).pk
    ct_apartado = ContentType.objects.get_for_model(Apartado).pk
    sello = SelloBitacora.objects.get(pk=1)
    inicio = sello.ultima_secuencia
    if PG:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO enlace_evento (secuencia, creado, actor_id, tipo, organizacion_id, objeto_tipo_id,
                    objeto_id, objeto_repr, datos, hash_anterior, hash)
                SELECT %(inicio)s + i, now() - (i || ' seconds')::interval, NULL,
                    (ARRAY['operaciones.apartado','operaciones.validacion_apartado',
                           'operaciones.unidad_disponible','operaciones.alerta_antiguedad'])[1 + i %% 4],
                    (%(orgs)s::bigint[])[1 + i %% %(norgs)s],
                    CASE WHEN i %% 2 = 0 THEN %(ct_u)s ELSE %(ct_a)s END,
                    (%(primera)s + i %% %(unidades)s)::text, 'bench',
                    jsonb_build_object('condicion', 'bench'), md5(i::text) || md5(i::text),
                    md5((i + 1)::text) || md5(i::text || 'x')
                FROM generate_series(1, %(n)s) AS i
                """,
                {
                    "inicio": inicio,
                    "orgs": concesionario_ids,
                    "norgs": len(concesionario_ids),
                    "ct_u": ct_unidad,
                    "ct_a": ct_apartado,
                    "primera": primera_unidad,
                    "unidades": UNIDADES,
                    "n": EVENTOS,
                },
            )
    else:
        ahora = timezone.now()
        Evento.objects.bulk_create(
            [
                Evento(
                    secuencia=inicio + i,
                    creado=ahora,
                    tipo="operaciones.apartado",
                    organizacion_id=concesionario_ids[i % len(concesionario_ids)],
                    objeto_tipo_id=ct_unidad,
                    objeto_id=str(primera_unidad + i % UNIDADES),
                    objeto_repr="bench",
                    datos={"condicion": "bench"},
                    hash_anterior=f"{i:064d}",
                    hash=f"{i + 1:064x}",
                )
                for i in range(1, EVENTOS + 1)
            ],
            batch_size=5000,
        )
    SelloBitacora.objects.filter(pk=1).update(ultima_secuencia=inicio + EVENTOS, ultimo_hash="f" * 64)


@pytest.mark.django_db(transaction=True)
def test_operaciones_a_escala(client, medir, analizar):
    red = RedFactory()
    concesionarios = [ConcesionarioFactory(padre=red) for _ in range(20)]
    cop = UsuarioFactory(rol="cop", organizacion=red)
    asesores = [UsuarioFactory(rol="asesor", organizacion=c) for c in concesionarios]
    for c in concesionarios:
        UsuarioFactory(rol="gerente_ventas", organizacion=c)
    cliente = Cliente.objects.create(nombre="Cliente bench", tipo_persona="fisica", asesor=asesores[0])
    hoy = timezone.localdate()

    inicio = time.perf_counter()
    sembrar_unidades(concesionarios, hoy)
    ids = list(Unidad.objects.order_by("pk").values_list("pk", "concesionario_id")[: VENCIDOS + PENDIENTES])
    ahora = timezone.now()
    sembrar_apartados(
        ids[:VENCIDOS], asesores, cliente, creado=ahora - timedelta(hours=30), vence=ahora - timedelta(hours=6)
    )
    sembrar_apartados(
        ids[VENCIDOS:], asesores, cliente, creado=ahora - timedelta(hours=2), vence=ahora + timedelta(hours=22)
    )
    sembrar_eventos([c.pk for c in concesionarios], ids[0][0])
    print(
        f"\nBENCH sembrar {UNIDADES} unidades, {VENCIDOS + PENDIENTES} apartados y {EVENTOS} eventos: "
        f"{time.perf_counter() - inicio:.1f} s"
    )
    analizar()

    client.force_login(cop)
    bandeja = medir("bandeja del COP", lambda: client.get(reverse("operaciones:bandeja")))
    client.force_login(asesores[0])
    url = reverse("operaciones:inventario")
    busqueda = medir("búsqueda de inventario (sin filtros)", lambda: client.get(url))
    medir("búsqueda de inventario (marca + precio)", lambda: client.get(url, {"marca": "Maz", "precio_max": "400000"}))
    medir("búsqueda de inventario (página 50)", lambda: client.get(url, {"pagina": "50"}))
    medir(
        "búsqueda de inventario (disponibles, 90+ días, ciudad)",
        lambda: client.get(url, {"estado": "disponible", "dias_min": "90", "ciudad": "León"}),
    )
    client.force_login(cop)
    unidad_id = ids[VENCIDOS + 1][0]
    historia = medir(
        "línea de tiempo de una unidad",
        lambda: client.get(reverse("operaciones:historial_unidad", args=[unidad_id])),
    )
    medir("detonantes de la red", lambda: client.get(reverse("operaciones:red")))
    # Without the menu's badges (one query), which the cache keeps after the first view.
    assert bandeja.consultas == 14 and busqueda.consultas == 8 and historia.consultas == 8

    inicio = time.perf_counter()
    liberados = services.apartados_liberar_vencidos()
    segundos = time.perf_counter() - inicio
    print(f"\nBENCH barrido: liberar {liberados} apartados vencidos en un barrido: {segundos:.2f} s")
    assert liberados == VENCIDOS
    assert Evento.objects.filter(tipo=eventos.DETONANTE_UNIDAD_DISPONIBLE, actor__isnull=True).count() >= VENCIDOS
    inicio = time.perf_counter()
    assert services.apartados_liberar_vencidos() == 0
    print(f"\nBENCH barrido sin trabajo pendiente: {(time.perf_counter() - inicio) * 1000:.1f} ms")
