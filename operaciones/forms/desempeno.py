"""Forms of desempeño: a coaching session recorded by the COP."""

from django import forms
from django.utils import timezone

from enlace.forms import FechaInput
from operaciones import mensajes
from operaciones.models import Apartado, SesionCoaching


class SesionCoachingForm(forms.Form):
    asesor = forms.ModelChoiceField(
        label="Asesor",
        queryset=None,
        error_messages={
            "required": mensajes.COACHING_ASESOR_INVALIDO,
            "invalid_choice": mensajes.COACHING_ASESOR_INVALIDO,
        },
    )
    fecha = forms.DateField(label="Fecha", initial=timezone.localdate, widget=FechaInput())
    tipo = forms.ChoiceField(label="Tipo de sesión", choices=SesionCoaching.Tipo.choices)
    temas = forms.CharField(
        label="Temas",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": mensajes.COACHING_TEMAS_REQUERIDOS},
    )
    acuerdos = forms.CharField(label="Acuerdos", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    fecha_seguimiento = forms.DateField(label="Fecha de seguimiento", required=False, widget=FechaInput())
    apartado = forms.IntegerField(label="Número de apartado relacionado (opcional)", required=False, min_value=1)

    def __init__(self, *args, asesores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asesor"].queryset = asesores

    def clean(self):
        """The related operación, by its number, must be an apartado of the asesor chosen."""
        datos = super().clean()
        numero, asesor = datos.get("apartado"), datos.get("asesor")
        if numero is not None and asesor is not None:
            datos["apartado"] = Apartado.objects.filter(pk=numero, asesor=asesor).first()
            if datos["apartado"] is None:
                self.add_error("apartado", mensajes.COACHING_APARTADO_AJENO)
        return datos
