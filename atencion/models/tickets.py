"""Tickets of a PYME's customers: the case, its SLA clock, its interactions and its SLA warnings."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from atencion.mensajes import MSG_LLAMADA_SIN_NOTAS, MSG_SIN_INTERACCION, MSG_SIN_MOTIVO
from atencion.models.pymes import Canal, Cliente, MotivoContacto, PorPymeQuerySet, Prioridad
from enlace.acciones import condicion
from enlace.estados import CampoEstado

ATIENDEN = "atencion.atender_ticket"


@dataclass(frozen=True)
class EstadoSla:
    """Where a ticket stands against its SLA now: the text an agent reads and a level for its colour."""

    texto: str
    nivel: str  # a tiempo | en_riesgo | vencido | en_pausa | cumplido | incumplido
    vence: datetime | None = None


def _duracion(delta):
    """«3 d 4 h», «5 h 12 min», «12 min» (at least one minute)."""
    minutos = max(int(delta.total_seconds() // 60), 1)
    dias, minutos = divmod(minutos, 24 * 60)
    horas, minutos = divmod(minutos, 60)
    if dias:
        return f"{dias} d {horas} h"
    return f"{horas} h {minutos} min" if horas else f"{minutos} min"


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
    estado = CampoEstado(_("estado"), default=Estado.ABIERTO, choices=Estado.choices, protected=True)
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
    guion = models.ForeignKey(
        "atencion.Guion",
        verbose_name=_("guion usado"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    guion_version = models.PositiveIntegerField(_("versión del guion usado"), null=True, blank=True)

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

    # Dictionary lookups instead of Django's generic get_FOO_display (which rebuilds the choices per call):
    # the ticket tables show three of them per row.
    def get_canal_display(self):
        return ETIQUETAS_CANAL.get(self.canal, self.canal)

    def get_prioridad_display(self):
        return ETIQUETAS_PRIORIDAD.get(self.prioridad, self.prioridad)

    def get_estado_display(self):
        return ETIQUETAS_ESTADO.get(self.estado, self.estado)

    @property
    def abierto(self):
        return self.estado in self.ABIERTOS

    def estado_sla(self, ahora=None):
        """The clock that runs now (first response until answered, then resolution) and what is left of it.

        Amber from the 80 % warning mark on; the deadlines are in business time, the time left is on the clock."""
        if self.resuelto_en:
            if self.sla_resolucion_cumplido:
                return EstadoSla("Resuelto en SLA", "cumplido")
            return EstadoSla("Resuelto fuera de SLA", "incumplido")
        if self.pausado_desde:
            return EstadoSla("En pausa: esperando al cliente", "en_pausa")
        if self.primera_respuesta_en is None:
            que, vence, aviso = "Respuesta", self.vence_respuesta, self.aviso_respuesta_en
        else:
            que, vence, aviso = "Resolución", self.vence_resolucion, self.aviso_resolucion_en
        if vence is None:
            return EstadoSla("Sin plazo", "en_pausa")
        ahora = ahora or timezone.now()
        if ahora >= vence:
            return EstadoSla(f"{que} vencida hace {_duracion(ahora - vence)}", "vencido", vence)
        nivel = "en_riesgo" if aviso and ahora >= aviso else "a_tiempo"
        return EstadoSla(f"{que}: quedan {_duracion(vence - ahora)}", nivel, vence)

    @condicion(MSG_SIN_MOTIVO)
    def tiene_motivo(self):
        return self.motivo_id is not None

    @condicion(MSG_SIN_INTERACCION)
    def tiene_interaccion_del_agente(self):
        # ``contactos`` counts the agent's replies and calls (registrar_contacto): a ticket is resolved
        # only after someone of ENROK actually talked to the customer.
        return self.contactos >= 1

    @condicion(MSG_LLAMADA_SIN_NOTAS)
    def llamada_con_notas(self):
        # A read-only guard: a call ticket keeps what was said in the notes of at least one of its calls.
        if self.canal != Canal.LLAMADA:
            return True
        return self.interacciones.filter(canal=Canal.LLAMADA).exclude(contenido__regex=r"^\s*$").exists()

    def en_sla_de_resolucion(self, segundos_resolucion):
        return segundos_resolucion <= self.objetivo_resolucion_min * 60

    def resuelto_en_primer_contacto(self):
        return self.contactos <= 1 and not self.reabierto

    # Taken by the agent's first contact (a reply or a call), never on its own.
    @transition(
        field=estado,
        source=Estado.ABIERTO,
        target=Estado.EN_PROCESO,
        custom={"label": "Atender", "interna": True},
    )
    def atender(self, *, agente):
        self.agente = agente

    @transition(
        field=estado,
        source=Estado.EN_PROCESO,
        target=Estado.ESPERANDO_CLIENTE,
        permission=ATIENDEN,
        custom={"label": "Esperar al cliente"},
    )
    def esperar_cliente(self, *, ahora):
        self.pausado_desde = ahora

    @transition(
        field=estado,
        source=Estado.ESPERANDO_CLIENTE,
        target=Estado.EN_PROCESO,
        permission=ATIENDEN,
        custom={"label": "Reanudar"},
    )
    def reanudar(self, *, segundos_pausados, vence_resolucion, aviso_resolucion_en):
        self.pausado_desde = None
        self.segundos_pausa += segundos_pausados
        self.vence_resolucion = vence_resolucion
        self.aviso_resolucion_en = aviso_resolucion_en

    @transition(
        field=estado,
        source=[Estado.ABIERTO, Estado.EN_PROCESO, Estado.ESPERANDO_CLIENTE],
        target=Estado.RESUELTO,
        conditions=[tiene_motivo, tiene_interaccion_del_agente, llamada_con_notas],
        permission=ATIENDEN,
        custom={"label": "Resolver"},
    )
    def resolver(self, *, ahora, segundos_resolucion, agente=None):
        if self.agente_id is None and agente is not None:
            self.agente = agente
        self.resuelto_en = ahora
        self.pausado_desde = None
        self.segundos_resolucion = segundos_resolucion
        self.sla_resolucion_cumplido = self.en_sla_de_resolucion(segundos_resolucion)
        self.fcr = self.resuelto_en_primer_contacto()

    @transition(
        field=estado,
        source=Estado.RESUELTO,
        target=Estado.CERRADO,
        permission=ATIENDEN,
        custom={"label": "Cerrar"},
    )
    def cerrar(self, *, ahora):
        self.cerrado_en = ahora

    @transition(
        field=estado,
        source=Estado.RESUELTO,
        target=Estado.EN_PROCESO,
        permission=ATIENDEN,
        custom={"label": "Reabrir"},
    )
    def reabrir(self, *, segundos_pausados, vence_resolucion, aviso_resolucion_en):
        self.reabierto = True
        self.segundos_pausa += segundos_pausados
        self.resuelto_en = None
        self.segundos_resolucion = None
        self.sla_resolucion_cumplido = None
        self.fcr = None
        self.vence_resolucion = vence_resolucion
        self.aviso_resolucion_en = aviso_resolucion_en


ETIQUETAS_CANAL = dict(Canal.choices)
ETIQUETAS_PRIORIDAD = dict(Prioridad.choices)
ETIQUETAS_ESTADO = dict(Ticket.Estado.choices)


class InteraccionQuerySet(PorPymeQuerySet):
    pass


class Interaccion(models.Model):
    """One message, call or note in a ticket; ``externo_id`` (WhatsApp id, Message-ID) makes intake idempotent."""

    class Direccion(models.TextChoices):
        ENTRANTE = "entrante", _("Del cliente")
        SALIENTE = "saliente", _("Del agente")
        NOTA = "nota", _("Nota interna")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="interacciones")
    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="+")
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    direccion = models.CharField(_("dirección"), max_length=10, choices=Direccion.choices)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contenido = models.TextField(_("contenido"), blank=True)
    duracion_segundos = models.PositiveIntegerField(_("duración (s)"), null=True, blank=True)
    externo_id = models.CharField(_("identificador externo"), max_length=250, blank=True)
    creado = models.DateTimeField(_("fecha"), default=timezone.now)
    # The outbox message that carried an agent's reply (its delivery status shows next to it).
    mensaje = models.OneToOneField(
        "atencion.MensajeSaliente", null=True, blank=True, on_delete=models.SET_NULL, related_name="interaccion"
    )

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
