"""A client PYME of ENROK: its onboarding, service hours, SLA targets, contact reasons, scripts and customers."""

import re
import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from atencion.mensajes import (
    MSG_ACTIVAR_INCOMPLETO,
    MSG_DIAGNOSTICO_VACIO,
    MSG_MARCADOR_DESCONOCIDO,
)
from enlace.acciones import condicion
from enlace.estados import CampoEstado
from enlace.models import VisiblesQuerySet


def ruta_logo(perfil, nombre):
    """Private storage path of a PYME's logo (a fresh random name: the upload's name is not trusted)."""
    extension = PurePath(nombre).suffix.lower()
    return f"atencion/logos/{perfil.pyme_id}/{secrets.token_hex(8)}{extension}"


def token_aleatorio():
    return secrets.token_urlsafe(24)


class Canal(models.TextChoices):
    LLAMADA = "llamada", _("Llamada")
    WHATSAPP = "whatsapp", _("WhatsApp")
    CORREO = "correo", _("Correo electrónico")


class Prioridad(models.TextChoices):
    BAJA = "baja", _("Baja")
    MEDIA = "media", _("Media")
    ALTA = "alta", _("Alta")
    CRITICA = "critica", _("Crítica")


class Giro(models.Model):
    """The catalogue of business types (giros) of ENROK's PYMES, edited in the admin; scripts go per giro."""

    codigo = models.SlugField(_("código"), max_length=20, unique=True)
    nombre = models.CharField(_("nombre"), max_length=80, unique=True)
    activo = models.BooleanField(_("activo"), default=True, help_text=_("Solo los activos se ofrecen al registrar."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giro")
        verbose_name_plural = _("giros")
        ordering = ["nombre"]

    def __str__(self):
        return self.nombre


# The giro of a profile or script is stored by its code (the column the fixed list used to hold).
GIRO_POR_OMISION = "otro"


def giro_fk(**opciones):
    return models.ForeignKey(
        Giro, verbose_name=_("giro"), to_field="codigo", db_column="giro", on_delete=models.PROTECT, **opciones
    )


# --- PYME profile and protocol ---------------------------------------------------------


class PorPymeQuerySet(VisiblesQuerySet):
    ruta_organizacion = "pyme"


class PerfilPyme(ConcurrentTransitionMixin, models.Model):
    """A client PYME of ENROK: its onboarding (diagnosis → configuration → active) and channels."""

    class Estado(models.TextChoices):
        DIAGNOSTICO = "diagnostico", _("Diagnóstico inicial")
        CONFIGURACION = "configuracion", _("Configuración de protocolos")
        ACTIVA = "activa", _("Activa")
        SUSPENDIDA = "suspendida", _("Suspendida")

    pyme = models.OneToOneField(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="perfil_atencion"
    )
    giro = giro_fk(default=GIRO_POR_OMISION, related_name="perfiles")
    estado = CampoEstado(_("onboarding"), default=Estado.DIAGNOSTICO, choices=Estado.choices, protected=True)
    diagnostico = models.TextField(_("diagnóstico inicial"), blank=True)
    contrato_inicio = models.DateField(_("inicio del contrato"), null=True, blank=True)
    servicios = models.TextField(_("servicios contratados"), blank=True)
    canal_llamada = models.BooleanField(_("atiende llamadas"), default=True)
    canal_whatsapp = models.BooleanField(_("atiende WhatsApp"), default=False)
    canal_correo = models.BooleanField(_("atiende correo"), default=True)
    whatsapp_phone_number_id = models.CharField(
        _("WhatsApp phone_number_id"), max_length=40, blank=True, help_text=_("Identificador del número en Meta.")
    )
    correo_entrada = models.EmailField(_("correo de atención"), blank=True)
    contactos_escalamiento = models.TextField(
        _("contactos de escalamiento"), blank=True, help_text=_("Un correo por línea; reciben los casos críticos.")
    )
    logo = models.ImageField(
        _("logotipo"),
        upload_to=ruta_logo,
        max_length=300,
        blank=True,
        help_text=_("Aparece en la portada de sus reportes ejecutivos (JPG, PNG o WEBP)."),
    )
    suspendida_desde = models.CharField(
        _("estado antes de suspender"), max_length=20, choices=Estado.choices, blank=True, editable=False
    )
    motivo_suspension = models.TextField(_("motivo de la suspensión"), blank=True)
    actualizado = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perfil de PYME")
        verbose_name_plural = _("perfiles de PYME")
        ordering = ["pyme__nombre"]
        constraints = [
            models.UniqueConstraint(
                fields=["whatsapp_phone_number_id"], condition=~Q(whatsapp_phone_number_id=""), name="ate_wa_unico"
            ),
            models.UniqueConstraint(
                fields=["correo_entrada"], condition=~Q(correo_entrada=""), name="ate_correo_unico"
            ),
        ]

    def __str__(self):
        return str(self.pyme)

    @condicion(MSG_DIAGNOSTICO_VACIO)
    def diagnostico_hecho(self):
        return bool(self.diagnostico.strip())

    @condicion(MSG_ACTIVAR_INCOMPLETO)
    def configuracion_completa(self):
        """Hours, an SLA target and an active contact reason: what the SLA clock and the agents need."""
        return (
            HorarioAtencion.objects.filter(pyme_id=self.pyme_id).exists()
            and ObjetivoSla.objects.filter(pyme_id=self.pyme_id).exists()
            and MotivoContacto.objects.filter(pyme_id=self.pyme_id, activo=True).exists()
        )

    @transition(
        field=estado,
        source=Estado.DIAGNOSTICO,
        target=Estado.CONFIGURACION,
        conditions=[diagnostico_hecho],
        permission="atencion.configurar_pyme",
        custom={"label": "Terminar diagnóstico"},
    )
    def terminar_diagnostico(self):
        pass

    @transition(
        field=estado,
        source=Estado.CONFIGURACION,
        target=Estado.ACTIVA,
        conditions=[configuracion_completa],
        permission="atencion.configurar_pyme",
        custom={"label": "Activar PYME"},
    )
    def activar(self):
        pass

    @property
    def suspendida(self):
        return self.estado == self.Estado.SUSPENDIDA

    # The service refuses a blank reason before running it (MSG_SUSPENDER_SIN_MOTIVO).
    @transition(
        field=estado,
        source=[Estado.DIAGNOSTICO, Estado.CONFIGURACION, Estado.ACTIVA],
        target=Estado.SUSPENDIDA,
        permission="atencion.suspender_pyme",
        custom={"label": "Suspender PYME"},
    )
    def suspender(self, *, motivo):
        self.suspendida_desde = self.estado
        self.motivo_suspension = motivo

    # Back to where the PYME was when it was suspended (onboarding resumes where it stopped).
    @transition(
        field=estado,
        source=Estado.SUSPENDIDA,
        target=RETURN_VALUE(Estado.DIAGNOSTICO, Estado.CONFIGURACION, Estado.ACTIVA),
        permission="atencion.suspender_pyme",
        custom={"label": "Reactivar PYME"},
    )
    def reactivar(self):
        anterior = self.suspendida_desde or self.Estado.ACTIVA
        self.suspendida_desde = ""
        return anterior

    def canales(self):
        return [
            c
            for c, activo in (
                (Canal.LLAMADA, self.canal_llamada),
                (Canal.WHATSAPP, self.canal_whatsapp),
                (Canal.CORREO, self.canal_correo),
            )
            if activo
        ]

    def correos_escalamiento(self):
        return [linea.strip() for linea in self.contactos_escalamiento.splitlines() if linea.strip()]


class HorarioAtencion(models.Model):
    """Service hours of a PYME for one weekday (0 = Monday), in the PYME's time zone."""

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="horarios_atencion"
    )
    dia_semana = models.PositiveSmallIntegerField(
        _("día"),
        choices=[
            (0, "Lunes"),
            (1, "Martes"),
            (2, "Miércoles"),
            (3, "Jueves"),
            (4, "Viernes"),
            (5, "Sábado"),
            (6, "Domingo"),
        ],
    )
    abre = models.TimeField(_("abre"))
    cierra = models.TimeField(_("cierra"))

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("horario de atención")
        verbose_name_plural = _("horarios de atención")
        ordering = ["pyme", "dia_semana", "abre"]
        constraints = [
            models.UniqueConstraint(fields=["pyme", "dia_semana", "abre"], name="ate_horario_unico"),
            models.CheckConstraint(condition=Q(cierra__gt=models.F("abre")), name="ate_horario_cierra_despues"),
            models.CheckConstraint(condition=Q(dia_semana__lte=6), name="ate_horario_dia_valido"),
        ]

    def __str__(self):
        return f"{self.get_dia_semana_display()} {self.abre:%H:%M}–{self.cierra:%H:%M}"


class DiaInhabil(models.Model):
    """A PYME-specific non-working day (added to the country's official holidays)."""

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="dias_inhabiles"
    )
    fecha = models.DateField(_("fecha"))
    descripcion = models.CharField(_("descripción"), max_length=120)

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("día inhábil")
        verbose_name_plural = _("días inhábiles")
        ordering = ["pyme", "fecha"]
        constraints = [models.UniqueConstraint(fields=["pyme", "fecha"], name="ate_dia_inhabil_unico")]

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y} {self.descripcion}"


