"""operaciones II at scale: the bottleneck report over 1,000,000 event-log rows and the COP tray beside it.

The report reads the stage intervals derived from the log (``tramos_actualizar``): the bench prints the
first full build over the whole log, the incremental run for 1,000 new events, and the report itself.

About 154,000 apartados across 20 concesionarios, each with 3–10 events along the operación's path
(apartado → confirmación → validación → descuento → financiamiento → pago → factura → entrega → cierre),
inserted with INSERT … SELECT generate_series on PostgreSQL (the hash chain is not valid; the seal is
moved past it, which the bench does not need). The first BENCH_VALIDADOS apartados are real validated
rows, most of them without movement for days, so the tray's «Operaciones sin movimiento» has work.
Sizes: BENCH_EVENTOS_OPERACIONES, BENCH_VALIDADOS (smaller defaults on SQLite).
The database is committed (transactional test) so VACUUM can set the visibility map, as autovacuum would.
"""

import os
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from enlace.models import Evento, SelloBitacora
from operaciones import eventos, selectors, services
from operaciones.models import Apartado, Cliente, TramoEtapa, Unidad
from operaciones.selectors import supervision
from tests.benchmarks.test_bench_bandeja_cop import rellenar_actividad
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory

PG = connection.vendor == "postgresql"
EVENTOS = int(os.environ.get("BENCH_EVENTOS_OPERACIONES", 1_000_000 if PG else 20_000))
VALIDADOS = int(os.environ.get("BENCH_VALIDADOS", 2_000 if PG else 200))
EVENTOS_POR_APARTADO = 7  # 3 to 11, evenly
APARTADOS = int(EVENTOS / EVENTOS_POR_APARTADO)
CAMINO = [
    eventos.DETONANTE_APARTADO,
    eventos.DETONANTE_CONFIRMACION,
    eventos.DETONANTE_VALIDACION,
    eventos.EVENTO_DESCUENTO_SOLICITADO,
    eventos.EVENTO_DESCUENTO_RESUELTO,
    eventos.EVENTO_FINANCIAMIENTO_ENVIADO,
    eventos.EVENTO_FINANCIAMIENTO_RESPUESTA,
    eventos.EVENTO_PAGO_CONFIRMADO,
    eventos.EVENTO_FACTURA,
    eventos.EVENTO_ENTREGA_PROGRAMADA,
    eventos.DETONANTE_CIERRE,
]


def sembrar_validados(concesionarios, asesores, cliente):
    """VALIDADOS real validated apartados (apartado n on concesionario n % 20), pks in that order."""
    ahora = timezone.now()
    unidades = Unidad.objects.bulk_create(
        [
            Unidad(
                vin=f"S{n:016d}",
                marca="Nissan",
                modelo="Versa",
                anio=2020,
                km=30_000,
                color="Gris",
                precio=Decimal("250000"),
                concesionario=concesionarios[n % len(concesionarios)],
                ciudad="León",
                estado=Unidad.Estado.VALIDADA,
            )
            for n in range(1, VALIDADOS + 1)
        ],
        batch_size=2000,
    )
    apartados = Apartado.objects.bulk_create(
        [
            Apartado(
                unidad=u,
                concesionario=u.concesionario,
                asesor=asesores[n % len(asesores)],
                cliente=cliente,
                estado=Apartado.Estado.VALIDADO,
                creado=ahora - timedelta(days=60),
                vence=ahora - timedelta(days=59),
                validado_en=ahora - timedelta(days=59),
                forma_pago="contado",
                tipo_persona="fisica",
                lugar_entrega="concesionario_unidad",
            )
            for n, u in enumerate(unidades, start=1)
        ],
        batch_size=2000,
    )
    primero = apartados[0].pk
    assert [a.pk for a in apartados] == list(range(primero, primero + VALIDADOS))
    return primero


