"""Enl@ceGrup: shared inventory of the network, apartados and the COP's detonantes.

State lives in two FSM fields that move together through the services:
``Unidad.estado`` (what the whole network sees) and ``Apartado.estado`` (the
reservation lifecycle). Transitions only change their own row; the services in
``operaciones.services`` lock both rows, call both transitions, record the
detonante in the event log and notify.

A passed deadline is honoured on read: an unvalidated apartado whose ``vence``
is in the past counts as inactive (``ApartadoQuerySet.activos``) and its unit as
available (``Unidad.estado_efectivo``) even before the sweep releases it.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from enlace.models import VisiblesQuerySet
from operaciones import rules as reglas

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


# --- Querysets ---------------------------------------------------------------


class ClienteQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"

    def visibles_para(self, user):
        if reglas.es_asesor(user):
            return self.filter(asesor=user)
        return super().visibles_para(user)


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


class ApartadoQuerySet(VisiblesQuerySet):
    """COP: the whole network; a concesionario: apartados on its units; an asesor: their own."""

    ruta_organizacion = "concesionario"

    def visibles_para(self, user):
        if user.is_authenticated and not user.is_superuser and reglas.es_asesor(user):
            return self.filter(asesor=user)
        return super().visibles_para(user)

    def activos(self, ahora=None):
        """Validated, or pending and still within the deadline. An expired pending apartado is not active."""
        ahora = ahora or timezone.now()
        return self.filter(Q(estado=Apartado.Estado.VALIDADO) | Q(estado=Apartado.Estado.PENDIENTE, vence__gt=ahora))

    def vencidos(self, ahora=None):
        ahora = ahora or timezone.now()
        return self.filter(estado=Apartado.Estado.PENDIENTE, vence__lte=ahora)


class AlertaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "unidad__concesionario"


# --- Models ------------------------------------------------------------------


class TipoPersona(models.TextChoices):
    FISICA = "fisica", _("Persona física")
    MORAL = "moral", _("Persona moral")


class Cliente(models.Model):
    """The buyer an asesor brings: a persona física or moral."""

    nombre = models.CharField(_("nombre o razón social"), max_length=200)
    tipo_persona = models.CharField(_("tipo de persona"), max_length=10, choices=TipoPersona.choices)
    rfc = models.CharField(_("RFC"), max_length=13, blank=True)
    correo = models.EmailField(_("correo electrónico"), blank=True)
    telefono = models.CharField(_("teléfono"), max_length=30, blank=True)
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asesor"),
        on_delete=models.PROTECT,
        related_name="clientes_operaciones",
    )
    organizacion = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario del asesor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    objects = ClienteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cliente")
        verbose_name_plural = _("clientes")
        ordering = ["nombre"]

    def __str__(self):
        return self.nombre


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
    precio = models.DecimalField(_("precio (MXN)"), max_digits=12, decimal_places=2)
    concesionario = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario"),
        on_delete=models.PROTECT,
        related_name="unidades",
        limit_choices_to={"tipo": "concesionario"},
    )
    ciudad = models.CharField(_("ciudad"), max_length=80)
    fecha_ingreso = models.DateField(_("fecha de ingreso al inventario"), default=timezone.localdate)
    estado = FSMField(_("estado"), max_length=12, choices=Estado.choices, default=Estado.DISPONIBLE, protected=True)
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

    # Transitions: only this row's fields.
    @transition(field=estado, source=Estado.DISPONIBLE, target=Estado.APARTADA, custom={"admin": False})
    def apartar(self, *, vence):
        self.reservada_hasta = vence

    @transition(field=estado, source=Estado.APARTADA, target=Estado.VALIDADA, custom={"admin": False})
    def validar_apartado(self):
        self.reservada_hasta = None

    @transition(
        field=estado, source=[Estado.APARTADA, Estado.VALIDADA], target=Estado.DISPONIBLE, custom={"admin": False}
    )
    def liberar(self):
        self.reservada_hasta = None

    @transition(field=estado, source=Estado.VALIDADA, target=Estado.VENDIDA, custom={"admin": False})
    def vender(self):
        pass

    @transition(field=estado, source=Estado.DISPONIBLE, target=Estado.RETIRADA, custom={"label": _("Retirar")})
    def retirar(self):
        pass

    @transition(field=estado, source=Estado.RETIRADA, target=Estado.DISPONIBLE, custom={"label": _("Reactivar")})
    def reactivar(self):
        pass


def ruta_foto(instancia, nombre):
    return f"operaciones/unidades/{instancia.unidad_id}/{nombre}"


def ruta_adjunto(instancia, nombre):
    return f"operaciones/cancelaciones/{instancia.pk or 'nuevo'}/{nombre}"


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


class Apartado(ConcurrentTransitionMixin, models.Model):
    """An asesor's reservation of a unit for a client, with the Solicitud de Intención de Compra.

    pendiente → validado (COP, availability confirmed, before ``vence``) → liberado | cancelado;
    pendiente → liberado (Unidad Disponible: automatic at ``vence`` or manual) | cancelado;
    validado → cerrado (Cierre de Operación, COP, when every condition of ``faltantes_para_cierre`` holds).
    A validated apartado is the operación: negotiation, trade-in, financing, delivery and commissions
    hang from it, and every step is an event on it.
    """

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente de validación")
        VALIDADO = "validado", _("Validado")
        LIBERADO = "liberado", _("Liberado (unidad disponible)")
        CANCELADO = "cancelado", _("Cancelado")
        CERRADO = "cerrado", _("Operación cerrada")

    ESTADOS_ACTIVOS = (Estado.PENDIENTE, Estado.VALIDADO)

    class FormaPago(models.TextChoices):
        CONTADO = "contado", _("Contado")
        FINANCIADO = "financiado", _("Financiado")

    class TipoFinanciera(models.TextChoices):
        BANCO = "banco", _("Banco")
        CAJA_POPULAR = "caja_popular", _("Caja popular")
        CONCESIONARIO = "concesionario", _("Financiera del concesionario")

    class LugarEntrega(models.TextChoices):
        CONCESIONARIO_UNIDAD = "concesionario_unidad", _("En el concesionario que tiene la unidad")
        CONCESIONARIO_ASESOR = "concesionario_asesor", _("En el concesionario del asesor")
        DOMICILIO = "domicilio", _("En su domicilio")
        TRABAJO = "trabajo", _("En su lugar de trabajo")

    class MedioConfirmacion(models.TextChoices):
        APP = "app", _("En la aplicación")
        TELEFONO = "telefono", _("Por teléfono")
        WHATSAPP = "whatsapp", _("Por WhatsApp")
        CORREO = "correo", _("Por correo")
        PRESENCIAL = "presencial", _("En persona")

    class MotivoCancelacion(models.TextChoices):
        CLIENTE_DESISTE = "cliente_desiste", _("El cliente desistió")
        FINANCIAMIENTO = "financiamiento", _("Financiamiento rechazado")
        UNIDAD_NO_DISPONIBLE = "unidad_no_disponible", _("La unidad no está disponible")
        CONDICIONES = "condiciones", _("No se acordaron condiciones o descuento")
        DOCUMENTACION = "documentacion", _("Documentación incompleta")
        DUPLICADO = "duplicado", _("Apartado duplicado o erróneo")
        OTRO = "otro", _("Otro")

    unidad = models.ForeignKey(Unidad, verbose_name=_("unidad"), on_delete=models.PROTECT, related_name="apartados")
    concesionario = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario de la unidad"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Copia del dueño de la unidad al apartar, para acotar la visibilidad."),
    )
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asesor"), on_delete=models.PROTECT, related_name="apartados"
    )
    cliente = models.ForeignKey(Cliente, verbose_name=_("cliente"), on_delete=models.PROTECT, related_name="apartados")
    estado = FSMField(_("estado"), max_length=12, choices=Estado.choices, default=Estado.PENDIENTE, protected=True)
    creado = models.DateTimeField(_("apartado el"), default=timezone.now)
    vence = models.DateTimeField(_("vence"), help_text=_("Fecha límite de validación por el COP."))

    # Solicitud de Intención de Compra
    forma_pago = models.CharField(_("forma de pago"), max_length=12, choices=FormaPago.choices)
    enganche = models.DecimalField(_("enganche (MXN)"), max_digits=12, decimal_places=2, default=0)
    financiera = models.CharField(_("financiera"), max_length=120, blank=True)
    tipo_financiera = models.CharField(
        _("tipo de financiera"), max_length=16, choices=TipoFinanciera.choices, blank=True
    )
    unidad_a_cuenta = models.BooleanField(_("unidad a cuenta (Trade-In)"), default=False)
    unidad_a_cuenta_descripcion = models.CharField(_("unidad que entrega a cuenta"), max_length=200, blank=True)
    tipo_persona = models.CharField(_("persona física o moral"), max_length=10, choices=TipoPersona.choices)
    descuento_solicitado = models.DecimalField(
        _("descuento solicitado (MXN)"), max_digits=12, decimal_places=2, default=0
    )
    lugar_entrega = models.CharField(_("lugar de entrega preferido"), max_length=24, choices=LugarEntrega.choices)
    lugar_entrega_detalle = models.CharField(_("dirección o detalle de entrega"), max_length=250, blank=True)
    observaciones = models.TextField(_("observaciones"), blank=True)

    # Confirmación de disponibilidad (gerente de ventas in the app, or recorded by the COP)
    disponibilidad_confirmada_en = models.DateTimeField(_("disponibilidad confirmada el"), null=True, blank=True)
    disponibilidad_registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmación registrada por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disponibilidad_confirmo = models.CharField(_("quién confirmó"), max_length=150, blank=True)
    disponibilidad_medio = models.CharField(
        _("medio de confirmación"), max_length=12, choices=MedioConfirmacion.choices, blank=True
    )

    validado_en = models.DateTimeField(_("validado el"), null=True, blank=True)
    validado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validado por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    liberado_en = models.DateTimeField(_("liberado el"), null=True, blank=True)
    liberado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("liberado por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vacío cuando lo liberó el sistema al vencer el plazo."),
    )
    liberacion_automatica = models.BooleanField(_("liberación automática"), default=False)
    motivo_liberacion = models.TextField(_("motivo de la liberación"), blank=True)
    cancelado_en = models.DateTimeField(_("cancelado el"), null=True, blank=True)
    cancelado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelado por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    motivo_cancelacion = models.CharField(
        _("motivo de cancelación"), max_length=24, choices=MotivoCancelacion.choices, blank=True
    )
    detalle_cancelacion = models.TextField(_("detalle de la cancelación"), blank=True)
    adjunto_cancelacion = models.FileField(_("adjunto"), upload_to=ruta_adjunto, max_length=300, blank=True)

    # Cierre de Operación (COP): the unit leaves inventory as vendida.
    cerrado_en = models.DateTimeField(_("cerrada el"), null=True, blank=True)
    cerrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cerrada por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    precio_final = models.DecimalField(
        _("precio final (MXN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Precio de la unidad menos los descuentos aprobados, fijado al cierre."),
    )

    objects = ApartadoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("apartado")
        verbose_name_plural = _("apartados")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(fields=["vence"], name="apartado_pendiente_vence_idx", condition=Q(estado="pendiente")),
            models.Index(fields=["asesor", "-creado"], name="apartado_asesor_idx"),
            models.Index(fields=["concesionario", "-creado"], name="apartado_conc_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unidad"], condition=Q(estado__in=["pendiente", "validado"]), name="apartado_activo_unico"
            ),
            models.CheckConstraint(condition=Q(vence__gt=models.F("creado")), name="apartado_vence_despues"),
            models.CheckConstraint(condition=Q(enganche__gte=0), name="apartado_enganche_no_negativo"),
            models.CheckConstraint(condition=Q(descuento_solicitado__gte=0), name="apartado_descuento_no_negativo"),
            models.CheckConstraint(
                condition=Q(forma_pago="contado") | ~Q(financiera=""), name="apartado_financiado_con_financiera"
            ),
            models.CheckConstraint(
                condition=~Q(estado="cancelado") | ~Q(motivo_cancelacion=""), name="apartado_cancelado_con_motivo"
            ),
            models.CheckConstraint(
                condition=~Q(estado="cerrado") | Q(cerrado_en__isnull=False, precio_final__isnull=False),
                name="apartado_cerrado_con_fecha_y_precio",
            ),
        ]

    def __str__(self):
        return f"Apartado {self.pk} · {self.unidad_id and self.unidad.vin}"

    # --- Read-side state ------------------------------------------------------

    @property
    def vencido(self):
        return self.estado == self.Estado.PENDIENTE and self.vence <= timezone.now()

    @property
    def activo(self):
        return self.estado == self.Estado.VALIDADO or (self.estado == self.Estado.PENDIENTE and not self.vencido)

    @property
    def tiempo_restante(self):
        if self.estado != self.Estado.PENDIENTE:
            return None
        return max(self.vence - timezone.now(), timedelta(0))

    @property
    def urgencia(self):
        """'critica' under 1 h, 'alta' under 6 h, '' otherwise (the COP tray's colour)."""
        restante = self.tiempo_restante
        if restante is None:
            return ""
        if restante < timedelta(hours=1):
            return "critica"
        if restante < timedelta(hours=6):
            return "alta"
        return ""

    @property
    def disponibilidad_confirmada(self):
        return self.disponibilidad_confirmada_en is not None

    # --- Guards (pure: they read this row and the clock) -----------------------

    def motivo_no_validable(self):
        from operaciones import mensajes

        if self.estado != self.Estado.PENDIENTE:
            return mensajes.NO_PENDIENTE
        if self.vencido:
            return mensajes.VENCIDO
        if not self.disponibilidad_confirmada:
            return mensajes.SIN_CONFIRMACION
        return None

    def puede_validarse(self):
        return self.motivo_no_validable() is None

    def puede_confirmarse(self):
        return self.estado == self.Estado.PENDIENTE and not self.vencido and not self.disponibilidad_confirmada

    def puede_liberarse_automaticamente(self):
        return self.vencido

    # --- Transitions (only this row) ------------------------------------------

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.VALIDADO,
        conditions=[puede_validarse],
        permission=reglas.puede_validar_apartado,
        custom={"label": _("Validar apartado")},
    )
    def validar(self, *, por=None):
        self.validado_en = timezone.now()
        self.validado_por = por

    @transition(
        field=estado,
        source=[Estado.PENDIENTE, Estado.VALIDADO],
        target=Estado.LIBERADO,
        permission=reglas.puede_liberar_apartado,
        custom={"label": _("Liberar unidad (Unidad Disponible)"), "form": "operaciones.forms.LiberarAdminForm"},
    )
    def liberar(self, *, por=None, motivo="", automatica=False, ahora=None):
        self.liberado_en = ahora or timezone.now()
        self.liberado_por = por
        self.liberacion_automatica = automatica
        self.motivo_liberacion = motivo

    @transition(
        field=estado,
        source=[Estado.PENDIENTE, Estado.VALIDADO],
        target=Estado.CANCELADO,
        permission=reglas.puede_cancelar_apartado,
        custom={"label": _("Cancelar apartado"), "form": "operaciones.forms.CancelarAdminForm"},
    )
    def cancelar(self, *, por=None, motivo, detalle=""):
        self.cancelado_en = timezone.now()
        self.cancelado_por = por
        self.motivo_cancelacion = motivo
        self.detalle_cancelacion = detalle

    @property
    def folio(self):
        """The operación's folio shown to the client and in reports."""
        return f"EG-{self.creado:%Y}-{self.pk:06d}"

    @transition(field=estado, source=Estado.VALIDADO, target=Estado.CERRADO, custom={"admin": False})
    def cerrar(self, *, por, precio_final, ahora=None):
        """Only through ``operaciones.services.cierre``, which checks ``faltantes_para_cierre`` first."""
        self.cerrado_en = ahora or timezone.now()
        self.cerrado_por = por
        self.precio_final = precio_final


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
