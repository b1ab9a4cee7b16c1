"""Forms of comisiones: the period (shared with desempeño and the board's filter) and the payment."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from enlace.forms import FechaInput
from operaciones import mensajes


class PeriodoForm(forms.Form):
    """A month (YYYY-MM) or a date range; empty means the current month."""

    mes = forms.DateField(
        label="Mes",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    desde = forms.DateField(label="Desde", required=False, widget=FechaInput())
    hasta = forms.DateField(label="Hasta", required=False, widget=FechaInput())

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and desde > hasta:
            raise forms.ValidationError(mensajes.PERIODO_INVALIDO)
        return datos

    def fechas(self):
        """(first day, last day) of the period chosen, the current month by default (or when invalid)."""
        datos = self.cleaned_data if self.is_valid() else {}
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde or hasta:
            return desde or hasta, hasta or desde
        inicio = (datos.get("mes") or timezone.localdate()).replace(day=1)
        fin = (inicio + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return inicio, fin

    def rango(self):
        """The period as aware datetimes [desde 00:00, day after hasta 00:00) in the current time zone."""
        desde, hasta = self.fechas()
        zona = timezone.get_current_timezone()
        return (
            datetime.combine(desde, time.min, tzinfo=zona),
            datetime.combine(hasta + timedelta(days=1), time.min, tzinfo=zona),
        )


class PagoComisionForm(forms.Form):
    fecha = forms.DateField(
        label="Fecha de pago",
        widget=FechaInput(),
        error_messages={"required": mensajes.COMISION_PAGO_INCOMPLETO},
    )
    referencia = forms.CharField(
        label="Referencia", max_length=120, error_messages={"required": mensajes.COMISION_PAGO_INCOMPLETO}
    )
