"""Executive reports of a PYME: the analyst drafts, the gerente validates, the PYME receives."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from atencion.mensajes import MSG_REPORTE_SIN_RECOMENDACIONES
from atencion.models.pymes import PorPymeQuerySet
from enlace.acciones import condicion
from enlace.estados import CampoEstado
from enlace.roles import tiene_rol


class ReporteQuerySet(PorPymeQuerySet):
    def visibles_para(self, user):
        qs = super().visibles_para(user)
        if not user.is_superuser and tiene_rol(user, "pyme"):
            qs = qs.filter(estado=ReporteEjecutivo.Estado.PUBLICADO)
        return qs


class ReporteEjecutivo(ConcurrentTransitionMixin, models.Model):
    """A weekly or monthly executive report of a PYME: analyst drafts, gerente validates, PYME receives."""

    class Periodicidad(models.TextChoices):
        SEMANAL = "semanal", _("Semanal")
        MENSUAL = "mensual", _("Mensual")

    class Estado(models.TextChoices):
        BORRADOR = "borrador", _("Borrador")
        EN_VALIDACION = "en_validacion", _("En validación")
        DEVUELTO = "devuelto", _("Devuelto al analista")
        PUBLICADO = "publicado", _("Validado y publicado")

    pyme = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.PROTECT, related_name="reportes_atencion"
    )
    periodicidad = models.CharField(_("periodicidad"), max_length=10, choices=Periodicidad.choices)
    inicio = models.DateField(_("desde"))
    fin = models.DateField(_("hasta"))
    estado = CampoEstado(_("estado"), default=Estado.BORRADOR, choices=Estado.choices, protected=True)
    kpis = models.JSONField(_("métricas"), default=dict)
    interpretacion = models.TextField(
        _("interpretación del analista"),
        blank=True,
        help_text=_("Qué dicen las métricas del periodo, en pocas líneas para el dueño de la PYME."),
    )
    recomendaciones = models.TextField(_("recomendaciones"), blank=True)
    observacion = models.TextField(_("observación del gerente"), blank=True)
    elaborado_por = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    validado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    creado = models.DateTimeField(auto_now_add=True)
    publicado_en = models.DateTimeField(null=True, blank=True)

    objects = ReporteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporte ejecutivo")
        verbose_name_plural = _("reportes ejecutivos")
        ordering = ["-inicio", "pyme"]
        constraints = [
            models.UniqueConstraint(fields=["pyme", "periodicidad", "inicio"], name="ate_reporte_unico"),
            models.CheckConstraint(condition=Q(fin__gte=models.F("inicio")), name="ate_reporte_fechas"),
        ]

    def __str__(self):
        return f"Reporte {self.get_periodicidad_display().lower()} {self.pyme} {self.inicio:%d/%m/%Y}"

    EDITABLES = (Estado.BORRADOR, Estado.DEVUELTO)

    @property
    def editable(self):
        return self.estado in self.EDITABLES

    @condicion(MSG_REPORTE_SIN_RECOMENDACIONES)
    def tiene_recomendaciones(self):
        return bool(self.recomendaciones.strip())

    @transition(
        field=estado,
        source=EDITABLES,
        target=Estado.EN_VALIDACION,
        conditions=[tiene_recomendaciones],
        permission="atencion.elaborar_reporte",
        custom={"label": "Enviar a validación"},
    )
    def enviar_a_validacion(self):
        pass

    @transition(
        field=estado,
        source=Estado.EN_VALIDACION,
        target=Estado.DEVUELTO,
        permission="atencion.validar_reporte",
        custom={"label": "Devolver al analista"},
    )
    def devolver(self, *, observacion):
        self.observacion = observacion

    @transition(
        field=estado,
        source=Estado.EN_VALIDACION,
        target=Estado.PUBLICADO,
        permission="atencion.validar_reporte",
        custom={"label": "Validar y enviar a la PYME"},
    )
    def validar(self, *, gerente, ahora):
        self.validado_por = gerente
        self.publicado_en = ahora
