"""Large inserts by COPY on PostgreSQL.

``bulk_create`` sends every field of every row as a query parameter; at tens of thousands of rows with JSON
that adaptation is most of the time. COPY streams the rows instead. Elsewhere (the embedded SQLite) this is
``bulk_create``.
"""

from django.db import connection


def copiar(modelo, objetos, *, ignorar_conflictos=False):
    """Insert ``objetos`` (unsaved instances of ``modelo``).

    Without ``ignorar_conflictos`` they get their primary keys, taken from the table's sequence first in one
    query, so rows that point at these can be built before they are written. With it, a row that breaks a
    unique constraint is skipped (COPY into a temporary table, then ``INSERT … ON CONFLICT DO NOTHING``) and,
    as with ``bulk_create(ignore_conflicts=True)``, the instances get no keys.
    """
    objetos = list(objetos)
    if not objetos:
        return
    if connection.vendor != "postgresql":
        modelo.objects.bulk_create(objetos, batch_size=2000, ignore_conflicts=ignorar_conflictos)
        return
    meta, q = modelo._meta, connection.ops.quote_name
    campos = [campo for campo in meta.concrete_fields if not (ignorar_conflictos and campo.primary_key)]
    columnas = ", ".join(q(campo.column) for campo in campos)
    tabla = destino = q(meta.db_table)
    with connection.cursor() as cursor:
        if ignorar_conflictos:
            destino = q(f"copia_{meta.db_table}")
            vacia = f"SELECT {columnas} FROM {tabla} WITH NO DATA"  # noqa: S608 - names from _meta
            cursor.execute(f"CREATE TEMPORARY TABLE {destino} AS {vacia}")
        else:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objetos)],
            )
            for objeto, (pk,) in zip(objetos, cursor.fetchall(), strict=True):
                objeto.pk = pk
        with cursor.copy(f"COPY {destino} ({columnas}) FROM STDIN") as copia:
            for objeto in objetos:
                objeto._prepare_related_fields_for_save(operation_name="copiar")  # FKs to rows copied before
                copia.write_row([campo.get_db_prep_save(campo.pre_save(objeto, True), connection) for campo in campos])
        if ignorar_conflictos:
            cursor.execute(
                f"INSERT INTO {tabla} ({columnas}) SELECT {columnas} FROM {destino} "  # noqa: S608 - names from _meta
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {destino}")
            return
    for objeto in objetos:
        objeto._state.adding, objeto._state.db = False, connection.alias
