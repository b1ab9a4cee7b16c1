from django import forms

from comercial.empresas.models import (
    ContactoEmpresa,
    Empresa,
    Flujo,
    Interaccion,
    PlanMensual,
    Prioridad,
    Producto,
    TipoOrden,
    Venta,
    validar_nit,
)
from comercial.empresas.selectors import usuarios_con_rol
from enlace.forms import FechaInput
from enlace.telefonos import TelefonoField

FECHA = FechaInput()
HORA = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MES = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
TEXTO = forms.Textarea(attrs={"rows": 3})
REGION = "BO"  # COMTECO's Equipo Empresas sells in Bolivia


class TelefonoBolivia(TelefonoField):
    def __init__(self, **kwargs):
        super().__init__(region=REGION, **kwargs)


class CampoMes(forms.DateField):
    """A month as AAAA-MM (the browser's month input), stored as its first day."""

    widget = MES
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Indique el mes como AAAA-MM."}


class EmpresaForm(forms.ModelForm):
    contacto_nombre = forms.CharField(label="persona de contacto", max_length=150, required=False)
    contacto_cargo = forms.CharField(label="cargo del contacto", max_length=120, required=False)
    contacto_telefono = TelefonoField(label="teléfono del contacto", region=REGION, required=False)
    contacto_correo = forms.EmailField(label="correo del contacto", required=False)

    class Meta:
        model = Empresa
        fields = ["razon_social", "nit", "giro", "localidad", "direccion", "telefono", "correo"]
        field_classes = {"telefono": TelefonoBolivia}

    def clean_nit(self):
        nit = self.cleaned_data["nit"].strip()
        validar_nit(nit)
        return nit

    def datos(self):
        return {campo: self.cleaned_data[campo] for campo in self.Meta.fields}

    def contacto(self):
        return {
            "nombre": self.cleaned_data["contacto_nombre"],
            "cargo": self.cleaned_data["contacto_cargo"],
            "telefono": self.cleaned_data["contacto_telefono"],
            "correo": self.cleaned_data["contacto_correo"],
        }


class ContactoForm(forms.ModelForm):
    class Meta:
        model = ContactoEmpresa
        fields = ["nombre", "cargo", "telefono", "correo", "principal"]
        field_classes = {"telefono": TelefonoBolivia}


class InteraccionForm(forms.Form):
    canal = forms.ChoiceField(label="canal", choices=Interaccion.Canal.choices)
    fecha = forms.DateTimeField(
        label="fecha y hora", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), required=False
    )
    resultado = forms.CharField(label="resultado", widget=TEXTO)


class _ConOrganizacion(forms.Form):
    rol = ""

    def __init__(self, *args, organizacion=None, **kwargs):
        super().__init__(*args, **kwargs)
        for nombre, campo in self.fields.items():
            if isinstance(campo, forms.ModelChoiceField) and nombre in ("ejecutivo", "gestor"):
                campo.queryset = usuarios_con_rol(organizacion, self.rol)


class AsignarForm(_ConOrganizacion):
    rol = "ejecutivo_empresas"
    ejecutivo = forms.ModelChoiceField(label="ejecutivo(a)", queryset=None)


