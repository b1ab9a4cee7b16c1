"""On PostgreSQL a query a connection repeats is prepared once and then only executed (settings: DB_PREPARAR_TRAS)."""

import os

import pytest
from django.conf import settings
from django.db import connection

from enlace.models import Organizacion


def _preparadas():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [fila[0] for fila in cursor.fetchall()]


@pytest.mark.django_db
def test_una_consulta_repetida_queda_preparada_en_la_conexion(organizacion):
    if connection.vendor != "postgresql":
        pytest.skip("Las sentencias preparadas son de PostgreSQL.")
    if os.environ.get("DB_PREPARAR_TRAS") == "0":
        pytest.skip("DB_PREPARAR_TRAS=0 las desactiva.")
    veces = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    assert not any('"enlace_organizacion"' in sql for sql in _preparadas())
    for _ in range(veces + 1):
        assert Organizacion.objects.get(pk=organizacion.pk) == organizacion
    assert any('FROM "enlace_organizacion"' in sql and "$1" in sql for sql in _preparadas())
