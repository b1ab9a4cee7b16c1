"""ENROK: client PYMEs, their protocols, tickets, SLA, surveys, reports and campaigns."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from enlace.models import VisiblesQuerySet


def _token():
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


class Giro(models.TextChoices):
    ESTETICA = "estetica", _("Estética")
    VETERINARIA = "veterinaria", _("Veterinaria")
    ABOGADOS = "abogados", _("Despacho de abogados")
    OTRO = "otro", _("Otro")


# --- PYME profile and protocol ---------------------------------------------------------


class PorPymeQuerySet(VisiblesQuerySet):
    ruta_organizacion = "pyme"


class PerfilPyme(ConcurrentTransitionMixin, models.Model):
    """A client PYME of ENROK: its onboarding (diagnosis → configuration → active) and channels."""

    class Estado(models.TextChoices):
        DIAGNOSTICO = "diagnostico", _("Diagnóstico inicial")
        CONFIGURACION = "configuracion", _("Configuración de protocolos")
        ACTIVA = "activa", _("Activa")

    pyme = models.OneToOneField(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="perfil_atencion"
    )
    giro = models.CharField(_("giro"), max_length=20, choices=Giro.choices, default=Giro.OTRO)
    estado = FSMField(_("onboarding"), default=Estado.DIAGNOSTICO, choices=Estado.choices, protected=True)
    diagnostico = models.TextField(_("diagnóstico inicial"), blank=True)
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

    def diagnostico_hecho(self):
        return bool(self.diagnostico.strip())

    @transition(field=estado, source=Estado.DIAGNOSTICO, target=Estado.CONFIGURACION, conditions=[diagnostico_hecho])
    def terminar_diagnostico(self):
        pass

    @transition(field=estado, source=Estado.CONFIGURACION, target=Estado.ACTIVA)
    def activar(self):
        pass

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

    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.CASCADE, related_name="horarios_atencion")
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

    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.CASCADE, related_name="dias_inhabiles")
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

    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.CASCADE, related_name="objetivos_sla")
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
    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.CASCADE, related_name="motivos_contacto")
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


class GuionQuerySet(models.QuerySet):
    def para(self, perfil, motivo=None):
        """Scripts that apply to a PYME: its own first, then its giro's; a reason-specific one first."""
        qs = self.filter(Q(pyme_id=perfil.pyme_id) | Q(pyme__isnull=True, giro=perfil.giro)).filter(activo=True)
        if motivo is not None:
            qs = qs.filter(Q(motivo__isnull=True) | Q(motivo=motivo))
        return qs.order_by(models.F("motivo_id").asc(nulls_last=True), models.F("pyme_id").asc(nulls_last=True))


class Guion(models.Model):
    """A script for agents, per giro (pyme empty) or per PYME, optionally for one contact reason."""

    giro = models.CharField(_("giro"), max_length=20, choices=Giro.choices)
    pyme = models.ForeignKey(
        "enlace.Organizacion", null=True, blank=True, on_delete=models.CASCADE, related_name="guiones"
    )
    motivo = models.ForeignKey(MotivoContacto, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    titulo = models.CharField(_("título"), max_length=150)
    saludo = models.TextField(_("saludo"))
    desarrollo = models.TextField(_("desarrollo"))
    cierre = models.TextField(_("cierre"))
    activo = models.BooleanField(_("activo"), default=True)

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

    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.PROTECT, related_name="clientes_atencion")
    nombre = models.CharField(_("nombre"), max_length=150, blank=True)
    telefono = models.CharField(_("teléfono"), max_length=30, blank=True)
    correo = models.EmailField(_("correo"), blank=True)
    acepta_campanas = models.BooleanField(_("acepta campañas"), default=True)
    baja_en = models.DateTimeField(_("se dio de baja"), null=True, blank=True)
    token_baja = models.CharField(max_length=64, unique=True, default=_token, editable=False)
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


# --- Tickets ---------------------------------------------------------------------------


class TicketQuerySet(PorPymeQuerySet):
    def abiertos(self):
        # Written as the partial indexes' condition, so the planner can use them.
        return self.filter(estado__in=Ticket.ABIERTOS)


