"""Ventas Digitales at scale: the daily indicator and the agents' queue over 200,000 solicitudes.

BENCH_SOLICITUDES sets the size (default 200,000, spread over 400 days). Seeded with one
INSERT … SELECT generate_series on PostgreSQL (bulk_create elsewhere).
"""

import os
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comercial.digitales.models import SolicitudDigital
from tests.enlace.factories import UsuarioFactory

SOLICITUDES = int(os.environ.get("BENCH_SOLICITUDES", "200000"))
DIAS = 400

# i % 20: 0–16 concluded (some late, some unsatisfied), 17 not feasible, 18 in the queue, 19 with an agent.
SQL = """
INSERT INTO comercial_digitales_solicituddigital (
    organizacion_id, canal, linea, lead_id, perdida, recibida, nombre_cliente, telefono, correo, mensaje,
    agente_id, estado, fase_protocolo, intentos_contacto, velocidad_mbps, caracteristicas, carnet,
    impedimentos, direccion, localidad, factible, factibilidad, digitada_en, referencia_smartflex,
    seguimiento_nota, satisfecho, calidad_comentario, motivo_imposibilidad,
    notas, lectura_resumen, contrato_firmado, contrato_firmado_nombre
)
SELECT
    %(org)s,
    CASE WHEN i %% 3 = 0 THEN 'llamada' ELSE 'web' END,
    CASE WHEN i %% 3 = 0 THEN '4200400' ELSE '' END,
    '', i %% 40 = 18, r.recibida, 'Cliente ' || i, '7' || lpad((i %% 10000000)::text, 7, '0'), '', '',
    CASE WHEN i %% 20 = 19 THEN %(agente)s END,
    CASE WHEN i %% 20 < 17 THEN 'concluida' WHEN i %% 20 = 17 THEN 'imposibilitada'
         WHEN i %% 20 = 18 THEN 'en_cola' ELSE 'en_atencion' END,
    0, 0, 100, '[]'::jsonb, '1234567', '[]'::jsonb, '', '',
    CASE WHEN i %% 20 < 17 THEN true WHEN i %% 20 = 17 THEN false END,
    '{}'::jsonb,
    CASE WHEN i %% 20 < 17 THEN r.recibida + ((i %% 30) || ' hours')::interval END,
    '', '',
    CASE WHEN i %% 20 < 17 THEN i %% 13 <> 0 END,
    '', '',
    '', '', '', ''
FROM generate_series(1, %(n)s) AS i,
LATERAL (SELECT %(inicio)s::timestamptz + ((i - 1) * %(paso)s || ' seconds')::interval AS recibida) AS r
"""


def sembrar(organizacion, agente):
    inicio = timezone.now() - timedelta(days=DIAS)
    paso = DIAS * 86400 / SOLICITUDES
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                SQL, {"org": organizacion.pk, "agente": agente.pk, "n": SOLICITUDES, "inicio": inicio, "paso": paso}
            )
        return
    filas = []
    for i in range(1, SOLICITUDES + 1):
        recibida = inicio + timedelta(seconds=(i - 1) * paso)
        filas.append(
            SolicitudDigital(
                organizacion=organizacion,
                canal="web",
                telefono="71234567",
                recibida=recibida,
                estado="concluida" if i % 20 < 17 else "en_cola",
                factible=True if i % 20 < 17 else None,
                digitada_en=recibida + timedelta(hours=i % 30) if i % 20 < 17 else None,
                satisfecho=i % 13 != 0 if i % 20 < 17 else None,
            )
        )
    SolicitudDigital.objects.bulk_create(filas, batch_size=5000)


@pytest.mark.django_db(transaction=True)
def test_indicador_y_bandeja_a_escala(client, organizacion, medir, analizar):
    responsable = UsuarioFactory(rol="responsable_call_center", organizacion=organizacion)
    agente = UsuarioFactory(rol="agente_digital", organizacion=organizacion)
    inicio = time.perf_counter()
    sembrar(organizacion, agente)
    print(f"\nBENCH sembrar {SOLICITUDES} solicitudes: {time.perf_counter() - inicio:.1f} s")
    analizar()

    indicador = reverse("comercial:digitales:indicador")
    bandeja = reverse("comercial:digitales:inicio")
    hoy = timezone.localdate()
    client.force_login(responsable)
    inicio = time.perf_counter()
    client.get(indicador)
    print(f"\nBENCH indicador diario (30 días), gráfica sin caché: {time.perf_counter() - inicio:.3f} s")
    medicion = medir("indicador diario (30 días)", lambda: client.get(indicador))
    # As with a handful of rows (tests/comercial/digitales/test_indicador.py: 7, with the menu's two badge queries
    # that the cache spares from the second view on).
    assert medicion.consultas == 4
    desde = (hoy - timedelta(days=365)).isoformat()
    medir("indicador diario (366 días)", lambda: client.get(indicador, {"desde": desde, "hasta": hoy.isoformat()}))
    medicion = medir(
        "bandeja del responsable (cerradas, página 1)", lambda: client.get(bandeja, {"bandeja": "cerradas"})
    )
    assert medicion.consultas == 7  # tests/comercial/digitales/test_vistas.py less the KPI aggregate and the badges
    medir(
        "bandeja del responsable (cerradas, página 100)",
        lambda: client.get(bandeja, {"bandeja": "cerradas", "pagina": 100}),
    )
    client.force_login(agente)
    medicion = medir("bandeja del agente (cola, página 1)", lambda: client.get(bandeja))
    assert medicion.consultas == 7  # tests/comercial/digitales/test_vistas.py less the KPI aggregate and the badges
    medir("bandeja del agente (en atención)", lambda: client.get(bandeja, {"bandeja": "atencion"}))
