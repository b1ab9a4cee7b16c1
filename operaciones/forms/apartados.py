"""Forms of operaciones. They check input; the services decide and write."""

from django import forms

from enlace.telefonos import TelefonoField
from operaciones import mensajes
from operaciones.models import (
    CAMPOS_SOLICITUD,
    AlertaAntiguedad,
    Apartado,
    CanalLead,
    TipoPersona,
    validar_solicitud,
)


class ApartarForm(forms.Form):
    """The client and the Solicitud de Intención de Compra an asesor fills to reserve a unit."""

    nombre = forms.CharField(label="Cliente (nombre o razón social)", max_length=200)
    tipo_persona = forms.ChoiceField(label="Persona física o moral", choices=TipoPersona.choices)
    rfc = forms.CharField(label="RFC", max_length=13, required=False)
    correo = forms.EmailField(label="Correo del cliente", required=False)
    telefono = TelefonoField(label="Teléfono del cliente", required=False)
    forma_pago = forms.ChoiceField(label="Forma de pago", choices=Apartado.FormaPago.choices)
    enganche = forms.DecimalField(label="Enganche (MXN)", min_value=0, max_digits=12, decimal_places=2, required=False)
    financiera = forms.CharField(label="Financiera", max_length=120, required=False)
    tipo_financiera = forms.ChoiceField(
        label="Tipo de financiera", choices=[("", "—"), *Apartado.TipoFinanciera.choices], required=False
    )
    unidad_a_cuenta = forms.BooleanField(label="El cliente entrega una unidad a cuenta (Trade-In)", required=False)
    unidad_a_cuenta_descripcion = forms.CharField(
        label="Unidad a cuenta (marca, modelo, año)", max_length=200, required=False
    )
    descuento_solicitado = forms.DecimalField(
        label="Descuento solicitado (MXN)", min_value=0, max_digits=12, decimal_places=2, required=False, initial=0
    )
    canal = forms.ModelChoiceField(
        label="Canal por el que llegó el cliente",
        queryset=CanalLead.objects.filter(activo=True),
        error_messages={"required": mensajes.CANAL_REQUERIDO},
    )
    lugar_entrega = forms.ChoiceField(label="Lugar de entrega preferido", choices=Apartado.LugarEntrega.choices)
    lugar_entrega_detalle = forms.CharField(label="Dirección de entrega", max_length=250, required=False)
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, precio=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.precio = precio

    def clean(self):
        datos = super().clean()
        if not self.errors and self.precio is not None:
            for error in validar_solicitud(solicitud_de(datos), precio=self.precio):
                self.add_error(None, error)
        return datos


def cliente_de(datos):
    """The client's fields of an ApartarForm's cleaned data."""
    return {campo: datos.get(campo) or "" for campo in ("nombre", "rfc", "correo", "telefono")}


def solicitud_de(datos):
    """The Solicitud de Intención de Compra of an ApartarForm's cleaned data."""
    solicitud = {campo: datos.get(campo) for campo in CAMPOS_SOLICITUD}
    solicitud["enganche"] = solicitud["enganche"] or 0
    solicitud["descuento_solicitado"] = solicitud["descuento_solicitado"] or 0
    return solicitud


class ConfirmarForm(forms.Form):
    """What the COP records when the concesionario confirmed outside the app."""

    confirmo = forms.CharField(label="¿Quién confirmó en el concesionario?", max_length=150)
    medio = forms.ChoiceField(label="¿Por qué medio?", choices=Apartado.MedioConfirmacion.choices)


class LiberarForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo de la liberación",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": mensajes.MOTIVO_REQUERIDO},
    )


class CancelarForm(forms.Form):
    motivo = forms.ChoiceField(
        label="Motivo de la cancelación",
        choices=[("", "—"), *Apartado.MotivoCancelacion.choices],
        error_messages={"required": mensajes.MOTIVO_CANCELACION_REQUERIDO},
    )
    detalle = forms.CharField(label="Detalle", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    adjunto = forms.FileField(label="Adjunto (PDF o imagen, opcional)", required=False)

    def clean(self):
        datos = super().clean()
        if datos.get("motivo") == Apartado.MotivoCancelacion.OTRO and not (datos.get("detalle") or "").strip():
            self.add_error("detalle", mensajes.DETALLE_OTRO_REQUERIDO)
        return datos


class SolicitarCancelacionForm(forms.Form):
    motivo = forms.ChoiceField(
        label="Motivo de la cancelación",
        choices=[("", "—"), *Apartado.MotivoCancelacion.choices],
        error_messages={"required": mensajes.MOTIVO_CANCELACION_REQUERIDO},
    )
    detalle = forms.CharField(
        label="Explique al COP por qué pide cancelar",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": mensajes.CANCELACION_DETALLE_REQUERIDO},
    )


class RechazarCancelacionForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo del rechazo",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": mensajes.RECHAZO_MOTIVO_REQUERIDO},
    )


class EstrategiaForm(forms.Form):
    estrategia = forms.ChoiceField(
        label="Estrategia",
        choices=[("", "—"), *AlertaAntiguedad.Estrategia.choices],
        error_messages={"required": mensajes.ESTRATEGIA_REQUERIDA},
    )
    nuevo_precio = forms.DecimalField(
        label="Nuevo precio (MXN, para ajuste de precio)", min_value=1, max_digits=12, decimal_places=2, required=False
    )
    detalle = forms.CharField(label="Detalle", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        datos = super().clean()
        if datos.get("estrategia") == AlertaAntiguedad.Estrategia.AJUSTE_PRECIO and not datos.get("nuevo_precio"):
            self.add_error("nuevo_precio", mensajes.PRECIO_REQUERIDO)
        return datos


class FotoForm(forms.Form):
    archivo = forms.FileField(label="Foto (JPG, PNG o WEBP)")
    descripcion = forms.CharField(label="Descripción", max_length=120, required=False)


class RetirarUnidadForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo del retiro", max_length=500, error_messages={"required": mensajes.MOTIVO_RETIRO_REQUERIDO}
    )


class ReactivarUnidadForm(forms.Form):
    motivo = forms.CharField(label="Motivo (opcional)", max_length=500, required=False)


class CancelarAdminForm(forms.Form):
    """The admin's cancellation: the same reasons, without the attachment (its page posts no files)."""

    motivo = CancelarForm.base_fields["motivo"]
    detalle = CancelarForm.base_fields["detalle"]