class Ticket(ConcurrentTransitionMixin, models.Model):
    """One case of a PYME's customer, on one channel, with its SLA clock."""

    class Estado(models.TextChoices):
        ABIERTO = "abierto", _("Abierto")
        EN_PROCESO = "en_proceso", _("En proceso")
        ESPERANDO_CLIENTE = "esperando_cliente", _("Esperando al cliente")
        RESUELTO = "resuelto", _("Resuelto")
        CERRADO = "cerrado", _("Cerrado")

    ABIERTOS = (Estado.ABIERTO, Estado.EN_PROCESO, Estado.ESPERANDO_CLIENTE)

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="tickets_atencion"
    )
    cliente = models.ForeignKey(Cliente, verbose_name=_("cliente"), on_delete=models.PROTECT, related_name="tickets")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    motivo = models.ForeignKey(
        MotivoContacto,
        verbose_name=_("motivo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    prioridad = models.CharField(_("prioridad"), max_length=10, choices=Prioridad.choices, default=Prioridad.MEDIA)
    estado = FSMField(_("estado"), default=Estado.ABIERTO, choices=Estado.choices, protected=True)
    asunto = models.CharField(_("asunto"), max_length=200)
    agente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets_atendidos",
    )
    creado = models.DateTimeField(_("creado"), default=timezone.now)
    # SLA targets copied at creation (business minutes) and their deadlines.
    objetivo_respuesta_min = models.PositiveIntegerField(_("objetivo de primera respuesta (min)"))
    objetivo_resolucion_min = models.PositiveIntegerField(_("objetivo de resolución (min)"))
    aviso_respuesta_en = models.DateTimeField(null=True, blank=True)
    vence_respuesta = models.DateTimeField(_("vence primera respuesta"))
    aviso_resolucion_en = models.DateTimeField(null=True, blank=True)
    vence_resolucion = models.DateTimeField(_("vence resolución"), null=True, blank=True)
    pausado_desde = models.DateTimeField(_("en pausa desde"), null=True, blank=True)
    segundos_pausa = models.PositiveIntegerField(_("segundos hábiles en pausa"), default=0)
    primera_respuesta_en = models.DateTimeField(_("primera respuesta"), null=True, blank=True)
    segundos_respuesta = models.PositiveIntegerField(
        _("tiempo de primera respuesta (s hábiles)"), null=True, blank=True
    )
    resuelto_en = models.DateTimeField(_("resuelto"), null=True, blank=True)
    segundos_resolucion = models.PositiveIntegerField(_("tiempo de resolución (s hábiles)"), null=True, blank=True)
    cerrado_en = models.DateTimeField(_("cerrado"), null=True, blank=True)
    sla_respuesta_cumplido = models.BooleanField(_("SLA de respuesta cumplido"), null=True, blank=True)
    sla_resolucion_cumplido = models.BooleanField(_("SLA de resolución cumplido"), null=True, blank=True)
    contactos = models.PositiveIntegerField(_("contactos del agente"), default=0)
    reabierto = models.BooleanField(_("reabierto"), default=False)
    fcr = models.BooleanField(_("resuelto en primer contacto"), null=True, blank=True)
    escalado_en = models.DateTimeField(_("escalado"), null=True, blank=True)

    objects = TicketQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["contactos"])

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(fields=["pyme", "-creado"], name="ate_ticket_pyme_creado"),
            models.Index(fields=["pyme", "resuelto_en"], name="ate_ticket_pyme_resuelto"),
            models.Index(fields=["resuelto_en"], name="ate_ticket_resuelto"),
            models.Index(
                fields=["pyme", "creado"], name="ate_ticket_pendientes", condition=Q(resuelto_en__isnull=True)
            ),
            models.Index(fields=["-creado", "-id"], name="ate_ticket_creado"),
            models.Index(
                fields=["agente", "vence_respuesta"],
                name="ate_ticket_agente_abiertos",
                condition=Q(estado__in=["abierto", "en_proceso", "esperando_cliente"]),
            ),
            models.Index(
                fields=["vence_respuesta"],
                name="ate_ticket_abiertos_resp",
                condition=Q(estado__in=["abierto", "en_proceso", "esperando_cliente"]),
            ),
            models.Index(
                fields=["pyme", "prioridad"],
                name="ate_ticket_abiertos_pyme",
                condition=Q(estado__in=["abierto", "en_proceso", "esperando_cliente"]),
            ),
            models.Index(
                fields=["vence_resolucion"],
                name="ate_ticket_abiertos_vence",
                condition=Q(estado__in=["abierto", "en_proceso", "esperando_cliente"]),
            ),
            models.Index(
                fields=["escalado_en"],
                name="ate_ticket_escalados",
                condition=Q(estado__in=["abierto", "en_proceso", "esperando_cliente"]),
            ),
            models.Index(fields=["cliente", "canal"], name="ate_ticket_cliente_canal"),
        ]
        constraints = [
            # One open ticket per customer and channel: inbound messages thread into it.
            models.UniqueConstraint(
                fields=["cliente", "canal"],
                condition=Q(estado__in=["abierto", "en_proceso", "esperando_cliente"]),
                name="ate_ticket_abierto_unico",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.asunto}"

    @property
    def etiqueta(self):
        return f"[ENROK-{self.pk}]"

    # Enum lookups instead of Django's generic get_FOO_display (which rebuilds the choices dict per call):
    # the ticket tables show three of them per row.
    def get_canal_display(self):
        return Canal(self.canal).label if self.canal in Canal.values else self.canal

    def get_prioridad_display(self):
        return Prioridad(self.prioridad).label if self.prioridad in Prioridad.values else self.prioridad

    def get_estado_display(self):
        return self.Estado(self.estado).label if self.estado in self.Estado.values else self.estado

    @property
    def abierto(self):
        return self.estado in self.ABIERTOS

    def tiene_motivo(self):
        return self.motivo_id is not None

    @transition(field=estado, source=Estado.ABIERTO, target=Estado.EN_PROCESO)
    def atender(self, *, agente):
        self.agente = agente

    @transition(field=estado, source=Estado.EN_PROCESO, target=Estado.ESPERANDO_CLIENTE)
    def esperar_cliente(self, *, ahora):
        self.pausado_desde = ahora

    @transition(field=estado, source=Estado.ESPERANDO_CLIENTE, target=Estado.EN_PROCESO)
    def reanudar(self, *, segundos_pausados, vence_resolucion, aviso_resolucion_en):
        self.pausado_desde = None
        self.segundos_pausa += segundos_pausados
        self.vence_resolucion = vence_resolucion
        self.aviso_resolucion_en = aviso_resolucion_en

    @transition(
        field=estado,
        source=[Estado.ABIERTO, Estado.EN_PROCESO, Estado.ESPERANDO_CLIENTE],
        target=Estado.RESUELTO,
        conditions=[tiene_motivo],
    )
    def resolver(self, *, ahora, segundos_resolucion):
        self.resuelto_en = ahora
        self.pausado_desde = None
        self.segundos_resolucion = segundos_resolucion
        self.sla_resolucion_cumplido = segundos_resolucion <= self.objetivo_resolucion_min * 60
        self.fcr = self.contactos <= 1 and not self.reabierto

    @transition(field=estado, source=Estado.RESUELTO, target=Estado.CERRADO)
    def cerrar(self, *, ahora):
        self.cerrado_en = ahora

    @transition(field=estado, source=Estado.RESUELTO, target=Estado.EN_PROCESO)
    def reabrir(self, *, segundos_pausados, vence_resolucion, aviso_resolucion_en):
        self.reabierto = True
        self.segundos_pausa += segundos_pausados
        self.resuelto_en = None
        self.segundos_resolucion = None
        self.sla_resolucion_cumplido = None
        self.fcr = None
        self.vence_resolucion = vence_resolucion
        self.aviso_resolucion_en = aviso_resolucion_en


class InteraccionQuerySet(PorPymeQuerySet):
    pass


class Interaccion(models.Model):
    """One message, call or note in a ticket; ``externo_id`` (WhatsApp id, Message-ID) makes intake idempotent."""

    class Direccion(models.TextChoices):
        ENTRANTE = "entrante", _("Del cliente")
        SALIENTE = "saliente", _("Del agente")
        NOTA = "nota", _("Nota interna")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="interacciones")
    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.PROTECT, related_name="+")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    direccion = models.CharField(_("dirección"), max_length=10, choices=Direccion.choices)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contenido = models.TextField(_("contenido"), blank=True)
    duracion_segundos = models.PositiveIntegerField(_("duración (s)"), null=True, blank=True)
    externo_id = models.CharField(_("identificador externo"), max_length=250, blank=True)
    creado = models.DateTimeField(_("fecha"), default=timezone.now)

    objects = InteraccionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interacción")
        verbose_name_plural = _("interacciones")
        ordering = ["creado", "id"]
        indexes = [
            models.Index(fields=["ticket", "creado"], name="ate_inter_ticket"),
            models.Index(fields=["pyme", "creado"], name="ate_inter_pyme_creado"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["canal", "externo_id"], condition=~Q(externo_id=""), name="ate_inter_externo_unico"
            ),
        ]

    def __str__(self):
        return f"{self.get_direccion_display()} {self.creado:%d/%m %H:%M}"


