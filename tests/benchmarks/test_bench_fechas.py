"""Reading timestamps: 20,000 ``timestamptz`` values with Django's loader (pure-Python parsing) and with
enlace.postgres.CargadorFechaHoraUTC (psycopg's C parser), on the same connection and query."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from enlace.postgres import CargadorFechaHoraUTC

VALORES = 20_000
CONSULTA = f"SELECT now() - g * interval '1 min 1.123 s' FROM generate_series(1, {VALORES}) g"  # noqa: S608


class CargadorDeDjango(BaseTzLoader):
    timezone = datetime.UTC


@pytest.mark.django_db
def test_lectura_de_fechas(medir):
    if connection.vendor != "postgresql":
        pytest.skip("Cargadores de psycopg: sólo PostgreSQL.")

    def leer():
        with connection.cursor() as cursor:
            cursor.execute(CONSULTA)
            return cursor.fetchall()

    adaptadores = connection.connection.adapters
    for rotulo, cargador in (("cargador de Django", CargadorDeDjango), ("cargador en C", CargadorFechaHoraUTC)):
        adaptadores.register_loader("timestamptz", cargador)
        medir(f"lectura de {VALORES:,} fechas con zona, {rotulo}", leer, 10)
    adaptadores.register_loader("timestamptz", CargadorFechaHoraUTC)
