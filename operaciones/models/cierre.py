"""Cierre de Operación: the client's satisfaction survey sent with the purchase confirmation.

The cierre itself is ``Apartado.cerrar`` driven by ``operaciones.services.cierre``; this module holds
the survey, answered once on a public page reached by an unguessable token.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from operaciones.models.apartados import Apartado


def nuevo_token():
    return secrets.token_urlsafe(32)


class EncuestaCierre(models.Model):
    """One satisfaction survey per closed operación: score 1–5 and a comment, answered once."""

    apartado = models.OneToOneField(
        Apartado, verbose_name=_("operación"), on_delete=models.CASCADE, related_name="encuesta"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=nuevo_token, editable=False)
    creada = models.DateTimeField(_("creada el"), auto_now_add=True)
    enviada_en = models.DateTimeField(
        _("enviada el"), null=True, blank=True, help_text=_("Vacío cuando el cliente no tiene correo.")
    )
    respondida_en = models.DateTimeField(_("respondida el"), null=True, blank=True)
    calificacion = models.PositiveSmallIntegerField(_("calificación (1 a 5)"), null=True, blank=True)
    comentario = models.TextField(_("comentario"), blank=True)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("encuesta de satisfacción")
        verbose_name_plural = _("encuestas de satisfacción")
        constraints = [
            models.CheckConstraint(
                condition=Q(calificacion__isnull=True) | Q(calificacion__gte=1, calificacion__lte=5),
                name="encuesta_calificacion_1_a_5",
            ),
            models.CheckConstraint(
                condition=Q(respondida_en__isnull=True) | Q(calificacion__isnull=False),
                name="encuesta_respondida_con_calificacion",
            ),
        ]

    def __str__(self):
        return f"Encuesta {self.apartado_id}"

    @property
    def respondida(self):
        return self.respondida_en is not None