class AvisoSla(models.Model):
    """An SLA warning or breach of one ticket; unique per kind, so a sweep raises it once."""

    class Tipo(models.TextChoices):
        RESPUESTA_POR_VENCER = "respuesta_por_vencer", _("Primera respuesta por vencer")
        RESPUESTA_INCUMPLIDA = "respuesta_incumplida", _("Primera respuesta incumplida")
        RESOLUCION_POR_VENCER = "resolucion_por_vencer", _("Resolución por vencer")
        RESOLUCION_INCUMPLIDA = "resolucion_incumplida", _("Resolución incumplida")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="avisos_sla")
    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo.choices)
    # Unique with the deadline: a resumed or reopened ticket (new deadline) can be warned again.
    vence = models.DateTimeField(_("vencimiento"))
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        verbose_name = _("aviso SLA")
        verbose_name_plural = _("avisos SLA")
        ordering = ["-creado"]
        constraints = [models.UniqueConstraint(fields=["ticket", "tipo", "vence"], name="ate_aviso_unico")]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.ticket_id}"


# --- Outbound messages (outbox for WhatsApp and email to customers) ----------------------


class MensajeSaliente(models.Model):
    """A message to a customer, written with the change and sent by Celery after commit (claim by UPDATE)."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        ENVIANDO = "enviando", _("Enviando")
        ENVIADO = "enviado", _("Enviado")
        FALLIDO = "fallido", _("Fallido")

    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="mensajes")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    destino = models.CharField(_("destino"), max_length=250)
    asunto = models.CharField(_("asunto"), max_length=250, blank=True)
    cuerpo = models.TextField(_("cuerpo"))
    payload = models.JSONField(_("payload WhatsApp"), default=dict, blank=True)
    cabeceras = models.JSONField(_("cabeceras de correo"), default=dict, blank=True)
    clave = models.CharField(max_length=200, blank=True)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    intentos = models.PositiveSmallIntegerField(default=0)
    externo_id = models.CharField(max_length=250, blank=True)
    ultimo_error = models.TextField(blank=True)
    creado = models.DateTimeField(auto_now_add=True)
    reclamado_en = models.DateTimeField(null=True, blank=True)
    proximo_intento = models.DateTimeField(default=timezone.now)
    enviado_en = models.DateTimeField(null=True, blank=True)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mensaje saliente")
        verbose_name_plural = _("mensajes salientes")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["proximo_intento"], name="ate_msg_pendiente", condition=Q(estado__in=["pendiente", "enviando"])
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["canal", "destino", "clave"], condition=~Q(clave=""), name="ate_msg_clave_unica"
            ),
        ]

    def __str__(self):
        return f"{self.canal} → {self.destino}"


# --- Surveys and follow-ups ------------------------------------------------------------


class Encuesta(models.Model):
    """The satisfaction survey of a resolved ticket: CSAT 1–5, NPS 0–10 and a comment, answered once."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="encuesta")
    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.PROTECT, related_name="+")
    agente = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    nonce = models.CharField(max_length=64, default=_token, editable=False)
    enviada_en = models.DateTimeField(_("enviada"), default=timezone.now)
    expira_en = models.DateTimeField(_("expira"))
    respondida_en = models.DateTimeField(_("respondida"), null=True, blank=True)
    csat = models.PositiveSmallIntegerField(_("CSAT"), null=True, blank=True)
    nps = models.PositiveSmallIntegerField(_("NPS"), null=True, blank=True)
    comentario = models.TextField(_("comentario"), blank=True)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("encuesta")
        verbose_name_plural = _("encuestas")
        ordering = ["-enviada_en"]
        indexes = [models.Index(fields=["pyme", "respondida_en"], name="ate_encuesta_pyme_resp")]
        constraints = [
            models.CheckConstraint(condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5), name="ate_csat_1_5"),
            models.CheckConstraint(condition=Q(nps__isnull=True) | Q(nps__lte=10), name="ate_nps_0_10"),
        ]

    def __str__(self):
        return f"Encuesta {self.ticket_id}"


