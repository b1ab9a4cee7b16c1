"""Free-text search that stays flat in the number of rows.

Lists search with Django's ``icontains``, which PostgreSQL runs as ``UPPER(col::text) LIKE UPPER('%…%')``.
``IndiceBusqueda`` is a migration operation that builds a trigram GIN index on exactly that expression
(``pg_trgm``), so the planner reads the matching rows from the index instead of scanning the table
(patterns of three letters or more). It runs only on PostgreSQL; the embedded SQLite scans. The index is
not declared in the model's Meta: Django 5.2 writes an operator class on an expression as
``((UPPER(col) gin_trgm_ops))``, which PostgreSQL refuses.

With ``prefijo=True`` it is a btree on ``UPPER(col) text_pattern_ops`` instead, for ``istartswith``: a
number (phone, CI, contract) is found by what it begins with in a few index pages, where its trigrams (all
digits, shared by most rows) would make the GIN index read a large part of the table.

``coincide`` builds the filter the lists search with: ``icontains`` on the text columns (trigram indexes)
and ``istartswith`` on the code and number columns (prefix indexes), so a list's search reads only index
pages that match. The lookups are Django's own, so SQLite runs the same filter (case-insensitive for ASCII).
"""

from django.db import migrations
from django.db.models import Q


def coincide(termino, *, contiene=(), empieza=()):
    """Q of the rows where a ``contiene`` field contains ``termino`` or an ``empieza`` field begins with it,
    ignoring case, with the term's runs of spaces made single. ``Q()`` (every row) for a blank term."""
    termino = " ".join((termino or "").split())
    condicion = Q()
    if termino:
        for campo in contiene:
            condicion |= Q(**{f"{campo}__icontains": termino})
        for campo in empieza:
            condicion |= Q(**{f"{campo}__istartswith": termino})
    return condicion


class IndiceBusqueda(migrations.operations.base.Operation):
    """``IndiceBusqueda("atencion_ticket", "asunto")``: a GIN trigram index on ``UPPER(asunto)``;
    ``IndiceBusqueda(tabla, columna, prefijo=True)``: a btree for prefix searches on the same expression."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, tabla, columna, prefijo=False):
        self.tabla, self.columna, self.prefijo = tabla, columna, prefijo
        self.nombre = f"{tabla}_{columna}_{'prefijo' if prefijo else 'trgm'}"

    def state_forwards(self, app_label, state):
        pass  # the model state does not change

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            if self.prefijo:
                metodo = f'btree (UPPER("{self.columna}") text_pattern_ops)'
            else:
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                metodo = f'gin (UPPER("{self.columna}") gin_trgm_ops)'
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{self.nombre}" ON "{self.tabla}" USING {metodo}')

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.nombre}"')

    def describe(self):
        tipo = "por prefijo" if self.prefijo else "por trigramas"
        return f"Índice de búsqueda {tipo} en {self.tabla}.{self.columna}"

    def deconstruct(self):
        return self.__class__.__qualname__, [self.tabla, self.columna], {"prefijo": True} if self.prefijo else {}
