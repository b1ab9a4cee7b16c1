from django import forms
from django.conf import settings

from enlace.archivos import validar_subida


class CodigoForm(forms.Form):
    codigo = forms.CharField(
        label="Código de verificación",
        max_length=30,
        help_text="Está al pie de cada página del documento, junto al código QR (p. ej. ABCD-EFGH-JKMN).",
    )


class VerificarArchivoForm(forms.Form):
    archivo = forms.FileField(label="Archivo PDF a comprobar", help_text="El archivo no se guarda.")

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        validar_subida(archivo, tipos=["pdf"], max_bytes=settings.ENLACE_VERIFICAR_MAX_BYTES)
        return archivo
