from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.models.organizaciones import VisiblesQuerySet


class BitacoraInmutable(Exception):
    """Raised on any attempt to edit or delete an event through the ORM."""


class EventoQuerySet(VisiblesQuerySet):
    def update(self, **kwargs):
        raise BitacoraInmutable("La bitácora no admite modificaciones.")

    def delete(self):
        raise BitacoraInmutable("La bitácora no admite borrados.")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            raise BitacoraInmutable("La bitácora solo admite inserciones nuevas.")
        return super().bulk_create(objs, *args, **kwargs)


class Evento(models.Model):
    """One business event: append-only and hash-chained (see ``enlace.bitacora``).

    ``hash`` covers every field plus the previous event's hash, so an edit,
    deletion or reordering made behind the ORM's back breaks the chain and
    ``manage.py verificar_bitacora`` reports it.
    """

    secuencia = models.PositiveBigIntegerField(_("secuencia"), unique=True)
    creado = models.DateTimeField(_("cuándo"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vacío cuando actúa el sistema."),
    )
    tipo = models.CharField(_("tipo"), max_length=80, db_index=True)
    organizacion = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("organización"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # evento_org_idx leads with it
    )
    objeto_tipo = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # evento_objeto_idx leads with it
    objeto_id = models.CharField(max_length=64, blank=True)
    objeto = GenericForeignKey("objeto_tipo", "objeto_id")
    objeto_repr = models.CharField(_("objeto"), max_length=200, blank=True)
    datos = models.JSONField(_("condición y datos"), default=dict, encoder=DjangoJSONEncoder)
    hash_anterior = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = EventoQuerySet.as_manager()

    class Meta:
        verbose_name = _("evento de bitácora")
        verbose_name_plural = _("bitácora de eventos")
        ordering = ["-secuencia"]
        indexes = [
            models.Index(fields=["objeto_tipo", "objeto_id", "secuencia"], name="evento_objeto_idx"),
            models.Index(fields=["organizacion", "-secuencia"], name="evento_org_idx"),
        ]
        # A constraint and not unique=True: the field would also get a LIKE index that nothing searches with.
        # Every index here is written by each event, and a sweep writes thousands in one go.
        constraints = [models.UniqueConstraint(fields=["hash"], name="evento_hash_unico")]
        permissions = [("ver_bitacora", _("Puede consultar la bitácora de eventos"))]

    def __str__(self):
        return f"#{self.secuencia} {self.tipo} {self.objeto_repr}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise BitacoraInmutable("La bitácora no admite modificaciones.")
        kwargs["force_insert"] = True  # an explicit pk must never overwrite an existing row
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise BitacoraInmutable("La bitácora no admite borrados.")

    @property
    def actor_nombre(self):
        return str(self.actor) if self.actor_id else "sistema"


class SelloBitacora(models.Model):
    """The head of the chain: last sequence and hash. A single row (pk=1).

    Writers lock it to append in order; verification compares it with the last
    event so that truncating the tail is detected as well.
    """

    ultima_secuencia = models.PositiveBigIntegerField(default=0)
    ultimo_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("sello de la bitácora")
        verbose_name_plural = _("sello de la bitácora")

    def __str__(self):
        return f"Bitácora: {self.ultima_secuencia} eventos"
