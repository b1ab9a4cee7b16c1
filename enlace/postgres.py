"""Dates and times read from PostgreSQL by psycopg's C loader.

Django reads every ``timestamptz`` with its own loader (``BaseTzLoader``), a subclass of psycopg's pure-Python one,
because psycopg's C loader cannot be subclassed: each value was parsed with a regular expression in Python (20,000
values: 91.9 ms against 37.2 in C), and a list of 50 tickets reads 345 of them. ``CargadorFechaHoraUTC`` keeps
Django's loader interface (the ``timezone`` it compares each cursor against) and does the same thing, the datetime
in UTC, parsing with the C loader of ``psycopg_binary`` (the ``psycopg[binary]`` the project installs). Without it,
Django's stays.
"""

import datetime

from psycopg.types.datetime import TimestamptzLoader

try:
    from psycopg_binary._psycopg import TimestamptzLoader as TimestamptzLoaderC
except ImportError:  # pure-Python psycopg
    TimestamptzLoaderC = None


class CargadorFechaHoraUTC(TimestamptzLoader):
    """A ``timestamptz`` as an aware datetime in UTC, as Django's loader returns it (the connection's time zone
    is UTC under ``USE_TZ``), parsed in C."""

    timezone = datetime.UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._cargar = TimestamptzLoaderC(oid, context).load

    def load(self, data):
        return self._cargar(data).replace(tzinfo=self.timezone)


def registrar_cargador_fechas(sender, connection, **kwargs):
    """``connection_created`` receiver: PostgreSQL connections in UTC read their timestamps in C."""
    if connection.vendor == "postgresql" and TimestamptzLoaderC and connection.timezone == datetime.UTC:
        connection.connection.adapters.register_loader("timestamptz", CargadorFechaHoraUTC)
