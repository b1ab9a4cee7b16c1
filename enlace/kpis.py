"""KPI tiles of the homes: counts over the last 30 days against the 30 days right before, in one query."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q
from django.utils import timezone

DIAS = 30


@dataclass(frozen=True)
class Conteo:
    """A tile's definition: ``campo`` is the date-time that puts a row in a period; ``filtro`` narrows it."""

    clave: str
    nombre: str
    campo: str
    filtro: Q = field(default_factory=Q)


@dataclass(frozen=True)
class Kpi:
    clave: str
    nombre: str
    valor: int
    previo: int

    @property
    def cambio(self):
        return cambio(self.valor, self.previo)


def cambio(valor, previo, unidad=""):
    """The change against the previous period, in the shape the shared tile (``partials/_kpi.html``) reads;
    None when either value is unknown."""
    if valor is None or previo is None:
        return None
    delta = round(valor - previo, 2)
    return {"delta": delta, "abs": abs(delta), "sube": delta > 0, "baja": delta < 0, "unidad": unidad}


def _inicio_del_dia(dia):
    return timezone.make_aware(datetime.combine(dia, time.min))


def dias_de_periodos(hoy):
    """The last ``DIAS`` days up to ``hoy`` and as many right before, as (first, last) day pairs."""
    actual = (hoy - timedelta(days=DIAS - 1), hoy)
    return actual, (actual[0] - timedelta(days=DIAS), actual[0] - timedelta(days=1))


def periodos(hoy=None):
    """(desde, corte, hasta): the 30 days before ``corte`` and the last 30 days up to the end of today."""
    hoy = hoy or timezone.localdate()
    (primero, _), (desde, _) = dias_de_periodos(hoy)
    return _inicio_del_dia(desde), _inicio_del_dia(primero), _inicio_del_dia(hoy + timedelta(days=1))


def kpis_30_dias(qs, conteos, hoy=None):
    """Each ``Conteo`` over the last 30 days and the 30 before, as ``Kpi`` tiles: one aggregate query.

    It reads only the rows with one of the dates in the 60 days, and counts DISTINCT only when the scope joins
    another table (a join can repeat a row): sorting every row of the scope eight times was most of it. The
    figures are kept ``ENLACE_KPIS_CACHE_S`` seconds: a home reloaded or polled does not count them again."""
    desde, corte, hasta = periodos(hoy)

    def en(c, inicio, fin):
        return Q(**{f"{c.campo}__gte": inicio, f"{c.campo}__lt": fin})

    filas = qs.filter(reduce(or_, (en(c, desde, hasta) for c in conteos))).order_by()
    distinto = sum(1 for usos in filas.query.alias_refcount.values() if usos) > 1  # a join can repeat a row
    agregados = {}
    for c in conteos:
        agregados[f"{c.clave}__actual"] = Count("pk", filter=c.filtro & en(c, corte, hasta), distinct=distinto)
        agregados[f"{c.clave}__previo"] = Count("pk", filter=c.filtro & en(c, desde, corte), distinct=distinto)
    fila = _leer_en_cache(filas, agregados)
    return [Kpi(c.clave, c.nombre, fila[f"{c.clave}__actual"], fila[f"{c.clave}__previo"]) for c in conteos]


def _leer_en_cache(filas, agregados):
    """The aggregate of ``filas``, from the cache when the same query (scope, periods and counts) ran recently."""
    try:
        sql, parametros = filas.query.sql_with_params()
    except EmptyResultSet:  # a scope that sees nothing (``.none()``): Django answers the zeros without a query
        return filas.aggregate(**agregados)
    clave = "kpis:" + hashlib.sha256(f"{sql}|{parametros}|{agregados!r}".encode()).hexdigest()
    fila = cache.get(clave)
    if fila is None:
        fila = filas.aggregate(**agregados)
        cache.set(clave, fila, settings.ENLACE_KPIS_CACHE_S)
    return fila