def sembrar_eventos(concesionario_ids, primer_apartado):
    """Apartado n (1..APARTADOS) has 3 + n % 9 events, objeto_id primer_apartado - 1 + n."""
    ct_apartado = ContentType.objects.get_for_model(Apartado).pk
    inicio = SelloBitacora.objects.get(pk=1).ultima_secuencia
    if PG:
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO enlace_evento (secuencia, creado, actor_id, tipo, organizacion_id, objeto_tipo_id,
                    objeto_id, objeto_repr, datos, hash_anterior, hash)
                SELECT %(inicio)s + row_number() OVER (), creado, NULL, tipo, organizacion_id, %(ct)s,
                    objeto_id, 'bench', '{"condicion": "bench"}'::jsonb,
                    md5(n::text || '-' || k::text), md5(n::text || '-' || k::text || 'h')
                FROM (
                    SELECT n, k, (%(camino)s::text[])[k] AS tipo, (%(orgs)s::bigint[])[1 + n %% 20] AS organizacion_id,
                        (%(primero)s - 1 + n)::text AS objeto_id,
                        now() - ((n %% 85) || ' days')::interval - interval '240 hours'
                            + ((k - 1) * (1 + n %% 24)) * interval '1 hour' + ((k * k * n) %% 60) * interval '1 minute'
                            AS creado
                    FROM generate_series(1, %(apartados)s) AS n, generate_series(1, 3 + n %% 9) AS k
                    ORDER BY n, k
                ) AS pasos
                """,
                {
                    "inicio": inicio,
                    "ct": ct_apartado,
                    "camino": CAMINO,
                    "orgs": concesionario_ids,
                    "primero": primer_apartado,
                    "apartados": APARTADOS,
                },
            )
            total = cursor.rowcount
    else:
        ahora = timezone.now()
        filas = [(n, k) for n in range(1, APARTADOS + 1) for k in range(1, 4 + n % 9)]
        Evento.objects.bulk_create(
            [
                Evento(
                    secuencia=inicio + i,
                    creado=ahora
                    - timedelta(days=n % 85, hours=240)
                    + timedelta(hours=(k - 1) * (1 + n % 24), minutes=(k * k * n) % 60),
                    tipo=CAMINO[k - 1],
                    organizacion_id=concesionario_ids[n % 20],
                    objeto_tipo_id=ct_apartado,
                    objeto_id=str(primer_apartado - 1 + n),
                    objeto_repr="bench",
                    datos={"condicion": "bench"},
                    hash_anterior=f"{i:064d}",
                    hash=f"{i + 1:064x}",
                )
                for i, (n, k) in enumerate(filas, start=1)
            ],
            batch_size=5000,
        )
        total = len(filas)
    SelloBitacora.objects.filter(pk=1).update(ultima_secuencia=inicio + total, ultimo_hash="f" * 64)
    rellenar_actividad()  # what recording them one by one would have kept
    return total


def anadir_eventos(concesionario_ids, primer_apartado, cuantos):
    """``cuantos`` new events now, one on each apartado after the validated ones (a document added)."""
    ct_apartado = ContentType.objects.get_for_model(Apartado).pk
    inicio = SelloBitacora.objects.get(pk=1).ultima_secuencia
    ahora = timezone.now()
    Evento.objects.bulk_create(
        [
            Evento(
                secuencia=inicio + n,
                creado=ahora,
                tipo=eventos.EVENTO_DOCUMENTO,
                organizacion_id=concesionario_ids[n % 20],
                objeto_tipo_id=ct_apartado,
                objeto_id=str(primer_apartado - 1 + VALIDADOS + n),
                objeto_repr="bench",
                datos={"condicion": "bench"},
                hash_anterior=f"{inicio + n:064d}",
                hash=f"{inicio + n:063x}e",
            )
            for n in range(1, cuantos + 1)
        ],
        batch_size=1000,
    )
    SelloBitacora.objects.filter(pk=1).update(ultima_secuencia=inicio + cuantos)


def cronometrar(nombre, funcion):
    inicio = time.perf_counter()
    resultado = funcion()
    print(f"\nBENCH {nombre}: {time.perf_counter() - inicio:.2f} s ({resultado})")
    return resultado


def vacuum():
    if PG:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE enlace_evento")
            cursor.execute("VACUUM ANALYZE operaciones_tramoetapa")
            cursor.execute("ANALYZE")


def explicar(cop):
    """Print PostgreSQL's plans of the report's queries with their real timings."""
    if PG:
        with connection.execute_wrapper(_explicar):
            selectors.cuellos_de_botella(cop)


def _explicar(execute, sql, params, many, context):
    if "percentile_cont" in sql and not sql.startswith("EXPLAIN"):
        context["cursor"].execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\nBENCH plan de cuellos de botella:\n" + "\n".join(r[0] for r in context["cursor"].fetchall()))
    return execute(sql, params, many, context)


def dos_consultas(concesionarios):
    """The report's figures as they were read before GROUPING SETS: one grouped query per level."""
    hasta = timezone.now()
    tramos = TramoEtapa.objects.filter(
        inicio__gte=hasta - timedelta(days=90), inicio__lt=hasta, concesionario_id__in=[c.pk for c in concesionarios]
    ).order_by()
    with transaction.atomic():
        if PG:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '128MB'")
                cursor.execute("SET LOCAL jit = off")
        return list(supervision._por_etapa(tramos)), list(supervision._por_etapa(tramos, "concesionario_id"))


