"""Forms of Ventas Digitales: Spanish labels and messages; they validate input, services decide."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from comercial.digitales.models import DIAS_ESTIMADOS_MAX, DIAS_ESTIMADOS_MIN, Canal, IntentoContacto, Servicio
from comercial.digitales.selectors import ultimo_mes_cerrado
from comercial.digitales.validadores import validar_carnet, validar_telefono

SI_NO = [("si", "Sí"), ("no", "No")]
CARACTERISTICAS = [
    ("ip_fija", "IP fija"),
    ("simetrico", "Velocidad simétrica"),
    ("tv_hd", "Televisión en alta definición"),
]
HONEYPOT = "sitio_web"
ACEPTA_REQUERIDO = "Debe aceptar que Ventas Digitales COMTECO le contacte."
RANGO_FECHAS = "La fecha inicial debe ser anterior o igual a la final."
RANGO_MAXIMO = "El periodo del indicador no puede superar los 366 días."
DIAS_RANGO = f"Indique un tiempo estimado entre {DIAS_ESTIMADOS_MIN} y {DIAS_ESTIMADOS_MAX} días."


def _si_no(valor):
    return valor == "si"


class TelefonoField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", "Teléfono")
        super().__init__(**kwargs)

    def clean(self, value):
        valor = super().clean(value)
        return validar_telefono(valor) if valor else valor


class CarnetField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("label", "Carnet de identidad")
        kwargs.setdefault("help_text", "Por ejemplo 1234567, 1234567-1A o 1234567 CB.")
        super().__init__(**kwargs)

    def clean(self, value):
        valor = super().clean(value)
        return validar_carnet(valor) if valor else valor


class ContactoPublicoForm(forms.Form):
    """The public contact form of the web page (step 2). ``sitio_web`` is a honeypot humans do not see."""

    nombre = forms.CharField(label="Nombre completo", max_length=150)
    telefono = TelefonoField(label="Teléfono o celular")
    correo = forms.EmailField(label="Correo electrónico", required=False)
    servicio = forms.ChoiceField(
        label="Servicio que le interesa", choices=[("", "No estoy seguro"), *Servicio.choices], required=False
    )
    mensaje = forms.CharField(
        label="Mensaje", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    acepta = forms.BooleanField(
        label="Acepto que Ventas Digitales COMTECO me contacte por teléfono o WhatsApp.",
        error_messages={"required": ACEPTA_REQUERIDO},
    )
    sitio_web = forms.CharField(
        label="Deje este campo vacío",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def es_spam(self):
        return bool(self.data.get(HONEYPOT, "").strip())

    def texto_mensaje(self):
        partes = []
        if self.cleaned_data.get("servicio"):
            partes.append(f"Servicio de interés: {Servicio(self.cleaned_data['servicio']).label}.")
        if self.cleaned_data.get("mensaje"):
            partes.append(self.cleaned_data["mensaje"])
        return "\n".join(partes)


class LeadWebhookForm(forms.Form):
    """The JSON body of a lead from the chatbot or Facebook."""

    canal = forms.ChoiceField(
        choices=[(Canal.CHATBOT, Canal.CHATBOT.label), (Canal.FACEBOOK, Canal.FACEBOOK.label), (Canal.OTRO, "Otro")]
    )
    lead_id = forms.CharField(max_length=100)
    nombre = forms.CharField(max_length=150, required=False)
    telefono = TelefonoField()
    correo = forms.EmailField(required=False)
    mensaje = forms.CharField(max_length=2000, required=False)


class LlamadaForm(forms.Form):
    linea = forms.ChoiceField(label="Línea a la que llamó (IVR opción 1)")
    telefono = TelefonoField(label="Teléfono del cliente")
    nombre_cliente = forms.CharField(label="Nombre del cliente", max_length=150, required=False)
    perdida = forms.BooleanField(label="Llamada perdida: pasa a la cola de devolución de llamadas", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linea"].choices = [(linea, linea) for linea in settings.DIGITALES_LINEAS]


class IntentoForm(forms.Form):
    resultado = forms.ChoiceField(label="Resultado de la llamada", choices=IntentoContacto.Resultado.choices)
    nota = forms.CharField(label="Nota", max_length=250, required=False)


class IdentificacionForm(forms.Form):
    nombre_cliente = forms.CharField(label="Nombre del cliente", max_length=150, required=False)
    servicio = forms.ChoiceField(label="Servicio requerido", choices=Servicio.choices)
    velocidad_mbps = forms.IntegerField(
        label="Velocidad requerida (Mbps)", min_value=0, max_value=10_000, required=False, initial=0
    )
    caracteristicas = forms.MultipleChoiceField(
        label="Características especiales",
        choices=CARACTERISTICAS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    carnet = CarnetField()


class DireccionForm(forms.Form):
    direccion = forms.CharField(label="Dirección del domicilio", max_length=250)
    localidad = forms.CharField(label="Zona o barrio", max_length=120, help_text="Tal como figura en el GIS.")


class ImposibilidadForm(forms.Form):
    motivo = forms.CharField(label="Motivo informado al cliente", widget=forms.Textarea(attrs={"rows": 2}))
    informado = forms.BooleanField(
        label="Se informó el motivo al cliente y se le pidió pasar por oficinas.",
        error_messages={"required": "Confirme que informó al cliente y le pidió pasar por oficinas."},
    )


class AdjuntoForm(forms.Form):
    requisito = forms.ChoiceField(label="Requisito")
    archivo = forms.FileField(label="Archivo recibido por WhatsApp (PDF o imagen)")

    def __init__(self, *args, requisitos=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requisito"].choices = list((requisitos or {}).items())


class DigitarForm(forms.Form):
    referencia = forms.CharField(label="Referencia en Smartflex", max_length=40, required=False)


class ComunicarForm(forms.Form):
    dias = forms.IntegerField(
        label="Tiempo estimado de ejecución (días)",
        min_value=DIAS_ESTIMADOS_MIN,
        max_value=DIAS_ESTIMADOS_MAX,
        error_messages={"min_value": DIAS_RANGO, "max_value": DIAS_RANGO, "required": DIAS_RANGO},
    )


class SeguimientoForm(forms.Form):
    instalado = forms.TypedChoiceField(
        label="¿El servicio ya fue instalado?", choices=SI_NO, coerce=_si_no, widget=forms.RadioSelect
    )
    nota = forms.CharField(label="Nota del seguimiento", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CalidadForm(forms.Form):
    satisfecho = forms.TypedChoiceField(
        label="¿El cliente está satisfecho con el servicio?", choices=SI_NO, coerce=_si_no, widget=forms.RadioSelect
    )
    comentario = forms.CharField(label="Comentario", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ImportarImpedimentosForm(forms.Form):
    archivo = forms.FileField(
        label="Archivo CSV",
        help_text="Columnas: carnet, tipo (deuda_naf, central_riesgos, equipo_por_devolver), detalle, monto_bs. "
        "Reemplaza la tabla completa.",
    )


class IndicadorForm(forms.Form):
    """The indicator's period; empty, it is the last closed month (a month in progress is never judged)."""

    desde = forms.DateField(label="Desde", widget=forms.DateInput(attrs={"type": "date"}), required=False)
    hasta = forms.DateField(label="Hasta", widget=forms.DateInput(attrs={"type": "date"}), required=False)
    canal = forms.ChoiceField(label="Canal de origen", choices=[("", "Todos"), *Canal.choices], required=False)

    def __init__(self, *args, hoy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hoy = hoy or timezone.localdate()

    def clean(self):
        datos = super().clean()
        if not datos.get("desde") and not datos.get("hasta"):
            datos["desde"], datos["hasta"] = ultimo_mes_cerrado(self.hoy)
        datos["hasta"] = datos.get("hasta") or self.hoy
        datos["desde"] = datos.get("desde") or datos["hasta"].replace(day=1)
        if datos["desde"] > datos["hasta"]:
            raise ValidationError(RANGO_FECHAS)
        if (datos["hasta"] - datos["desde"]).days > 366:
            raise ValidationError(RANGO_MAXIMO)
        return datos
