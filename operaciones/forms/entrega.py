"""Forms of the entrega part: expediente, payment, factura, delivery, provider tasks and the directory."""

from django import forms

from enlace.forms import FechaInput
from enlace.telefonos import TelefonoField
from operaciones.models import Apartado, Contacto, TareaProveedor, TipoDocumento
from operaciones.selectors import concesionarios_de_la_red


class DocumentoOperacionForm(forms.Form):
    tipo = forms.ChoiceField(label="Tipo de documento", choices=TipoDocumento.choices)
    archivo = forms.FileField(
        label="Archivo (PDF o imagen)", widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"})
    )


class PagoForm(forms.Form):
    referencia = forms.CharField(label="Referencia del pago", max_length=120)
    monto = forms.DecimalField(label="Monto pagado (MXN)", min_value=0.01, max_digits=12, decimal_places=2)


class FacturaForm(forms.Form):
    uuid = forms.CharField(label="Folio fiscal (UUID)", max_length=36)
    fecha = forms.DateField(label="Fecha de la factura", widget=FechaInput())
    pdf = forms.FileField(label="Factura en PDF", required=False)
    xml = forms.FileField(label="Factura en XML (CFDI)", required=False)


class EntregaForm(forms.Form):
    lugar = forms.ChoiceField(label="Lugar de entrega (elegido por el cliente)", choices=Apartado.LugarEntrega.choices)
    direccion = forms.CharField(
        label="Dirección", max_length=250, required=False, help_text="Obligatoria en domicilio o lugar de trabajo."
    )
    fecha_programada = forms.DateTimeField(
        label="Fecha y hora", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    notas = forms.CharField(label="Notas", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TareaProveedorForm(forms.Form):
    tipo = forms.ChoiceField(label="Tarea", choices=TareaProveedor.Tipo.choices)
    proveedor = forms.ModelChoiceField(label="Proveedor o contacto", queryset=Contacto.objects.none(), required=False)
    fecha_compromiso = forms.DateField(label="Fecha compromiso", widget=FechaInput())
    notas = forms.CharField(label="Notas", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, proveedores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proveedor"].queryset = proveedores


class ContactoForm(forms.ModelForm):
    class Meta:
        model = Contacto
        fields = ("tipo", "nombre", "empresa", "concesionario", "telefono", "correo", "notas")
        widgets = {"notas": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"telefono": TelefonoField}

    def __init__(self, *args, usuario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concesionario"].queryset = concesionarios_de_la_red(usuario)
