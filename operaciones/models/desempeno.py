"""Coaching: the feedback, coaching and operational training sessions the COP holds with an asesor.

The performance figures and the ranking are computed from the apartados and commission lines
(``operaciones.selectors.desempeno``); only the sessions are stored here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from operaciones import rules as reglas


class SesionCoachingQuerySet(models.QuerySet):
    """COP: the sessions of their network; asesor: their own (read-only); nobody else."""

    def visibles_para(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if reglas.es_cop(user):
            return self.filter(red_id=user.organizacion_id)
        if reglas.es_asesor(user):
            return self.filter(asesor=user)
        return self.none()


class SesionCoaching(models.Model):
    """A session recorded by the COP with one asesor: topics, agreements and the follow-up date."""

    class Tipo(models.TextChoices):
        RETROALIMENTACION = "retroalimentacion", _("Retroalimentación")
        COACHING = "coaching", _("Coaching")
        CAPACITACION = "capacitacion", _("Capacitación operativa")

    red = models.ForeignKey("enlace.Organizacion", verbose_name=_("red"), on_delete=models.PROTECT, related_name="+")
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asesor"), on_delete=models.PROTECT, related_name="sesiones_coaching"
    )
    registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrada por"), on_delete=models.PROTECT, related_name="+"
    )
    fecha = models.DateField(_("fecha"), default=timezone.localdate)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    temas = models.TextField(_("temas"))
    acuerdos = models.TextField(_("acuerdos"), blank=True)
    fecha_seguimiento = models.DateField(_("fecha de seguimiento"), null=True, blank=True)
    apartado = models.ForeignKey(
        "operaciones.Apartado",
        verbose_name=_("operación relacionada"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sesiones_coaching",
    )
    creada = models.DateTimeField(_("registrada el"), auto_now_add=True)

    objects = SesionCoachingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sesión de coaching")
        verbose_name_plural = _("sesiones de coaching")
        ordering = ["-fecha", "-pk"]
        indexes = [
            models.Index(fields=["asesor", "-fecha"], name="coaching_asesor_idx"),
            models.Index(fields=["red", "fecha_seguimiento"], name="coaching_seguimiento_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fecha_seguimiento__isnull=True) | Q(fecha_seguimiento__gte=models.F("fecha")),
                name="coaching_seguimiento_despues",
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.asesor} · {self.fecha:%d/%m/%Y}"