class Seguimiento(models.Model):
    """A scheduled post-sale follow-up (satisfaction confirmation, appointment reminder)."""

    class Tipo(models.TextChoices):
        CONFIRMACION = "confirmacion", _("Confirmación de satisfacción")
        RECORDATORIO_CITA = "recordatorio_cita", _("Recordatorio de cita")

    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="seguimientos")
    cliente = models.ForeignKey(Cliente, on_delete=models.CASCADE, related_name="seguimientos")
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    mensaje = models.TextField(_("mensaje"))
    programado_para = models.DateTimeField(_("programado para"))
    enviado_en = models.DateTimeField(_("enviado"), null=True, blank=True)
    cancelado = models.BooleanField(_("cancelado"), default=False)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seguimiento postventa")
        verbose_name_plural = _("seguimientos postventa")
        ordering = ["programado_para"]
        indexes = [
            models.Index(
                fields=["programado_para"],
                name="ate_seg_pendiente",
                condition=Q(enviado_en__isnull=True, cancelado=False),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "tipo"], condition=Q(tipo="confirmacion"), name="ate_seg_confirmacion_unica"
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.programado_para:%d/%m/%Y}"


# --- Executive reports -----------------------------------------------------------------


class ReporteQuerySet(PorPymeQuerySet):
    def visibles_para(self, user):
        from enlace.roles import tiene_rol

        qs = super().visibles_para(user)
        if not user.is_superuser and tiene_rol(user, "pyme"):
            qs = qs.filter(estado=ReporteEjecutivo.Estado.PUBLICADO)
        return qs


