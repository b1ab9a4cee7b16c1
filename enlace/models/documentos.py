import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.models.organizaciones import VisiblesQuerySet


def ruta_documento(instancia, nombre):
    return f"documentos/{instancia.emitido_en:%Y/%m}/{instancia.codigo}.pdf"


class DocumentoEmitidoQuerySet(VisiblesQuerySet):
    """Scoped by the organisation the document belongs to; apps scope further through their own records."""

    def de(self, objeto, *, tipo):
        """Every version of one kind of document issued for ``objeto``, newest first."""
        return self.filter(
            objeto_tipo=ContentType.objects.get_for_model(objeto, for_concrete_model=False),
            objeto_id=objeto.pk,
            tipo=tipo,
        ).order_by("-version")


class DocumentoEmitido(models.Model):
    """An issued report, frozen: the exact PDF bytes as sent, with their SHA-256 and a public verification code.

    Rows are written once by ``enlace.documentos.services.documento_emitir`` and never changed; issuing the
    same document again adds the next version and keeps the earlier ones.
    """

    codigo = models.CharField(_("código de verificación"), max_length=20, unique=True)
    tipo = models.CharField(_("tipo"), max_length=60)
    nombre_tipo = models.CharField(
        _("tipo de documento"), max_length=150, help_text=_("Se muestra en la página pública de verificación.")
    )
    emisora = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("organización emisora"), on_delete=models.PROTECT, related_name="+"
    )
    organizacion = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("organización"),
        on_delete=models.PROTECT,
        related_name="documentos_emitidos",
        help_text=_("A quién pertenece el documento (quién puede descargarlo)."),
    )
    objeto_tipo = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    objeto_id = models.PositiveBigIntegerField()
    version = models.PositiveIntegerField(_("versión"))
    archivo = models.FileField(_("archivo"), upload_to=ruta_documento, max_length=300)
    nombre_archivo = models.CharField(_("nombre del archivo"), max_length=200)
    tamano = models.PositiveIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    emitido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("emitido por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    emitido_en = models.DateTimeField(_("emitido"))

    objects = DocumentoEmitidoQuerySet.as_manager()

    class Meta:
        verbose_name = _("documento emitido")
        verbose_name_plural = _("documentos emitidos")
        ordering = ["-emitido_en", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objeto_tipo", "objeto_id", "tipo", "version"], name="documento_version_unica"
            )
        ]
        indexes = [models.Index(fields=["objeto_tipo", "objeto_id", "tipo"], name="documento_objeto_idx")]

    def __str__(self):
        return f"{self.nombre_tipo} v{self.version} ({self.codigo_legible})"

    @property
    def codigo_legible(self):
        """The code in groups of four (ABCD-EFGH-JKMN), as printed on the PDF."""
        return "-".join(self.codigo[i : i + 4] for i in range(0, len(self.codigo), 4))


def ruta_pdf_preparado(instancia, nombre):
    return f"pdf_preparados/{instancia.creado:%Y/%m}/{instancia.pk}.pdf"


class PdfPreparado(models.Model):
    """A PDF too long to render inside a request: the worker renders it and its owner downloads it.

    ``generador`` is the dotted path of a function ``(usuario, **parametros) -> (bytes, nombre_archivo)``;
    only code writes it (``enlace.documentos.preparados.preparar``). Only ``usuario`` may see the row.
    """

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("En preparación")
        LISTO = "listo", _("Listo")
        FALLIDO = "fallido", _("Falló")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("usuario"), on_delete=models.CASCADE, related_name="+"
    )
    titulo = models.CharField(_("título"), max_length=200)
    generador = models.CharField(_("generador"), max_length=150)
    parametros = models.JSONField(_("parámetros"), default=dict)
    filas = models.PositiveIntegerField(_("filas"), default=0)
    estado = models.CharField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    archivo = models.FileField(_("archivo"), upload_to=ruta_pdf_preparado, max_length=300, blank=True)
    nombre_archivo = models.CharField(_("nombre del archivo"), max_length=200, blank=True)
    creado = models.DateTimeField(_("pedido"), default=timezone.now)
    terminado = models.DateTimeField(_("terminado"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF en preparación")
        verbose_name_plural = _("PDF en preparación")
        ordering = ["-creado"]
        indexes = [models.Index(fields=["estado", "creado"], name="pdf_preparado_estado_idx")]

    def __str__(self):
        return f"{self.titulo} ({self.get_estado_display()})"

    def get_absolute_url(self):
        return reverse("pdf_preparado", args=[self.pk])
