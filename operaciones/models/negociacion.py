"""Negotiation of an operación: discount requests and financing requests, both hanging from the apartado.

SolicitudDescuento: solicitada → en_negociacion (the COP takes it to concesionario B's gerente de ventas)
→ aprobada (amount, which may differ) | rechazada; solicitada → rechazada. At most one open per apartado.

SolicitudFinanciamiento: enviada → aprobada (conditions, amount, rate) | rechazada (reason); the COP then
confirms credit availability on an approved one. A rejected request lets the COP send a new one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from enlace.acciones import condicion
from operaciones import mensajes
from operaciones.models.apartados import Apartado

__all__ = ["SolicitudDescuento", "SolicitudFinanciamiento"]


def _usuario(nombre, **extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=nombre,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        **extra,
    )


def _operacion_cerrada_o_inactiva(solicitud):
    return mensajes.OPERACION_CERRADA if solicitud.apartado.estado == Apartado.Estado.CERRADO else mensajes.NO_ACTIVO


@condicion(_operacion_cerrada_o_inactiva)
def operacion_activa(solicitud):
    """The operación the request belongs to is active (validated, or pending within its deadline)."""
    return solicitud.apartado.activo


@condicion(mensajes.CREDITO_YA_CONFIRMADO)
def credito_sin_confirmar(solicitud):
    return not solicitud.credito_confirmado


class DescuentoQuerySet(models.QuerySet):
    def abiertas(self):
        return self.filter(estado__in=SolicitudDescuento.ABIERTAS)

    def aprobadas(self):
        return self.filter(estado=SolicitudDescuento.Estado.APROBADA)


class FinanciamientoQuerySet(models.QuerySet):
    def vigentes(self):
        return self.filter(estado__in=SolicitudFinanciamiento.VIGENTES)

    def con_credito(self):
        """Approved, with the credit's availability confirmed by the COP."""
        return self.filter(estado=SolicitudFinanciamiento.Estado.APROBADA, credito_confirmado_en__isnull=False)


