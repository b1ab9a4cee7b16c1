"""Enl@ceGrup's shared inventory: the units of the network, their photos and the aging alerts.

``Unidad.estado`` is what the whole network sees; its reservation moves with its apartado
(``operaciones.models.apartados``). A passed deadline is honoured on read: a unit whose unvalidated
apartado expired counts as available (``Unidad.estado_efectivo``) even before the sweep releases it.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from enlace.estados import CampoEstado
from enlace.models import VisiblesQuerySet
from operaciones import mensajes

# --- VIN ---------------------------------------------------------------------

VIN_PATRON = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
ERROR_VIN = _("El VIN debe tener 17 caracteres: letras (sin I, O ni Q) y números.")
_VIN_VALORES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_PESOS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def normalizar_vin(vin):
    return "".join((vin or "").split()).upper()


def validar_vin(vin):
    """Format check only (17 chars, no I/O/Q). The check digit is not enforced: see ``digito_control_vin``."""
    if not VIN_PATRON.match(normalizar_vin(vin)):
        raise ValidationError(ERROR_VIN, code="vin")


def digito_control_vin(vin):
    """The ISO 3779 / North-American check digit (position 9) a VIN should carry: '0'-'9' or 'X'.

    Units built for North America carry it; many imported to Mexico do not, so it is shown, not enforced.
    """
    total = sum(_VIN_VALORES[c] * p for c, p in zip(normalizar_vin(vin), _VIN_PESOS, strict=True))
    resto = total % 11
    return "X" if resto == 10 else str(resto)


# --- Units -----------------------------------------------------------------------


class UnidadQuerySet(VisiblesQuerySet):
    """``visibles_para`` scopes to the owning concesionario; the network-wide inventory is ``de_la_red``."""

    ruta_organizacion = "concesionario"

    def de_la_red(self, red):
        return self.filter(concesionario__padre=red)

    def disponibles(self, ahora=None):
        """Available, counting units whose unvalidated apartado has expired (honoured on read)."""
        ahora = ahora or timezone.now()
        return self.filter(
            Q(estado=Unidad.Estado.DISPONIBLE) | Q(estado=Unidad.Estado.APARTADA, reservada_hasta__lte=ahora)
        )

    def en_inventario(self):
        return self.exclude(estado__in=[Unidad.Estado.VENDIDA, Unidad.Estado.RETIRADA])


class AlertaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "unidad__concesionario"

    def vigentes(self):
        """Each unit's latest alert: its 90-day alert is the work, not the 60-day one it left behind."""
        superada = AlertaAntiguedad.objects.filter(unidad=OuterRef("unidad"), umbral__gt=OuterRef("umbral"))
        return self.exclude(Exists(superada))


