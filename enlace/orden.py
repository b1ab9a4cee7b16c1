"""Sortable list columns: ``?orden=campo`` (ascending) or ``?orden=-campo`` (descending).

Each list declares which keys a user may sort by and the database ordering each one means; an unknown
key is ignored and the list keeps its default order. The last ordering term is always the primary key,
so paging through a sorted list never repeats or skips a row."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, F, IntegerField, Value, When

PARAMETRO = "orden"


@dataclass(frozen=True)
class Orden:
    """The sort a list is shown with: its ``clave`` and whether it is descending."""

    clave: str
    descendente: bool

    @property
    def parametro(self):
        return f"-{self.clave}" if self.descendente else self.clave


class Ordenamiento:
    """The whitelist of one list: ``columnas`` maps each key to the fields (or expressions) it orders by, ``defecto`` is
    the order without (or with an unknown) ``?orden=`` (``"-fecha"`` for newest first). A field written
    ``"-campo"`` runs against the column (days in stock ascending is the entry date descending)."""

    def __init__(self, columnas, defecto):
        self.columnas = {clave: tuple(campos) for clave, campos in columnas.items()}
        self.defecto = self._leer(defecto)
        if self.defecto is None:
            raise ValueError(f"El orden por defecto «{defecto}» no está entre las columnas.")

    def _leer(self, valor):
        valor = (valor or "").strip()
        clave = valor.removeprefix("-")
        return Orden(clave, valor.startswith("-")) if clave in self.columnas else None

    def elegido(self, parametros):
        return self._leer(parametros.get(PARAMETRO)) or self.defecto

    def aplicar(self, queryset, parametros):
        """(``queryset`` ordered as ``parametros`` (the request's GET) ask, the Orden applied)."""
        orden = self.elegido(parametros)
        modelo = queryset.model
        terminos = [_termino(modelo, campo, orden.descendente) for campo in self.columnas[orden.clave]]
        return queryset.order_by(*terminos, "-pk" if orden.descendente else "pk"), orden


def _termino(modelo, campo, descendente):
    """An ordering term for a field name (``"-campo"``: against the column) or an expression (a rank).

    Empty values go last descending and first ascending; a column that cannot be empty gets a plain
    ASC/DESC, so that PostgreSQL can read the page from an index instead of sorting the whole list."""
    anulable = True
    if isinstance(campo, str):
        if campo.startswith("-"):
            campo, descendente = campo[1:], not descendente
        anulable = _anulable(modelo, campo)
        campo = F(campo)
    if not anulable:
        return campo.desc() if descendente else campo.asc()
    return campo.desc(nulls_last=True) if descendente else campo.asc(nulls_first=True)


def _anulable(modelo, ruta):
    """Whether a field path (``"cliente__nombre"``) can be NULL: any nullable step, or a name that is no field."""
    for parte in ruta.split("__"):
        try:
            campo = modelo._meta.get_field(parte)
        except FieldDoesNotExist:
            return True  # an annotation: keep the NULLS clause
        if campo.null or not campo.concrete:
            return True
        modelo = campo.related_model
    return False


def rango(campo, valores):
    """Order a choice field by its declared order (Baja < Media < Alta < Crítica), not alphabetically."""
    return Case(
        *(When(**{campo: valor}, then=Value(i)) for i, valor in enumerate(valores)), output_field=IntegerField()
    )
