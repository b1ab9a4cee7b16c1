from django import forms

from comercial.crm import selectors
from comercial.crm.models import Importacion, Marca, Prospecto
from comercial.crm.services import ERROR_FALTA_MOTIVO, ERROR_FALTA_RESPUESTA, META_MAXIMA

RESPUESTAS = {"si": True, "no": False}


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
