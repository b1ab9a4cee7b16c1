"""Enl@ceGrup: apartados (the reservation of a unit, then the operación) and the COP's detonantes.

State lives in two FSM fields that move together through the services:
``Unidad.estado`` (what the whole network sees) and ``Apartado.estado`` (the
reservation lifecycle). Transitions only change their own row; the services in
``operaciones.services`` lock both rows, call both transitions, record the
detonante in the event log and notify.

A passed deadline is honoured on read: an unvalidated apartado whose ``vence``
is in the past counts as inactive (``ApartadoQuerySet.activos``) and its unit as
available (``Unidad.estado_efectivo``) even before the sweep releases it.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from enlace.acciones import condicion
from enlace.estados import CampoEstado
from enlace.models import VisiblesQuerySet
from operaciones import mensajes
from operaciones import rules as reglas
from operaciones.models.inventario import Unidad, normalizar_vin, validar_vin  # noqa: F401 (migrations' paths)

# --- Querysets ---------------------------------------------------------------


class ClienteQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"

    def visibles_para(self, user):
        if reglas.es_asesor(user):
            return self.filter(asesor=user)
        return super().visibles_para(user)


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


class CanalLead(models.Model):
    """Where the asesor's lead came from (the Solicitud records it): a catalogue the COP edits in the admin."""

    nombre = models.CharField(_("canal"), max_length=80, unique=True)
    activo = models.BooleanField(_("activo"), default=True)
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("canal del lead")
        verbose_name_plural = _("canales de leads")
        ordering = ["orden", "nombre"]

    def __str__(self):
        return self.nombre


def ruta_adjunto(instancia, nombre):
    return f"operaciones/cancelaciones/{instancia.pk or 'nuevo'}/{nombre}"


# --- Conditions of the apartado's transitions (pure: they read the row, its dependents and the clock) ---


@condicion(mensajes.VENCIDO)
def dentro_del_plazo(apartado):
    return not apartado.vencido


@condicion(mensajes.PLAZO_NO_VENCIDO)
def plazo_vencido(apartado):
    return apartado.vencido


@condicion(mensajes.YA_CONFIRMADO)
def sin_confirmar(apartado):
    return not apartado.disponibilidad_confirmada


@condicion(mensajes.SIN_CONFIRMACION)
def con_confirmacion(apartado):
    return apartado.disponibilidad_confirmada


