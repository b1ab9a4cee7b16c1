"""The daily metrics roll-up of each PYME (derived data, rebuilt idempotently)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from atencion.models.pymes import Canal, MotivoContacto, PorPymeQuerySet

CAMPOS_METRICA = (
    "abiertos",  # tickets created that day
    "sla_ok",  # ... whose first response met its target
    "sla_mal",  # ... whose first response was late or is missing past its deadline (at rebuild time)
    "resp_suma",  # ... sum and count of first-response business seconds
    "resp_n",
    "resueltos",  # tickets resolved that day
    "fcr",  # ... on first contact
    "res_ok",  # ... within the resolution target
    "res_sla_ok",  # ... whose first response met its target (per-agent table)
    "res_suma",  # ... sum and count of resolution business seconds
    "res_n",
    "res_csat_suma",  # ... sum and count of their surveys' CSAT, whenever answered (per-agent table)
    "res_csat_n",
    "csat_suma",  # surveys answered that day
    "csat_n",
    "csat_1",
    "csat_2",
    "csat_3",
    "csat_4",
    "csat_5",
    "nps_n",
    "promotores",
    "pasivos",
    "detractores",
    "interacciones",  # interactions recorded that day
)


class MetricaDiaria(models.Model):
    """Roll-up of one PYME's day (in its time zone) per agent, channel and reason; derived data only.

    Rebuilt idempotently by ``services.metricas_recalcular`` (beat and ``recalcular_metricas``); the
    days after the PYME's ``CorteMetricas`` are read live from the tickets.
    """

    pyme = models.ForeignKey("enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="+")
    dia = models.DateField(_("día"))
    agente = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    canal = models.CharField(_("canal"), max_length=10, choices=Canal.choices)
    motivo = models.ForeignKey(MotivoContacto, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    abiertos = models.PositiveIntegerField(default=0)
    sla_ok = models.PositiveIntegerField(default=0)
    sla_mal = models.PositiveIntegerField(default=0)
    resp_suma = models.PositiveBigIntegerField(default=0)
    resp_n = models.PositiveIntegerField(default=0)
    resueltos = models.PositiveIntegerField(default=0)
    fcr = models.PositiveIntegerField(default=0)
    res_ok = models.PositiveIntegerField(default=0)
    res_sla_ok = models.PositiveIntegerField(default=0)
    res_suma = models.PositiveBigIntegerField(default=0)
    res_n = models.PositiveIntegerField(default=0)
    res_csat_suma = models.PositiveIntegerField(default=0)
    res_csat_n = models.PositiveIntegerField(default=0)
    csat_suma = models.PositiveIntegerField(default=0)
    csat_n = models.PositiveIntegerField(_("respuestas CSAT"), default=0)
    csat_1 = models.PositiveIntegerField(default=0)
    csat_2 = models.PositiveIntegerField(default=0)
    csat_3 = models.PositiveIntegerField(default=0)
    csat_4 = models.PositiveIntegerField(default=0)
    csat_5 = models.PositiveIntegerField(default=0)
    nps_n = models.PositiveIntegerField(default=0)
    promotores = models.PositiveIntegerField(default=0)
    pasivos = models.PositiveIntegerField(default=0)
    detractores = models.PositiveIntegerField(default=0)
    interacciones = models.PositiveIntegerField(default=0)

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("métrica diaria")
        verbose_name_plural = _("métricas diarias")
        ordering = ["pyme", "dia"]
        indexes = [models.Index(fields=["dia", "pyme"], name="ate_metrica_dia_pyme")]
        constraints = [
            # NULL agent/reason count as one key (an expression index: works on SQLite and PostgreSQL).
            models.UniqueConstraint(
                "pyme",
                "dia",
                Coalesce("agente", 0),
                "canal",
                Coalesce("motivo", 0),
                name="ate_metrica_clave_unica",
            ),
        ]

    def __str__(self):
        return f"{self.pyme_id} {self.dia:%d/%m/%Y} {self.canal}"


class CorteMetricas(models.Model):
    """Up to which local day (inclusive) a PYME's roll-up is built; ``desde`` is when its live part starts."""

    pyme = models.OneToOneField(
        "enlace.Organizacion", verbose_name=_("PYME"), on_delete=models.CASCADE, related_name="corte_metricas"
    )
    dia = models.DateField(_("último día consolidado"))
    desde = models.DateTimeField(_("inicio de la parte en vivo"))

    objects = PorPymeQuerySet.as_manager()

    class Meta:
        verbose_name = _("corte de métricas")
        verbose_name_plural = _("cortes de métricas")

    def __str__(self):
        return f"{self.pyme_id} hasta {self.dia:%d/%m/%Y}"
