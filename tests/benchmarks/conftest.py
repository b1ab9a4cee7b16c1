"""Benchmarks (`make bench`): figures printed for the issue notes, never asserted as times.

Run them on PostgreSQL (`DATABASE_URL`) for figures that mean something.
"""

import statistics
import time
from dataclasses import dataclass

import pytest
from django.db import connection, reset_queries
from django.template.base import Template
from django.test.utils import CaptureQueriesContext, _TestState


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/benchmarks/" in str(item.fspath):
            item.add_marker(pytest.mark.bench)


@dataclass
class Medicion:
    nombre: str
    tiempos_ms: list
    consultas: int

    @property
    def mediana(self):
        return statistics.median(self.tiempos_ms)

    @property
    def p95(self):
        return statistics.quantiles(self.tiempos_ms, n=20)[-1] if len(self.tiempos_ms) > 1 else self.tiempos_ms[0]

    def __str__(self):
        return (
            f"{self.nombre}: mediana {self.mediana:.1f} ms, p95 {self.p95:.1f} ms, "
            f"{self.consultas} consultas ({len(self.tiempos_ms)} repeticiones)"
        )


@pytest.fixture(autouse=True)
def _plantillas_como_en_produccion(monkeypatch):
    """The test environment wraps every template render to hand the test client a copy of its context
    (``django.test.utils.instrumented_test_render``: one signal and one context copy per template and include);
    production renders without it, so the pages are measured without it too."""
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


@pytest.fixture(autouse=True)
def _contadores_del_menu():
    """The menu's badges are kept per user as in production (tests/conftest.py counts them on every page)."""


@pytest.fixture(autouse=True)
def _conexion_persistente_como_en_produccion(monkeypatch):
    """Production keeps database connections open between requests (``CONN_MAX_AGE``); the test settings close
    them after each one, so every measured request would also pay a new PostgreSQL backend and its cold caches."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)


@pytest.fixture
def analizar():
    """Refresh planner statistics after a bulk seed, as autovacuum would in production. In a transactional test
    (the seed committed) it is a VACUUM ANALYZE: the visibility map and hint bits set, as production reads its rows.
    Rows a test reads inside the transaction that inserted them cost PostgreSQL up to four times as much to read:
    none of them is marked visible yet."""

    def analizar_():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    return analizar_


@pytest.fixture
def medir():
    """``medir("página", funcion, repeticiones=30)`` → Medicion, printed; the first call warms caches."""

    def medir_(nombre, funcion, repeticiones=30):
        funcion()
        tiempos = []
        for _ in range(repeticiones):
            inicio = time.perf_counter()
            funcion()
            tiempos.append((time.perf_counter() - inicio) * 1000)
        reset_queries()
        with CaptureQueriesContext(connection) as consultas:
            funcion()
        medicion = Medicion(nombre, tiempos, len(consultas))
        print(f"\nBENCH {medicion}")
        return medicion

    return medir_
