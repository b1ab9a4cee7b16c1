"""Forms of the publication of units: one unit, the inventory file, a proposed change and its review."""

from django import forms

from operaciones import mensajes
from operaciones.forms.conversaciones import VariosArchivosField
from operaciones.models import CAMPOS_CAMBIABLES, Unidad
from operaciones.models.inventario import validar_vin
from operaciones.services.publicacion import anio_maximo

__all__ = [
    "ImportarInventarioForm",
    "ProponerCambioForm",
    "PublicarUnidadForm",
    "RechazarCambioForm",
    "RetirarAusentesForm",
]


class PublicarUnidadForm(forms.ModelForm):
    fotos = VariosArchivosField(label="Fotos (JPG, PNG o WEBP, opcional)")

    class Meta:
        model = Unidad
        fields = [
            "vin",
            "marca",
            "modelo",
            "anio",
            "version",
            "km",
            "precio",
            "color",
            "ciudad",
            "equipamiento",
            "descripcion",
        ]
        widgets = {"equipamiento": forms.Textarea(attrs={"rows": 3}), "descripcion": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fotos"].widget.attrs["accept"] = ".jpg,.jpeg,.png,.webp"
        self.fields["anio"].widget.attrs.update(min=1900, max=anio_maximo())
        self.fields["precio"].min_value = 0.01
        self.fields["vin"].help_text = "17 caracteres, sin I, O ni Q."

    def clean_vin(self):
        vin = "".join((self.cleaned_data.get("vin") or "").split()).upper()
        validar_vin(vin)
        return vin

    def validate_unique(self):
        """The service reports a duplicate VIN in its own words."""

    def clean_precio(self):
        precio = self.cleaned_data.get("precio")
        if precio is not None and precio <= 0:
            raise forms.ValidationError(mensajes.PRECIO_INVALIDO.format(valor=precio))
        return precio


class ImportarInventarioForm(forms.Form):
    archivo = forms.FileField(
        label="Archivo de inventario (CSV, XLSX o XLS)",
        help_text="La exportación de su sistema: una fila por unidad con VIN, marca, modelo, año, versión, "
        "kilometraje, precio, color y, si los tiene, equipamiento, descripción y ciudad.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xls"}),
    )
    completo = forms.BooleanField(
        label="Es el inventario completo",
        required=False,
        help_text="Las unidades publicadas que no vengan en el archivo se le ofrecerán para retiro (no se retira "
        "ninguna sin su confirmación).",
    )


class ProponerCambioForm(forms.ModelForm):
    motivo = forms.CharField(label="Motivo del cambio (opcional)", max_length=500, required=False)

    class Meta:
        model = Unidad
        fields = list(CAMPOS_CAMBIABLES)
        widgets = {"equipamiento": forms.Textarea(attrs={"rows": 3}), "descripcion": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unidad=None, **kwargs):
        super().__init__(*args, instance=Unidad(**{c: getattr(unidad, c) for c in CAMPOS_CAMBIABLES}), **kwargs)

    def clean_precio(self):
        precio = self.cleaned_data.get("precio")
        if precio is not None and precio <= 0:
            raise forms.ValidationError(mensajes.PRECIO_INVALIDO.format(valor=precio))
        return precio

    def _post_clean(self):
        """Only the fields: the unit is changed by the webmaster's approval, not by this form."""


class RechazarCambioForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo del rechazo",
        max_length=500,
        error_messages={"required": mensajes.MOTIVO_RECHAZO_CAMBIO_REQUERIDO},
    )


class RetirarAusentesForm(forms.Form):
    unidades = forms.ModelMultipleChoiceField(
        label="Unidades a retirar", queryset=Unidad.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, ofrecidas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unidades"].queryset = ofrecidas
        self.fields["unidades"].label_from_instance = lambda u: f"{u.marca} {u.modelo} {u.anio} · {u.vin}"
