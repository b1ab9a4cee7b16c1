"""Free-text search that stays flat in the number of rows.

Lists search with Django's ``icontains``, which PostgreSQL runs as ``UPPER(col::text) LIKE UPPER('%…%')``.
``IndiceBusqueda`` is a migration operation that builds a trigram GIN index on exactly that expression
(``pg_trgm``), so the planner reads the matching rows from the index instead of scanning the table
(patterns of three letters or more). It runs only on PostgreSQL; the embedded SQLite scans. The index is
not declared in the model's Meta: Django 5.2 writes an operator class on an expression as
``((UPPER(col) gin_trgm_ops))``, which PostgreSQL refuses.
"""

from django.db import migrations


class IndiceBusqueda(migrations.operations.base.Operation):
    """``IndiceBusqueda("atencion_ticket", "asunto")``: a GIN trigram index on ``UPPER(asunto)``."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, tabla, columna):
        self.tabla, self.columna = tabla, columna
        self.nombre = f"{tabla}_{columna}_trgm"

    def state_forwards(self, app_label, state):
        pass  # the model state does not change

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{self.nombre}" ON "{self.tabla}" '
                f'USING gin (UPPER("{self.columna}") gin_trgm_ops)'
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.nombre}"')

    def describe(self):
        return f"Índice de búsqueda por trigramas en {self.tabla}.{self.columna}"

    def deconstruct(self):
        return self.__class__.__qualname__, [self.tabla, self.columna], {}
