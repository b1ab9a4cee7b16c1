"""Timestamps read from PostgreSQL by psycopg's C loader (enlace.postgres), with Django's results."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

from atencion.models import Cliente
from enlace.postgres import CargadorFechaHoraUTC

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="Cargador de psycopg: sólo PostgreSQL."),
]

VALORES = (
    "2026-03-08 01:59:59.999999-06",  # Mexico City the night its old DST would start
    "2026-11-01 01:30:00-05",
    "2026-12-07 14:53:37.5+00",
    "2000-02-29 23:00:00+05:30",
    "1999-12-31 23:59:59-03:30",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
)


def _leer(valores):
    with connection.cursor() as cursor:
        cursor.execute("SELECT v::timestamptz FROM unnest(%s::text[]) AS v", [list(valores)])
        return [fila[0] for fila in cursor.fetchall()]


def test_cada_conexion_lee_las_fechas_con_el_cargador_en_c():
    connection.ensure_connection()
    adaptadores = connection.connection.adapters
    assert adaptadores.get_loader(adaptadores.types["timestamptz"].oid, Format.TEXT) is CargadorFechaHoraUTC


def test_lee_lo_mismo_que_el_cargador_de_django():
    rapidas = _leer(VALORES)
    register_tzloader(datetime.UTC, connection.connection)  # Django's own loader, as without enlace.postgres
    try:
        de_django = _leer(VALORES)
    finally:
        connection.connection.adapters.register_loader("timestamptz", CargadorFechaHoraUTC)
    assert rapidas == de_django
    assert [f.tzinfo for f in rapidas] == [datetime.UTC] * len(VALORES)
    assert rapidas[0] == datetime.datetime(2026, 3, 8, 7, 59, 59, 999999, tzinfo=datetime.UTC)
    assert rapidas[3] == datetime.datetime(2000, 2, 29, 17, 30, tzinfo=datetime.UTC)


def test_un_modelo_guarda_y_lee_el_mismo_instante(organizacion):
    instante = datetime.datetime(2026, 6, 15, 9, 30, 12, 345678, tzinfo=datetime.timezone(datetime.timedelta(hours=-6)))
    cliente = Cliente.objects.create(pyme=organizacion, nombre="Ana")
    Cliente.objects.filter(pk=cliente.pk).update(creado=instante)
    leido = Cliente.objects.values_list("creado", flat=True).get(pk=cliente.pk)
    assert leido == instante
    assert leido.tzinfo is datetime.UTC and leido.hour == 15


def test_un_valor_fuera_de_rango_se_rechaza_como_con_django():
    with pytest.raises(Exception, match="too large"):
        _leer(["infinity"])
