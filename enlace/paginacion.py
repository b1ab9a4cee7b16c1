"""List pagination in one query per page.

``paginar`` reads the page and the list's total together (``COUNT(*) OVER ()`` on the page's rows), so a
list shows «1–50 de 12.345» without a separate COUNT query. ``paginar_sin_total`` is for long,
append-mostly lists (the event log) where counting every row on each request costs more than the page
itself: it fetches one extra row to know if there is a next page."""

from dataclasses import dataclass

from django.db.models import Count, Window

TOTAL = "total_de_la_lista"


@dataclass
class PaginaSinTotal:
    object_list: list
    number: int
    has_next: bool
    por_pagina: int = 0
    total: int | None = None  # None: the template shows "Página N" only
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


def paginar(queryset, numero, por_pagina):
    """The page ``numero`` of an ordered queryset (or list) with the list's total, in one query.

    A page past the end is empty and costs one COUNT to still say how many rows the list has."""
    numero = _numero(numero)
    inicio = (numero - 1) * por_pagina
    if isinstance(queryset, list | tuple):
        filas, total = list(queryset[inicio : inicio + por_pagina]), len(queryset)
    elif queryset.query.combinator or queryset.query.distinct:  # a window cannot count these
        filas = list(queryset[inicio : inicio + por_pagina])
        total = inicio + len(filas) if 0 < len(filas) < por_pagina else _contar_vacia(queryset, numero, filas)
    else:
        filas = list(queryset.annotate(**{TOTAL: Window(Count("*"))})[inicio : inicio + por_pagina])
        total = getattr(filas[0], TOTAL) if filas else _contar_vacia(queryset, numero, filas)
    return PaginaSinTotal(filas, numero, has_next=inicio + len(filas) < total, por_pagina=por_pagina, total=total)


def _contar_vacia(queryset, numero, filas):
    """The total when the page alone cannot tell: an empty first page is an empty list (no query)."""
    return 0 if numero == 1 and not filas else queryset.count()
