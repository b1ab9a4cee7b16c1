"""Forms of the conversation, the escalation to the gerente general and the sales-progress notice."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from enlace.forms import FechaInput
from operaciones.models import Escalamiento, TipoMensaje

__all__ = [
    "AvisoAvanceForm",
    "EscalarForm",
    "MensajeForm",
    "ResolverEscalamientoForm",
    "ResponderEscalamientoForm",
]

TODOS = "todos"


class VariosArchivos(forms.ClearableFileInput):
    allow_multiple_selected = True


class VariosArchivosField(forms.FileField):
    """Zero or more files; each is checked by the service (``validar_subida``) before anything is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", VariosArchivos(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.mp4,.webm", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(VariosArchivosField, self).clean(d, initial) for d in data if d]
        return [data] if data else []


class MensajeForm(forms.Form):
    tipo = forms.ChoiceField(label="Tipo de mensaje", choices=TipoMensaje.choices)
    texto = forms.CharField(label="Mensaje", widget=forms.Textarea(attrs={"rows": 3}))
    adjuntos = VariosArchivosField(label="Adjuntos (imágenes, videos MP4/WebM o PDF, opcional)")

    def __init__(self, *args, tipos=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tipos is not None:
            self.fields["tipo"].choices = [(t.value, t.label) for t in tipos]


class EscalarForm(forms.Form):
    severidad = forms.ChoiceField(label="Severidad", choices=Escalamiento.Severidad.choices)
    motivo = forms.CharField(label="Problema que escala al gerente general", widget=forms.Textarea(attrs={"rows": 3}))


class ResponderEscalamientoForm(forms.Form):
    respuesta = forms.CharField(label="Respuesta al COP", widget=forms.Textarea(attrs={"rows": 3}))


class ResolverEscalamientoForm(forms.Form):
    resolucion = forms.CharField(label="Cómo se resolvió", widget=forms.Textarea(attrs={"rows": 3}))


class AvisoAvanceForm(forms.Form):
    concesionario = forms.ChoiceField(label="Gerente general de")
    desde = forms.DateField(label="Desde", widget=FechaInput())
    hasta = forms.DateField(label="Hasta", widget=FechaInput())
    incentivo = forms.CharField(
        label="Estrategia o incentivo", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args, concesionarios=(), **kwargs):
        hoy = timezone.localdate()
        kwargs.setdefault("initial", {"desde": hoy.replace(day=1), "hasta": hoy})
        super().__init__(*args, **kwargs)
        self.concesionarios = {str(c.pk): c for c in concesionarios}
        self.fields["concesionario"].choices = [
            (TODOS, "Todos los concesionarios de la red"),
            *[(pk, c.nombre) for pk, c in self.concesionarios.items()],
        ]

    def clean(self):
        datos = super().clean()
        elegido = datos.get("concesionario")
        if elegido:
            datos["concesionarios"] = (
                list(self.concesionarios.values()) if elegido == TODOS else [self.concesionarios[elegido]]
            )
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta and hasta - desde > timedelta(days=366):
            self.add_error("hasta", "El periodo no puede pasar de un año.")
        return datos
