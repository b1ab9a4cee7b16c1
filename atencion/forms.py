"""The forms of ENROK's pages (the list filters are in ``atencion.filters``)."""

from django import forms
from django.core.exceptions import ValidationError

from atencion.mensajes import MSG_CAMPANA_RECURRENTE_SIN_FECHA
from atencion.models import (
    Campana,
    Canal,
    Etiqueta,
    FechaEspecial,
    Giro,
    Guion,
    MotivoContacto,
    PerfilPyme,
    PlantillaWhatsapp,
    Prioridad,
    ReporteEjecutivo,
)
from atencion.services.pymes import ZONAS_POR_PAIS
from atencion.services.sla import SLA_POR_OMISION
from enlace.archivos import validar_subida
from enlace.forms import FechaInput
from enlace.telefonos import normalizar, region_de

# A logo is drawn a few centimetres wide on a report's cover: 2 MB is plenty.
LOGO_MAX_BYTES = 2 * 1024 * 1024

DIAS = ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"]


class LlamadaForm(forms.Form):
    pyme = forms.ModelChoiceField(queryset=None, label="PYME")
    telefono = forms.CharField(label="Teléfono del cliente", max_length=30)
    nombre = forms.CharField(label="Nombre del cliente", max_length=150, required=False)
    asunto = forms.CharField(label="Asunto", max_length=200)
    motivo = forms.ModelChoiceField(queryset=MotivoContacto.objects.none(), label="Motivo de contacto", required=False)
    prioridad = forms.ChoiceField(choices=Prioridad.choices, initial=Prioridad.MEDIA)
    notas = forms.CharField(label="Notas de la llamada", widget=forms.Textarea(attrs={"rows": 3}))
    duracion_minutos = forms.DecimalField(label="Duración (minutos)", min_value=0, max_digits=6, decimal_places=1)
    resuelta = forms.BooleanField(label="Se resolvió en la llamada", required=False)

    def __init__(self, *args, pymes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pyme"].queryset = pymes
        self.fields["motivo"].queryset = MotivoContacto.objects.filter(pyme__in=pymes, activo=True).select_related(
            "pyme"
        )
        self.fields["motivo"].label_from_instance = lambda m: f"{m.pyme} · {m.nombre}"

    def clean(self):
        datos = super().clean()
        motivo, pyme = datos.get("motivo"), datos.get("pyme")
        if motivo and pyme and motivo.pyme_id != pyme.pk:
            self.add_error("motivo", "El motivo no es de esa PYME.")
        if datos.get("resuelta") and not motivo:
            self.add_error("motivo", "Para resolver la llamada indique el motivo de contacto.")
        if datos.get("telefono"):
            try:
                datos["telefono"] = normalizar(datos["telefono"], region_de(pyme))
            except ValidationError as error:
                self.add_error("telefono", error)
        return datos


class TextoForm(forms.Form):
    texto = forms.CharField(label="Mensaje", widget=forms.Textarea(attrs={"rows": 3}))


class LlamadaSeguimientoForm(forms.Form):
    notas = forms.CharField(label="Notas de la llamada", widget=forms.Textarea(attrs={"rows": 2}))
    duracion_minutos = forms.DecimalField(label="Duración (minutos)", min_value=0, max_digits=6, decimal_places=1)


class ClasificarForm(forms.Form):
    motivo = forms.ModelChoiceField(queryset=MotivoContacto.objects.none(), label="Motivo de contacto", required=False)
    prioridad = forms.ChoiceField(choices=Prioridad.choices)

    def __init__(self, *args, pyme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motivo"].queryset = MotivoContacto.objects.filter(pyme=pyme, activo=True)


class EscalarForm(forms.Form):
    motivo = forms.CharField(label="Motivo del escalamiento", max_length=300)


class AsignarForm(forms.Form):
    agente = forms.ModelChoiceField(queryset=None, label="Agente")

    def __init__(self, *args, agentes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agente"].queryset = agentes


class CitaForm(forms.Form):
    cita = forms.DateTimeField(
        label="Fecha y hora de la cita", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    horas_antes = forms.IntegerField(label="Recordar horas antes", min_value=1, max_value=168, initial=24)


class EncuestaForm(forms.Form):
    csat = forms.TypedChoiceField(
        label="¿Qué tan satisfecho quedaste con la atención? (1 = nada, 5 = muy satisfecho)",
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    nps = forms.TypedChoiceField(
        label="¿Qué tan probable es que nos recomiendes? (0 = nada probable, 10 = muy probable)",
        choices=[(i, str(i)) for i in range(0, 11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comentario = forms.CharField(
        label="Comentario (opcional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PerfilForm(forms.ModelForm):
    class Meta:
        model = PerfilPyme
        fields = [
            "giro",
            "diagnostico",
            "canal_llamada",
            "canal_whatsapp",
            "canal_correo",
            "whatsapp_phone_number_id",
            "correo_entrada",
            "contactos_escalamiento",
            "logo",
        ]
        widgets = {
            "diagnostico": forms.Textarea(attrs={"rows": 4}),
            "contactos_escalamiento": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_logo(self):
        """JPG, PNG or WEBP up to LOGO_MAX_BYTES whose content matches its extension (Pillow has already
        opened it as an image); False (the «clear» box) becomes an empty file name."""
        logo = self.cleaned_data.get("logo")
        if logo is False:
            return ""
        if logo and not getattr(logo, "_committed", False):
            validar_subida(logo, tipos=["imagen"], max_bytes=LOGO_MAX_BYTES)
        return logo

    def clean_contactos_escalamiento(self):
        valor = self.cleaned_data["contactos_escalamiento"]
        validar = forms.EmailField()
        for linea in valor.splitlines():
            if linea.strip():
                try:
                    validar.clean(linea.strip())
                except forms.ValidationError:
                    raise forms.ValidationError(f"«{linea.strip()}» no es un correo válido.") from None
        return valor


class HorarioForm(forms.Form):
    """Seven rows: opening and closing time per weekday (empty = closed)."""

    def __init__(self, *args, inicial=None, **kwargs):
        super().__init__(*args, **kwargs)
        inicial = inicial or {}
        for i, dia in enumerate(DIAS):
            abre, cierra = inicial.get(i, (None, None))
            self.fields[f"abre_{i}"] = forms.TimeField(
                label=f"{dia}: abre", required=False, initial=abre, widget=forms.TimeInput(attrs={"type": "time"})
            )
            self.fields[f"cierra_{i}"] = forms.TimeField(
                label=f"{dia}: cierra", required=False, initial=cierra, widget=forms.TimeInput(attrs={"type": "time"})
            )

    def clean(self):
        datos = super().clean()
        tramos = []
        for i, dia in enumerate(DIAS):
            abre, cierra = datos.get(f"abre_{i}"), datos.get(f"cierra_{i}")
            if abre is None and cierra is None:
                continue
            if abre is None or cierra is None or cierra <= abre:
                self.add_error(f"cierra_{i}", f"{dia}: indique apertura y cierre (el cierre después de la apertura).")
                continue
            tramos.append((i, abre, cierra))
        datos["tramos"] = tramos
        return datos


class DiaInhabilForm(forms.Form):
    fecha = forms.DateField(label="Fecha", widget=FechaInput())
    descripcion = forms.CharField(label="Descripción", max_length=120)


class ObjetivoSlaForm(forms.Form):
    canal = forms.ChoiceField(choices=Canal.choices)
    prioridad = forms.ChoiceField(choices=Prioridad.choices)
    primera_respuesta_min = forms.IntegerField(label="Primera respuesta (min hábiles)", min_value=1)
    resolucion_min = forms.IntegerField(label="Resolución (min hábiles)", min_value=1)

    def clean(self):
        datos = super().clean()
        r, s = datos.get("primera_respuesta_min"), datos.get("resolucion_min")
        if r and s and s < r:
            self.add_error("resolucion_min", "La resolución no puede ser menor que la primera respuesta.")
        return datos


class MotivoForm(forms.Form):
    nombre = forms.CharField(label="Nuevo motivo de contacto", max_length=120)


class GuionForm(forms.ModelForm):
    class Meta:
        model = Guion
        fields = ["titulo", "motivo", "saludo", "desarrollo", "cierre"]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in ("saludo", "desarrollo", "cierre")}

    def __init__(self, *args, pyme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motivo"].queryset = MotivoContacto.objects.filter(pyme=pyme)


class ReporteForm(forms.Form):
    pyme = forms.ModelChoiceField(queryset=None, label="PYME")
    periodicidad = forms.ChoiceField(choices=ReporteEjecutivo.Periodicidad.choices, initial="mensual")
    referencia = forms.DateField(
        label="Fecha de referencia",
        required=False,
        widget=FechaInput(),
        help_text="Se reporta la última semana o el último mes completo antes de esta fecha (hoy si se deja vacía).",
    )

    def __init__(self, *args, pymes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pyme"].queryset = pymes


class RecomendacionesForm(forms.Form):
    interpretacion = forms.CharField(
        label="Interpretación del analista",
        required=False,
        max_length=3000,
        help_text="Qué dicen las métricas del periodo, en pocas líneas para el dueño de la PYME.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recomendaciones = forms.CharField(
        label="Recomendaciones accionables",
        max_length=5000,
        help_text="Una por línea.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class DevolverForm(forms.Form):
    observacion = forms.CharField(label="Qué debe corregir el analista", widget=forms.Textarea(attrs={"rows": 3}))


class CampanaForm(forms.ModelForm):
    pyme = forms.ModelChoiceField(queryset=None, label="PYME")

    class Meta:
        model = Campana
        fields = [
            "pyme",
            "nombre",
            "tipo",
            "asunto",
            "mensaje",
            "por_whatsapp",
            "plantilla",
            "programada_para",
            "recurrente_por",
            "fecha_especial",
            "hora_envio",
            "segmento_etiquetas",
            "segmento_canal",
            "segmento_sin_contacto_dias",
        ]
        labels = {"programada_para": "Programada para (recurrente: desde)"}
        widgets = {
            "programada_para": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "hora_envio": forms.TimeInput(attrs={"type": "time"}),
            "mensaje": forms.Textarea(attrs={"rows": 4}),
            "segmento_etiquetas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, pymes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pyme"].queryset = pymes
        por_pyme = {"pyme__in": pymes}
        self.fields["plantilla"].queryset = PlantillaWhatsapp.objects.filter(
            estado=PlantillaWhatsapp.Estado.APROBADA, **por_pyme
        ).select_related("pyme")
        self.fields["fecha_especial"].queryset = FechaEspecial.objects.filter(**por_pyme).select_related("pyme")
        self.fields["segmento_etiquetas"].queryset = Etiqueta.objects.filter(**por_pyme).select_related("pyme")
        for campo in ("plantilla", "fecha_especial", "segmento_etiquetas"):
            self.fields[campo].label_from_instance = lambda o: f"{o.pyme} · {o}"

    def clean(self):
        datos = super().clean()
        pyme = datos.get("pyme")
        ajenos = [
            campo
            for campo in ("plantilla", "fecha_especial")
            if pyme and datos.get(campo) and datos[campo].pyme_id != pyme.pk
        ]
        ajenos += (
            ["segmento_etiquetas"]
            if pyme and any(e.pyme_id != pyme.pk for e in datos.get("segmento_etiquetas") or [])
            else []
        )
        for campo in ajenos:
            self.add_error(campo, "No es de esa PYME.")
        if datos.get("recurrente_por") == Campana.FechaBase.ESPECIAL and not datos.get("fecha_especial"):
            self.add_error("fecha_especial", MSG_CAMPANA_RECURRENTE_SIN_FECHA)
        return datos


class RegistrarPymeForm(forms.Form):
    nombre = forms.CharField(label="Razón social", max_length=200)
    giro = forms.ModelChoiceField(
        label="Giro",
        queryset=Giro.objects.filter(activo=True),
        to_field_name="codigo",
        help_text="El catálogo de giros se edita en el admin.",
    )
    pais = forms.ChoiceField(label="País", choices=[("MX", "México"), ("CO", "Colombia"), ("BO", "Bolivia")])
    zona_horaria = forms.ChoiceField(
        label="Zona horaria",
        choices=[(zona, zona.split("/")[-1].replace("_", " ")) for zonas in ZONAS_POR_PAIS.values() for zona in zonas],
    )
    contrato_inicio = forms.DateField(label="Inicio del contrato", widget=FechaInput())
    canal_llamada = forms.BooleanField(label="Llamadas", required=False, initial=True)
    canal_whatsapp = forms.BooleanField(label="WhatsApp", required=False)
    canal_correo = forms.BooleanField(label="Correo electrónico", required=False, initial=True)
    servicios = forms.CharField(
        label="Servicios contratados",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Por ejemplo: atención multicanal, encuestas, campañas, reporte mensual.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # SLA targets per priority (business minutes) for every contracted channel, ENROK's defaults offered.
        for prioridad, etiqueta in reversed(Prioridad.choices):
            respuesta, resolucion = SLA_POR_OMISION[prioridad]
            self.fields[f"sla_{prioridad}_respuesta"] = forms.IntegerField(
                label=f"SLA {etiqueta.lower()}: primera respuesta (min hábiles)",
                min_value=1,
                initial=respuesta,
                required=False,
            )
            self.fields[f"sla_{prioridad}_resolucion"] = forms.IntegerField(
                label=f"SLA {etiqueta.lower()}: resolución (min hábiles)",
                min_value=1,
                initial=resolucion,
                required=False,
                help_text="Vacío: el objetivo de ENROK por omisión." if prioridad == Prioridad.BAJA else "",
            )

    def clean(self):
        datos = super().clean()
        if not any(datos.get(c) for c in ("canal_llamada", "canal_whatsapp", "canal_correo")):
            raise ValidationError("Elija al menos un canal contratado.")
        objetivos = {}
        for prioridad, etiqueta in Prioridad.choices:
            omision = SLA_POR_OMISION[prioridad]
            respuesta = datos.pop(f"sla_{prioridad}_respuesta", None) or omision[0]
            resolucion = datos.pop(f"sla_{prioridad}_resolucion", None) or omision[1]
            if respuesta and resolucion and resolucion < respuesta:
                self.add_error(
                    f"sla_{prioridad}_resolucion", f"{etiqueta}: la resolución no puede ser menor que la respuesta."
                )
            objetivos[prioridad] = (respuesta, resolucion)
        datos["objetivos"] = objetivos
        return datos


class SuspenderPymeForm(forms.Form):
    motivo = forms.CharField(
        label="Motivo de la suspensión",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Lo lee la PYME en su portal.",
    )


class InvitarUsuarioForm(forms.Form):
    nombre = forms.CharField(label="Nombre", max_length=150)
    correo = forms.EmailField(label="Correo electrónico")
