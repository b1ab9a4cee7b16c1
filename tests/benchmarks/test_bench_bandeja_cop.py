"""The COP's full tray and its Conversaciones view at 100,000 units, 1,000,000 events and 200,000 messages.

Every row is generated database-side with INSERT … SELECT generate_series (PostgreSQL only; the hash chain of
these events is not valid, which the pages do not read). 20 concesionarios; 60,000 apartados: 3,000 pending
(half of them unconfirmed), 3,000 validated (their last event 1 h to 7 days ago: most are without movement),
the rest released, cancelled or closed; 2,000 open discounts, 2,000 financing requests in force, 3,000
deliveries (some this week), two commission lines per closed operación, 20,000 threads of 10 messages (3,000
unanswered) and 2,000 escalations (300 open); each apartado's last activity is then filled as the migration
that added it does. Sizes: BENCH_UNIDADES, BENCH_EVENTOS_BANDEJA, BENCH_MENSAJES.
Prints median, p95 and queries of each page; asserts only that the query count is the one of a tiny network.
"""

import importlib
import os

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.models import SelloBitacora
from operaciones import eventos
from operaciones.models import Cliente
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory
from tests.operaciones.fixtures_comisiones import crear_regla

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="generate_series: PostgreSQL only"),
]

UNIDADES = int(os.environ.get("BENCH_UNIDADES", 100_000))
EVENTOS = int(os.environ.get("BENCH_EVENTOS_BANDEJA", 1_000_000))
MENSAJES = int(os.environ.get("BENCH_MENSAJES", 200_000))
APARTADOS = min(60_000, UNIDADES)
PENDIENTES, VALIDADOS = 3_000, 3_000  # apartados 1..3000 pending, 3001..6000 validated
HILOS = MENSAJES // 10
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
]


def _sql(consulta, **parametros):
    """Run each statement of ``consulta`` (separated by ``;`` at a line end) with the parameters it names."""
    with connection.cursor() as cursor:
        for sentencia in filter(str.strip, consulta.split(";\n")):
            usados = {k: v for k, v in parametros.items() if f"%({k})s" in sentencia}
            cursor.execute(sentencia, usados)


