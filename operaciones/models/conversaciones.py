"""The conversation of an operación and the COP's formal contacts with the gerentes generales.

``Hilo``: one per apartado, between the asesor, the owning concesionario's people (and concesionario A's
on a Trade-In) and the COP. ``Mensaje`` (a kind, a text, ``AdjuntoMensaje`` files) is never edited.
``LecturaHilo`` is how far each participant has read; ``AvisoMensaje`` is one recipient's notice of one
message, the row the unread-mail sweep claims (pendiente → enviado | innecesario), so it mails once.
``Escalamiento``: a problem the COP escalates to the gerente general (abierta → respondida → resuelta).
``AvisoAvance``: a sales-progress notice to a concesionario's gerente general with the platform figures.
Writes only through ``operaciones.services.conversaciones`` and ``operaciones.services.gerencia``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition

from enlace.acciones import condicion
from enlace.estados import CampoEstado
from enlace.models import VisiblesQuerySet
from operaciones import mensajes
from operaciones import rules as reglas

__all__ = [
    "AdjuntoMensaje",
    "AvisoAvance",
    "AvisoMensaje",
    "Escalamiento",
    "Hilo",
    "LecturaHilo",
    "Mensaje",
    "TipoMensaje",
]


class TipoMensaje(models.TextChoices):
    DISPONIBILIDAD = "disponibilidad", _("Solicitud de disponibilidad")
    DESCUENTO = "descuento", _("Solicitud de descuento")
    ENTREGA = "entrega", _("Solicitud de entrega")
    FOTOS_VIDEOS = "fotos_videos", _("Solicitud de fotos o videos")
    OTRA = "otra", _("Otra solicitud")
    RESPUESTA = "respuesta", _("Respuesta")
    INTERVENCION = "intervencion", _("Intervención del COP")
    ESCALAMIENTO = "escalamiento", _("Escalamiento")


# A message of these kinds waits for an answer (a ``respuesta``) until one comes.
SOLICITUDES = (
    TipoMensaje.DISPONIBILIDAD,
    TipoMensaje.DESCUENTO,
    TipoMensaje.ENTREGA,
    TipoMensaje.FOTOS_VIDEOS,
    TipoMensaje.OTRA,
    TipoMensaje.ESCALAMIENTO,
)


class HiloQuerySet(VisiblesQuerySet):
    """COP: the network; a concesionario: its units' threads and, on a Trade-In, A's; an asesor: their own."""

    ruta_organizacion = "concesionario"

    def visibles_para(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if reglas.es_asesor(user):
            return self.filter(apartado__asesor=user)
        propios = super().visibles_para(user)
        if reglas.es_concesionario(user) and user.organizacion_id:
            return self.filter(
                Q(pk__in=propios.values("pk")) | Q(apartado__trade_in__concesionario_a_id=user.organizacion_id)
            )
        return propios


class Hilo(models.Model):
    """The conversation of one operación. ``esperando_desde`` is set while a request waits for an answer."""

    apartado = models.OneToOneField(
        "operaciones.Apartado", verbose_name=_("operación"), on_delete=models.CASCADE, related_name="hilo"
    )
    concesionario = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario de la unidad"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    creado = models.DateTimeField(_("creado"), default=timezone.now)
    ultimo_mensaje_en = models.DateTimeField(_("último mensaje"), null=True, blank=True)
    ultimo_mensaje = models.ForeignKey(
        "operaciones.Mensaje",
        verbose_name=_("último mensaje"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    esperando_desde = models.DateTimeField(_("sin respuesta desde"), null=True, blank=True)
    n_mensajes = models.PositiveIntegerField(_("mensajes"), default=0)

    objects = HiloQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversación de la operación")
        verbose_name_plural = _("conversaciones de las operaciones")
        indexes = [
            # The COP's view, in its exact order: unanswered first (longest wait first), then the most recent.
            models.Index(
                F("esperando_desde").asc(nulls_last=True),
                F("ultimo_mensaje_en").desc(nulls_last=True),
                F("id").desc(),
                name="hilo_bandeja_idx",
            ),
        ]

    def __str__(self):
        return f"Conversación de la operación {self.apartado_id}"


class MensajeQuerySet(VisiblesQuerySet):
    ruta_organizacion = "hilo__concesionario"


class Mensaje(models.Model):
    hilo = models.ForeignKey(Hilo, verbose_name=_("conversación"), on_delete=models.CASCADE, related_name="mensajes")
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("autor"), on_delete=models.PROTECT, related_name="+"
    )
    tipo = models.CharField(_("tipo"), max_length=16, choices=TipoMensaje.choices)
    texto = models.TextField(_("texto"))
    creado = models.DateTimeField(_("enviado el"), default=timezone.now)

    objects = MensajeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mensaje")
        verbose_name_plural = _("mensajes")
        ordering = ["creado", "id"]
        indexes = [models.Index(fields=["hilo", "creado"], name="mensaje_hilo_creado_idx")]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.hilo_id}"

    @property
    def es_solicitud(self):
        return self.tipo in SOLICITUDES


def ruta_adjunto_mensaje(instancia, nombre):
    return f"operaciones/conversaciones/{instancia.mensaje.hilo_id}/{nombre}"


class AdjuntoMensaje(models.Model):
    """A private image, video or PDF of a message, served only to the thread's participants."""

    mensaje = models.ForeignKey(Mensaje, verbose_name=_("mensaje"), on_delete=models.CASCADE, related_name="adjuntos")
    archivo = models.FileField(_("archivo"), upload_to=ruta_adjunto_mensaje, max_length=300)
    nombre = models.CharField(_("nombre"), max_length=200)
    es_imagen = models.BooleanField(_("es imagen"), default=False)
    es_video = models.BooleanField(_("es video"), default=False)

    class Meta:
        verbose_name = _("adjunto del mensaje")
        verbose_name_plural = _("adjuntos de los mensajes")
        ordering = ["id"]

    def __str__(self):
        return self.nombre


