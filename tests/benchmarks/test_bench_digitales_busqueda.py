"""The console's client lookup (Anexo 1: phone, CI or contract number, or part of a name) at 200,000
solicitudes and 100,000 COMTECO clients: p50/p95 and queries per kind of lookup, read from the trigram
indexes (enlace.busqueda.IndiceBusqueda) on PostgreSQL. BENCH_SOLICITUDES / BENCH_CLIENTES set the sizes.
"""

import os
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comercial.digitales import selectors
from comercial.digitales.models import ClienteComteco, SolicitudDigital
from tests.enlace.factories import UsuarioFactory

SOLICITUDES = int(os.environ.get("BENCH_SOLICITUDES", "200000"))
CLIENTES = int(os.environ.get("BENCH_CLIENTES", "100000"))
NOMBRES = ["Mamani", "Quispe", "Rojas", "Vargas", "Flores", "Choque", "Gutiérrez", "Fernández", "Claros", "Soto"]

SQL_SOLICITUDES = """
INSERT INTO comercial_digitales_solicituddigital (
    organizacion_id, canal, linea, lead_id, perdida, recibida, nombre_cliente, telefono, correo, mensaje,
    estado, fase_protocolo, intentos_contacto, velocidad_mbps, caracteristicas, carnet, impedimentos, direccion,
    localidad, factibilidad, referencia_smartflex, seguimiento_nota, calidad_comentario, motivo_imposibilidad,
    notas, lectura_resumen, contrato_firmado, contrato_firmado_nombre, factible, digitada_en
)
SELECT %(org)s, 'web', '', '', false, %(inicio)s::timestamptz + (i || ' minutes')::interval,
    'Cliente ' || (%(nombres)s::text[])[1 + i %% 10] || ' ' || i, '7' || lpad(i::text, 7, '0'), '', '',
    'concluida', 3, 0, 100, '[]'::jsonb, lpad(i::text, 7, '0') || ' CB', '[]'::jsonb, '', '', '{}'::jsonb,
    'SF-' || i, '', '', '', '', '', '', '', true,
    %(inicio)s::timestamptz + (i || ' minutes')::interval + interval '1 day'
FROM generate_series(1, %(n)s) AS i
"""
SQL_CLIENTES = """
INSERT INTO comercial_digitales_clientecomteco (
    organizacion_id, nombre, carnet, telefono, numero_contrato, servicios, direccion
)
SELECT %(org)s, (%(nombres)s::text[])[1 + i %% 10] || ' Titular ' || i, lpad((5000000 + i)::text, 7, '0') || ' CB',
    '4' || lpad(i::text, 6, '0'), 'CT-' || lpad(i::text, 7, '0'), 'Internet hogar', 'Calle ' || i
FROM generate_series(1, %(n)s) AS i
"""


def sembrar(organizacion):
    inicio = timezone.now() - timedelta(days=400)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            datos = {"org": organizacion.pk, "nombres": NOMBRES, "inicio": inicio}
            cursor.execute(SQL_SOLICITUDES, {**datos, "n": SOLICITUDES})
            cursor.execute(SQL_CLIENTES, {**datos, "n": CLIENTES})
        return
    SolicitudDigital.objects.bulk_create(
        [
            SolicitudDigital(
                organizacion=organizacion,
                canal="web",
                recibida=inicio + timedelta(minutes=i),
                nombre_cliente=f"Cliente {NOMBRES[i % 10]} {i}",
                telefono=f"7{i:07d}",
                carnet=f"{i:07d} CB",
                referencia_smartflex=f"SF-{i}",
                estado="concluida",
            )
            for i in range(1, SOLICITUDES + 1)
        ],
        batch_size=5000,
    )
    ClienteComteco.objects.bulk_create(
        [
            ClienteComteco(
                organizacion=organizacion,
                nombre=f"{NOMBRES[i % 10]} Titular {i}",
                carnet=f"{5000000 + i:07d} CB",
                telefono=f"4{i:06d}",
                numero_contrato=f"CT-{i:07d}",
            )
            for i in range(1, CLIENTES + 1)
        ],
        batch_size=5000,
    )


@pytest.mark.django_db(transaction=True)
def test_busqueda_de_la_consola_a_escala(client, organizacion, medir, analizar):
    agente = UsuarioFactory(rol="responsable_call_center", organizacion=organizacion)
    inicio = time.perf_counter()
    sembrar(organizacion)
    print(f"\nBENCH sembrar {SOLICITUDES} solicitudes y {CLIENTES} clientes: {time.perf_counter() - inicio:.1f} s")
    analizar()
    medio = SOLICITUDES // 2
    casos = {
        "teléfono de una solicitud": f"7{medio:07d}",
        "teléfono de un cliente": f"4{CLIENTES // 3:06d}",
        "carnet": f"{5000000 + CLIENTES // 2:07d}",
        "número de contrato": f"CT-{CLIENTES // 4:07d}",
        "parte del nombre": "fernán",
    }
    for nombre, termino in casos.items():
        medicion = medir(f"búsqueda por {nombre} ({termino})", lambda t=termino: selectors.buscar_cliente(agente, t))
        assert medicion.consultas <= 3  # flat: the role of the user (its scope), then one query per table
        assert any(selectors.buscar_cliente(agente, termino)), nombre
    client.force_login(agente)
    url = reverse("comercial:digitales:buscar")
    medir("página Buscar cliente (carnet)", lambda: client.get(url, {"q": casos["carnet"]}))