class ObjetivoSla(models.Model):
    """First-response and resolution targets (business minutes) per PYME, channel and priority."""

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="objetivos_sla"
    )
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    prioridad = models.CharField(_("prioridad"), max_length=10, choices=Prioridad.choices)
    primera_respuesta_min = models.PositiveIntegerField(_("primera respuesta (min hábiles)"))
    resolucion_min = models.PositiveIntegerField(_("resolución (min hábiles)"))

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objetivo SLA")
        verbose_name_plural = _("objetivos SLA")
        ordering = ["pyme", "canal", "prioridad"]
        constraints = [
            models.UniqueConstraint(fields=["pyme", "canal", "prioridad"], name="ate_sla_unico"),
            models.CheckConstraint(condition=Q(primera_respuesta_min__gt=0), name="ate_sla_respuesta_positiva"),
            models.CheckConstraint(
                condition=Q(resolucion_min__gte=models.F("primera_respuesta_min")), name="ate_sla_resolucion_mayor"
            ),
        ]

    def __str__(self):
        return f"{self.pyme} {self.canal}/{self.prioridad}"


class MotivoContacto(models.Model):
    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="motivos_contacto"
    )
    nombre = models.CharField(_("motivo"), max_length=120)
    activo = models.BooleanField(_("activo"), default=True)

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("motivo de contacto")
        verbose_name_plural = _("motivos de contacto")
        ordering = ["pyme", "nombre"]
        constraints = [models.UniqueConstraint(fields=["pyme", "nombre"], name="ate_motivo_unico")]

    def __str__(self):
        return self.nombre


