"""Forms of the entrega part: expediente, payment, factura, delivery, provider tasks and the directory."""

from django import forms

from enlace.forms import FechaInput
from enlace.telefonos import TelefonoField
from operaciones import mensajes
from operaciones.models import Apartado, Contacto, TareaProveedor, TipoContacto, TipoDocumento
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
    """When; the place is the operación's (changed with LugarEntregaForm, with a reason)."""

    fecha_programada = forms.DateTimeField(
        label="Fecha y hora", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    notas = forms.CharField(label="Notas", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LugarEntregaForm(forms.Form):
    lugar = forms.ChoiceField(label="Nuevo lugar de entrega", choices=Apartado.LugarEntrega.choices)
    detalle = forms.CharField(
        label="Dirección", max_length=250, required=False, help_text="Obligatoria en domicilio o lugar de trabajo."
    )
    motivo = forms.CharField(
        label="¿Por qué cambia el lugar que el cliente eligió en la Solicitud?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": mensajes.LUGAR_MOTIVO_REQUERIDO},
    )


def _proveedores_del_tipo(proveedores, tipo):
    return proveedores.filter(tipo=tipo)


class TrasladoForm(forms.Form):
    origen = forms.CharField(label="Origen (dirección de donde sale la unidad)", max_length=250)
    destino = forms.CharField(label="Destino (dirección de entrega)", max_length=250)
    proveedor = forms.ModelChoiceField(label="Empresa de traslados", queryset=Contacto.objects.none())
    fecha_compromiso = forms.DateField(label="Fecha del traslado", widget=FechaInput())
    notas = forms.CharField(label="Notas", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, proveedores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proveedor"].queryset = _proveedores_del_tipo(proveedores, TipoContacto.TRASLADOS)


class SeguroForm(forms.Form):
    proveedor = forms.ModelChoiceField(label="Aseguradora", queryset=Contacto.objects.none())
    poliza = forms.CharField(label="Número de póliza", max_length=60)
    fecha_activacion = forms.DateField(label="Fecha de activación", widget=FechaInput())

    def __init__(self, *args, proveedores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proveedor"].queryset = _proveedores_del_tipo(proveedores, TipoContacto.ASEGURADORA)


class DeclinarSeguroForm(forms.Form):
    motivo = forms.CharField(
        label="¿Por qué declina el cliente el seguro?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": mensajes.SEGURO_MOTIVO_REQUERIDO},
    )


# The traslado and the seguro have their own forms (origin and destination; the policy).
TIPOS_DE_TAREA_LIBRE = [
    (valor, etiqueta)
    for valor, etiqueta in TareaProveedor.Tipo.choices
    if valor not in (TareaProveedor.Tipo.TRASLADO, TareaProveedor.Tipo.SEGURO)
]


class TareaProveedorForm(forms.Form):
    tipo = forms.ChoiceField(label="Tarea", choices=TIPOS_DE_TAREA_LIBRE)
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
