"""Database-side statistics the ORM lacks: percentiles and durations in seconds.

PostgreSQL has ``percentile_cont``; SQLite (the embedded default) gets an equivalent
aggregate registered on each connection, so the same query runs on both.
"""

import math

from django.db.models import Aggregate, FloatField, Func


class Percentil(Aggregate):
    """Continuous percentile of a numeric expression: ``Percentil("segundos", 0.5)`` is the median."""

    function = "percentile_cont"
    template = "%(function)s(%(fraccion)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expresion, fraccion, **extra):
        if not 0 <= fraccion <= 1:
            raise ValueError("fraccion must be between 0 and 1")
        super().__init__(expresion, fraccion=float(fraccion), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="enlace_percentil",
            template="%(function)s(%(expressions)s, %(fraccion)s)",
            **extra,
        )


class Segundos(Func):
    """Seconds from ``inicio`` to ``fin`` (two datetime expressions), as a float."""

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "

    def __init__(self, fin, inicio, **extra):
        super().__init__(fin, inicio, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


class _PercentilSQLite:
    """SQLite aggregate behind ``Percentil``: linear interpolation, like PostgreSQL's percentile_cont."""

    def __init__(self):
        self.valores = []
        self.fraccion = 0.5

    def step(self, valor, fraccion):
        self.fraccion = fraccion
        if valor is not None:
            self.valores.append(valor)

    def finalize(self):
        if not self.valores:
            return None
        valores = sorted(self.valores)
        posicion = (len(valores) - 1) * self.fraccion
        abajo, arriba = math.floor(posicion), math.ceil(posicion)
        return valores[abajo] + (valores[arriba] - valores[abajo]) * (posicion - abajo)


def registrar_en_sqlite(sender, connection, **kwargs):
    """``connection_created`` receiver: give SQLite connections the percentile aggregate."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("enlace_percentil", 2, _PercentilSQLite)
