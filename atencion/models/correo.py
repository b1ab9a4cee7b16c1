"""Real mailboxes of the PYMEs: the IMAP account that is polled, every message fetched from it (once, by
UIDVALIDITY + UID), the ones refused and kept for review, and the attachments kept in private storage."""

import ipaddress
import os
import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atencion.mensajes import MSG_BUZON_SIN_CIFRAR
from atencion.models.pymes import PorPymeQuerySet
from atencion.models.tickets import Interaccion

# The password lives in the environment like every other secret of the project; the mailbox only names the
# variable. The prefix keeps an admin from pointing a poller at SECRET_KEY and sending it to some server.
PREFIJO_CLAVE = "ATENCION_IMAP_CLAVE_"
VARIABLE_CLAVE = RegexValidator(
    rf"^{PREFIJO_CLAVE}[A-Z0-9_]+$",
    _("Escriba el nombre de una variable de entorno que empiece por ATENCION_IMAP_CLAVE_ (mayúsculas, dígitos y _)."),
)


def es_local(servidor):
    """True for the loopback interface, the only place a mailbox may be read without TLS (tests, a local relay)."""
    if servidor.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(servidor).is_loopback
    except ValueError:
        return False


class BuzonImap(models.Model):
    """A PYME's support address read by IMAP: where, how, and how far it has been read (UIDVALIDITY, last UID)."""

    class Seguridad(models.TextChoices):
        SSL = "ssl", _("SSL/TLS (puerto 993)")
        STARTTLS = "starttls", _("STARTTLS (puerto 143)")
        NINGUNA = "ninguna", _("Sin cifrar (solo en 127.0.0.1)")

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="buzones_imap"
    )
    direccion = models.EmailField(_("dirección de atención"))
    servidor = models.CharField(_("servidor IMAP"), max_length=200)
    puerto = models.PositiveIntegerField(_("puerto"), default=993)
    seguridad = models.CharField(_("seguridad"), max_length=10, choices=Seguridad.choices, default=Seguridad.SSL)
    usuario = models.CharField(_("usuario"), max_length=200)
    clave_variable = models.CharField(
        _("variable de entorno con la contraseña"),
        max_length=100,
        validators=[VARIABLE_CLAVE],
        help_text=_(
            "La contraseña no se guarda en la base: defina esta variable en el entorno del worker "
            "(p. ej. ATENCION_IMAP_CLAVE_ESTETICA_LUNA)."
        ),
    )
    carpeta = models.CharField(_("carpeta"), max_length=200, default="INBOX")
    activo = models.BooleanField(_("activo"), default=True)
    uidvalidity = models.PositiveBigIntegerField(_("UIDVALIDITY"), null=True, blank=True, editable=False)
    ultimo_uid = models.PositiveBigIntegerField(_("último UID leído"), default=0, editable=False)
    ultimo_sondeo = models.DateTimeField(_("último sondeo"), null=True, blank=True, editable=False)
    ultimo_error = models.TextField(_("último error"), blank=True, editable=False)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("buzón IMAP")
        verbose_name_plural = _("buzones IMAP")
        ordering = ["pyme", "direccion"]
        constraints = [
            models.UniqueConstraint(fields=["servidor", "usuario", "carpeta"], name="ate_buzon_unico"),
        ]

    def __str__(self):
        return self.direccion

    def clean(self):
        if self.seguridad == self.Seguridad.NINGUNA and not es_local(self.servidor or ""):
            raise ValidationError({"seguridad": MSG_BUZON_SIN_CIFRAR})

    def clave(self):
        """The password from the environment, read when polling (never stored, never logged)."""
        return os.environ.get(self.clave_variable, "")

    @property
    def clave_definida(self):
        return bool(self.clave())


class CorreoRecibido(models.Model):
    """One message fetched from a mailbox. Unique by (mailbox, UIDVALIDITY, UID): a message is fetched once.

    A refused message (``cuarentena``) keeps its raw bytes for review; an ingested one points at its interaction.
    """

    class Estado(models.TextChoices):
        INGRESADO = "ingresado", _("Ingresado en un ticket")
        DUPLICADO = "duplicado", _("Duplicado (Message-ID ya recibido)")
        CUARENTENA = "cuarentena", _("En cuarentena")

    buzon = models.ForeignKey(BuzonImap, verbose_name=_("buzón"), on_delete=models.PROTECT, related_name="correos")
    uidvalidity = models.PositiveBigIntegerField(_("UIDVALIDITY"))
    uid = models.PositiveBigIntegerField(_("UID"))
    message_id = models.CharField(_("Message-ID"), max_length=250, blank=True)
    estado = models.CharField(_("estado"), max_length=12, choices=Estado.choices)
    interaccion = models.OneToOneField(
        Interaccion, null=True, blank=True, on_delete=models.SET_NULL, related_name="correo_imap"
    )
    motivo = models.TextField(_("motivo del rechazo"), blank=True)
    tamano = models.PositiveIntegerField(_("tamaño (bytes)"), default=0)
    crudo = models.BinaryField(_("mensaje original (RFC 822)"), blank=True, default=bytes)
    recibido = models.DateTimeField(_("recibido"), default=timezone.now)

    class Meta:
        verbose_name = _("correo recibido por IMAP")
        verbose_name_plural = _("correos recibidos por IMAP")
        ordering = ["-recibido", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["buzon", "uidvalidity", "uid"], name="ate_correo_uid_unico"),
        ]
        indexes = [
            models.Index(fields=["buzon", "-recibido"], name="ate_correo_cuarentena", condition=Q(estado="cuarentena"))
        ]

    def __str__(self):
        return f"{self.buzon} UID {self.uid}"


class CuarentenaManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(estado=CorreoRecibido.Estado.CUARENTENA)


class CorreoEnCuarentena(CorreoRecibido):
    """The refused messages, their own list in the admin."""

    objects = CuarentenaManager()

    class Meta:
        proxy = True
        verbose_name = _("correo en cuarentena")
        verbose_name_plural = _("correos en cuarentena")


def ruta_adjunto(adjunto, nombre):
    """Private storage path (a fresh random name: the sender's file name is only shown, never used as a path)."""
    extension = PurePath(nombre).suffix.lower()
    return f"atencion/correo/{adjunto.pyme_id}/{secrets.token_hex(12)}{extension}"


class AdjuntoCorreoQuerySet(PorPymeQuerySet):
    pass


class AdjuntoCorreo(models.Model):
    """A file attached to an inbound email, validated as every upload and kept in private storage."""

    interaccion = models.ForeignKey(Interaccion, on_delete=models.CASCADE, related_name="adjuntos_correo")
    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="+")
    archivo = models.FileField(_("archivo"), upload_to=ruta_adjunto, max_length=200)
    nombre = models.CharField(_("nombre"), max_length=200)
    tipo_mime = models.CharField(_("tipo"), max_length=100)
    tamano = models.PositiveIntegerField(_("tamaño (bytes)"))

    objects = AdjuntoCorreoQuerySet.as_manager()

    class Meta:
        verbose_name = _("adjunto de correo")
        verbose_name_plural = _("adjuntos de correo")
        ordering = ["interaccion", "id"]

    def __str__(self):
        return self.nombre
