"""The lists of Ventas Digitales filtered by the query string (django-filter)."""

import django_filters
from django import forms
from django.http import QueryDict

from comercial.digitales import selectors
from comercial.digitales.models import Canal, SolicitudDigital

BANDEJA_INICIAL = "cola"


class BandejaFiltro(django_filters.FilterSet):
    """The queue tabs of the agents and the Responsable (``?bandeja=…``); an unknown tab shows the first one."""

    bandeja = django_filters.ChoiceFilter(
        label="Bandeja",
        choices=[(codigo, etiqueta) for codigo, (etiqueta, _filtro) in selectors.BANDEJAS.items()],
        method="filtrar_bandeja",
        empty_label=None,
        widget=forms.HiddenInput,  # the tabs above pick it; the filter bar keeps it
    )

    canal = django_filters.ChoiceFilter(label="Canal de origen", choices=Canal.choices, empty_label="Todos")

    class Meta:
        model = SolicitudDigital
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = (data or QueryDict()).copy()
        if data.get("bandeja") not in selectors.BANDEJAS:
            data["bandeja"] = BANDEJA_INICIAL
        super().__init__(data, *args, **kwargs)

    def filtrar_bandeja(self, queryset, name, value):
        return queryset.filter(selectors.BANDEJAS[value][1])
