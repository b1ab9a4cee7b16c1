"""Forms of Ventas Digitales: Spanish labels and messages; they validate input, services decide."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from comercial.digitales.models import DIAS_ESTIMADOS_MAX, DIAS_ESTIMADOS_MIN, Canal, IntentoContacto
from comercial.digitales.selectors import ultimo_mes_cerrado
from comercial.digitales.validadores import validar_carnet, validar_telefono
from comercial.models import Producto, codigo_requisito
from enlace.forms import FechaInput

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
    servicio = forms.ModelChoiceField(
        label="Servicio que le interesa",
        queryset=Producto.objects.none(),
        empty_label="No estoy seguro",
        required=False,
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

    def __init__(self, *args, productos=None, **kwargs):
        super().__init__(*args, **kwargs)
        if productos is not None:
            self.fields["servicio"].queryset = productos

    def es_spam(self):
        return bool(self.data.get(HONEYPOT, "").strip())

    def texto_mensaje(self):
        partes = []
        if self.cleaned_data.get("servicio"):
            partes.append(f"Servicio de interés: {self.cleaned_data['servicio'].nombre}.")
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
    producto = forms.ModelChoiceField(
        label="Servicio requerido",
        queryset=Producto.objects.none(),
        error_messages={"invalid_choice": "Elija un producto activo del catálogo."},
    )
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

    def __init__(self, *args, productos=None, **kwargs):
        super().__init__(*args, **kwargs)
        if productos is not None:
            self.fields["producto"].queryset = productos


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


class ControlDigitacionForm(forms.Form):
    """The gestor(a) comercial's check of the digitación: the installation order's estimated days."""

    dias = forms.IntegerField(
        label="Tiempo estimado de instalación (días)",
        min_value=DIAS_ESTIMADOS_MIN,
        max_value=DIAS_ESTIMADOS_MAX,
        error_messages={"min_value": DIAS_RANGO, "max_value": DIAS_RANGO, "required": DIAS_RANGO},
    )
    verificada = forms.BooleanField(
        label="Verifiqué en Smartflex que la solicitud está correctamente digitada",
        error_messages={"required": "Confirme que verificó la digitación en Smartflex."},
    )

    def __init__(self, *args, minimo=DIAS_ESTIMADOS_MIN, maximo=DIAS_ESTIMADOS_MAX, **kwargs):
        kwargs.setdefault("initial", {"dias": maximo})
        super().__init__(*args, **kwargs)
        rango = f"Indique un tiempo estimado entre {minimo} y {maximo} días."
        campo = self.fields["dias"]
        campo.min_value, campo.max_value = minimo, maximo
        campo.validators = [v for v in campo.validators if not hasattr(v, "limit_value")]
        campo.validators += [MinValueValidator(minimo, rango), MaxValueValidator(maximo, rango)]
        campo.widget.attrs.update({"min": minimo, "max": maximo})
        campo.help_text = f"Entre {minimo} y {maximo} días según el catálogo; abre la orden de instalación."


class SeguimientoForm(forms.Form):
    nota = forms.CharField(label="Nota del seguimiento", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NotasForm(forms.Form):
    notas = forms.CharField(
        label="Notas de la llamada (explorar y resolver)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="«¿Tome nota por favor?»: lo que el cliente requiere, con sus palabras.",
    )


class LecturaForm(forms.Form):
    confirmo = forms.BooleanField(
        label="Cliente confirmó el resumen leído",
        error_messages={"required": "Marque «Cliente confirmó» solo después de que el cliente confirme el resumen."},
    )


class ContratoFirmadoForm(forms.Form):
    archivo = forms.FileField(label="Contrato firmado por el cliente (PDF o imagen)")


class CerrarOrdenForm(forms.Form):
    observaciones = forms.CharField(
        label="Observaciones de Instalaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class BuscarClienteForm(forms.Form):
    q = forms.CharField(
        label="Teléfono, carnet, número de contrato o nombre",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


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

    desde = forms.DateField(label="Desde", widget=FechaInput(), required=False)
    hasta = forms.DateField(label="Hasta", widget=FechaInput(), required=False)
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


REQUISITO_MAL_ESCRITO = "Línea {linea}: escriba «código: nombre» o solo el nombre del requisito."
REQUISITO_REPETIDO = "El requisito «{codigo}» está repetido."
ETA_INVERTIDA = "El tiempo mínimo no puede ser mayor que el máximo."
SIN_DESTINO = "Indique dónde dirigir al cliente si el producto no se vende por Ventas Digitales."


class ProductoForm(forms.Form):
    """A product of the catalogue; requirements one per line, «código: nombre» or just the name."""

    codigo = forms.SlugField(label="Código", max_length=30)
    nombre = forms.CharField(label="Nombre", max_length=150)
    activo = forms.BooleanField(label="Activo (se puede vender)", required=False, initial=True)
    canal = forms.ChoiceField(label="Canal", choices=Producto.Canal.choices, initial=Producto.Canal.DIGITAL)
    requisitos = forms.CharField(
        label="Requisitos (uno por línea)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Por ejemplo «ci_anverso: Carnet de identidad (anverso)», o solo el nombre.",
    )
    eta_min_dias = forms.IntegerField(label="Tiempo estimado mínimo (días)", min_value=1, max_value=365, initial=2)
    eta_max_dias = forms.IntegerField(label="Tiempo estimado máximo (días)", min_value=1, max_value=365, initial=15)
    vendido_digitalmente = forms.BooleanField(label="Se vende por Ventas Digitales", required=False, initial=True)
    donde_dirigir = forms.CharField(
        label="Dónde dirigir al cliente (si no se vende por Ventas Digitales)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    @classmethod
    def inicial(cls, producto):
        datos = {campo: getattr(producto, campo) for campo in cls.base_fields if campo != "requisitos"}
        datos["requisitos"] = "\n".join(f"{r['codigo']}: {r['nombre']}" for r in producto.requisitos)
        return datos

    def clean_requisitos(self):
        requisitos, vistos = [], set()
        for numero, linea in enumerate(self.cleaned_data["requisitos"].splitlines(), start=1):
            if not linea.strip():
                continue
            codigo, separador, nombre = linea.partition(":")
            if not separador:
                codigo, nombre = codigo_requisito(linea), linea
            codigo, nombre = codigo.strip()[:40], nombre.strip()
            if not codigo or not nombre:
                raise ValidationError(REQUISITO_MAL_ESCRITO.format(linea=numero))
            if codigo in vistos:
                raise ValidationError(REQUISITO_REPETIDO.format(codigo=codigo))
            vistos.add(codigo)
            requisitos.append({"codigo": codigo, "nombre": nombre[:200]})
        return requisitos

    def clean(self):
        datos = super().clean()
        if datos.get("eta_min_dias") and datos.get("eta_max_dias") and datos["eta_min_dias"] > datos["eta_max_dias"]:
            self.add_error("eta_max_dias", ETA_INVERTIDA)
        if not datos.get("vendido_digitalmente") and not (datos.get("donde_dirigir") or "").strip():
            self.add_error("donde_dirigir", SIN_DESTINO)
        return datos