@condicion(lambda apartado: " ".join([mensajes.CIERRE_INTRO, *apartado.faltantes_para_cierre()]))
def lista_para_cierre(apartado):
    """Payment, factura, expediente, delivery and negotiation: ``Apartado.condiciones_de_cierre``."""
    return not apartado.faltantes_para_cierre()


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
        db_index=False,  # apartado_conc_idx leads with it
    )
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asesor"),
        on_delete=models.PROTECT,
        related_name="apartados",
        db_index=False,  # apartado_asesor_idx leads with it
    )
    cliente = models.ForeignKey(Cliente, verbose_name=_("cliente"), on_delete=models.PROTECT, related_name="apartados")
    estado = CampoEstado(_("estado"), max_length=12, choices=Estado.choices, default=Estado.PENDIENTE, protected=True)
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
    # The one source of truth of where the client receives the unit (the Entrega holds only the date).
    lugar_entrega = models.CharField(_("lugar de entrega"), max_length=24, choices=LugarEntrega.choices)
    lugar_entrega_detalle = models.CharField(_("dirección o detalle de entrega"), max_length=250, blank=True)
    canal = models.ForeignKey(
        CanalLead,
        verbose_name=_("canal del lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vacío solo en apartados anteriores al catálogo de canales."),
        db_index=False,
    )
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
        db_index=False,
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
        db_index=False,
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
        db_index=False,
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
        db_index=False,
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
        db_index=False,
    )
    precio_final = models.DecimalField(
        _("precio final (MXN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Precio de la unidad menos los descuentos aprobados, fijado al cierre."),
    )

    # Kept by services.actividad_registrar in the transaction that records the step (never edited by hand):
    # the «Operaciones sin movimiento» tray section reads them instead of searching the event log.
    ultima_actividad = models.DateTimeField(
        _("última actividad"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Último evento, mensaje o escalamiento de la operación."),
    )
    ultimo_evento_tipo = models.CharField(
        _("tipo del último evento"), max_length=80, blank=True, default="", db_default="", editable=False
    )

    objects = ApartadoQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["ultima_actividad", "ultimo_evento_tipo"])

    class Meta:
        verbose_name = _("apartado")
        verbose_name_plural = _("apartados")
        ordering = ["-creado", "-id"]
        # The foreign keys no list searches by (who confirmed, validated, released, cancelled or closed; the lead's
        # channel) have no index (db_index=False): each one is one more write on every change of state, and the
        # release sweep changes thousands of apartados at once.
        indexes = [
            models.Index(fields=["vence"], name="apartado_pendiente_vence_idx", condition=Q(estado="pendiente")),
            models.Index(fields=["asesor", "-creado"], name="apartado_asesor_idx"),
            models.Index(fields=["concesionario", "-creado"], name="apartado_conc_idx"),
            # The COP tray's «Disponibilidad sin confirmar», longest wait first.
            models.Index(
                fields=["creado", "id"],
                name="apartado_sin_confirmar_idx",
                condition=Q(estado="pendiente", disponibilidad_confirmada_en__isnull=True),
            ),
            # The COP tray's «Operaciones sin movimiento»: validated ones, longest without activity first.
            models.Index(
                fields=["ultima_actividad", "id"], name="apartado_sin_movimiento_idx", condition=Q(estado="validado")
            ),
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

    @property
    def folio(self):
        """The operación's folio shown to the client and in reports."""
        return f"EG-{self.creado:%Y}-{self.pk:06d}"

    # --- The cierre's conditions (they read the operación's dependent rows through its relations) ----

    def condiciones_de_cierre(self):
        """Each condition of the cierre as (label, missing reasons); a condition holds when its list is empty."""
        expediente = getattr(self, "expediente", None)
        return [
            ("Apartado validado", [] if self.estado == self.Estado.VALIDADO else [mensajes.CIERRE_NO_VALIDADO]),
            ("Pago confirmado", [] if expediente and expediente.pago_confirmado else [mensajes.CIERRE_SIN_PAGO]),
            (
                "Factura registrada",
                [] if expediente and expediente.factura_registrada else [mensajes.CIERRE_SIN_FACTURA],
            ),
            (
                "Expediente completo",
                [mensajes.CIERRE_DOCUMENTO.format(documento=d) for d in self.documentos.faltantes_para(self)],
            ),
            ("Entrega programada", [] if hasattr(self, "entrega") else [mensajes.CIERRE_SIN_ENTREGA]),
            ("Traslado de la unidad", self.faltantes_de_traslado()),
            ("Seguro activado o declinado por el cliente", self.faltantes_de_seguro()),
            ("Negociación resuelta (descuentos, financiamiento, Trade-In)", self.faltantes_de_negociacion()),
        ]

    def faltantes_de_negociacion(self):
        """Spanish reasons the negotiation blocks the cierre, one line each (empty when nothing is missing)."""
        faltantes = []
        if self.descuentos.abiertas().exists():
            faltantes.append(mensajes.FALTA_DESCUENTO)
        if self.forma_pago == self.FormaPago.FINANCIADO and not self.financiamientos.con_credito().exists():
            faltantes.append(mensajes.FALTA_CREDITO)
        trade_in = getattr(self, "trade_in", None)
        if trade_in is not None and not trade_in.resuelto:
            faltantes.append(mensajes.FALTA_TRADE_IN)
        return faltantes

    @property
    def requiere_traslado(self):
        """The client receives the unit somewhere other than the owning concesionario."""
        if self.lugar_entrega == self.LugarEntrega.CONCESIONARIO_UNIDAD:
            return False
        if self.lugar_entrega == self.LugarEntrega.CONCESIONARIO_ASESOR:
            return self.asesor.organizacion_id != self.concesionario_id
        return True

    def faltantes_de_traslado(self):
        if not self.requiere_traslado or self.tareas_proveedor.filter(tipo="traslado", estado="completada").exists():
            return []
        return [mensajes.FALTA_TRASLADO.format(lugar=self.get_lugar_entrega_display().lower())]

    def faltantes_de_seguro(self):
        if self.tareas_proveedor.filter(tipo="seguro", estado__in=("completada", "declinada")).exists():
            return []
        return [mensajes.FALTA_SEGURO]

    def faltantes_para_cierre(self):
        """Every unmet condition of the cierre, in Spanish (empty when the operación may close)."""
        return [faltante for _condicion, faltantes in self.condiciones_de_cierre() for faltante in faltantes]

    # --- Transitions (only this row) ------------------------------------------

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.PENDIENTE,
        conditions=[dentro_del_plazo, sin_confirmar],
        permission="operaciones.confirmar_disponibilidad",
        custom={"label": _("Confirmar disponibilidad"), "sin_permiso": mensajes.NO_CONFIRMA},
    )
    def confirmar_disponibilidad(self, *, por, confirmo, medio):
        """The owning concesionario's gerente confirms in the app (the service passes who and «app»)."""
        self._confirmar(por=por, confirmo=confirmo, medio=medio)

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.PENDIENTE,
        conditions=[dentro_del_plazo, sin_confirmar],
        permission="operaciones.registrar_confirmacion",
        custom={"label": _("Registrar la confirmación de disponibilidad"), "sin_permiso": mensajes.NO_CONFIRMA},
    )
    def registrar_confirmacion(self, *, por, confirmo, medio):
        """The COP records who confirmed outside the app, and how."""
        self._confirmar(por=por, confirmo=confirmo, medio=medio)

    def _confirmar(self, *, por, confirmo, medio):
        self.disponibilidad_confirmada_en = timezone.now()
        self.disponibilidad_registrada_por = por
        self.disponibilidad_confirmo = confirmo
        self.disponibilidad_medio = medio

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.VALIDADO,
        conditions=[dentro_del_plazo, con_confirmacion],
        permission="operaciones.validar_apartado",
        custom={"label": _("Validar apartado"), "sin_permiso": mensajes.SOLO_COP},
    )
    def validar(self, *, por):
        self.validado_en = timezone.now()
        self.validado_por = por

    @transition(
        field=estado,
        source=[Estado.PENDIENTE, Estado.VALIDADO],
        target=Estado.LIBERADO,
        permission="operaciones.liberar_apartado",
        custom={"label": _("Liberar unidad (Unidad Disponible)"), "sin_permiso": mensajes.SOLO_COP},
    )
    def liberar(self, *, por, motivo):
        self.liberado_en = timezone.now()
        self.liberado_por = por
        self.liberacion_automatica = False
        self.motivo_liberacion = motivo

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.LIBERADO,
        conditions=[plazo_vencido],
        custom={"label": _("Unidad Disponible automática"), "interna": True},
    )
    def liberar_por_vencimiento(self, *, ahora=None):
        """The system releases an apartado whose deadline passed (the sweep does the same in bulk)."""
        self.liberado_en = ahora or timezone.now()
        self.liberado_por = None
        self.liberacion_automatica = True
        self.motivo_liberacion = mensajes.MOTIVO_AUTOMATICO

    @transition(
        field=estado,
        source=[Estado.PENDIENTE, Estado.VALIDADO],
        target=Estado.CANCELADO,
        permission="operaciones.cancelar_apartado",
        custom={"label": _("Cancelar apartado"), "sin_permiso": mensajes.SOLO_COP},
    )
    def cancelar(self, *, por, motivo, detalle=""):
        self.cancelado_en = timezone.now()
        self.cancelado_por = por
        self.motivo_cancelacion = motivo
        self.detalle_cancelacion = detalle

    @transition(
        field=estado,
        source=Estado.VALIDADO,
        target=Estado.CERRADO,
        conditions=[lista_para_cierre],
        permission="operaciones.cerrar_operacion",
        custom={"label": _("Cierre de Operación"), "sin_permiso": mensajes.SOLO_COP},
    )
    def cerrar(self, *, por, precio_final):
        self.cerrado_en = timezone.now()
        self.cerrado_por = por
        self.precio_final = precio_final


