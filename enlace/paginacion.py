"""List pagination in one query per page.

``paginar`` reads the page and the list's total together, the total as an uncorrelated scalar subquery that
PostgreSQL computes once (``COUNT(*) OVER ()`` built every row of the list before the LIMIT: 1.9 s at 100,000
tickets). The count stops at ``ENLACE_PAGINACION_CONTEO_MAX`` rows: past it a list says «de más de 10.000»,
so a page costs the same at any size. ``paginar_sin_total`` is for long, append-mostly lists (the event
log) where no total is shown: it fetches one extra row to know if there is a next page."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import Value
from django.db.models.expressions import RawSQL

TOTAL = "total_de_la_lista"


@dataclass
class PaginaSinTotal:
    object_list: list
    number: int
    has_next: bool
    por_pagina: int = 0
    total: int | None = None  # None: the template shows "Página N" only
    mas_de: int | None = None  # the list has more rows than this bound; ``total`` is None then
    paginator = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous() or self.has_next

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    @property
    def inicio(self):
        """1-based position of the page's first row (0 when the page is empty)."""
        return (self.number - 1) * self.por_pagina + 1 if self.object_list else 0

    @property
    def fin(self):
        return (self.number - 1) * self.por_pagina + len(self.object_list)

    @property
    def paginas(self):
        return -(-self.total // self.por_pagina) if self.total else 0

    @classmethod
    def con_total(cls, filas, numero, por_pagina, total, *, acotado=True):
        """A page of a list of ``total`` rows, or of more than the count bound when the count was ``acotado``
        (``filas`` has one row more than the page when there is a next one)."""
        maximo = settings.ENLACE_PAGINACION_CONTEO_MAX
        acotado = acotado and total > maximo
        return cls(
            filas[:por_pagina],
            numero,
            has_next=len(filas) > por_pagina,
            por_pagina=por_pagina,
            total=None if acotado else total,
            mas_de=maximo if acotado else None,
        )


def _numero(numero):
    try:
        return max(int(numero), 1)
    except (TypeError, ValueError):
        return 1


def paginar_sin_total(queryset, numero, por_pagina):
    """The page ``numero`` (1-based; anything invalid is page 1) of an ordered queryset."""
    numero = _numero(numero)
    inicio = (numero - 1) * por_pagina
    filas = list(queryset[inicio : inicio + por_pagina + 1])
    return PaginaSinTotal(filas[:por_pagina], numero, has_next=len(filas) > por_pagina, por_pagina=por_pagina)


def paginar(queryset, numero, por_pagina, *, total=None):
    """The page ``numero`` of an ordered queryset (or list) with the list's total, in one query.

    A page past the end is empty and costs one COUNT to still say how many rows the list has. A caller that
    already counted the same rows (a breakdown of the list) passes ``total``, and no count is sent."""
    numero = _numero(numero)
    inicio = (numero - 1) * por_pagina
    fin = inicio + por_pagina + 1  # one more row: is there a next page?
    if total is None and isinstance(queryset, list | tuple):
        total = len(queryset)
    if total is not None:  # known exactly: no count, and no bound on it
        return PaginaSinTotal.con_total(list(queryset[inicio:fin]), numero, por_pagina, total, acotado=False)
    if queryset.query.combinator or queryset.query.distinct:  # no subquery can count these
        filas = list(queryset[inicio:fin])
        total = inicio + len(filas) if 0 < len(filas) <= por_pagina else _contar_vacia(queryset, numero, filas)
    else:
        filas = list(queryset.annotate(**{TOTAL: _total(queryset)})[inicio:fin])
        total = getattr(filas[0], TOTAL) if filas else _contar_vacia(queryset, numero, filas)
    return PaginaSinTotal.con_total(filas, numero, por_pagina, total)


def conteo_acotado(queryset, tope):
    """SQL and parameters of how many rows ``queryset`` has, up to ``tope + 1``: a count over a LIMITed subquery,
    to be used as a scalar subquery. None when the queryset can match nothing (``pk__in=[]``): the count is 0."""
    acotada = queryset.order_by().values("pk")[: tope + 1]
    try:
        sql, parametros = acotada.query.sql_with_params()
    except EmptyResultSet:
        return None
    return f"SELECT COUNT(*) FROM ({sql}) AS lista", parametros  # noqa: S608 - SQL compiled by the ORM


def _total(queryset):
    """How many rows the list has, up to one more than the bound (the page query is not even sent for none)."""
    conteo = conteo_acotado(queryset, settings.ENLACE_PAGINACION_CONTEO_MAX)
    return Value(0) if conteo is None else RawSQL(*conteo)  # noqa: S611 - SQL compiled by the ORM


def _contar_vacia(queryset, numero, filas):
    """The total when the page alone cannot tell: an empty first page is an empty list (no query)."""
    if numero == 1 and not filas:
        return 0
    return queryset.order_by().values("pk")[: settings.ENLACE_PAGINACION_CONTEO_MAX + 1].count()
