"""The filters of ENROK's lists (django-filter), with the query parameters the pages always used."""

from datetime import timedelta

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone

from atencion.models import Campana, Canal, Prioridad, ReporteEjecutivo, Ticket
from atencion.selectors.tickets import condiciones_de_busqueda
from enlace.busqueda import primeras_coincidencias
from enlace.forms import FechaInput
from enlace.kpis import DIAS as DIAS_INICIO
from enlace.models import Organizacion, Usuario

ESTADOS_TICKET = [("abiertos", "Abiertos (sin resolver)"), *Ticket.Estado.choices]


class FiltroTickets(django_filters.FilterSet):
    estado = django_filters.ChoiceFilter(
        label="Estado", choices=ESTADOS_TICKET, method="filtrar_estado", empty_label="Todos"
    )
    canal = django_filters.ChoiceFilter(label="Canal", choices=Canal.choices, empty_label="Todos")
    prioridad = django_filters.ChoiceFilter(label="Prioridad", choices=Prioridad.choices, empty_label="Todas")
    # Set by the links of the PYME page (hidden in the form).
    pyme = django_filters.CharFilter(label="PYME", field_name="pyme__slug", widget=forms.HiddenInput)
    q = django_filters.CharFilter(label="Buscar", method="buscar")

    class Meta:
        model = Ticket
        fields = []

    def filtrar_estado(self, queryset, name, value):
        return queryset.abiertos() if value == "abiertos" else queryset.filter(estado=value)

    busqueda_acotada = False  # the search matched more tickets than ENLACE_BUSQUEDA_TOPE: the newest are listed

    def buscar(self, queryset, name, value):
        tope = settings.ENLACE_BUSQUEDA_TOPE
        condiciones = condiciones_de_busqueda(value)
        pks = primeras_coincidencias(queryset, condiciones, ("-creado", "-id"), tope + 1)
        self.busqueda_acotada = len(pks) > tope
        return queryset.filter(pk__in=pks[:tope])


class FormularioPeriodo(forms.Form):
    """The period of the metrics: the last 30 days by default (as on the home), at most a year."""

    def clean(self):
        datos = super().clean()
        hoy = timezone.localdate()
        datos["hasta"] = datos.get("hasta") or hoy
        datos["desde"] = datos.get("desde") or datos["hasta"] - timedelta(days=DIAS_INICIO - 1)
        if datos["desde"] > datos["hasta"]:
            raise forms.ValidationError("La fecha inicial debe ser anterior a la final.")
        if (datos["hasta"] - datos["desde"]).days > 366:
            raise forms.ValidationError("El periodo no puede ser mayor a un año.")
        return datos


class FiltroMetricas(django_filters.FilterSet):
    """Tickets of one PYME (or all the user sees); the period and the agent are read by the view, since
    the KPIs also use them on the daily roll-up, the surveys and the interactions."""

    desde = django_filters.DateFilter(label="Desde", method="parametro", widget=FechaInput())
    hasta = django_filters.DateFilter(label="Hasta", method="parametro", widget=FechaInput())
    pyme = django_filters.ModelChoiceFilter(
        label="PYME", queryset=Organizacion.objects.none(), to_field_name="slug", empty_label="Todas las PYMES"
    )
    agente = django_filters.ModelChoiceFilter(
        label="Agente", queryset=Usuario.objects.none(), method="parametro", empty_label="Todos los agentes"
    )

    class Meta:
        model = Ticket
        fields = []
        form = FormularioPeriodo

    def __init__(self, *args, pymes, agentes, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pyme"].queryset = pymes
        self.filters["agente"].queryset = agentes

    def parametro(self, queryset, name, value):
        return queryset


class FiltroReportes(django_filters.FilterSet):
    pyme = django_filters.ModelChoiceFilter(
        label="PYME", queryset=Organizacion.objects.none(), to_field_name="slug", empty_label="Todas las PYMES"
    )
    periodicidad = django_filters.ChoiceFilter(
        label="Periodicidad", choices=ReporteEjecutivo.Periodicidad.choices, empty_label="Todas"
    )
    estado = django_filters.ChoiceFilter(label="Estado", choices=ReporteEjecutivo.Estado.choices, empty_label="Todos")

    class Meta:
        model = ReporteEjecutivo
        fields = []

    def __init__(self, *args, pymes, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pyme"].queryset = pymes


class FiltroCampanas(django_filters.FilterSet):
    pyme = django_filters.ModelChoiceFilter(
        label="PYME", queryset=Organizacion.objects.none(), to_field_name="slug", empty_label="Todas las PYMES"
    )
    tipo = django_filters.ChoiceFilter(label="Tipo", choices=Campana.Tipo.choices, empty_label="Todos")
    estado = django_filters.ChoiceFilter(label="Estado", choices=Campana.Estado.choices, empty_label="Todos")

    class Meta:
        model = Campana
        fields = []

    def __init__(self, *args, pymes, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pyme"].queryset = pymes
