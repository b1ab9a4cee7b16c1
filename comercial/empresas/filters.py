"""The lists' filters (django-filter), each applied to a queryset already scoped to the user."""

import django_filters
from django import forms as django_forms

from comercial.empresas import selectors
from comercial.empresas.forms import CampoMes
from comercial.empresas.meses import mes_de, mes_siguiente
from comercial.empresas.models import Empresa, Estado, Flujo, Giro, OrdenTrabajo, Venta, Visita
from enlace.busqueda import coincide
from enlace.models import Usuario


class _ConEtiquetas(django_filters.FilterSet):
    """Every field carries its Spanish label as aria-label too (the filters render without <label>)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.form.fields.values():
            campo.widget.attrs.setdefault("aria-label", str(campo.label))


class FiltroEmpresas(_ConEtiquetas):
    q = django_filters.CharFilter(label="Buscar", method="buscar")
    giro = django_filters.ChoiceFilter(label="Giro", choices=Giro.choices, empty_label="Todos")
    situacion = django_filters.ChoiceFilter(label="Situación", choices=Empresa.Situacion.choices, empty_label="Todas")
    sin_ejecutivo = django_filters.BooleanFilter(
        label="Solo sin ejecutivo", method="filtrar_sin_ejecutivo", widget=django_forms.CheckboxInput
    )

    class Meta:
        model = Empresa
        fields = []

    def buscar(self, queryset, name, value):
        return queryset.filter(coincide(value, contiene=("razon_social", "localidad"), empieza=("nit",)))

    def filtrar_sin_ejecutivo(self, queryset, name, value):
        return queryset.filter(ejecutivo__isnull=True) if value else queryset


class FiltroVentas(_ConEtiquetas):
    estado = django_filters.ChoiceFilter(label="Estado", choices=Estado.choices, empty_label="Todos los estados")
    flujo = django_filters.ChoiceFilter(label="Flujo", choices=Flujo.choices, empty_label="Ambos flujos")

    class Meta:
        model = Venta
        fields = []


class FiltroOrdenes(_ConEtiquetas):
    """Open orders unless ``todas`` asks for the closed ones too."""

    todas = django_filters.BooleanFilter(
        label="Ver también las cerradas", method="filtrar_todas", widget=django_forms.CheckboxInput
    )

    class Meta:
        model = OrdenTrabajo
        fields = []

    def filtrar_todas(self, queryset, name, value):
        return queryset if value else queryset.filter(estado=OrdenTrabajo.EstadoOrden.SOLICITADA)

    @property
    def solo_abiertas(self):
        return not self.form.cleaned_data.get("todas")


class FiltroMes(django_filters.Filter):
    """The rows of one month (AAAA-MM) of a date field."""

    field_class = CampoMes

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        mes = mes_de(value)
        return qs.filter(**{f"{self.field_name}__gte": mes, f"{self.field_name}__lt": mes_siguiente(mes)})


class FiltroCronograma(_ConEtiquetas):
    """One ejecutivo's month of the Cronograma de Visitas (the view fills in the defaults)."""

    ejecutivo = django_filters.ModelChoiceFilter(label="Ejecutivo(a)", queryset=Usuario.objects.none())
    mes = FiltroMes(label="Mes", field_name="fecha")

    class Meta:
        model = Visita
        fields = []

    def __init__(self, *args, organizacion, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["ejecutivo"].queryset = selectors.usuarios_con_rol(organizacion, "ejecutivo_empresas")