def sembrar(orgs, asesor_ids, cliente_id, cop_id, regla_id):
    """Everything in bulk; unit n and apartado n belong to concesionario n % 20, apartado n is on unit n."""
    p = {"orgs": orgs, "asesores": asesor_ids, "cliente": cliente_id, "cop": cop_id, "regla": regla_id}
    _sql(
        """
        INSERT INTO operaciones_unidad (vin, marca, modelo, version, anio, km, color, precio, ciudad, fecha_ingreso,
            estado, reservada_hasta, actualizada, concesionario_id, descripcion, equipamiento)
        SELECT 'B' || lpad(n::text, 16, '0'), (ARRAY['Nissan','Toyota','Mazda','Kia'])[1 + n %% 4], 'Modelo',
            '', 2015 + n %% 10, 10000 + n %% 90000, 'Gris', 150000 + (n %% 500) * 1000, 'León',
            current_date - (n %% 180), CASE WHEN n <= %(pend)s THEN 'apartada' WHEN n <= %(val)s THEN 'validada'
                WHEN n <= %(apartados)s AND n %% 3 = 2 THEN 'vendida' ELSE 'disponible' END,
            CASE WHEN n <= %(pend)s THEN now() + (n %% 1400) * interval '1 minute' END, now(),
            (%(orgs)s::bigint[])[1 + n %% 20], '', ''
        FROM generate_series(1, %(unidades)s) AS n
        """,
        **p,
        pend=PENDIENTES,
        val=PENDIENTES + VALIDADOS,
        apartados=APARTADOS,
        unidades=UNIDADES,
    )
    primera_unidad = _uno("SELECT min(id) FROM operaciones_unidad WHERE vin LIKE 'B%%'")
    _sql(
        """
        INSERT INTO operaciones_apartado (estado, creado, vence, forma_pago, enganche, financiera, tipo_financiera,
            unidad_a_cuenta, unidad_a_cuenta_descripcion, tipo_persona, descuento_solicitado, lugar_entrega,
            lugar_entrega_detalle, observaciones, disponibilidad_confirmada_en, disponibilidad_confirmo,
            disponibilidad_medio, validado_en, liberado_en, liberacion_automatica, motivo_liberacion, cancelado_en,
            motivo_cancelacion, detalle_cancelacion, adjunto_cancelacion, asesor_id, concesionario_id, cliente_id,
            unidad_id, cerrado_en, precio_final)
        SELECT estado, creado, vence, 'contado', 0, '', '', false, '', 'fisica', 0, 'concesionario_unidad', '', '',
            CASE WHEN estado = 'pendiente' AND n %% 2 = 0 OR estado <> 'pendiente' THEN creado + interval '1 hour' END,
            '', '', CASE WHEN estado IN ('validado', 'cerrado') THEN creado + interval '3 hours' END,
            CASE WHEN estado = 'liberado' THEN vence END, n %% 2 = 0, '',
            CASE WHEN estado = 'cancelado' THEN creado + interval '5 hours' END,
            CASE WHEN estado = 'cancelado' THEN 'otro' ELSE '' END, '', '',
            (%(asesores)s::bigint[])[1 + n %% 200], (%(orgs)s::bigint[])[1 + n %% 20], %(cliente)s,
            %(primera)s + n - 1, CASE WHEN estado = 'cerrado' THEN creado + interval '6 days' END,
            CASE WHEN estado = 'cerrado' THEN 200000 END
        FROM (
            SELECT n,
                CASE WHEN n <= %(pend)s THEN 'pendiente' WHEN n <= %(val)s THEN 'validado'
                    ELSE (ARRAY['liberado', 'cancelado', 'cerrado'])[1 + n %% 3] END AS estado,
                CASE WHEN n <= %(pend)s THEN now() - interval '24 hours' + (n %% 1400) * interval '1 minute'
                    WHEN n <= %(val)s THEN now() - interval '8 days'
                    ELSE now() - (20 + n %% 100) * interval '1 day' END AS creado,
                CASE WHEN n <= %(pend)s THEN now() + (n %% 1400) * interval '1 minute'
                    WHEN n <= %(val)s THEN now() - interval '7 days'
                    ELSE now() - (19 + n %% 100) * interval '1 day' END AS vence
            FROM generate_series(1, %(apartados)s) AS n
        ) AS filas
        ORDER BY n
        """,
        **p,
        primera=primera_unidad,
        pend=PENDIENTES,
        val=PENDIENTES + VALIDADOS,
        apartados=APARTADOS,
    )
    primero = _uno("SELECT min(id) FROM operaciones_apartado WHERE unidad_id >= %(u)s", u=primera_unidad)
    p["primero"] = primero
    sembrar_eventos(p)
    sembrar_negociacion_y_entrega(p)
    sembrar_conversaciones(p)
    rellenar_actividad()


def rellenar_actividad():
    """Each apartado's last activity, which the app keeps as it records every step (services.actividad),
    computed from the seeded rows as the migration that added it does."""
    migracion = importlib.import_module("operaciones.migrations.0016_apartado_ultima_actividad")
    with connection.schema_editor() as editor:
        migracion.rellenar(apps, editor)


def _uno(consulta, **parametros):
    with connection.cursor() as cursor:
        cursor.execute(consulta, parametros)
        return cursor.fetchone()[0]


