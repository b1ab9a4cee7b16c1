"""Forms of the negotiation: they check input; the services decide and write."""

from django import forms

from operaciones.models import Apartado, SolicitudDescuento

__all__ = [
    "DecidirContraofertaForm",
    "DescuentoForm",
    "FinanciamientoForm",
    "ResolverDescuentoForm",
    "ResponderDescuentoForm",
    "RespuestaFinanciamientoForm",
]

APROBAR = [("aprobada", "Aprobada"), ("rechazada", "Rechazada")]


def _dinero(etiqueta, **extra):
    return forms.DecimalField(label=etiqueta, min_value=0, max_digits=12, decimal_places=2, **extra)


class DescuentoForm(forms.Form):
    tipo = forms.ChoiceField(label="Tipo de descuento", choices=SolicitudDescuento.Tipo.choices)
    valor = forms.DecimalField(label="Monto (MXN) o porcentaje", min_value=0, max_digits=12, decimal_places=2)
    motivo = forms.CharField(label="Motivo", widget=forms.Textarea(attrs={"rows": 3}))


class ResolverDescuentoForm(forms.Form):
    resultado = forms.ChoiceField(label="Resultado de la negociación", choices=APROBAR, widget=forms.RadioSelect)
    monto_aprobado = _dinero("Monto aprobado (MXN)", required=False)
    acordado_con = forms.CharField(label="¿Quién lo acordó en el concesionario?", max_length=150, required=False)
    motivo = forms.CharField(label="Motivo del rechazo", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ResponderDescuentoForm(forms.Form):
    """The gerente de ventas' answer; the service checks the amount against the price and what is approved."""

    resultado = forms.ChoiceField(
        label="Respuesta",
        choices=[("aprobada", "Aprobar"), ("contraoferta", "Hacer una contraoferta"), ("rechazada", "Rechazar")],
        widget=forms.RadioSelect,
    )
    monto = _dinero("Monto aprobado o de la contraoferta (MXN)", required=False)
    motivo = forms.CharField(
        label="Motivo del rechazo o condiciones de la contraoferta",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class DecidirContraofertaForm(forms.Form):
    resultado = forms.ChoiceField(
        label="Contraoferta",
        choices=[("acepta", "Aceptar"), ("rechaza", "Rechazar")],
        widget=forms.RadioSelect,
    )
    motivo = forms.CharField(label="Motivo del rechazo", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FinanciamientoForm(forms.Form):
    financiera = forms.CharField(label="Financiera (banco, caja o financiera)", max_length=120)
    tipo_financiera = forms.ChoiceField(label="Tipo de financiera", choices=Apartado.TipoFinanciera.choices)
    monto_solicitado = _dinero("Monto solicitado (MXN)")
    plazo_meses = forms.IntegerField(label="Plazo (meses)", min_value=1, max_value=120)


class RespuestaFinanciamientoForm(forms.Form):
    resultado = forms.ChoiceField(label="Respuesta de la financiera", choices=APROBAR, widget=forms.RadioSelect)
    condiciones = forms.CharField(label="Condiciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    monto_aprobado = _dinero("Monto aprobado (MXN)", required=False)
    tasa = forms.DecimalField(label="Tasa anual (%)", min_value=0, max_digits=5, decimal_places=2, required=False)
    motivo = forms.CharField(label="Motivo del rechazo", widget=forms.Textarea(attrs={"rows": 2}), required=False)
