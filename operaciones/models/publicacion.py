"""Publishing a concesionario's units: inventory-file imports and the changes its staff propose.

``ImportacionInventario``: one accepted upload of the dealer's inventory export (refused files store
nothing), with its counts and, for a file marked «inventario completo», the units it did not carry
(``ausentes``): offered to the webmaster for withdrawal, never withdrawn by the import itself.
``CambioUnidad``: a change to a unit's published data (pendiente → aprobado | rechazado); the network
sees it only once the concesionario's webmaster approves it, and the unit's field history keeps the old values.
Writes only through ``operaciones.services.publicacion``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition

from enlace.acciones import condicion
from enlace.estados import CampoEstado
from enlace.models import VisiblesQuerySet
from operaciones import mensajes
from operaciones.models.inventario import Unidad

__all__ = ["CAMPOS_CAMBIABLES", "CAMPOS_PUBLICADOS", "CambioUnidad", "ImportacionInventario"]

# The published data the concesionario's staff may propose to change in the app (the webmaster validates);
# a gerente's re-import may also correct the identity fields, validated the same way.
CAMPOS_CAMBIABLES = ("precio", "km", "version", "color", "equipamiento", "descripcion")
CAMPOS_PUBLICADOS = (*CAMPOS_CAMBIABLES, "marca", "modelo", "anio", "ciudad")


class ImportacionQuerySet(VisiblesQuerySet):
    ruta_organizacion = "concesionario"


class ImportacionInventario(models.Model):
    concesionario = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("concesionario"), on_delete=models.PROTECT, related_name="+"
    )
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importó"), on_delete=models.PROTECT, related_name="+"
    )
    creada = models.DateTimeField(_("importada el"), default=timezone.now)
    nombre_archivo = models.CharField(_("archivo"), max_length=200)
    completo = models.BooleanField(_("inventario completo"), default=False)
    creadas = models.PositiveIntegerField(_("unidades nuevas"), default=0)
    actualizadas = models.PositiveIntegerField(_("unidades actualizadas"), default=0)
    sin_cambios = models.PositiveIntegerField(_("unidades sin cambios"), default=0)
    ausentes = models.JSONField(
        _("unidades ausentes del archivo"),
        default=list,
        blank=True,
        help_text=_("Ids de las unidades en inventario que un archivo completo no traía: se ofrecen para retiro."),
    )

    objects = ImportacionQuerySet.as_manager()

    class Meta:
        verbose_name = _("importación de inventario")
        verbose_name_plural = _("importaciones de inventario")
        ordering = ["-creada", "-id"]
        indexes = [models.Index(fields=["concesionario", "-creada"], name="importacion_inv_conc_idx")]

    def __str__(self):
        return f"{self.nombre_archivo} · {self.creada:%Y-%m-%d %H:%M}"


class CambioUnidadQuerySet(VisiblesQuerySet):
    ruta_organizacion = "unidad__concesionario"

    def pendientes(self):
        return self.filter(estado=CambioUnidad.Estado.PENDIENTE)


@condicion(mensajes.CAMBIO_UNIDAD_FUERA_DE_INVENTARIO)
def unidad_en_inventario(cambio):
    return cambio.unidad.estado not in (Unidad.Estado.VENDIDA, Unidad.Estado.RETIRADA)


class CambioUnidad(ConcurrentTransitionMixin, models.Model):
    """Proposed values of some of ``CAMPOS_CAMBIABLES`` (``propuesto``) and what they replace (``anterior``)."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente de validar")
        APROBADO = "aprobado", _("Aprobado")
        RECHAZADO = "rechazado", _("Rechazado")

    unidad = models.ForeignKey(
        "operaciones.Unidad", verbose_name=_("unidad"), on_delete=models.CASCADE, related_name="cambios"
    )
    propuesto_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("propuesto por"), on_delete=models.PROTECT, related_name="+"
    )
    creado = models.DateTimeField(_("propuesto el"), default=timezone.now)
    propuesto = models.JSONField(_("valores propuestos"))
    anterior = models.JSONField(_("valores publicados al proponer"))
    motivo = models.TextField(_("motivo del cambio"), blank=True)
    estado = CampoEstado(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE, protected=True)
    revisado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisado por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revisado_en = models.DateTimeField(_("revisado el"), null=True, blank=True)
    motivo_rechazo = models.TextField(_("motivo del rechazo"), blank=True)

    objects = CambioUnidadQuerySet.as_manager()

    class Meta:
        verbose_name = _("cambio propuesto a una unidad")
        verbose_name_plural = _("cambios propuestos a unidades")
        ordering = ["-creado", "-id"]
        indexes = [models.Index(fields=["estado", "creado"], name="cambio_unidad_estado_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(estado="rechazado") | ~Q(motivo_rechazo=""), name="cambio_rechazo_con_motivo"
            ),
        ]

    def __str__(self):
        return f"Cambio {self.pk} a la unidad {self.unidad_id}"

    @property
    def diferencias(self):
        """[(field's Spanish name, published value, proposed value)] for the review page."""
        return [
            (Unidad._meta.get_field(campo).verbose_name, self.anterior.get(campo, ""), valor)
            for campo, valor in self.propuesto.items()
        ]

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.APROBADO,
        conditions=[unidad_en_inventario],
        permission="operaciones.validar_cambio_unidad",
        custom={"label": _("Aprobar el cambio"), "sin_permiso": mensajes.SOLO_WEBMASTER},
    )
    def aprobar(self, *, revisor):
        self.revisado_por = revisor
        self.revisado_en = timezone.now()

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.RECHAZADO,
        permission="operaciones.validar_cambio_unidad",
        custom={"label": _("Rechazar el cambio"), "sin_permiso": mensajes.SOLO_WEBMASTER},
    )
    def rechazar(self, *, revisor, motivo):
        self.revisado_por = revisor
        self.revisado_en = timezone.now()
        self.motivo_rechazo = motivo