# What an agent may write between braces in a script; the ticket page fills them in.
MARCADORES_GUION = ("pyme", "cliente", "agente")


def validar_marcadores(texto):
    """Refuse a script text with a placeholder the ticket cannot fill (e.g. ``{empresa}``)."""
    desconocidos = sorted(set(re.findall(r"\{(\w*)\}", texto)) - set(MARCADORES_GUION))
    if desconocidos:
        raise ValidationError(
            MSG_MARCADOR_DESCONOCIDO.format(
                marcadores=", ".join(f"{{{m}}}" for m in desconocidos),
                validos=", ".join(f"{{{m}}}" for m in MARCADORES_GUION),
            ),
            code="marcador",
        )


def llenar_marcadores(texto, valores):
    """``{pyme}``, ``{cliente}`` and ``{agente}`` replaced by the ticket's names; any other brace stays as is."""
    return re.sub(r"\{(\w+)\}", lambda m: valores.get(m.group(1), m.group(0)), texto)


class GuionQuerySet(models.QuerySet):
    def para(self, perfil, motivo=None):
        """Scripts that apply to a PYME: its own first, then its giro's; a reason-specific one first."""
        # giro_id (the code), not giro: the ticket page would read the Giro row only to take its code back.
        qs = self.filter(Q(pyme_id=perfil.pyme_id) | Q(pyme__isnull=True, giro_id=perfil.giro_id)).filter(activo=True)
        if motivo is not None:
            qs = qs.filter(Q(motivo__isnull=True) | Q(motivo=motivo))
        return qs.order_by(models.F("motivo_id").asc(nulls_last=True), models.F("pyme_id").asc(nulls_last=True))


