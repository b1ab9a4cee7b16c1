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


def registrar_historial(consulta, *, tipo, razon="", usuario=None, fecha=None):
    """One historical row per row of ``consulta`` as it is now (``tipo``: "+" created, "~" changed): for rows
    just written in bulk (``bulk_create``/``bulk_update``), which send no signals. Returns the row count.

    On PostgreSQL one ``INSERT … SELECT`` (no model instance per row, so thousands of rows cost one statement);
    elsewhere ``bulk_history_create``.
    """
    modelo = consulta.model
    historico = modelo.history.model
    fecha = fecha or timezone.now()
    using = router.db_for_write(modelo)
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