def sembrar_eventos(p):
    """EVENTOS events over the apartados, each apartado's in sequence; a validated one's last event is 1 h to
    7 days old (n % 8 days), so more than half of them are without movement."""
    por_apartado = max(3, EVENTOS // APARTADOS)
    ct = _uno("SELECT id FROM django_content_type WHERE app_label = 'operaciones' AND model = 'apartado'")
    inicio = SelloBitacora.objects.get(pk=1).ultima_secuencia
    _sql(
        """
        INSERT INTO enlace_evento (secuencia, creado, actor_id, tipo, organizacion_id, objeto_tipo_id, objeto_id,
            objeto_repr, datos, hash_anterior, hash)
        SELECT %(inicio)s + row_number() OVER (ORDER BY n, k),
            CASE WHEN n BETWEEN %(pend)s + 1 AND %(val)s
                THEN now() - interval '1 hour' - (n %% 8) * interval '1 day' - (%(k)s - k) * interval '10 minutes'
                ELSE now() - (20 + n %% 100) * interval '1 day' + k * interval '10 minutes' END,
            NULL, (%(camino)s::text[])[1 + (k - 1) %% 10], (%(orgs)s::bigint[])[1 + n %% 20], %(ct)s,
            (%(primero)s + n - 1)::text, 'bench', '{"condicion": "bench"}'::jsonb,
            md5(n::text || '-' || k::text), md5(n::text || '-' || k::text || 'h')
        FROM generate_series(1, %(apartados)s) AS n, generate_series(1, %(k)s) AS k
        """,
        **p,
        inicio=inicio,
        ct=ct,
        k=por_apartado,
        camino=CAMINO,
        pend=PENDIENTES,
        val=PENDIENTES + VALIDADOS,
        apartados=APARTADOS,
    )
    _sql("UPDATE enlace_sellobitacora SET ultima_secuencia = (SELECT max(secuencia) FROM enlace_evento) WHERE id = 1")


def sembrar_negociacion_y_entrega(p):
    _sql(
        """
        INSERT INTO operaciones_solicituddescuento (tipo, valor, monto_solicitado, motivo, estado, solicitada_en,
            acordado_con, motivo_rechazo, apartado_id, solicitada_por_id, nota_contraoferta)
        SELECT 'monto', 5000, 5000, 'bench', 'solicitada', now() - (n %% 72) * interval '1 hour', '', '',
            %(primero)s + n - 1, NULL, ''
        FROM generate_series(1, 2000) AS n;
        INSERT INTO operaciones_solicituddescuento (tipo, valor, monto_solicitado, motivo, estado, solicitada_en,
            resuelta_en, acordado_con, motivo_rechazo, apartado_id, nota_contraoferta)
        SELECT 'monto', 5000, 5000, 'bench', 'rechazada', now() - interval '30 days', now() - interval '29 days',
            '', 'no', %(primero)s + n - 1, ''
        FROM generate_series(6001, 30000) AS n;
        INSERT INTO operaciones_solicitudfinanciamiento (financiera, tipo_financiera, monto_solicitado, plazo_meses,
            estado, enviada_en, condiciones, motivo_rechazo, apartado_id)
        SELECT 'BBVA', 'banco', 150000, 36, 'enviada', now() - (n %% 96) * interval '1 hour', '', '',
            %(primero)s + n - 1
        FROM generate_series(2001, 4000) AS n;
        INSERT INTO operaciones_entrega (fecha_programada, notas, programada_en, apartado_id, programada_por_id)
        SELECT now() + ((n %% 60) - 20) * interval '1 day', '', now(),
            %(primero)s + n - 1, %(cop)s
        FROM generate_series(%(desde)s, %(hasta)s) AS n;
        INSERT INTO operaciones_lineacomision (rol, base, porcentaje, monto, estado, creada, fecha_pago,
            referencia_pago, apartado_id, beneficiario_asesor_id, beneficiario_concesionario_id, regla_id)
        SELECT CASE WHEN r = 1 THEN 'asesor' ELSE 'concesionario_b' END, 200000, 50, 1750,
            (ARRAY['por_verificar', 'verificada', 'pagada', 'pagada', 'pagada', 'pagada'])[1 + n %% 6],
            now() - (n %% 100) * interval '1 day', current_date, 'bench', %(primero)s + n - 1,
            CASE WHEN r = 1 THEN (%(asesores)s::bigint[])[1 + n %% 200] END,
            CASE WHEN r = 2 THEN (%(orgs)s::bigint[])[1 + n %% 20] END, %(regla)s
        FROM generate_series(%(hasta)s + 1, %(apartados)s) AS n, generate_series(1, 2) AS r
        WHERE n %% 3 = 2;
        INSERT INTO operaciones_escalamiento (motivo, severidad, estado, creado, respuesta, resolucion, resuelto_en,
            apartado_id, concesionario_id, creado_por_id)
        SELECT 'bench', (ARRAY['baja', 'media', 'alta', 'critica'])[1 + n %% 4],
            CASE WHEN n <= %(desde)s + 299 THEN 'abierta' ELSE 'resuelta' END, now() - (n %% 300) * interval '1 hour',
            '', '', CASE WHEN n > %(desde)s + 299 THEN now() END, %(primero)s + n - 1,
            (%(orgs)s::bigint[])[1 + n %% 20], %(cop)s
        FROM generate_series(%(desde)s, %(desde)s + 1999) AS n;
        """,
        **p,
        desde=PENDIENTES + 1,
        hasta=PENDIENTES + VALIDADOS,
        apartados=APARTADOS,
    )


def sembrar_conversaciones(p):
    """HILOS threads on apartados 1..HILOS (10 messages each), the first 3,000 waiting for an answer."""
    _sql(
        """
        INSERT INTO operaciones_hilo (creado, ultimo_mensaje_en, esperando_desde, n_mensajes, apartado_id,
            concesionario_id)
        SELECT now() - interval '3 days', now() - (n %% 5000) * interval '1 minute',
            CASE WHEN n <= 3000 THEN now() - (n %% 5000) * interval '1 minute' END, 10, %(primero)s + n - 1,
            (%(orgs)s::bigint[])[1 + n %% 20]
        FROM generate_series(1, %(hilos)s) AS n;
        INSERT INTO operaciones_mensaje (tipo, texto, creado, autor_id, hilo_id)
        SELECT CASE WHEN k = 10 THEN 'disponibilidad' ELSE 'otra' END, 'Mensaje de prueba ' || k,
            h.ultimo_mensaje_en - (10 - k) * interval '1 minute', (%(asesores)s::bigint[])[1 + h.id %% 200], h.id
        FROM operaciones_hilo AS h, generate_series(1, 10) AS k
        ORDER BY h.id, k;
        UPDATE operaciones_hilo AS h SET ultimo_mensaje_id = m.ultimo
        FROM (SELECT hilo_id, max(id) AS ultimo FROM operaciones_mensaje GROUP BY hilo_id) AS m
        WHERE m.hilo_id = h.id;
        """,
        **p,
        hilos=HILOS,
    )


def explicar(client, url):
    """Each query of one request with its EXPLAIN ANALYZE execution time, slowest first (printed)."""
    with CaptureQueriesContext(connection) as consultas:
        client.get(url)
    tiempos = []
    with connection.cursor() as cursor:
        for consulta in consultas.captured_queries:
            sql = consulta["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            tiempos.append((plan["Execution Time"], sql[:160]))
    for ms, sql in sorted(tiempos, reverse=True)[:6]:
        print(f"EXPLAIN {url} {ms:.1f} ms · {sql}")


def _consultas(client, url):
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(url).status_code == 200
    return len(consultas)


def test_bandeja_y_conversaciones_a_escala(client, medir, analizar):
    red = RedFactory(slug="red-bench-bandeja")
    orgs = [ConcesionarioFactory(padre=red, slug=f"bench-bandeja-{i}") for i in range(20)]
    cop = UsuarioFactory(rol="cop", organizacion=red)
    asesores = [UsuarioFactory(rol="asesor", organizacion=orgs[i % 20]) for i in range(200)]
    client.force_login(cop)
    urls = {"bandeja": reverse("operaciones:bandeja"), "conversaciones": reverse("operaciones:conversaciones")}
    vacias = {nombre: (client.get(url), _consultas(client, url))[1] for nombre, url in urls.items()}
    cliente = Cliente.objects.create(nombre="Cliente bench", tipo_persona="fisica", asesor=asesores[0])
    sembrar([o.pk for o in orgs], [a.pk for a in asesores], cliente.pk, cop.pk, crear_regla().pk)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    analizar()
    html = client.get(urls["bandeja"]).content.decode()
    assert 'id="sin-movimiento"' in html
    for url in urls.values():
        explicar(client, url)
    for nombre, url in urls.items():
        medicion = medir(f"operaciones: {nombre} del COP ({UNIDADES} unidades, {EVENTOS} eventos, {MENSAJES} mensajes)",
                         lambda url=url: client.get(url))  # fmt: skip
        assert medicion.consultas == vacias[nombre], nombre
