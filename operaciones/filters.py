"""The inventory search (django-filter)."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from operaciones.models import Unidad


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