class SolicitudDescuento(ConcurrentTransitionMixin, models.Model):
    """A discount or bonus the client asks for, negotiated by the COP with concesionario B."""

    class Tipo(models.TextChoices):
        MONTO = "monto", _("Monto (MXN)")
        PORCENTAJE = "porcentaje", _("Porcentaje del precio")

    class Estado(models.TextChoices):
        SOLICITADA = "solicitada", _("Solicitada")
        EN_NEGOCIACION = "en_negociacion", _("En negociación con el concesionario")
        APROBADA = "aprobada", _("Aprobada")
        RECHAZADA = "rechazada", _("Rechazada")

    ABIERTAS = (Estado.SOLICITADA, Estado.EN_NEGOCIACION)

    apartado = models.ForeignKey(
        Apartado, verbose_name=_("apartado"), on_delete=models.PROTECT, related_name="descuentos"
    )
    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices, default=Tipo.MONTO)
    valor = models.DecimalField(_("valor solicitado"), max_digits=12, decimal_places=2)
    monto_solicitado = models.DecimalField(_("monto solicitado (MXN)"), max_digits=12, decimal_places=2)
    motivo = models.TextField(_("motivo"))
    estado = FSMField(_("estado"), max_length=16, choices=Estado.choices, default=Estado.SOLICITADA, protected=True)
    solicitada_en = models.DateTimeField(_("solicitada el"), default=timezone.now)
    solicitada_por = _usuario(_("solicitada por"))
    negociacion_en = models.DateTimeField(_("en negociación desde"), null=True, blank=True)
    negociada_por = _usuario(_("llevada a negociación por"))
    resuelta_en = models.DateTimeField(_("resuelta el"), null=True, blank=True)
    resuelta_por = _usuario(_("resultado registrado por"))
    monto_aprobado = models.DecimalField(
        _("monto aprobado (MXN)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    acordado_con = models.CharField(_("quién lo acordó en el concesionario"), max_length=150, blank=True)
    motivo_rechazo = models.TextField(_("motivo del rechazo"), blank=True)

    objects = DescuentoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de descuento")
        verbose_name_plural = _("solicitudes de descuento")
        ordering = ["apartado", "solicitada_en", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["apartado"],
                condition=Q(estado__in=["solicitada", "en_negociacion"]),
                name="descuento_abierto_unico",
            ),
            models.CheckConstraint(condition=Q(monto_solicitado__gt=0), name="descuento_monto_positivo"),
            models.CheckConstraint(
                condition=~Q(estado="aprobada") | Q(monto_aprobado__gt=0), name="descuento_aprobado_con_monto"
            ),
        ]

    def __str__(self):
        return f"Descuento {self.pk} · apartado {self.apartado_id}"

    @transition(
        field=estado,
        source=Estado.SOLICITADA,
        target=Estado.EN_NEGOCIACION,
        conditions=[operacion_activa],
        permission="operaciones.negociar_descuento",
        custom={"label": _("Negociar el descuento con el gerente de ventas"), "sin_permiso": mensajes.SOLO_COP},
    )
    def negociar(self, *, por):
        self.negociacion_en = timezone.now()
        self.negociada_por = por

    @transition(
        field=estado,
        source=Estado.EN_NEGOCIACION,
        target=Estado.APROBADA,
        conditions=[operacion_activa],
        permission="operaciones.negociar_descuento",
        custom={"label": _("Aprobar el descuento"), "sin_permiso": mensajes.SOLO_COP},
    )
    def aprobar(self, *, por, monto, acordado_con):
        self.resuelta_en = timezone.now()
        self.resuelta_por = por
        self.monto_aprobado = monto
        self.acordado_con = acordado_con

    @transition(
        field=estado,
        source=ABIERTAS,
        target=Estado.RECHAZADA,
        conditions=[operacion_activa],
        permission="operaciones.negociar_descuento",
        custom={"label": _("Rechazar el descuento"), "sin_permiso": mensajes.SOLO_COP},
    )
    def rechazar(self, *, por, motivo, acordado_con=""):
        self.resuelta_en = timezone.now()
        self.resuelta_por = por
        self.motivo_rechazo = motivo
        self.acordado_con = acordado_con


class SolicitudFinanciamiento(ConcurrentTransitionMixin, models.Model):
    """A credit application sent to a bank, caja popular or the concesionario's financiera."""

    class Estado(models.TextChoices):
        ENVIADA = "enviada", _("Enviada")
        APROBADA = "aprobada", _("Aprobada")
        RECHAZADA = "rechazada", _("Rechazada")

    VIGENTES = (Estado.ENVIADA, Estado.APROBADA)

    apartado = models.ForeignKey(
        Apartado, verbose_name=_("apartado"), on_delete=models.PROTECT, related_name="financiamientos"
    )
    financiera = models.CharField(_("financiera"), max_length=120)
    tipo_financiera = models.CharField(_("tipo de financiera"), max_length=16, choices=Apartado.TipoFinanciera.choices)
    monto_solicitado = models.DecimalField(_("monto solicitado (MXN)"), max_digits=12, decimal_places=2)
    plazo_meses = models.PositiveSmallIntegerField(_("plazo (meses)"))
    estado = FSMField(_("estado"), max_length=10, choices=Estado.choices, default=Estado.ENVIADA, protected=True)
    enviada_en = models.DateTimeField(_("enviada el"), default=timezone.now)
    enviada_por = _usuario(_("enviada por"))
    respondida_en = models.DateTimeField(_("respuesta registrada el"), null=True, blank=True)
    respuesta_registrada_por = _usuario(_("respuesta registrada por"))
    condiciones = models.TextField(_("condiciones"), blank=True)
    monto_aprobado = models.DecimalField(
        _("monto aprobado (MXN)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    tasa = models.DecimalField(_("tasa anual (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    motivo_rechazo = models.TextField(_("motivo del rechazo"), blank=True)
    credito_confirmado_en = models.DateTimeField(_("crédito confirmado el"), null=True, blank=True)
    credito_confirmado_por = _usuario(_("crédito confirmado por"))

    objects = FinanciamientoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de financiamiento")
        verbose_name_plural = _("solicitudes de financiamiento")
        ordering = ["apartado", "enviada_en", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["apartado"],
                condition=Q(estado__in=["enviada", "aprobada"]),
                name="financiamiento_vigente_unico",
            ),
            models.CheckConstraint(condition=Q(monto_solicitado__gt=0), name="financiamiento_monto_positivo"),
            models.CheckConstraint(
                condition=~Q(estado="aprobada") | Q(monto_aprobado__gt=0), name="financiamiento_aprobado_con_monto"
            ),
            models.CheckConstraint(
                condition=Q(credito_confirmado_en__isnull=True) | Q(estado="aprobada"),
                name="financiamiento_credito_solo_aprobado",
            ),
        ]

    def __str__(self):
        return f"Financiamiento {self.pk} · {self.financiera}"

    @property
    def credito_confirmado(self):
        return self.credito_confirmado_en is not None

    @transition(
        field=estado,
        source=Estado.ENVIADA,
        target=Estado.APROBADA,
        conditions=[operacion_activa],
        permission="operaciones.resolver_financiamiento",
        custom={"label": _("Registrar la aprobación de la financiera"), "sin_permiso": mensajes.SOLO_COP},
    )
    def aprobar(self, *, por, condiciones, monto, tasa=None):
        self.respondida_en = timezone.now()
        self.respuesta_registrada_por = por
        self.condiciones = condiciones
        self.monto_aprobado = monto
        self.tasa = tasa

    @transition(
        field=estado,
        source=Estado.ENVIADA,
        target=Estado.RECHAZADA,
        conditions=[operacion_activa],
        permission="operaciones.resolver_financiamiento",
        custom={"label": _("Registrar el rechazo de la financiera"), "sin_permiso": mensajes.SOLO_COP},
    )
    def rechazar(self, *, por, motivo):
        self.respondida_en = timezone.now()
        self.respuesta_registrada_por = por
        self.motivo_rechazo = motivo

    @transition(
        field=estado,
        source=Estado.APROBADA,
        target=Estado.APROBADA,
        conditions=[operacion_activa, credito_sin_confirmar],
        permission="operaciones.resolver_financiamiento",
        custom={"label": _("Confirmar la disponibilidad del crédito"), "sin_permiso": mensajes.SOLO_COP},
    )
    def confirmar_credito(self, *, por):
        self.credito_confirmado_en = timezone.now()
        self.credito_confirmado_por = por
