"""Pagination without COUNT(*): for long, append-mostly lists (the event log) where counting every
row on each request costs more than the page itself. Fetches one extra row to know if there is a next page."""

from dataclasses import dataclass


@dataclass
class PaginaSinTotal:
    object_list: list
    number: int
    has_next: bool
    paginator = None  # no total: the template shows "Página N" only

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


def paginar_sin_total(queryset, numero, por_pagina):
    """The page ``numero`` (1-based; anything invalid is page 1) of an ordered queryset."""
    try:
        numero = max(int(numero), 1)
    except (TypeError, ValueError):
        numero = 1
    inicio = (numero - 1) * por_pagina
    filas = list(queryset[inicio : inicio + por_pagina + 1])
    return PaginaSinTotal(filas[:por_pagina], numero, has_next=len(filas) > por_pagina)