# --- The Solicitud de Intención de Compra --------------------------------------------------------

CAMPOS_SOLICITUD = (
    "forma_pago",
    "enganche",
    "financiera",
    "tipo_financiera",
    "unidad_a_cuenta",
    "unidad_a_cuenta_descripcion",
    "tipo_persona",
    "descuento_solicitado",
    "lugar_entrega",
    "lugar_entrega_detalle",
    "canal",
    "observaciones",
)


def validar_solicitud(solicitud, *, precio):
    """Check the Solicitud de Intención de Compra; return a list of Spanish errors (empty when complete).

    The form shows them next to what was typed; ``apartado_crear`` refuses with them.
    """
    errores = []
    if any(not solicitud.get(campo) for campo in ("forma_pago", "tipo_persona", "lugar_entrega")):
        errores.append(mensajes.SIN_INTENCION)
    if solicitud.get("forma_pago") == Apartado.FormaPago.FINANCIADO:
        if not (solicitud.get("financiera") or "").strip():
            errores.append(mensajes.FINANCIERA_REQUERIDA)
        if solicitud.get("tipo_financiera") not in Apartado.TipoFinanciera.values:
            errores.append(mensajes.TIPO_FINANCIERA_REQUERIDO)
        if not solicitud.get("enganche"):
            errores.append(mensajes.ENGANCHE_FINANCIADO)
    if not solicitud.get("canal"):
        errores.append(mensajes.CANAL_REQUERIDO)
    if Decimal(solicitud.get("enganche") or 0) > precio:
        errores.append(mensajes.ENGANCHE_EXCESIVO)
    if Decimal(solicitud.get("descuento_solicitado") or 0) > precio:
        errores.append(mensajes.DESCUENTO_EXCESIVO)
    if solicitud.get("unidad_a_cuenta") and not (solicitud.get("unidad_a_cuenta_descripcion") or "").strip():
        errores.append(mensajes.A_CUENTA_SIN_DESCRIPCION)
    errores.extend(validar_lugar_entrega(solicitud.get("lugar_entrega"), solicitud.get("lugar_entrega_detalle")))
    return errores


LUGARES_CON_DIRECCION = (Apartado.LugarEntrega.DOMICILIO, Apartado.LugarEntrega.TRABAJO)


def validar_lugar_entrega(lugar, detalle):
    """Spanish errors of a delivery place: a home or workplace needs its address."""
    if lugar in LUGARES_CON_DIRECCION and not (detalle or "").strip():
        return [mensajes.ENTREGA_SIN_DETALLE]
    return []
