from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificacionQuerySet(models.QuerySet):
    def visibles_para(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(destinatario=user)

    def no_leidas(self):
        return self.filter(leida_en__isnull=True)


class Notificacion(models.Model):
    """An in-app notification for one user (the bell)."""

    destinatario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinatario"),
        on_delete=models.CASCADE,
        related_name="notificaciones",
    )
    titulo = models.CharField(_("título"), max_length=200)
    cuerpo = models.TextField(_("mensaje"), blank=True)
    enlace = models.CharField(_("enlace"), max_length=500, blank=True)
    clave = models.CharField(
        _("clave de idempotencia"),
        max_length=200,
        blank=True,
        help_text=_("Evita que la misma notificación se cree dos veces para un destinatario."),
    )
    creada = models.DateTimeField(_("creada"), auto_now_add=True)
    leida_en = models.DateTimeField(_("leída"), null=True, blank=True)

    objects = NotificacionQuerySet.as_manager()

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-creada", "-id"]
        indexes = [
            models.Index(
                fields=["destinatario", "creada"],
                name="notif_no_leidas_idx",
                condition=Q(leida_en__isnull=True),
            ),
            models.Index(fields=["destinatario", "-creada"], name="notif_destinatario_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["destinatario", "clave"],
                condition=~Q(clave=""),
                name="notif_clave_unica",
            )
        ]

    def __str__(self):
        return self.titulo


class CorreoSaliente(models.Model):
    """The email outbox: written in the same transaction as the business change.

    A Celery task sends it after commit; a periodic sweep retries what is still
    pending. ``estado`` only moves forward through a conditional UPDATE
    (pendiente → enviando → enviado), which is what keeps two dispatchers from
    sending the same message twice.
    """

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        ENVIANDO = "enviando", _("Enviando")
        ENVIADO = "enviado", _("Enviado")
        FALLIDO = "fallido", _("Fallido")

    para = models.EmailField(_("para"))
    asunto = models.CharField(_("asunto"), max_length=250)
    cuerpo_texto = models.TextField(_("texto"))
    cuerpo_html = models.TextField(_("HTML"), blank=True)
    notificacion = models.ForeignKey(
        Notificacion, null=True, blank=True, on_delete=models.SET_NULL, related_name="correos"
    )
    clave = models.CharField(
        _("clave de idempotencia"),
        max_length=200,
        blank=True,
        help_text=_("Evita encolar dos veces el mismo correo al mismo destinatario."),
    )
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    intentos = models.PositiveSmallIntegerField(_("intentos"), default=0)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    proximo_intento = models.DateTimeField(_("próximo intento"), db_index=True)
    reclamado_en = models.DateTimeField(_("reclamado"), null=True, blank=True)
    enviado_en = models.DateTimeField(_("enviado"), null=True, blank=True)
    ultimo_error = models.TextField(_("último error"), blank=True)

    class Meta:
        verbose_name = _("correo saliente")
        verbose_name_plural = _("bandeja de salida")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["proximo_intento"],
                name="correo_pendiente_idx",
                condition=Q(estado__in=["pendiente", "enviando"]),
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["para", "clave"], condition=~Q(clave=""), name="correo_clave_unica")
        ]

    def __str__(self):
        return f"{self.asunto} → {self.para}"


def ruta_adjunto(instancia, nombre):
    # Content-addressed: the same bytes are stored once however many emails carry them.
    return f"correo/adjuntos/{instancia.sha256[:2]}/{instancia.sha256}"


class AdjuntoCorreo(models.Model):
    """A file attached to an outbox email, kept in the private storage (never under a public URL)."""

    correo = models.ForeignKey(
        CorreoSaliente, verbose_name=_("correo"), on_delete=models.CASCADE, related_name="adjuntos"
    )
    nombre = models.CharField(_("nombre"), max_length=200)
    tipo_mime = models.CharField(_("tipo"), max_length=100, default="application/pdf")
    archivo = models.FileField(_("archivo"), upload_to=ruta_adjunto, max_length=300)
    tamano = models.PositiveIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("adjunto de correo")
        verbose_name_plural = _("adjuntos de correo")
        ordering = ["id"]

    def __str__(self):
        return self.nombre