class Guion(models.Model):
    """A script for agents, per giro (pyme empty) or per PYME, optionally for one contact reason.

    ``version`` goes up with every edit; the ticket records the version its agent worked with."""

    giro = giro_fk(related_name="guiones")
    pyme = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("PYME"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guiones",
    )
    motivo = models.ForeignKey(MotivoContacto, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    titulo = models.CharField(_("título"), max_length=150)
    saludo = models.TextField(_("saludo"), validators=[validar_marcadores])
    desarrollo = models.TextField(_("desarrollo"), validators=[validar_marcadores])
    cierre = models.TextField(_("cierre"), validators=[validar_marcadores])
    activo = models.BooleanField(_("activo"), default=True)
    version = models.PositiveIntegerField(_("versión"), default=1, editable=False)

    objects = GuionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guion")
        verbose_name_plural = _("guiones")
        ordering = ["giro", "titulo"]

    def __str__(self):
        return self.titulo


# Common principles of the manual (section 7), shown with every script.
PRINCIPIOS = (
    "Responder siempre con empatía y profesionalismo.",
    "Registrar toda interacción en el sistema.",
    "Escalar inmediatamente los casos críticos al Gerente.",
    "Confirmar satisfacción después de cada servicio.",
    "Cumplir con los tiempos definidos en el SLA.",
)


class Cliente(models.Model):
    """A customer of a PYME (the person ENROK attends), with the loyalty opt-out."""

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="clientes_atencion"
    )
    nombre = models.CharField(_("nombre"), max_length=150, blank=True)
    telefono = models.CharField(_("teléfono"), max_length=30, blank=True)
    correo = models.EmailField(_("correo"), blank=True)
    acepta_campanas = models.BooleanField(_("acepta campañas"), default=True)
    baja_en = models.DateTimeField(_("se dio de baja"), null=True, blank=True)
    fecha_nacimiento = models.DateField(_("fecha de nacimiento"), null=True, blank=True)
    aniversario = models.DateField(
        _("aniversario"), null=True, blank=True, help_text=_("Por ejemplo, la fecha en que se hizo cliente.")
    )
    ultima_visita = models.DateField(_("última visita"), null=True, blank=True)
    etiquetas = models.ManyToManyField(
        "atencion.Etiqueta", verbose_name=_("etiquetas"), blank=True, related_name="clientes"
    )
    token_baja = models.CharField(max_length=64, unique=True, default=token_aleatorio, editable=False)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cliente")
        verbose_name_plural = _("clientes")
        ordering = ["pyme", "nombre"]
        constraints = [
            models.UniqueConstraint(fields=["pyme", "telefono"], condition=~Q(telefono=""), name="ate_cliente_tel"),
            models.UniqueConstraint(fields=["pyme", "correo"], condition=~Q(correo=""), name="ate_cliente_correo"),
        ]

    def __str__(self):
        return self.nombre or self.telefono or self.correo