class LecturaHilo(models.Model):
    """How far one participant has read one thread."""

    hilo = models.ForeignKey(Hilo, on_delete=models.CASCADE, related_name="lecturas")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    leido_hasta = models.DateTimeField(_("leído hasta"))

    class Meta:
        verbose_name = _("lectura de conversación")
        verbose_name_plural = _("lecturas de conversaciones")
        constraints = [models.UniqueConstraint(fields=["hilo", "usuario"], name="lectura_hilo_usuario_unica")]

    def __str__(self):
        return f"{self.usuario_id} leyó {self.hilo_id} hasta {self.leido_hasta:%Y-%m-%d %H:%M}"


class AvisoMensaje(models.Model):
    """One recipient's notice of one message: the bell went at once; the email goes once, if still unread
    after ``OPERACIONES_CORREO_SI_NO_LEIDO_MIN`` minutes (an escalation's went with the bell)."""

    class Correo(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        ENVIADO = "enviado", _("Enviado")
        INNECESARIO = "innecesario", _("No hizo falta (leído a tiempo)")

    mensaje = models.ForeignKey(Mensaje, on_delete=models.CASCADE, related_name="avisos")
    destinatario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    creado = models.DateTimeField(default=timezone.now)
    correo = models.CharField(max_length=12, choices=Correo.choices, default=Correo.PENDIENTE)
    correo_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aviso de mensaje")
        verbose_name_plural = _("avisos de mensajes")
        constraints = [
            models.UniqueConstraint(fields=["mensaje", "destinatario"], name="aviso_mensaje_destinatario_unico")
        ]
        indexes = [models.Index(fields=["creado"], name="aviso_mensaje_pendiente_idx", condition=Q(correo="pendiente"))]

    def __str__(self):
        return f"Aviso del mensaje {self.mensaje_id} a {self.destinatario_id} ({self.correo})"


# --- Escalation to the gerente general ------------------------------------------------------------


def _ni_cop_ni_gerente_general(user):
    return (
        user.is_authenticated
        and not user.is_superuser
        and not reglas.es_cop(user)
        and not reglas.es_gerente_general(user)
    )


class EscalamientoQuerySet(VisiblesQuerySet):
    ruta_organizacion = "concesionario"

    def visibles_para(self, user):
        # Only the COP and the concesionario's gerente general deal with escalations.
        if _ni_cop_ni_gerente_general(user):
            return self.none()
        return super().visibles_para(user)

    def abiertos(self):
        return self.exclude(estado=Escalamiento.Estado.RESUELTA)


def _sin_respuesta_del_gerente(escalamiento, usuario):
    """The COP may close an escalation only once the gerente general has answered it."""
    if usuario is None or not reglas.es_cop(usuario) or usuario.is_superuser:
        return True
    return escalamiento.estado == Escalamiento.Estado.RESPONDIDA


@condicion(mensajes.ESCALAMIENTO_SIN_RESPUESTA, con_usuario=True)
def respondido_si_cierra_el_cop(escalamiento, usuario=None):
    return _sin_respuesta_del_gerente(escalamiento, usuario)


class Escalamiento(ConcurrentTransitionMixin, models.Model):
    """An operational or administrative problem of an operación, escalated by the COP to the gerente general.

    abierta → respondida (the gerente general answers) → resuelta; the gerente general may also resolve it
    straight from abierta; the COP only once it was answered.
    """

    class Estado(models.TextChoices):
        ABIERTA = "abierta", _("Abierta")
        RESPONDIDA = "respondida", _("Respondida por el gerente general")
        RESUELTA = "resuelta", _("Resuelta")

    class Severidad(models.TextChoices):
        BAJA = "baja", _("Baja")
        MEDIA = "media", _("Media")
        ALTA = "alta", _("Alta")
        CRITICA = "critica", _("Crítica")

    apartado = models.ForeignKey(
        "operaciones.Apartado", verbose_name=_("operación"), on_delete=models.PROTECT, related_name="escalamientos"
    )
    concesionario = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("concesionario"), on_delete=models.PROTECT, related_name="+"
    )
    motivo = models.TextField(_("motivo"))
    severidad = models.CharField(_("severidad"), max_length=8, choices=Severidad.choices)
    estado = CampoEstado(_("estado"), max_length=10, choices=Estado.choices, default=Estado.ABIERTA, protected=True)
    creado = models.DateTimeField(_("escalado el"), default=timezone.now)
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("escalado por"), on_delete=models.PROTECT, related_name="+"
    )
    respuesta = models.TextField(_("respuesta del gerente general"), blank=True)
    respondido_en = models.DateTimeField(_("respondido el"), null=True, blank=True)
    respondido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondido por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolucion = models.TextField(_("resolución"), blank=True)
    resuelto_en = models.DateTimeField(_("resuelto el"), null=True, blank=True)
    resuelto_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resuelto por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = EscalamientoQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalamiento al gerente general")
        verbose_name_plural = _("escalamientos al gerente general")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["concesionario", "creado"], name="escalamiento_abierto_idx", condition=~Q(estado="resuelta")
            )
        ]

    def __str__(self):
        return f"Escalamiento {self.pk} · operación {self.apartado_id}"

    @transition(
        field=estado,
        source=Estado.ABIERTA,
        target=Estado.RESPONDIDA,
        permission="operaciones.responder_escalamiento",
        custom={"label": _("Responder escalamiento"), "sin_permiso": mensajes.SOLO_GERENTE_GENERAL},
    )
    def responder(self, *, por, respuesta):
        self.respuesta = respuesta
        self.respondido_por = por
        self.respondido_en = timezone.now()

    @transition(
        field=estado,
        source=[Estado.ABIERTA, Estado.RESPONDIDA],
        target=Estado.RESUELTA,
        conditions=[respondido_si_cierra_el_cop],
        permission="operaciones.resolver_escalamiento",
        custom={"label": _("Resolver escalamiento"), "sin_permiso": mensajes.NO_RESUELVE_ESCALAMIENTO},
    )
    def resolver(self, *, por, resolucion):
        self.resolucion = resolucion
        self.resuelto_por = por
        self.resuelto_en = timezone.now()


