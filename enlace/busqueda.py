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

With ``sin_acentos=True`` the GIN index is on ``enlace_busqueda(col)`` (upper case, accents removed with
``unaccent``; the function is created by ``FuncionBusqueda`` and, on SQLite, registered on each connection),
which ``Busqueda("col")`` writes in a query: «jose» finds «José Peña». ``primeras_coincidencias`` runs a search
over several columns as a UNION of one index-served query per column, each stopping at the list's first rows.

``coincide`` builds the filter the lists search with: ``icontains`` on the text columns (trigram indexes)
and ``istartswith`` on the code and number columns (prefix indexes), so a list's search reads only index
pages that match. The lookups are Django's own, so SQLite runs the same filter (case-insensitive for ASCII).
"""

import re
import unicodedata
from functools import reduce
from operator import or_

from django.db import connections, migrations
from django.db.models import Func, Q, TextField

FUNCION = "enlace_busqueda"


def sin_acentos(texto):
    """What ``enlace_busqueda`` makes of a text, in Python: upper case without accents («Peña» → «PENA»)."""
    descompuesto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in descompuesto if not unicodedata.combining(c)).upper()


def registrar_en_sqlite(sender, connection, **kwargs):
    """``connection_created`` receiver: SQLite gets ``enlace_busqueda`` as a Python function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCION, 1, _sin_acentos_o_nulo, deterministic=True)


def _sin_acentos_o_nulo(texto):
    return None if texto is None else sin_acentos(texto)


class Busqueda(Func):
    """``Busqueda("asunto")``: the column as its search index holds it; compare with ``contains`` to a ``sin_acentos``
    text (``Contains(Busqueda("asunto"), sin_acentos(q))``) so PostgreSQL reads the trigram index."""

    function = FUNCION
    output_field = TextField()


def primeras_coincidencias(queryset, condiciones, orden, tope):
    """The pks of the first ``tope`` rows of ``queryset`` in ``orden`` that meet any of ``condiciones`` (Q objects).

    On PostgreSQL it is a UNION of one query per condition, each ordered and limited to ``tope`` rows: each reads
    its own index (the trigram GIN of a column, or the ordering index when most rows match) and stops early. An
    OR across the columns (one of them through a join) left the planner no index to use: it read every ticket.
    SQLite (no ordering inside a UNION) runs the OR."""
    campos = list(dict.fromkeys(["pk", *(c.lstrip("-") for c in orden)]))
    if connections[queryset.db].features.supports_slicing_ordering_in_compound and len(condiciones) > 1:
        brazos = [queryset.filter(c).order_by(*orden).values_list(*campos)[:tope] for c in condiciones]
        filas = brazos[0].union(*brazos[1:]).order_by(*orden)[:tope]
    else:
        filas = queryset.filter(reduce(or_, condiciones)).order_by(*orden).values_list(*campos)[:tope]
    return [fila[0] for fila in filas]


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


SOLO_NUMERO = re.compile(r"^#?\s*(\d{1,18})$")


def numero_buscado(texto):
    """The number a search names (a folio typed «123» or «#123»), or None."""
    encontrado = SOLO_NUMERO.match(texto.strip())
    return int(encontrado.group(1)) if encontrado else None


class FuncionBusqueda(migrations.operations.base.Operation):
    """Creates ``enlace_busqueda(text)`` on PostgreSQL: ``upper(unaccent(text))``, IMMUTABLE so that an index can
    hold it. PL/pgSQL and not SQL: an SQL function calling the STABLE ``unaccent`` is never inlined, and as PL/pgSQL
    its constant dictionary is resolved once per session instead of once per row (half the time per row)."""

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {FUNCION}(texto text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT "
                "PARALLEL SAFE AS $$ BEGIN RETURN upper(public.unaccent('public.unaccent'::regdictionary, texto)); "
                "END $$"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCION}(text)")

    def describe(self):
        return "Función de búsqueda sin acentos (enlace_busqueda)"

    def deconstruct(self):
        return self.__class__.__qualname__, [], {}


class IndiceBusqueda(migrations.operations.base.Operation):
    """``IndiceBusqueda("atencion_ticket", "asunto")``: a GIN trigram index on ``UPPER(asunto)``;
    ``IndiceBusqueda(tabla, columna, prefijo=True)``: a btree for prefix searches on the same expression."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, tabla, columna, prefijo=False, sin_acentos=False):
        self.tabla, self.columna, self.prefijo, self.sin_acentos = tabla, columna, prefijo, sin_acentos
        sufijo = "prefijo" if prefijo else "busqueda" if sin_acentos else "trgm"
        self.nombre = f"{tabla}_{columna}_{sufijo}"

    def state_forwards(self, app_label, state):
        pass  # the model state does not change

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            if self.prefijo:
                metodo = f'btree (UPPER("{self.columna}") text_pattern_ops)'
            elif self.sin_acentos:
                metodo = f'gin ({FUNCION}("{self.columna}") gin_trgm_ops)'
            else:
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                metodo = f'gin (UPPER("{self.columna}") gin_trgm_ops)'
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{self.nombre}" ON "{self.tabla}" USING {metodo}')

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.nombre}"')

    def describe(self):
        tipo = "por prefijo" if self.prefijo else "sin acentos" if self.sin_acentos else "por trigramas"
        return f"Índice de búsqueda {tipo} en {self.tabla}.{self.columna}"

    def deconstruct(self):
        opciones = {k: True for k in ("prefijo", "sin_acentos") if getattr(self, k)}
        return self.__class__.__qualname__, [self.tabla, self.columna], opciones
