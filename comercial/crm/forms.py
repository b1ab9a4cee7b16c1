from django import forms

from comercial.crm import selectors
from comercial.crm.models import Importacion, Marca, Prospecto
from comercial.crm.services import ERROR_FALTA_MOTIVO, ERROR_FALTA_NOTAS, ERROR_FALTA_RESPUESTA, META_MAXIMA
from enlace.forms import FechaInput

RESPUESTAS = {"si": True, "no": False}
ERROR_PERIODO_AL_REVES = "La fecha «hasta» es anterior a «desde»."
ERROR_PERIODO_LARGO = "El período no puede pasar de un año."


class CampoMes(forms.DateField):
    """A month written AAAA-MM (``<input type="month">``); its value is the month's first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": "Escriba el mes como AAAA-MM (por ejemplo 2026-03)."}


class PeriodoForm(forms.Form):
    """The month, week and marca of a report page (indicators, committee, timeliness), from the query string.

    A missing or malformed month or week is the current one (the error is shown next to the field).
    """

    mes = CampoMes(label="Mes", required=False)
    marca = forms.ModelChoiceField(label="Marca", queryset=Marca.objects.none(), required=False, empty_label="Todas")
    semana = forms.DateField(label="Semana", required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, usuario, hoy):
        super().__init__(data)
        self.fields["marca"].queryset = selectors.marcas_visibles(usuario).order_by("nombre")
        self.hoy = hoy

    def _valor(self, campo):
        self.is_valid()  # cleans the form once; a field with an error is left out of cleaned_data
        return self.cleaned_data.get(campo)

    @property
    def mes_elegido(self):
        return self._valor("mes") or self.hoy.replace(day=1)

    @property
    def lunes(self):
        return selectors.lunes(self._valor("semana") or self.hoy)

    @property
    def marca_elegida(self):
        return self._valor("marca")


class ImportarForm(forms.Form):
    tipo = forms.ChoiceField(label="Informe de SPIGA", choices=Importacion.Tipo.choices)
    archivo = forms.FileField(
        label="Archivo (CSV, XLSX o XLS)",
        help_text="Descárguelo de SPIGA (CRM › Informes) y súbalo tal cual: las filas de título se omiten solas.",
    )


class ValidarProspectoForm(forms.Form):
    resultado = forms.ChoiceField(
        label="Resultado de la llamada",
        choices=[
            (Prospecto.Estado.VALIDO, "Válido"),
            (Prospecto.Estado.FALSO, "Falso"),
            (Prospecto.Estado.NO_CONTACTADO, "No contactado (reintentar)"),
        ],
    )
    recibio_asesoria = forms.ChoiceField(
        label="¿Recibió asesoría comercial?",
        choices=[("", "—"), ("si", "Sí"), ("no", "No")],
        required=False,
    )
    notas = forms.CharField(label="Notas", required=False, max_length=2000)

    def clean(self):
        datos = super().clean()
        datos["recibio_asesoria"] = RESPUESTAS.get(datos.get("recibio_asesoria") or "")
        if datos.get("resultado") == Prospecto.Estado.VALIDO and datos["recibio_asesoria"] is None:
            self.add_error("recibio_asesoria", ERROR_FALTA_RESPUESTA)
        falso_o_no_contactado = datos.get("resultado") in (Prospecto.Estado.FALSO, Prospecto.Estado.NO_CONTACTADO)
        if falso_o_no_contactado and not (datos.get("notas") or "").strip():
            self.add_error("notas", ERROR_FALTA_NOTAS)
        return datos


class ValidarActividadForm(forms.Form):
    decision = forms.ChoiceField(label="Validación", choices=[("valida", "Válida"), ("no_valida", "No válida")])
    motivo = forms.CharField(label="Motivo", required=False, max_length=300)

    def clean(self):
        datos = super().clean()
        if datos.get("decision") == "no_valida" and not (datos.get("motivo") or "").strip():
            self.add_error("motivo", ERROR_FALTA_MOTIVO)
        return datos


class MetaForm(forms.Form):
    """The targets of one marca for one month (the marca comes from the URL, scoped)."""

    mes = CampoMes(label="Mes")
    prospectos_validos = forms.IntegerField(
        label="Meta de prospectos válidos",
        min_value=0,
        max_value=META_MAXIMA,
        error_messages={"required": "Escriba la meta de prospectos válidos.", "invalid": "Escriba un número entero."},
    )
    actividades_validas = forms.IntegerField(
        label="Meta de actividades de seguimiento válidas",
        min_value=0,
        max_value=META_MAXIMA,
        error_messages={
            "required": "Escriba la meta de actividades válidas.",
            "invalid": "Escriba un número entero.",
        },
    )


class CumplimientoForm(forms.Form):
    """The period (both days included) and marca of the «Reporte de cumplimiento CRM», from the query string.

    Missing dates are this month up to today; a bad period is shown with its error and the default used.
    """

    desde = forms.DateField(label="Desde", required=False, widget=FechaInput())
    hasta = forms.DateField(label="Hasta", required=False, widget=FechaInput())
    marca = forms.ModelChoiceField(label="Marca", queryset=Marca.objects.none(), required=False, empty_label="Todas")

    def __init__(self, data, *, usuario, hoy):
        super().__init__(data)
        self.fields["marca"].queryset = selectors.marcas_visibles(usuario).order_by("nombre")
        self.hoy = hoy

    def clean(self):
        datos = super().clean()
        desde, hasta = datos.get("desde"), datos.get("hasta")
        if desde and hasta:
            if desde > hasta:
                self.add_error("hasta", ERROR_PERIODO_AL_REVES)
            elif (hasta - desde).days > 366:
                self.add_error("hasta", ERROR_PERIODO_LARGO)
        return datos

    @property
    def periodo(self):
        if self.is_valid():
            desde, hasta = self.cleaned_data.get("desde"), self.cleaned_data.get("hasta")
        else:
            desde = hasta = None
        hasta = hasta or self.hoy
        return desde or hasta.replace(day=1), hasta

    @property
    def marca_elegida(self):
        return self.cleaned_data.get("marca") if self.is_valid() else None
