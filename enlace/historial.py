"""Bulk updates that keep django-simple-history's field history complete.

``QuerySet.update()`` sends no signals, so simple-history records nothing: every bulk update of a model
with ``HistoricalRecords`` goes through ``actualizar_con_historial`` instead (a static test enforces it).
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, router, transaction
from django.db.models.sql import UpdateQuery
from django.utils import timezone


def actualizar_con_historial(consulta, campos, *, razon="", usuario=None, fecha=None):
    """``consulta.update(**campos)`` plus one historical row ("~") per updated row; returns the row count.

    The query count does not grow with the rows: on PostgreSQL one statement (``WITH … UPDATE … RETURNING``
    feeding ``INSERT … SELECT``), so the history copies exactly the rows the UPDATE changed, as it left them.
    Updates that only touch fields excluded from the history record nothing, as a ``save()`` of them would
    only add noise. ``fecha`` (default now) is the history date, ``usuario`` and ``razon`` its author and reason.
    """
    modelo = consulta.model
    historico = modelo.history.model
    rastreados = {campo.name for campo in historico.tracked_fields}
    if not rastreados & {modelo._meta.get_field(nombre).name for nombre in campos}:
        return consulta.update(**campos)
    fecha = fecha or timezone.now()
    using = router.db_for_write(modelo)
    connection = connections[using]
    if connection.vendor != "postgresql":
        return _actualizar_por_ids(consulta, campos, razon=razon, usuario=usuario, fecha=fecha, using=using)
    query = consulta.query.chain(UpdateQuery)
    query.add_update_values(campos)
    query.annotations = {}
    try:
        actualizacion, parametros = query.get_compiler(using).as_sql()
    except EmptyResultSet:
        return 0
    q = connection.ops.quote_name
    columnas = ", ".join(q(campo.column) for campo in historico.tracked_fields)
    sql = (
        f"WITH cambiadas AS ({actualizacion} RETURNING {columnas}) "  # noqa: S608 - names from _meta
        f"INSERT INTO {q(historico._meta.db_table)} ({columnas}, {q('history_date')}, "
        f"{q('history_change_reason')}, {q('history_type')}, {q(historico._meta.get_field('history_user').column)}) "
        f"SELECT {columnas}, %s, %s, %s, %s FROM cambiadas"
    )
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, [*parametros, fecha, razon, "~", usuario.pk if usuario else None])
        return cursor.rowcount


def _actualizar_por_ids(consulta, campos, *, razon, usuario, fecha, using):
    """Elsewhere (SQLite in development, whose transactions hold the write lock): ids, update, history."""
    modelo = consulta.model
    with transaction.atomic(using):
        ids = list(consulta.values_list("pk", flat=True))
        filas = modelo._default_manager.filter(pk__in=ids).update(**campos)
        modelo.history.bulk_history_create(
            list(modelo._default_manager.filter(pk__in=ids)),
            update=True,
            default_user=usuario,
            default_change_reason=razon,
            default_date=fecha,
        )
    return filas


def registrar_historial(consulta, *, tipo, razon="", usuario=None, fecha=None, using=None):
    """One historical row per row of ``consulta`` as it is now (``tipo``: "+" created, "~" changed): for rows
    just written in bulk (``bulk_create``/``bulk_update``), which send no signals. Returns the row count.

    On PostgreSQL one ``INSERT … SELECT`` (no model instance per row, so thousands of rows cost one statement);
    elsewhere ``bulk_history_create``.
    """
    modelo = consulta.model
    historico = modelo.history.model
    fecha = fecha or timezone.now()
    using = using or router.db_for_write(modelo)
    connection = connections[using]
    if connection.vendor != "postgresql":
        filas = list(consulta)
        modelo.history.bulk_history_create(
            filas, update=tipo == "~", default_user=usuario, default_change_reason=razon, default_date=fecha
        )
        return len(filas)
    campos = historico.tracked_fields
    seleccion, parametros = consulta.order_by().values_list(*(c.attname for c in campos)).query.sql_with_params()
    q = connection.ops.quote_name
    columnas = ", ".join(q(campo.column) for campo in campos)
    sql = (
        f"INSERT INTO {q(historico._meta.db_table)} ({columnas}, {q('history_date')}, "  # noqa: S608 - names from _meta
        f"{q('history_change_reason')}, {q('history_type')}, {q(historico._meta.get_field('history_user').column)}) "
        f"SELECT filas.*, %s, %s, %s, %s FROM ({seleccion}) AS filas"
    )
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, [fecha, razon, tipo, usuario.pk if usuario else None, *parametros])
        return cursor.rowcount


def actualizar_en_lote(objetos, campos, *, razon="", usuario=None, fecha=None, lote=1000):
    """Save ``campos`` of many model instances (each with its own values) and record their "~" history rows.

    On PostgreSQL one ``UPDATE … FROM (VALUES …)`` per ``lote`` rows: ``bulk_update`` builds a ``CASE`` with
    one branch per row, which both Python and the database pay for quadratically. Elsewhere ``bulk_update``.
    """
    if not objetos:
        return 0
    modelo = type(objetos[0])
    using = router.db_for_write(modelo)
    connection = connections[using]
    fecha = fecha or timezone.now()
    if connection.vendor != "postgresql":
        modelo._default_manager.bulk_update(objetos, campos, batch_size=lote)
    else:
        _actualizar_con_valores(modelo, objetos, [modelo._meta.get_field(c) for c in campos], connection)
    return registrar_historial(
        modelo._default_manager.filter(pk__in=[o.pk for o in objetos]),
        tipo="~",
        razon=razon,
        usuario=usuario,
        fecha=fecha,
        using=using,
    )


def _actualizar_con_valores(modelo, objetos, campos, connection, lote=1000):
    q = connection.ops.quote_name
    pk = modelo._meta.pk
    columnas = [pk, *campos]
    asignaciones = ", ".join(f"{q(c.column)} = v.{q(c.column)}::{c.db_type(connection)}" for c in campos)
    nombres = ", ".join(q(c.column) for c in columnas)
    tabla = q(modelo._meta.db_table)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for inicio in range(0, len(objetos), lote):
            grupo = objetos[inicio : inicio + lote]
            fila = "(" + ", ".join(["%s"] * len(columnas)) + ")"
            sql = (
                f"UPDATE {tabla} SET {asignaciones} FROM (VALUES {', '.join([fila] * len(grupo))}) "  # noqa: S608
                f"AS v ({nombres}) WHERE {tabla}.{q(pk.column)} = v.{q(pk.column)}::{pk.db_type(connection)}"
            )
            valores = [c.get_db_prep_save(getattr(o, c.attname), connection) for o in grupo for c in columnas]
            cursor.execute(sql, valores)
