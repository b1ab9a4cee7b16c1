"""Comisiones: the rules configured in the admin and the commission lines each cierre creates.

A ``ReglaComision`` says how much an operación pays (a percentage of its precio final or a fixed
amount in MXN: the «bolsa») and how the bolsa splits: with one concesionario (A = B, or an
independent asesor) between the closing asesor and that concesionario; with two (A ≠ B) between the
asesor, concesionario A (the asesor's, who received the client) and B (who owns the unit).

Each cierre creates one ``LineaComision`` per beneficiary: por_verificar → verificada (COP) →
pagada (COP, with the payment date and reference).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from enlace.estados import CampoEstado
from enlace.models import PorClaveQuerySet
from operaciones import mensajes
from operaciones import rules as reglas

CIEN = Decimal(100)
ERROR_REPARTO = _("Con dos concesionarios, los porcentajes del asesor, del concesionario A y del B deben sumar 100.")
CENTAVO = Decimal("0.01")


def centavos(monto):
    return monto.quantize(CENTAVO, rounding=ROUND_HALF_UP)


class ReglaComisionQuerySet(models.QuerySet):
    def vigente_en(self, fecha):
        """The active rule with the latest ``vigente_desde`` on or before ``fecha`` (None when there is none)."""
        return self.filter(activa=True, vigente_desde__lte=fecha).order_by("-vigente_desde", "-pk").first()


class ReglaComision(models.Model):
    """How much an operación pays in commissions and how it splits between asesor and concesionarios."""

    class Tipo(models.TextChoices):
        PORCENTAJE = "porcentaje", _("Porcentaje del precio final")
        MONTO_FIJO = "monto_fijo", _("Monto fijo (MXN)")

    nombre = models.CharField(_("nombre"), max_length=120)
    tipo = models.CharField(_("tipo"), max_length=12, choices=Tipo.choices, default=Tipo.PORCENTAJE)
    valor = models.DecimalField(
        _("valor"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Porcentaje del precio final (2 = 2 %) o monto fijo en MXN por operación."),
    )
    vigente_desde = models.DateField(_("vigente desde"), default=timezone.localdate)
    activa = models.BooleanField(_("activa"), default=True)
    asesor_un_concesionario = models.DecimalField(
        _("% asesor (un concesionario)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Con un solo concesionario: el resto es para el concesionario."),
    )
    asesor_dos_concesionarios = models.DecimalField(_("% asesor (dos concesionarios)"), max_digits=5, decimal_places=2)
    concesionario_a = models.DecimalField(
        _("% concesionario A"), max_digits=5, decimal_places=2, help_text=_("El concesionario del asesor.")
    )
    concesionario_b = models.DecimalField(
        _("% concesionario B"), max_digits=5, decimal_places=2, help_text=_("El concesionario dueño de la unidad.")
    )
    creada = models.DateTimeField(_("creada"), auto_now_add=True)

    objects = ReglaComisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regla de comisión")
        verbose_name_plural = _("reglas de comisión")
        ordering = ["-vigente_desde", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valor__gt=0), name="regla_comision_valor_positivo"),
            models.CheckConstraint(
                condition=~Q(tipo="porcentaje") | Q(valor__lte=100), name="regla_comision_porcentaje_max_100"
            ),
            models.CheckConstraint(
                condition=Q(asesor_un_concesionario__gte=0, asesor_un_concesionario__lte=100),
                name="regla_comision_un_concesionario_0_100",
            ),
            models.CheckConstraint(
                condition=Q(asesor_dos_concesionarios__gte=0, concesionario_a__gte=0, concesionario_b__gte=0)
                & Q(
                    asesor_dos_concesionarios=100 - models.F("concesionario_a") - models.F("concesionario_b"),
                ),
                name="regla_comision_dos_concesionarios_suma_100",
                violation_error_message=ERROR_REPARTO,
            ),
        ]

    def __str__(self):
        return self.nombre

    def clean(self):
        partes = (self.asesor_dos_concesionarios, self.concesionario_a, self.concesionario_b)
        if None not in partes and sum(partes) != CIEN:
            raise ValidationError(ERROR_REPARTO)
        if self.tipo == self.Tipo.PORCENTAJE and self.valor is not None and self.valor > CIEN:
            raise ValidationError({"valor": _("Un porcentaje no puede ser mayor que 100.")})

    def bolsa(self, precio_final):
        """The operación's total commission, to the centavo."""
        if self.tipo == self.Tipo.MONTO_FIJO:
            return centavos(self.valor)
        return centavos(precio_final * self.valor / CIEN)

    def reparto(self, *, dos_concesionarios):
        """[(rol, porcentaje)] of the bolsa, beneficiaries with 0 % left out."""
        Rol = LineaComision.Rol
        if dos_concesionarios:
            partes = [
                (Rol.ASESOR, self.asesor_dos_concesionarios),
                (Rol.CONCESIONARIO_A, self.concesionario_a),
                (Rol.CONCESIONARIO_B, self.concesionario_b),
            ]
        else:
            partes = [
                (Rol.ASESOR, self.asesor_un_concesionario),
                (Rol.CONCESIONARIO_B, CIEN - self.asesor_un_concesionario),
            ]
        return [(rol, porcentaje) for rol, porcentaje in partes if porcentaje > 0]


