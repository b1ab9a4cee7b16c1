"""Forms of the COP's supervision: the bottleneck filter, a unit's withdrawal and a review's resolution."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from enlace.forms import FechaInput
from operaciones import mensajes
from operaciones.selectors.supervision import DIAS_PERIODO_CUELLOS

__all__ = ["CuellosFiltroForm", "PeriodoDiasForm", "ResolverRetiroForm"]


class PeriodoDiasForm(forms.Form):
    """A period typed dd/mm/aaaa; empty means the last ``dias`` days up to today."""

    dias = 30
    desde = forms.DateField(label="Desde", required=False, widget=FechaInput())
    hasta = forms.DateField(label="Hasta", required=False, widget=FechaInput())

    def clean(self):
        datos = super().clean()
        hoy = timezone.localdate()
        datos["hasta"] = datos.get("hasta") or hoy
        datos["desde"] = datos.get("desde") or datos["hasta"] - timedelta(days=self.dias)
        if datos["desde"] > datos["hasta"]:
            raise forms.ValidationError(mensajes.PERIODO_INVERTIDO)
        return datos

    def periodo(self):
        """The period as aware datetimes: from the start of ``desde`` to the end of ``hasta`` (local time)."""
        desde, hasta = self.cleaned_data["desde"], self.cleaned_data["hasta"] + timedelta(days=1)
        return (
            timezone.make_aware(datetime.combine(desde, time.min)),
            timezone.make_aware(datetime.combine(hasta, time.min)),
        )


class CuellosFiltroForm(PeriodoDiasForm):
    """Period (default: the last 90 days) and an optional concesionario of the bottleneck report."""

    dias = DIAS_PERIODO_CUELLOS
    concesionario = forms.ModelChoiceField(label="Concesionario", queryset=None, required=False, empty_label="Todos")

    def __init__(self, *args, concesionarios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concesionario"].queryset = concesionarios


class ResolverRetiroForm(forms.Form):
    resolucion = forms.CharField(
        label="Resolución",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": mensajes.RESOLUCION_REQUERIDA},
    )
