"""Forms of the cierre part: the client's satisfaction survey."""

from django import forms

from operaciones import mensajes

CALIFICACIONES = [(n, str(n)) for n in range(1, 6)]


class EncuestaCierreForm(forms.Form):
    calificacion = forms.TypedChoiceField(
        label="¿Cómo califica su experiencia de compra? (1 = muy mala, 5 = excelente)",
        choices=CALIFICACIONES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": mensajes.ENCUESTA_CALIFICACION_INVALIDA,
            "invalid_choice": mensajes.ENCUESTA_CALIFICACION_INVALIDA,
        },
    )
    comentario = forms.CharField(
        label="Comentario (opcional)", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
