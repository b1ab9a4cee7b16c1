"""Forms of the Trade-In: they check input; the services decide and write."""

from django import forms

from operaciones.models import ArchivoTradeIn, PuntoChecklistTradeIn, RevisionTradeIn

__all__ = ["ArchivoTradeInForm", "RespuestaTradeInForm", "RevisionTradeInForm", "TradeInForm"]


class TradeInForm(forms.Form):
    marca = forms.CharField(label="Marca", max_length=60)
    modelo = forms.CharField(label="Modelo", max_length=80)
    anio = forms.IntegerField(label="Año", min_value=1900, max_value=2100)
    version = forms.CharField(label="Versión", max_length=120, required=False)
    km = forms.IntegerField(label="Kilometraje", min_value=0)
    color = forms.CharField(label="Color", max_length=40)
    vin = forms.CharField(label="VIN (opcional)", max_length=25, required=False)
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    decision_cop = forms.BooleanField(
        label="Activar por decisión del COP (la Solicitud no indica unidad a cuenta)", required=False
    )

    def unidad(self):
        return {campo: self.cleaned_data[campo] for campo in self.fields if campo != "decision_cop"}


class RevisionTradeInForm(forms.Form):
    punto = forms.ModelChoiceField(
        label="Punto del checklist", queryset=PuntoChecklistTradeIn.objects.filter(activo=True)
    )
    resultado = forms.ChoiceField(label="Resultado", choices=RevisionTradeIn.Resultado.choices)
    observacion = forms.CharField(label="Observación", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ArchivoTradeInForm(forms.Form):
    tipo = forms.ChoiceField(label="Tipo", choices=ArchivoTradeIn.Tipo.choices)
    archivo = forms.FileField(label="Archivo (fotos: JPG, PNG o WEBP; documentos: PDF o imagen)")
    descripcion = forms.CharField(label="Descripción", max_length=120, required=False)


class RespuestaTradeInForm(forms.Form):
    resultado = forms.ChoiceField(
        label="Respuesta", choices=[("toma", "Tomamos la unidad"), ("declina", "Declinamos")], widget=forms.RadioSelect
    )
    oferta = forms.DecimalField(label="Oferta (MXN)", min_value=0, max_digits=12, decimal_places=2, required=False)
    comentario = forms.CharField(label="Comentario", widget=forms.Textarea(attrs={"rows": 2}), required=False)