class ReporteEjecutivo(ConcurrentTransitionMixin, models.Model):
    """A weekly or monthly executive report of a PYME: analyst drafts, gerente validates, PYME receives."""

    class Periodicidad(models.TextChoices):
        SEMANAL = "semanal", _("Semanal")
        MENSUAL = "mensual", _("Mensual")

    class Estado(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        EN_VALIDACION = "en_validacion", _("En validación")
        DEVUELTO = "devuelto", _("Devuelto al analista")
        PUBLICADO = "publicado", _("Validado y publicado")

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="reportes_atencion"
    )
    periodicidad = models.CharField(_("periodicidad"), max_length=10, choices=Periodicidad.choices)
    inicio = models.DateField(_("desde"))
    fin = models.DateField(_("hasta"))
    estado = FSMField(_("estado"), default=Estado.BORRADOR, choices=Estado.choices, protected=True)
    kpis = models.JSONField(_("métricas"), default=dict)
    recomendaciones = models.TextField(_("recomendaciones"), blank=True)
    observacion = models.TextField(_("observación del gerente"), blank=True)
    elaborado_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    validado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    creado = models.DateTimeField(auto_now_add=True)
    publicado_en = models.DateTimeField(null=True, blank=True)

    objects = ReporteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporte ejecutivo")
        verbose_name_plural = _("reportes ejecutivos")
        ordering = ["-inicio", "pyme"]
        constraints = [
            models.UniqueConstraint(fields=["pyme", "periodicidad", "inicio"], name="ate_reporte_unico"),
            models.CheckConstraint(condition=Q(fin__gte=models.F("inicio")), name="ate_reporte_fechas"),
        ]

    def __str__(self):
        return f"Reporte {self.get_periodicidad_display().lower()} {self.pyme} {self.inicio:%d/%m/%Y}"

    def tiene_recomendaciones(self):
        return bool(self.recomendaciones.strip())

    @transition(
        field=estado,
        source=[Estado.BORRADOR, Estado.DEVUELTO],
        target=Estado.EN_VALIDACION,
        conditions=[tiene_recomendaciones],
    )
    def enviar_a_validacion(self):
        pass

    @transition(field=estado, source=Estado.EN_VALIDACION, target=Estado.DEVUELTO)
    def devolver(self, *, observacion):
        self.observacion = observacion

    @transition(field=estado, source=Estado.EN_VALIDACION, target=Estado.PUBLICADO)
    def validar(self, *, gerente, ahora):
        self.validado_por = gerente
        self.publicado_en = ahora


