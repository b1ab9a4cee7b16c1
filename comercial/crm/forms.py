from django import forms

from comercial.crm.models import Importacion, Prospecto
from comercial.crm.services import ERROR_FALTA_MOTIVO, ERROR_FALTA_RESPUESTA

RESPUESTAS = {"si": True, "no": False}


class ImportarForm(forms.Form):
    tipo = forms.ChoiceField(label="Informe de SPIGA", choices=Importacion.Tipo.choices)
    archivo = forms.FileField(
        label="Archivo (CSV o XLSX)",
        help_text="Descárguelo de SPIGA (CRM › Informes) y súbalo sin modificar las columnas.",
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