# --- Sales-progress notice ------------------------------------------------------------------------


class AvisoAvanceQuerySet(VisiblesQuerySet):
    ruta_organizacion = "concesionario"

    def visibles_para(self, user):
        if _ni_cop_ni_gerente_general(user):
            return self.none()
        return super().visibles_para(user)


class AvisoAvance(models.Model):
    """A notice of the concesionario's figures on the platform for a period, with an incentive text.

    ``cifras`` is the snapshot taken when it was sent (what the gerente read stays what was sent)."""

    concesionario = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("concesionario"), on_delete=models.PROTECT, related_name="+"
    )
    desde = models.DateField(_("desde"))
    hasta = models.DateField(_("hasta"))
    cifras = models.JSONField(_("cifras del periodo"), default=dict)
    incentivo = models.TextField(_("estrategia o incentivo"))
    enviado = models.DateTimeField(_("enviado el"), default=timezone.now)
    enviado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enviado por"), on_delete=models.PROTECT, related_name="+"
    )

    objects = AvisoAvanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("aviso de avance en ventas")
        verbose_name_plural = _("avisos de avance en ventas")
        ordering = ["-enviado", "-id"]
        indexes = [models.Index(fields=["concesionario", "-enviado"], name="aviso_avance_conc_idx")]

    def __str__(self):
        return f"Aviso {self.desde:%d/%m/%Y}–{self.hasta:%d/%m/%Y} · {self.concesionario}"
