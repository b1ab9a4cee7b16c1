"""Negotiation of an operación: discount requests and financing requests, both hanging from the apartado.

SolicitudDescuento: solicitada → en_negociacion (the COP takes it to concesionario B's gerente de ventas)
→ aprobada (amount, which may differ) | rechazada; solicitada → rechazada. Concesionario B's gerente de ventas
also answers in the app from solicitada or en_negociacion: approves, rejects, or counter-offers (contraoferta),
which the asesor or the COP then accepts (aprobada for that amount) or rejects. At most one open per apartado.

SolicitudFinanciamiento: enviada → aprobada (conditions, amount, rate) | rechazada (reason); then the credit's
availability is confirmed on an approved one. The COP or the owning concesionario's gerente de financiera records
each step. A rejected request lets a new one be sent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from enlace.acciones import condicion
from enlace.estados import CampoEstado
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
        CONTRAOFERTA = "contraoferta", _("Contraoferta del concesionario")

    POR_RESPONDER = (Estado.SOLICITADA, Estado.EN_NEGOCIACION)
    ABIERTAS = (*POR_RESPONDER, Estado.CONTRAOFERTA)

    apartado = models.ForeignKey(
        Apartado, verbose_name=_("apartado"), on_delete=models.PROTECT, related_name="descuentos"
    )
    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices, default=Tipo.MONTO)
    valor = models.DecimalField(_("valor solicitado"), max_digits=12, decimal_places=2)
    monto_solicitado = models.DecimalField(_("monto solicitado (MXN)"), max_digits=12, decimal_places=2)
    motivo = models.TextField(_("motivo"))
    estado = CampoEstado(_("estado"), max_length=16, choices=Estado.choices, default=Estado.SOLICITADA, protected=True)
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
    monto_contraoferta = models.DecimalField(
        _("monto de la contraoferta (MXN)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    nota_contraoferta = models.TextField(_("condiciones de la contraoferta"), blank=True)
    contraoferta_en = models.DateTimeField(_("contraoferta el"), null=True, blank=True)
    contraoferta_por = _usuario(_("contraoferta de"))

    objects = DescuentoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud de descuento")
        verbose_name_plural = _("solicitudes de descuento")
        ordering = ["apartado", "solicitada_en", "id"]
        indexes = [  # the COP tray's open discounts, longest wait first
            models.Index(
                fields=["solicitada_en", "id"],
                name="descuento_abierto_idx",
                condition=Q(estado__in=["solicitada", "en_negociacion", "contraoferta"]),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["apartado"],
                condition=Q(estado__in=["solicitada", "en_negociacion", "contraoferta"]),
                name="descuento_abierto_unico",
            ),
            models.CheckConstraint(condition=Q(monto_solicitado__gt=0), name="descuento_monto_positivo"),
            models.CheckConstraint(
                condition=~Q(estado="aprobada") | Q(monto_aprobado__gt=0), name="descuento_aprobado_con_monto"
            ),
            models.CheckConstraint(
                condition=~Q(estado="contraoferta") | Q(monto_contraoferta__gt=0),
                name="descuento_contraoferta_con_monto",
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
        self._resolver(por=por, monto_aprobado=monto, acordado_con=acordado_con)

    @transition(
        field=estado,
        source=POR_RESPONDER,
        target=Estado.RECHAZADA,
        conditions=[operacion_activa],
        permission="operaciones.negociar_descuento",
        custom={"label": _("Rechazar el descuento"), "sin_permiso": mensajes.SOLO_COP},
    )
    def rechazar(self, *, por, motivo, acordado_con=""):
        self._resolver(por=por, motivo_rechazo=motivo, acordado_con=acordado_con)

    # --- The owning concesionario's gerente de ventas answers in the app ---

    @transition(
        field=estado,
        source=POR_RESPONDER,
        target=Estado.APROBADA,
        conditions=[operacion_activa],
        permission="operaciones.responder_descuento",
        custom={"label": _("Aprobar el descuento (gerente de ventas)"), "sin_permiso": mensajes.NO_RESPONDE_DESCUENTO},
    )
    def aprobar_en_concesionario(self, *, por, monto):
        self._resolver(por=por, monto_aprobado=monto, acordado_con=por.get_full_name() or str(por))

    @transition(
        field=estado,
        source=POR_RESPONDER,
        target=Estado.CONTRAOFERTA,
        conditions=[operacion_activa],
        permission="operaciones.responder_descuento",
        custom={"label": _("Hacer una contraoferta"), "sin_permiso": mensajes.NO_RESPONDE_DESCUENTO},
    )
    def contraofertar(self, *, por, monto, nota=""):
        self.contraoferta_en = timezone.now()
        self.contraoferta_por = por
        self.monto_contraoferta = monto
        self.nota_contraoferta = nota

    @transition(
        field=estado,
        source=POR_RESPONDER,
        target=Estado.RECHAZADA,
        conditions=[operacion_activa],
        permission="operaciones.responder_descuento",
        custom={"label": _("Rechazar el descuento (gerente de ventas)"), "sin_permiso": mensajes.NO_RESPONDE_DESCUENTO},
    )
    def rechazar_en_concesionario(self, *, por, motivo):
        self._resolver(por=por, motivo_rechazo=motivo, acordado_con=por.get_full_name() or str(por))

    # --- The asesor (or the COP on the client's behalf) decides the counter-offer ---

    @transition(
        field=estado,
        source=Estado.CONTRAOFERTA,
        target=Estado.APROBADA,
        conditions=[operacion_activa],
        permission="operaciones.decidir_contraoferta",
        custom={"label": _("Aceptar la contraoferta"), "sin_permiso": mensajes.NO_DECIDE_CONTRAOFERTA},
    )
    def aceptar_contraoferta(self, *, por):
        autor = self.contraoferta_por
        self._resolver(
            por=por, monto_aprobado=self.monto_contraoferta, acordado_con=autor.get_full_name() or str(autor)
        )

    @transition(
        field=estado,
        source=Estado.CONTRAOFERTA,
        target=Estado.RECHAZADA,
        conditions=[operacion_activa],
        permission="operaciones.decidir_contraoferta",
        custom={"label": _("Rechazar la contraoferta"), "sin_permiso": mensajes.NO_DECIDE_CONTRAOFERTA},
    )
    def rechazar_contraoferta(self, *, por, motivo):
        self._resolver(por=por, motivo_rechazo=motivo)

    def _resolver(self, *, por, monto_aprobado=None, motivo_rechazo="", acordado_con=""):
        self.resuelta_en = timezone.now()
        self.resuelta_por = por
        self.monto_aprobado = monto_aprobado
        self.motivo_rechazo = motivo_rechazo
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
    estado = CampoEstado(_("estado"), max_length=10, choices=Estado.choices, default=Estado.ENVIADA, protected=True)
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
        indexes = [  # the COP tray's open financing requests, longest wait first
            models.Index(
                fields=["enviada_en", "id"],
                name="financiamiento_abierto_idx",
                condition=Q(estado__in=["enviada", "aprobada"], credito_confirmado_en__isnull=True),
            )
        ]
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
        custom={
            "label": _("Registrar la aprobación de la financiera"),
            "sin_permiso": mensajes.NO_RESUELVE_FINANCIAMIENTO,
        },
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
        custom={
            "label": _("Registrar el rechazo de la financiera"),
            "sin_permiso": mensajes.NO_RESUELVE_FINANCIAMIENTO,
        },
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
        custom={
            "label": _("Confirmar la disponibilidad del crédito"),
            "sin_permiso": mensajes.NO_RESUELVE_FINANCIAMIENTO,
        },
    )
    def confirmar_credito(self, *, por):
        self.credito_confirmado_en = timezone.now()
        self.credito_confirmado_por = por
