"""What customers send by WhatsApp besides text: photos, voice notes, videos, documents and locations."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atencion.models.pymes import PorPymeQuerySet
from atencion.models.tickets import Interaccion


def ruta_medio(medio, nombre):
    """Private storage path of a downloaded item: by PYME and ticket, named by the row (never the sender's name)."""
    return f"atencion/whatsapp/{medio.pyme_id}/{medio.interaccion.ticket_id}/{nombre}"


class MedioWhatsapp(models.Model):
    """The photo, voice note, video, document or location of one inbound WhatsApp message.

    Files are fetched by Celery from the Graph API's media endpoint into private storage after the webhook
    answered (``services.medio_descargar``); a location has no file, only its coordinates."""

    class Tipo(models.TextChoices):
        IMAGEN = "imagen", _("Foto")
        AUDIO = "audio", _("Nota de voz o audio")
        VIDEO = "video", _("Video")
        DOCUMENTO = "documento", _("Documento")
        STICKER = "sticker", _("Sticker")
        UBICACION = "ubicacion", _("Ubicación")

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Por descargar")
        DESCARGANDO = "descargando", _("Descargando")
        GUARDADO = "guardado", _("Guardado")
        RECHAZADO = "rechazado", _("Rechazado")
        FALLIDO = "fallido", _("No se pudo descargar")

    interaccion = models.OneToOneField(Interaccion, on_delete=models.CASCADE, related_name="medio")
    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="+")
    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices)
    media_id = models.CharField(_("id del medio en WhatsApp"), max_length=100, blank=True)
    mime_type = models.CharField(_("tipo MIME"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256 declarado"), max_length=100, blank=True)
    nombre = models.CharField(_("nombre del archivo"), max_length=255, blank=True)
    archivo = models.FileField(_("archivo"), upload_to=ruta_medio, max_length=300, blank=True)
    tamano = models.PositiveIntegerField(_("tamaño (bytes)"), null=True, blank=True)
    latitud = models.DecimalField(_("latitud"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitud = models.DecimalField(_("longitud"), max_digits=9, decimal_places=6, null=True, blank=True)
    lugar = models.CharField(_("lugar"), max_length=255, blank=True)
    direccion = models.CharField(_("dirección"), max_length=500, blank=True)
    estado = models.CharField(_("estado"), max_length=12, choices=Estado.choices, default=Estado.PENDIENTE)
    intentos = models.PositiveSmallIntegerField(_("intentos de descarga"), default=0)
    proximo_intento = models.DateTimeField(default=timezone.now)
    reclamado_en = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("motivo"), blank=True)
    creado = models.DateTimeField(_("recibido"), default=timezone.now)
    descargado_en = models.DateTimeField(_("descargado"), null=True, blank=True)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("medio de WhatsApp")
        verbose_name_plural = _("medios de WhatsApp")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(
                fields=["proximo_intento"],
                name="ate_medio_pendiente",
                condition=Q(estado__in=["pendiente", "descargando"]),
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} de la interacción {self.interaccion_id}"

    @property
    def guardado(self):
        return self.estado == self.Estado.GUARDADO and bool(self.archivo)

    @property
    def es_ubicacion(self):
        return self.tipo == self.Tipo.UBICACION

    @property
    def se_muestra_como_imagen(self):
        return self.tipo in (self.Tipo.IMAGEN, self.Tipo.STICKER)

    @property
    def url_mapa(self):
        """OpenStreetMap at the coordinates (a link: no third-party map is embedded in the page)."""
        if self.latitud is None or self.longitud is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitud}&mlon={self.longitud}"
            f"#map=17/{self.latitud}/{self.longitud}"
        )
