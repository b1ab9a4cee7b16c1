"""Supervision by the COP: withdrawals that may have taken a sale out of the ecosystem; stage intervals.

A concesionario that withdraws its unit shortly after an apartado on it did not reach cierre
(liberado or cancelado) may be selling it outside the network: the withdrawal is flagged as a
``RevisionRetiro`` (pendiente → revisada) that the COP reviews and resolves. One per unit and apartado.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from enlace.estados import CampoEstado
from enlace.models import VisiblesQuerySet
from operaciones import mensajes
from operaciones.eventos import ETAPAS

__all__ = ["ORDEN_ETAPAS", "MarcaTramos", "RevisionRetiro", "TramoEtapa"]

# Stage numbers stored in ``TramoEtapa.etapa``: the distinct stage names of ETAPAS in their first
# appearance. A new stage name must be added after the existing ones, or stored numbers change meaning.
ORDEN_ETAPAS = list(dict.fromkeys(ETAPAS.values()))


class RevisionRetiroQuerySet(VisiblesQuerySet):
    ruta_organizacion = "unidad__concesionario"

    def pendientes(self):
        return self.filter(estado=RevisionRetiro.Estado.PENDIENTE)


class RevisionRetiro(ConcurrentTransitionMixin, models.Model):
    """A withdrawal within ``OPERACIONES_DIAS_RETIRO_EN_REVISION`` days of an apartado that did not close."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente de revisión")
        REVISADA = "revisada", _("Revisada")

    unidad = models.ForeignKey(
        "operaciones.Unidad", verbose_name=_("unidad"), on_delete=models.PROTECT, related_name="revisiones_retiro"
    )
    apartado = models.ForeignKey(
        "operaciones.Apartado",
        verbose_name=_("apartado sin cierre"),
        on_delete=models.PROTECT,
        related_name="revisiones_retiro",
    )
    retirada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("retirada por"), on_delete=models.PROTECT, related_name="+"
    )
    retirada_en = models.DateTimeField(_("retirada el"), default=timezone.now)
    motivo_retiro = models.TextField(_("motivo del retiro"), blank=True)
    dias_transcurridos = models.PositiveIntegerField(_("días desde el fin del apartado"))
    estado = CampoEstado(_("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE, protected=True)
    resolucion = models.TextField(_("resolución del COP"), blank=True)
    revisada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisada por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revisada_en = models.DateTimeField(_("revisada el"), null=True, blank=True)

    objects = RevisionRetiroQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retiro en revisión")
        verbose_name_plural = _("retiros en revisión")
        ordering = ["-retirada_en", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unidad", "apartado"], name="revision_retiro_unidad_apartado_unica"),
            models.CheckConstraint(
                condition=models.Q(estado="pendiente") | ~models.Q(resolucion=""),
                name="revision_retiro_revisada_con_resolucion",
            ),
        ]
        indexes = [models.Index(fields=["estado", "-retirada_en"], name="revision_retiro_estado_idx")]

    def __str__(self):
        return f"Retiro en revisión {self.pk} · unidad {self.unidad_id}"

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.REVISADA,
        permission="operaciones.revisar_retiro",
        custom={"label": _("Registrar la revisión del retiro"), "sin_permiso": mensajes.SOLO_COP},
    )
    def revisar(self, *, por, resolucion):
        self.resolucion = resolucion
        self.revisada_por = por
        self.revisada_en = timezone.now()


class TramoEtapa(models.Model):
    """One interval of an operación's timeline, derived from the event log (``services.tramos_actualizar``).

    It starts at an event that opens a stage (``ETAPAS``) and ends at the next operaciones event of the
    same apartado, whatever its type; ``concesionario`` is the opening event's organización. Derived data
    only: no history, rebuilt from the log by truncating it together with ``MarcaTramos``.
    """

    apartado = models.ForeignKey(
        "operaciones.Apartado", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    concesionario = models.ForeignKey(
        "enlace.Organizacion",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    etapa = models.PositiveSmallIntegerField(_("etapa"), help_text=_("Posición en ORDEN_ETAPAS."))
    inicio = models.DateTimeField(_("inicio"))
    segundos = models.FloatField(_("duración (s)"))
    secuencia_fin = models.PositiveBigIntegerField(_("secuencia del evento que lo cierra"), unique=True)

    class Meta:
        verbose_name = _("tramo de etapa")
        verbose_name_plural = _("tramos de etapa")
        # The report groups by stage and concesionario and sorts by duration: this order, with the start
        # for the period filter, lets PostgreSQL read it index-only, without sorting 800,000 rows.
        indexes = [
            models.Index(
                fields=["etapa", "concesionario", "segundos"], include=["inicio"], name="tramo_etapa_reporte_idx"
            )
        ]

    def __str__(self):
        return f"{self.nombre_etapa} · apartado {self.apartado_id} · {self.segundos:.0f} s"

    @property
    def nombre_etapa(self):
        return ORDEN_ETAPAS[self.etapa]


class MarcaTramos(models.Model):
    """Up to which event-log ``secuencia`` the ``TramoEtapa`` rows are built. A single row (pk=1)."""

    ultima_secuencia = models.PositiveBigIntegerField(_("última secuencia procesada"), default=0)

    class Meta:
        verbose_name = _("marca de tramos")
        verbose_name_plural = _("marca de tramos")

    def __str__(self):
        return f"Tramos hasta la secuencia {self.ultima_secuencia}"
