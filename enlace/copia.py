"""Large inserts by COPY on PostgreSQL.

``bulk_create`` sends every field of every row as a query parameter; at tens of thousands of rows with JSON
that adaptation is most of the time. COPY streams the rows instead. Elsewhere (the embedded SQLite) this is
``bulk_create``.
"""

from functools import partial

from django.db import connection
from django.db.models import Field


def copiar(modelo, objetos, *, columnas=None, ignorar_conflictos=False):
    """Insert ``objetos``: unsaved instances of ``modelo`` or, with ``columnas`` (field names), tuples of
    those fields' values, so a fan-out of tens of thousands of rows builds no model instances. The fields
    not named take their default (``auto_now_add`` the time of the call), computed once for the whole call.

    Without ``ignorar_conflictos`` the rows get their primary keys, taken from the table's sequence first in
    one query, so rows that point at these can be built before they are written; the keys are returned in
    order (and set on instances). With it, a row that breaks a unique constraint is skipped (COPY into a
    temporary table, then ``INSERT … ON CONFLICT DO NOTHING``) and, as with
    ``bulk_create(ignore_conflicts=True)``, nothing gets a key and None is returned.
    """
    objetos = list(objetos)
    if not objetos:
        return None if ignorar_conflictos else []
    if connection.vendor != "postgresql":
        return _bulk_create(modelo, objetos, columnas, ignorar_conflictos)
    meta, q = modelo._meta, connection.ops.quote_name
    campos = _campos(modelo, columnas)
    filas = _filas(modelo, objetos, columnas, campos)
    if not ignorar_conflictos:
        campos = [meta.pk, *campos]
    columnas_sql = ", ".join(q(campo.column) for campo in campos)
    tabla = destino = q(meta.db_table)
    claves = None
    with connection.cursor() as cursor:
        if ignorar_conflictos:
            destino = q(f"copia_{meta.db_table}")
            vacia = f"SELECT {columnas_sql} FROM {tabla} WITH NO DATA"  # noqa: S608 - names from _meta
            cursor.execute(f"CREATE TEMPORARY TABLE {destino} AS {vacia}")
        else:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objetos)],
            )
            claves = [pk for (pk,) in cursor.fetchall()]
            if columnas is None:
                for objeto, pk in zip(objetos, claves, strict=True):
                    objeto.pk = pk
            filas = ((pk, *fila) for pk, fila in zip(claves, filas, strict=True))
        with cursor.copy(f"COPY {destino} ({columnas_sql}) FROM STDIN") as copia:
            for fila in filas:
                copia.write_row(fila)
        if ignorar_conflictos:
            cursor.execute(
                f"INSERT INTO {tabla} ({columnas_sql}) SELECT {columnas_sql} FROM {destino} "  # noqa: S608 - names from _meta
                "ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {destino}")
            return None
    if columnas is None:
        for objeto in objetos:
            objeto._state.adding, objeto._state.db = False, connection.alias
    return claves


def _campos(modelo, columnas):
    """The fields written besides the key: every concrete one for instances, else those named first."""
    meta = modelo._meta
    if columnas is None:
        return [campo for campo in meta.concrete_fields if not campo.primary_key]
    nombrados = [meta.get_field(nombre) for nombre in columnas]
    return nombrados + [c for c in meta.concrete_fields if not c.primary_key and c not in nombrados]


def _filas(modelo, objetos, columnas, campos):
    """The rows as COPY takes them (without the key), in the order of ``campos`` (``_campos``)."""
    if columnas is None:
        lectores = [_lector(campo) for campo in campos]

        def fila_de(objeto):
            objeto._prepare_related_fields_for_save(operation_name="copiar")  # FKs to rows copied before
            return [leer(objeto) for leer in lectores]

        return map(fila_de, objetos)
    nombrados, resto = campos[: len(columnas)], campos[len(columnas) :]
    vacio = modelo()
    fijos = tuple(campo.get_db_prep_save(campo.pre_save(vacio, True), connection) for campo in resto)
    preparar = [_preparador(campo) for campo in nombrados]
    return (tuple(p(v) for p, v in zip(preparar, fila, strict=True)) + fijos for fila in objetos)


# Fields whose Python values psycopg writes as they are (aware datetimes): calling get_db_prep_save on each
# costs ~15 µs a value, seconds on a 50,000-customer campaign.
_TAL_CUAL = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _preparador(campo):
    """How a value of ``campo`` becomes what COPY writes."""
    tipo = campo.target_field.get_internal_type() if campo.is_relation else campo.get_internal_type()
    if tipo in _TAL_CUAL:
        return _tal_cual
    if tipo == "JSONField":
        return partial(connection.ops.adapt_json_value, encoder=campo.encoder)
    return partial(campo.get_db_prep_save, connection=connection)


def _lector(campo):
    """How an instance's value of ``campo`` becomes what COPY writes: ``pre_save`` only for the fields that give
    it a meaning (``auto_now``, files); the rest are read as they are."""
    preparar = _preparador(campo)
    if type(campo).pre_save is Field.pre_save:
        atributo = campo.attname
        return lambda objeto: preparar(getattr(objeto, atributo))
    return lambda objeto: preparar(campo.pre_save(objeto, True))


def _tal_cual(valor):
    return valor


def _bulk_create(modelo, objetos, columnas, ignorar_conflictos):
    if columnas is not None:
        atributos = [modelo._meta.get_field(nombre).attname for nombre in columnas]
        objetos = [modelo(**dict(zip(atributos, fila, strict=True))) for fila in objetos]
    modelo.objects.bulk_create(objetos, batch_size=2000, ignore_conflicts=ignorar_conflictos)
    return None if ignorar_conflictos else [objeto.pk for objeto in objetos]
