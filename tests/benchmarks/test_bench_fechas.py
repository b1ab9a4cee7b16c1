"""Reading timestamps: 20,000 ``timestamptz`` values with Django's loader (pure-Python parsing) and with
enlace.postgres.CargadorFechaHoraUTC (psycopg's C parser), on the same connection and query."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

from enlace.postgres import CargadorFechaHoraUTC

VALORES = 20_000
CONSULTA = f"SELECT now() - g * interval '1 min 1.123 s' FROM generate_series(1, {VALORES}) g"  # noqa: S608


@pytest.mark.django_db
def test_lectura_de_fechas(medir):
    if connection.vendor != "postgresql":
        pytest.skip("Cargadores de psycopg: sólo PostgreSQL.")

    def leer():
        with connection.cursor() as cursor:
            cursor.execute(CONSULTA)
            return cursor.fetchall()

    register_tzloader(datetime.UTC, connection.connection)  # Django's own loader
    medir(f"lectura de {VALORES:,} fechas con zona, cargador de Django", leer, 10)
    connection.connection.adapters.register_loader("timestamptz", CargadorFechaHoraUTC)
    medir(f"lectura de {VALORES:,} fechas con zona, cargador en C", leer, 10)