# --- Loyalty campaigns -----------------------------------------------------------------


class Campana(ConcurrentTransitionMixin, models.Model):
    class Tipo(models.TextChoices):
        PROMOCION = "promocion", _("Promoción")
        FECHA_ESPECIAL = "fecha_especial", _("Fecha especial")
        RECORDATORIO = "recordatorio", _("Recordatorio")

    class Estado(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        PROGRAMADA = "programada", _("Programada")
        ENVIADA = "enviada", _("Enviada")
        CANCELADA = "cancelada", _("Cancelada")

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="campanas_atencion"
    )
    nombre = models.CharField(_("nombre"), max_length=150)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    asunto = models.CharField(_("asunto"), max_length=200)
    mensaje = models.TextField(_("mensaje"))
    por_whatsapp = models.BooleanField(_("enviar también por WhatsApp"), default=False)
    programada_para = models.DateTimeField(_("programada para"))
    estado = FSMField(_("estado"), default=Estado.BORRADOR, choices=Estado.choices, protected=True)
    creada_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    enviada_en = models.DateTimeField(null=True, blank=True)

    objects = PorPymeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaña")
        verbose_name_plural = _("campañas")
        ordering = ["-programada_para"]
        indexes = [
            models.Index(fields=["programada_para"], name="ate_campana_programada", condition=Q(estado="programada"))
        ]

    def __str__(self):
        return self.nombre

    @transition(field=estado, source=Estado.BORRADOR, target=Estado.PROGRAMADA)
    def programar(self):
        pass

    @transition(field=estado, source=[Estado.BORRADOR, Estado.PROGRAMADA], target=Estado.CANCELADA)
    def cancelar(self):
        pass

    @transition(field=estado, source=Estado.PROGRAMADA, target=Estado.ENVIADA)
    def marcar_enviada(self, *, ahora):
        self.enviada_en = ahora