class PlanForm(_ConOrganizacion):
    rol = "ejecutivo_empresas"
    ejecutivo = forms.ModelChoiceField(label="ejecutivo(a)", queryset=None)
    mes = CampoMes(label="mes")
    modalidad = forms.ChoiceField(label="modalidad", choices=PlanMensual.Modalidad.choices)
    meta_captaciones = forms.IntegerField(label="meta de clientes nuevos", min_value=0, initial=0)
    meta_ventas_cartera = forms.IntegerField(label="meta de ventas de cartera", min_value=0, initial=0)
    meta_facturacion = forms.DecimalField(
        label="meta de facturación nueva mensual (Bs.)", min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    indicaciones = forms.CharField(label="indicaciones", widget=TEXTO, required=False)

    def metas(self):
        return {c: self.cleaned_data[c] for c in ("meta_captaciones", "meta_ventas_cartera", "meta_facturacion")}


class NuevaVentaForm(forms.Form):
    flujo = forms.ChoiceField(label="flujo", choices=Flujo.choices)
    informacion = forms.CharField(label="información recabada", widget=TEXTO, required=False)


class ProyectoForm(forms.ModelForm):
    class Meta:
        model = Venta
        fields = ["promociones", "politica_tarifaria", "velocidad_requerida_mbps"]
        widgets = {"promociones": TEXTO, "politica_tarifaria": TEXTO}


class LineaForm(forms.Form):
    producto = forms.ModelChoiceField(label="producto o paquete", queryset=Producto.objects.none())
    cantidad = forms.IntegerField(label="cantidad", min_value=1, max_value=999, initial=1)
    descuento_pct = forms.DecimalField(
        label="descuento (%)", min_value=0, max_value=100, decimal_places=2, initial=0, required=False
    )
    promocion = forms.CharField(label="promoción", max_length=200, required=False)

    def __init__(self, *args, catalogo=None, **kwargs):
        super().__init__(*args, **kwargs)
        if catalogo is not None:
            self.fields["producto"].queryset = catalogo


class DocumentoForm(forms.Form):
    descripcion = forms.CharField(label="documento", max_length=150, help_text="Por ejemplo: NIT, poder, carta.")
    archivo = forms.FileField(label="archivo (PDF o imagen)")


# --- Transition forms ---------------------------------------------------------------------


class PerfilForm(forms.Form):
    perfil_actividad = forms.CharField(label="perfil por tipo de actividad", widget=TEXTO)


class NecesidadesForm(forms.Form):
    necesidades = forms.CharField(label="necesidades del cliente", widget=TEXTO)


class CarteraForm(forms.Form):
    perfil_actividad = forms.CharField(label="perfil por tipo de actividad", widget=TEXTO)
    nuevas_necesidades = forms.CharField(label="nuevas necesidades identificadas", widget=TEXTO)


class ObservacionesForm(forms.Form):
    observaciones = forms.CharField(label="observaciones", widget=TEXTO, required=False)


class DevolverForm(forms.Form):
    observaciones = forms.CharField(label="observaciones (obligatorias)", widget=TEXTO)


class FactibilidadForm(forms.Form):
    requisitos_cumplidos = forms.BooleanField(label="cumple con los requisitos", required=False)
    requisitos = forms.CharField(label="requisitos revisados", widget=TEXTO, required=False)


class RespaldoForm(forms.Form):
    requisitos_cumplidos = forms.BooleanField(label="la documentación cumple con los requisitos", required=False)


class VisitaForm(forms.Form):
    fecha = forms.DateField(label="fecha", widget=FECHA)
    hora = forms.TimeField(label="hora", widget=HORA)
    persona = forms.CharField(label="persona a entrevistar", max_length=150)
    ubicacion = forms.CharField(label="ubicación", max_length=250)
    observaciones = forms.CharField(label="observaciones", widget=TEXTO, required=False)


class ResultadoForm(forms.Form):
    resultado = forms.CharField(label="resultado", widget=TEXTO)


class ResultadoOpcionalForm(forms.Form):
    resultado = forms.CharField(label="resultado", widget=TEXTO, required=False)


class OfertaForm(forms.Form):
    medio = forms.ChoiceField(label="medio", choices=Venta.Medio.choices)
    correo = forms.EmailField(label="correo del cliente", required=False)


class ConcluirForm(forms.Form):
    canal = forms.ChoiceField(label="canal", choices=Interaccion.Canal.choices)
    motivo = forms.CharField(label="resultado de la interacción", widget=TEXTO)


class GestorComercialForm(_ConOrganizacion):
    rol = "gestor_comercial"
    gestor = forms.ModelChoiceField(label="Gestor(a) Comercial", queryset=None)


class GestorTecnicoForm(_ConOrganizacion):
    rol = "gestor_tecnico"
    gestor = forms.ModelChoiceField(label="Gestor(a) Técnico Comercial", queryset=None)


class DigitarForm(forms.Form):
    numero_smartflex = forms.CharField(label="N.º de solicitud en Smartflex", max_length=30)


class ControlForm(forms.Form):
    correcta = forms.TypedChoiceField(
        label="resultado del control",
        choices=[("1", "Digitación correcta"), ("0", "Con errores: volver a digitar")],
        coerce=lambda v: v == "1",
    )
    observaciones = forms.CharField(label="observaciones", widget=TEXTO, required=False)


class OrdenForm(forms.Form):
    """The due date is not typed: it is computed from the type's standard time."""

    tipo = forms.ModelChoiceField(label="tipo de orden (tiempo estándar)", queryset=TipoOrden.objects.none())
    descripcion = forms.CharField(label="trabajo solicitado", max_length=250)

    def __init__(self, *args, organizacion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipo"].queryset = TipoOrden.objects.filter(organizacion=organizacion, activo=True)


class TipoOrdenForm(forms.ModelForm):
    class Meta:
        model = TipoOrden
        fields = ["nombre", "dias_estandar", "activo"]
        labels = {"nombre": "tipo de orden", "dias_estandar": "tiempo estándar (días)", "activo": "vigente"}

    def validate_unique(self):
        """Saving an existing name updates it (the service); no uniqueness error here."""


class RegistroVisitaForm(forms.Form):
    """Step 6: the three activities of the visit and the requirements, each on its own."""

    asesoramiento = forms.CharField(label="asesoramiento comercial realizado", widget=TEXTO)
    informacion_comercial = forms.CharField(label="información comercial brindada", widget=TEXTO)
    requisitos_explicados = forms.CharField(label="explicación de requisitos para el trámite", widget=TEXTO)
    requisitos = forms.CharField(label="requisitos para el trámite (uno por línea)", widget=TEXTO, required=False)

    def clean_requisitos(self):
        return [linea.strip() for linea in self.cleaned_data["requisitos"].splitlines() if linea.strip()]


class CerrarOrdenForm(forms.Form):
    observaciones = forms.CharField(label="observaciones de cierre", widget=TEXTO, required=False)


class LlamadaForm(forms.Form):
    funciona = forms.TypedChoiceField(
        label="¿el servicio funciona?",
        choices=[("1", "Sí, el cliente confirma que funciona"), ("0", "No, reporta una falla")],
        coerce=lambda v: v == "1",
    )
    observaciones = forms.CharField(label="observaciones", widget=TEXTO, required=False)


# --- Reports and billing ------------------------------------------------------------------


class MesForm(forms.Form):
    mes = CampoMes(label="mes", required=False)


class InformeEjecutivoForm(forms.Form):
    mes = CampoMes(label="mes")
    comentario = forms.CharField(label="comportamiento y comentarios", widget=TEXTO, required=False)


class AnalisisForm(forms.Form):
    analisis = forms.CharField(label="análisis", widget=TEXTO)


class InformeResponsableForm(forms.Form):
    mes = CampoMes(label="mes")
    analisis = forms.CharField(label="análisis y conclusiones", widget=TEXTO)


class ImportarFacturacionForm(forms.Form):
    archivo = forms.FileField(label="archivo CSV (columnas nit, mes, monto)")


class CalcularFacturacionForm(forms.Form):
    mes = CampoMes(label="mes")


class ObservacionesDerivacionForm(forms.Form):
    observaciones = forms.CharField(label="observaciones", widget=TEXTO, required=False)


class CierreDerivacionForm(forms.Form):
    observaciones = forms.CharField(label="cómo se cerró en Venta de Productos/Servicios", widget=TEXTO)


class PrioridadForm(forms.Form):
    prioridad = forms.TypedChoiceField(label="prioridad", choices=Prioridad.choices, coerce=int)
