"""The lists of operaciones filtered by GET (django-filter), every field with its Spanish label."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from operaciones.forms import PeriodoForm
from operaciones.models import (
    AlertaAntiguedad,
    Apartado,
    CategoriaContacto,
    Contacto,
    LineaComision,
    Unidad,
    tipos_de_categoria,
)


class BusquedaUnidades(django_filters.FilterSet):
    ESTADOS = (
        ("disponible", "Disponible"),
        ("apartada", "Apartada (pendiente de validación)"),
        ("validada", "Apartado validado"),
    )

    marca = django_filters.CharFilter(label="Marca", lookup_expr="istartswith")
    modelo = django_filters.CharFilter(label="Modelo", lookup_expr="icontains")
    anio_desde = django_filters.NumberFilter(field_name="anio", lookup_expr="gte", label="Año desde")
    anio_hasta = django_filters.NumberFilter(field_name="anio", lookup_expr="lte", label="Año hasta")
    precio_min = django_filters.NumberFilter(field_name="precio", lookup_expr="gte", label="Precio mínimo")
    precio_max = django_filters.NumberFilter(field_name="precio", lookup_expr="lte", label="Precio máximo")
    ciudad = django_filters.CharFilter(label="Ciudad", lookup_expr="iexact")
    concesionario = django_filters.ModelChoiceFilter(label="Concesionario", queryset=None, empty_label="Todos")
    dias_min = django_filters.NumberFilter(label="Días en inventario (mínimo)", method="filtrar_dias_min")
    dias_max = django_filters.NumberFilter(label="Días en inventario (máximo)", method="filtrar_dias_max")
    estado = django_filters.ChoiceFilter(label="Estado", choices=ESTADOS, method="filtrar_estado", empty_label="Todos")

    class Meta:
        model = Unidad
        fields = []

    def __init__(self, *args, concesionarios=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["concesionario"].queryset = concesionarios
        for campo in self.form.fields.values():
            campo.widget.attrs.setdefault("placeholder", campo.label)
        self.form.fields["anio_desde"].widget = forms.NumberInput(attrs={"placeholder": "Año desde", "min": 1990})

    def filtrar_dias_min(self, queryset, name, value):
        return queryset.filter(fecha_ingreso__lte=timezone.localdate() - timedelta(days=int(value)))

    def filtrar_dias_max(self, queryset, name, value):
        return queryset.filter(fecha_ingreso__gte=timezone.localdate() - timedelta(days=int(value)))

    def filtrar_estado(self, queryset, name, value):
        ahora = timezone.now()
        if value == "disponible":
            return queryset.disponibles(ahora)
        if value == "apartada":
            return queryset.filter(estado=Unidad.Estado.APARTADA, reservada_hasta__gt=ahora)
        if value == "validada":
            return queryset.filter(estado=Unidad.Estado.VALIDADA)
        return queryset

    @property
    def qs(self):
        return super().qs.exclude(Q(estado=Unidad.Estado.VENDIDA) | Q(estado=Unidad.Estado.RETIRADA))


class FiltroApartados(django_filters.FilterSet):
    """«Mis apartados» / the concesionario's / the network's apartados, by state."""

    estado = django_filters.ChoiceFilter(
        label="Estado", choices=Apartado.Estado.choices, empty_label="Todos los estados"
    )

    class Meta:
        model = Apartado
        fields = []


class FiltroAlertas(django_filters.FilterSet):
    """Aging alerts by concesionario, threshold and whether a strategy was recorded."""

    concesionario = django_filters.ModelChoiceFilter(
        label="Concesionario", field_name="unidad__concesionario", queryset=None, empty_label="Todos"
    )
    umbral = django_filters.NumberFilter(label="Alerta (días)")
    con_estrategia = django_filters.BooleanFilter(
        label="¿Con estrategia registrada?",
        method="filtrar_con_estrategia",
        widget=forms.Select(choices=[("", "Todas"), ("true", "Sí"), ("false", "No")]),
    )

    class Meta:
        model = AlertaAntiguedad
        fields = []

    def __init__(self, *args, concesionarios=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["concesionario"].queryset = concesionarios

    def filtrar_con_estrategia(self, queryset, name, value):
        return queryset.exclude(estrategia="") if value else queryset.filter(estrategia="")


class FiltroContactos(django_filters.FilterSet):
    """The COP's directory by the seed's categories."""

    categoria = django_filters.ChoiceFilter(
        label="Categoría", choices=CategoriaContacto.choices, method="filtrar_categoria", empty_label="Todas"
    )

    class Meta:
        model = Contacto
        fields = []

    def filtrar_categoria(self, queryset, name, value):
        return queryset.filter(tipo__in=tipos_de_categoria(value))


class FiltroComisiones(django_filters.FilterSet):
    """The commission board and its PDF report: the period of the cierre (a month or a range, the current
    month by default), the state, the asesor who closed and the concesionario paid."""

    estado = django_filters.ChoiceFilter(
        label="Estado", choices=LineaComision.Estado.choices, empty_label="Todos los estados"
    )
    asesor = django_filters.ModelChoiceFilter(
        label="Asesor", field_name="apartado__asesor", queryset=None, empty_label="Todos los asesores"
    )
    concesionario = django_filters.ModelChoiceFilter(
        label="Concesionario",
        field_name="beneficiario_concesionario",
        queryset=None,
        empty_label="Todos los concesionarios",
    )

    class Meta:
        model = LineaComision
        fields = []
        form = PeriodoForm  # mes, desde, hasta and their validation

    def __init__(self, *args, asesores=None, concesionarios=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["asesor"].queryset = asesores
        self.filters["concesionario"].queryset = concesionarios

    def filter_queryset(self, queryset):
        """The period's lines (the form's mes, desde and hasta are not filters but its ``rango``), then the rest."""
        desde, hasta = self.form.rango()
        queryset = queryset.cerradas_entre(desde, hasta)
        for nombre, filtro in self.filters.items():
            queryset = filtro.filter(queryset, self.form.cleaned_data.get(nombre))
        return queryset