class Unidad(ConcurrentTransitionMixin, models.Model):
    """A used car in the shared inventory of the network, owned by one concesionario."""

    class Estado(models.TextChoices):
        DISPONIBLE = "disponible", _("Disponible")
        APARTADA = "apartada", _("Apartada")
        VALIDADA = "validada", _("Apartado validado")
        VENDIDA = "vendida", _("Vendida")
        RETIRADA = "retirada", _("Retirada")

    vin = models.CharField(_("VIN"), max_length=17, unique=True, validators=[validar_vin])
    marca = models.CharField(_("marca"), max_length=60)
    modelo = models.CharField(_("modelo"), max_length=80)
    version = models.CharField(_("versión"), max_length=120, blank=True)
    anio = models.PositiveSmallIntegerField(_("año"))
    km = models.PositiveIntegerField(_("kilometraje"))
    color = models.CharField(_("color"), max_length=40)
    equipamiento = models.TextField(_("equipamiento"), blank=True)
    descripcion = models.TextField(_("descripción"), blank=True)
    precio = models.DecimalField(_("precio (MXN)"), max_digits=12, decimal_places=2)
    concesionario = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario"),
        on_delete=models.PROTECT,
        related_name="unidades",
        limit_choices_to={"tipo": "concesionario"},
        db_index=False,  # unidad_conc_estado_idx leads with it; one index fewer on every change of state
    )
    ciudad = models.CharField(_("ciudad"), max_length=80)
    fecha_ingreso = models.DateField(_("fecha de ingreso al inventario"), default=timezone.localdate)
    estado = CampoEstado(_("estado"), max_length=12, choices=Estado.choices, default=Estado.DISPONIBLE, protected=True)
    reservada_hasta = models.DateTimeField(
        _("apartada hasta"),
        null=True,
        blank=True,
        help_text=_("Plazo de validación del apartado pendiente; vencido, la unidad cuenta como disponible."),
    )
    actualizada = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = UnidadQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unidad")
        verbose_name_plural = _("unidades")
        ordering = ["-fecha_ingreso", "-id"]
        indexes = [
            models.Index(fields=["-fecha_ingreso", "-id"], name="unidad_ingreso_idx"),
            models.Index(fields=["marca", "modelo"], name="unidad_marca_modelo_idx"),
            models.Index(fields=["precio"], name="unidad_precio_idx"),
            models.Index(fields=["concesionario", "estado"], name="unidad_conc_estado_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(precio__gt=0), name="unidad_precio_positivo"),
            models.CheckConstraint(condition=Q(anio__gte=1900) & Q(anio__lte=2100), name="unidad_anio_razonable"),
            models.CheckConstraint(
                condition=Q(estado="apartada", reservada_hasta__isnull=False)
                | (~Q(estado="apartada") & Q(reservada_hasta__isnull=True)),
                name="unidad_reserva_con_plazo",
            ),
        ]

    def __str__(self):
        return f"{self.marca} {self.modelo} {self.anio} · {self.vin}"

    def clean(self):
        self.vin = normalizar_vin(self.vin)

    @property
    def dias_en_inventario(self):
        return (timezone.localdate() - self.fecha_ingreso).days

    @property
    def estado_efectivo(self):
        """What the network should see now: an expired reservation reads as available."""
        if self.estado == self.Estado.APARTADA and self.reservada_hasta and self.reservada_hasta <= timezone.now():
            return self.Estado.DISPONIBLE
        return self.estado

    def get_estado_efectivo_display(self):
        return self.Estado(self.estado_efectivo).label

    @property
    def digito_control_esperado(self):
        return digito_control_vin(self.vin)

    @property
    def digito_control_coincide(self):
        return self.vin[8:9] == self.digito_control_esperado

    # Transitions: only this row's fields. The reservation moves with its apartado (interna);
    # withdrawing and reactivating are the concesionario's and the COP's own actions.
    @transition(
        field=estado,
        source=Estado.DISPONIBLE,
        target=Estado.APARTADA,
        custom={"label": _("Apartar la unidad"), "interna": True},
    )
    def apartar(self, *, vence):
        self.reservada_hasta = vence

    @transition(
        field=estado,
        source=Estado.APARTADA,
        target=Estado.VALIDADA,
        custom={"label": _("Marcar el apartado como validado"), "interna": True},
    )
    def validar_apartado(self):
        self.reservada_hasta = None

    @transition(
        field=estado,
        source=[Estado.APARTADA, Estado.VALIDADA],
        target=Estado.DISPONIBLE,
        custom={"label": _("Devolver la unidad al inventario"), "interna": True},
    )
    def liberar(self):
        self.reservada_hasta = None

    @transition(
        field=estado,
        source=Estado.VALIDADA,
        target=Estado.VENDIDA,
        custom={"label": _("Marcar la unidad como vendida"), "interna": True},
    )
    def vender(self):
        pass

    @transition(
        field=estado,
        source=Estado.DISPONIBLE,
        target=Estado.RETIRADA,
        permission="operaciones.retirar_unidad",
        custom={"label": _("Retirar del inventario"), "sin_permiso": mensajes.NO_RETIRA},
    )
    def retirar(self):
        pass

    @transition(
        field=estado,
        source=Estado.RETIRADA,
        target=Estado.DISPONIBLE,
        permission="operaciones.reactivar_unidad",
        custom={"label": _("Reactivar en el inventario"), "sin_permiso": mensajes.SOLO_COP},
    )
    def reactivar(self):
        pass


def ruta_foto(instancia, nombre):
    return f"operaciones/unidades/{instancia.unidad_id}/{nombre}"


class FotoUnidad(models.Model):
    """A photo of a unit, stored privately and served through a view."""

    unidad = models.ForeignKey(Unidad, verbose_name=_("unidad"), on_delete=models.CASCADE, related_name="fotos")
    archivo = models.FileField(_("archivo"), upload_to=ruta_foto, max_length=300)
    descripcion = models.CharField(_("descripción"), max_length=120, blank=True)
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)
    subida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("subida por"), null=True, blank=True, on_delete=models.SET_NULL
    )
    creada = models.DateTimeField(_("subida"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foto de unidad")
        verbose_name_plural = _("fotos de unidades")
        ordering = ["unidad", "orden", "id"]

    def __str__(self):
        return self.descripcion or f"Foto {self.pk} de {self.unidad_id}"


class AlertaAntiguedad(models.Model):
    """One alert per unit and threshold (60 or 90 days in stock), never twice, with the strategy recorded."""

    class Estrategia(models.TextChoices):
        AJUSTE_PRECIO = "ajuste_precio", _("Ajuste de precio")
        PROMOCION_RED = "promocion_red", _("Promoción a la red")
        TRASLADO = "traslado", _("Traslado a otro concesionario")
        BONO_ASESOR = "bono_asesor", _("Bono para el asesor que la venda")
        SUBASTA = "subasta", _("Venta a mayoreo o subasta")
        OTRA = "otra", _("Otra")

    unidad = models.ForeignKey(Unidad, verbose_name=_("unidad"), on_delete=models.CASCADE, related_name="alertas")
    umbral = models.PositiveSmallIntegerField(_("umbral (días)"))
    dias_al_generar = models.PositiveIntegerField(_("días en inventario al generarse"))
    creada = models.DateTimeField(_("generada"), default=timezone.now)
    estrategia = models.CharField(_("estrategia"), max_length=16, choices=Estrategia.choices, blank=True)
    estrategia_detalle = models.TextField(_("detalle de la estrategia"), blank=True)
    estrategia_registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrada por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    estrategia_registrada_en = models.DateTimeField(_("registrada el"), null=True, blank=True)

    objects = AlertaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alerta de antigüedad")
        verbose_name_plural = _("alertas de antigüedad")
        ordering = ["-creada", "-id"]
        constraints = [models.UniqueConstraint(fields=["unidad", "umbral"], name="alerta_unidad_umbral_unica")]
        indexes = [models.Index(fields=["-creada"], name="alerta_creada_idx")]

    def __str__(self):
        return f"{self.umbral} días · {self.unidad_id}"
