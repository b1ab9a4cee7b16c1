"""The filters of the CRM lists (django-filter): prospects (GC-FOR-06), activities (GC-FOR-05) and the
semáforo (GC-FOR-21). The pages and their PDF/XLSX downloads read the same filters, so a download
holds exactly the rows the page lists.
"""

from urllib.parse import urlencode

import django_filters
from django import forms

from comercial.crm import selectors
from comercial.crm.forms import CampoMes
from comercial.crm.models import Actividad, Marca, Prospecto
from enlace.busqueda import coincide
from enlace.models import Usuario


class MesExactoFilter(django_filters.DateFilter):
    """A month (AAAA-MM) matched on a column that holds months (their first day)."""

    field_class = CampoMes


class MesFilter(MesExactoFilter):
    """A month (AAAA-MM): the rows whose date (``field_name``) falls in it."""

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__gte": value, f"{self.field_name}__lt": selectors.mes_siguiente(value)})


class FiltroCRM(django_filters.FilterSet):
    """Month, marca and asesor within the user's scope; the month is the current one unless chosen.

    ``iniciales`` are defaults applied only when the parameter is absent (``?estado=`` still means all).
    """

    mes = MesFilter(label="Mes", field_name="fecha")
    marca = django_filters.ModelChoiceFilter(label="Marca", queryset=Marca.objects.none(), empty_label="Todas")
    asesor = django_filters.ModelChoiceFilter(label="Asesor", queryset=Usuario.objects.none(), empty_label="Todos")

    def __init__(self, data=None, *, usuario, hoy, iniciales=None, queryset=None):
        datos = {**(iniciales or {}), **dict((data or {}).items())}
        self.mes_actual = hoy.replace(day=1)
        datos["mes"] = datos.get("mes") or f"{self.mes_actual:%Y-%m}"
        super().__init__(datos, queryset=queryset)
        self.hoy = hoy
        self.filters["marca"].queryset = selectors.marcas_visibles(usuario).order_by("nombre")
        self.filters["asesor"].queryset = selectors.asesores_visibles(usuario)

    def valores(self):
        """The cleaned values; a malformed month (its error shown on the form) is the current one."""
        self.is_valid()
        return {**self.form.cleaned_data, "mes": self.form.cleaned_data.get("mes") or self.mes_actual}

    def filter_queryset(self, queryset):
        return self._filtrar(queryset)

    def sin(self, *nombres):
        """The rows filtered by every filter but ``nombres`` (e.g. the counts of every state next to a list of one)."""
        return self._filtrar(self.queryset.all(), excepto=nombres)

    def _filtrar(self, consulta, excepto=()):
        for nombre, valor in self.valores().items():
            if nombre not in excepto:
                consulta = self.filters[nombre].filter(consulta, valor)
        return consulta

    @property
    def mes_elegido(self):
        return self.valores()["mes"]

    @property
    def consulta_descarga(self):
        """The query string of the form downloads: the same month, marca and asesor."""
        valores = self.valores()
        parametros = {"mes": f"{valores['mes']:%Y-%m}"}
        parametros.update({campo: valores[campo].pk for campo in ("marca", "asesor") if valores.get(campo)})
        return urlencode(parametros)


class ProspectosFiltro(FiltroCRM):
    ESTADOS = [("por_validar", "Por validar o reintentar"), *Prospecto.Estado.choices]

    q = django_filters.CharFilter(
        label="Buscar",
        method="buscar",
        widget=forms.TextInput(attrs={"placeholder": "Cliente, documento o ID SPIGA", "type": "search"}),
    )
    estado = django_filters.ChoiceFilter(label="Estado", choices=ESTADOS, empty_label="Todos", method="filtrar_estado")

    class Meta:
        model = Prospecto
        fields = []

    def buscar(self, queryset, name, value):
        return queryset.filter(coincide(value, contiene=("cliente",), empieza=("documento", "id_spiga")))

    def filtrar_estado(self, queryset, name, value):
        if value == "por_validar":
            return queryset.filter(estado__in=selectors.POR_VALIDAR)
        return queryset.filter(estado=value)


class ActividadesFiltro(FiltroCRM):
    mes = MesFilter(label="Mes", field_name="fecha_programada")
    validacion = django_filters.ChoiceFilter(
        label="Validación", choices=Actividad.Validacion.choices, empty_label="Todas"
    )

    class Meta:
        model = Actividad
        fields = []


class SemaforoFiltro(FiltroCRM):
    # The indexed month column (an equality keeps the semáforo a top-N index read).
    mes = MesExactoFilter(label="Mes", field_name="mes")
    color = django_filters.ChoiceFilter(
        label="Semáforo", choices=list(selectors.COLORES.items()), empty_label="Todos", method="filtrar_color"
    )

    class Meta:
        model = Prospecto
        fields = []

    def filtrar_color(self, queryset, name, value):
        return queryset.filter(selectors.condicion_color(value, hoy=self.hoy))