class LineaComisionQuerySet(PorClaveQuerySet):
    """COP: the network's lines; asesor: their own; a gerente: their concesionario's and its asesores'."""

    def visibles_para(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if user.organizacion_id is None:
            return self.filter(beneficiario_asesor=user) if reglas.es_asesor(user) else self.none()
        if reglas.es_cop(user):
            return self.filter(apartado__concesionario__padre_id=user.organizacion_id)
        if reglas.es_asesor(user):
            return self.filter(beneficiario_asesor=user)
        if reglas.es_gerente_comisiones(user):
            return self.filter(
                Q(beneficiario_concesionario_id=user.organizacion_id)
                | Q(beneficiario_asesor__organizacion_id=user.organizacion_id)
            )
        return self.none()

    def cerradas_entre(self, desde, hasta):
        """Lines of operaciones closed in [desde, hasta) (aware datetimes)."""
        return self.filter(apartado__cerrado_en__gte=desde, apartado__cerrado_en__lt=hasta)


class LineaComision(ConcurrentTransitionMixin, models.Model):
    """One beneficiary's share of an operación's commission: por_verificar → verificada → pagada."""

    class Estado(models.TextChoices):
        POR_VERIFICAR = "por_verificar", _("Por verificar")
        VERIFICADA = "verificada", _("Verificada")
        PAGADA = "pagada", _("Pagada")

    class Rol(models.TextChoices):
        ASESOR = "asesor", _("Asesor que cerró")
        CONCESIONARIO_A = "concesionario_a", _("Concesionario A (del asesor)")
        CONCESIONARIO_B = "concesionario_b", _("Concesionario B (dueño de la unidad)")

    apartado = models.ForeignKey(
        "operaciones.Apartado", verbose_name=_("operación"), on_delete=models.PROTECT, related_name="comisiones"
    )
    regla = models.ForeignKey(ReglaComision, verbose_name=_("regla"), on_delete=models.PROTECT, related_name="lineas")
    rol = models.CharField(_("rol"), max_length=16, choices=Rol.choices)
    beneficiario_asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asesor beneficiario"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comisiones",
    )
    beneficiario_concesionario = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario beneficiario"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comisiones",
    )
    base = models.DecimalField(
        _("comisión de la operación (MXN)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Bolsa de la operación según la regla, de la que esta línea toma su porcentaje."),
    )
    porcentaje = models.DecimalField(_("porcentaje de la bolsa"), max_digits=5, decimal_places=2)
    monto = models.DecimalField(_("monto (MXN)"), max_digits=12, decimal_places=2)
    estado = CampoEstado(
        _("estado"), max_length=14, choices=Estado.choices, default=Estado.POR_VERIFICAR, protected=True
    )
    creada = models.DateTimeField(_("creada"), default=timezone.now)
    verificada_en = models.DateTimeField(_("verificada el"), null=True, blank=True)
    verificada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verificada por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fecha_pago = models.DateField(_("fecha de pago"), null=True, blank=True)
    referencia_pago = models.CharField(_("referencia de pago"), max_length=120, blank=True)
    pagada_en = models.DateTimeField(_("pago registrado el"), null=True, blank=True)
    pagada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pago registrado por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LineaComisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("línea de comisión")
        verbose_name_plural = _("líneas de comisión")
        ordering = ["-creada", "-pk"]
        indexes = [
            models.Index(fields=["beneficiario_asesor", "-creada"], name="comision_asesor_idx"),
            models.Index(fields=["beneficiario_concesionario", "-creada"], name="comision_conc_idx"),
            models.Index(fields=["estado", "-creada"], name="comision_estado_idx"),
            models.Index(  # the COP tray's lines to verify or pay, oldest first
                fields=["creada", "id"],
                name="comision_pendiente_idx",
                condition=Q(estado__in=["por_verificar", "verificada"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(beneficiario_asesor__isnull=False, beneficiario_concesionario__isnull=True)
                | Q(beneficiario_asesor__isnull=True, beneficiario_concesionario__isnull=False),
                name="comision_un_beneficiario",
            ),
            models.UniqueConstraint(
                fields=["apartado", "beneficiario_asesor"],
                condition=Q(beneficiario_asesor__isnull=False),
                name="comision_unica_por_asesor",
            ),
            models.UniqueConstraint(
                fields=["apartado", "beneficiario_concesionario"],
                condition=Q(beneficiario_concesionario__isnull=False),
                name="comision_unica_por_concesionario",
            ),
            models.CheckConstraint(condition=Q(monto__gte=0), name="comision_monto_no_negativo"),
            models.CheckConstraint(
                condition=~Q(estado="pagada") | (Q(fecha_pago__isnull=False) & ~Q(referencia_pago="")),
                name="comision_pagada_con_fecha_y_referencia",
            ),
        ]

    def __str__(self):
        return f"{self.get_rol_display()} · {self.beneficiario} · {self.monto}"

    @property
    def beneficiario(self):
        return self.beneficiario_asesor or self.beneficiario_concesionario

    @property
    def dias_cierre_a_pago(self):
        """Days from the operación's cierre to the payment date (None until paid)."""
        if self.fecha_pago is None or self.apartado.cerrado_en is None:
            return None
        return (self.fecha_pago - timezone.localdate(self.apartado.cerrado_en)).days

    # --- Transitions (only this row) -------------------------------------------------

    @transition(
        field=estado,
        source=Estado.POR_VERIFICAR,
        target=Estado.VERIFICADA,
        permission="operaciones.gestionar_comisiones",
        custom={"label": _("Verificar comisión"), "sin_permiso": mensajes.SOLO_COP},
    )
    def marcar_verificada(self, *, por, ahora):
        self.verificada_en = ahora
        self.verificada_por = por

    @transition(
        field=estado,
        source=Estado.VERIFICADA,
        target=Estado.PAGADA,
        permission="operaciones.gestionar_comisiones",
        custom={"label": _("Registrar pago de la comisión"), "sin_permiso": mensajes.SOLO_COP},
    )
    def pagar(self, *, por, ahora, fecha, referencia):
        self.pagada_en = ahora
        self.pagada_por = por
        self.fecha_pago = fecha
        self.referencia_pago = referencia