class EnvioCampana(models.Model):
    """Delivery of one campaign to one customer on one channel (unique: sending twice is a no-op)."""

    class Estado(models.TextChoices):
        ENCOLADO = "encolado", _("Encolado")
        OMITIDO_BAJA = "omitido_baja", _("Omitido: se dio de baja")
        SIN_DATOS = "sin_datos", _("Omitido: sin dato de contacto")

    campana = models.ForeignKey(Campana, on_delete=models.CASCADE, related_name="envios")
    cliente = models.ForeignKey(Cliente, on_delete=models.CASCADE, related_name="envios_campana")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    estado = models.CharField(_("estado"), max_length=15, choices=Estado.choices)
    mensaje = models.ForeignKey(MensajeSaliente, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    creado = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envío de campaña")
        verbose_name_plural = _("envíos de campaña")
        ordering = ["campana", "cliente"]
        constraints = [models.UniqueConstraint(fields=["campana", "cliente", "canal"], name="ate_envio_unico")]

    def __str__(self):
        return f"{self.campana} → {self.cliente}"


# --- Daily metrics roll-up ---------------------------------------------------------------

# Additive counters of one roll-up row; the selectors sum them and derive averages and percentages.
CAMPOS_METRICA = (
    "abiertos",  # tickets created that day
    "sla_ok",  # ... whose first response met its target
    "sla_mal",  # ... whose first response was late or is missing past its deadline (at rebuild time)
    "resp_suma",  # ... sum and count of first-response business seconds
    "resp_n",
    "resueltos",  # tickets resolved that day
    "fcr",  # ... on first contact
    "res_ok",  # ... within the resolution target
    "res_sla_ok",  # ... whose first response met its target (per-agent table)
    "res_suma",  # ... sum and count of resolution business seconds
    "res_n",
    "res_csat_suma",  # ... sum and count of their surveys' CSAT, whenever answered (per-agent table)
    "res_csat_n",
    "csat_suma",  # surveys answered that day
    "csat_n",
    "csat_1",
    "csat_2",
    "csat_3",
    "csat_4",
    "csat_5",
    "nps_n",
    "promotores",
    "pasivos",
    "detractores",
    "interacciones",  # interactions recorded that day
)


class MetricaDiaria(models.Model):
    """Roll-up of one PYME's day (in its time zone) per agent, channel and reason; derived data only.

    Rebuilt idempotently by ``services.metricas_recalcular`` (beat and ``recalcular_metricas``); the
    days after the PYME's ``CorteMetricas`` are read live from the tickets.
    """

    pyme = models.ForeignKey("enlace.Organizacion", on_delete=models.CASCADE, related_name="+")
    dia = models.DateField(_("día"))
    agente = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    motivo = models.ForeignKey(MotivoContacto, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    abiertos = models.PositiveIntegerField(default=0)
    sla_ok = models.PositiveIntegerField(default=0)
    sla_mal = models.PositiveIntegerField(default=0)
    resp_suma = models.PositiveBigIntegerField(default=0)
    resp_n = models.PositiveIntegerField(default=0)
    resueltos = models.PositiveIntegerField(default=0)
    fcr = models.PositiveIntegerField(default=0)
    res_ok = models.PositiveIntegerField(default=0)
    res_sla_ok = models.PositiveIntegerField(default=0)
    res_suma = models.PositiveBigIntegerField(default=0)
    res_n = models.PositiveIntegerField(default=0)
    res_csat_suma = models.PositiveIntegerField(default=0)
    res_csat_n = models.PositiveIntegerField(default=0)
    csat_suma = models.PositiveIntegerField(default=0)
    csat_n = models.PositiveIntegerField(default=0)
    csat_1 = models.PositiveIntegerField(default=0)
    csat_2 = models.PositiveIntegerField(default=0)
    csat_3 = models.PositiveIntegerField(default=0)
    csat_4 = models.PositiveIntegerField(default=0)
    csat_5 = models.PositiveIntegerField(default=0)
    nps_n = models.PositiveIntegerField(default=0)
    promotores = models.PositiveIntegerField(default=0)
    pasivos = models.PositiveIntegerField(default=0)
    detractores = models.PositiveIntegerField(default=0)
    interacciones = models.PositiveIntegerField(default=0)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("métrica diaria")
        verbose_name_plural = _("métricas diarias")
        ordering = ["pyme", "dia"]
        indexes = [models.Index(fields=["dia", "pyme"], name="ate_metrica_dia_pyme")]
        constraints = [
            # NULL agent/reason count as one key (an expression index: works on SQLite and PostgreSQL).
            models.UniqueConstraint(
                "pyme",
                "dia",
                Coalesce("agente", 0),
                "canal",
                Coalesce("motivo", 0),
                name="ate_metrica_clave_unica",
            ),
        ]

    def __str__(self):
        return f"{self.pyme_id} {self.dia:%d/%m/%Y} {self.canal}"


class CorteMetricas(models.Model):
    """Up to which local day (inclusive) a PYME's roll-up is built; ``desde`` is when its live part starts."""

    pyme = models.OneToOneField("enlace.Organizacion", on_delete=models.CASCADE, related_name="corte_metricas")
    dia = models.DateField(_("último día consolidado"))
    desde = models.DateTimeField(_("inicio de la parte en vivo"))

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("corte de métricas")
        verbose_name_plural = _("cortes de métricas")

    def __str__(self):
        return f"{self.pyme_id} hasta {self.dia:%d/%m/%Y}"