@pytest.mark.django_db(transaction=True)
def test_cuellos_de_botella_y_bandeja_a_escala(client, medir):
    red = RedFactory()
    concesionarios = [ConcesionarioFactory(padre=red) for _ in range(20)]
    cop = UsuarioFactory(rol="cop", organizacion=red)
    asesores = [UsuarioFactory(rol="asesor", organizacion=c) for c in concesionarios]
    cliente = Cliente.objects.create(nombre="Cliente bench", tipo_persona="fisica", asesor=asesores[0])
    primero = sembrar_validados(concesionarios, asesores, cliente)
    client.force_login(cop)
    url_cuellos, url_bandeja = reverse("operaciones:cuellos_de_botella"), reverse("operaciones:bandeja")

    # Small size: the validated apartados without any event yet.
    pagina_vacia = medir("cuellos de botella (página, sin eventos)", lambda: client.get(url_cuellos), repeticiones=3)
    bandeja_vacia = medir("bandeja del COP (sin eventos)", lambda: client.get(url_bandeja), repeticiones=3)
    reporte_vacio = medir("cuellos de botella (selector, sin eventos)", lambda: selectors.cuellos_de_botella(cop), 3)

    inicio = time.perf_counter()
    total = sembrar_eventos([c.pk for c in concesionarios], primero)
    vacuum()
    print(f"\nBENCH sembrar {total} eventos de {APARTADOS} apartados: {time.perf_counter() - inicio:.1f} s")
    assert total >= EVENTOS * 0.95
    tramos = cronometrar(f"tramos: primera construcción sobre {total} eventos", services.tramos_actualizar)
    assert tramos > total * 0.75
    vacuum()
    anadir_eventos([c.pk for c in concesionarios], primero, 1000)
    assert cronometrar("tramos: 1000 eventos nuevos", services.tramos_actualizar) > 800
    al_dia = medir("tramos al día (nada nuevo)", services.tramos_actualizar, repeticiones=10)
    assert al_dia.consultas == 1

    explicar(cop)
    medir("cuellos de botella (antes: dos consultas agrupadas, sin caché)", lambda: dos_consultas(concesionarios), 10)
    reporte = medir(
        "cuellos de botella (selector, 90 días)", lambda: selectors.cuellos_de_botella(cop), repeticiones=10
    )
    pagina = medir("cuellos de botella (página con gráfica)", lambda: client.get(url_cuellos), repeticiones=10)
    periodos = iter(range(1, 1000))  # another period on each view: the figures are computed, not cached

    def otro_periodo():
        hasta = timezone.localdate() - timedelta(days=next(periodos) % 3)
        return client.get(url_cuellos, {"desde": hasta - timedelta(days=90 + next(periodos)), "hasta": hasta})

    medir("cuellos de botella (página, otro periodo en cada vista: sin caché)", otro_periodo, repeticiones=10)
    un_concesionario = {"concesionario": concesionarios[3].pk}
    medir("cuellos de botella (un concesionario)", lambda: client.get(url_cuellos, un_concesionario), repeticiones=10)
    bandeja = medir("bandeja del COP con operaciones sin movimiento", lambda: client.get(url_bandeja))
    datos = selectors.cuellos_de_botella(cop)
    assert len(datos["etapas"]) == 5 and len(datos["por_concesionario"]) == 5 * 20  # no Trade-In here
    assert selectors.operaciones_sin_movimiento(cop).count() > VALIDADOS // 2
    assert reporte.consultas == reporte_vacio.consultas
    assert pagina.consultas == pagina_vacia.consultas and bandeja.consultas == bandeja_vacia.consultas
