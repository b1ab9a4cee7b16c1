"""Trade-In and Trade-In Segunda Oferta (detonantes, COP only): the unit the client offers a cuenta.

esperando_a → tomado_a (A's offer) | declinado_a; esperando_a or declinado_a → esperando_b (Segunda
Oferta, only after A declined or ``plazo_a`` passed, honoured on read) → tomado_b | declinado_b.
Concesionario A received the client (the asesor's concesionario); B owns the unit sold. When the asesor
has no concesionario, or it is B itself, A = B and there is no Segunda Oferta.
"""

from datetime import timedelta

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
from operaciones.models.inventario import validar_vin

__all__ = ["ArchivoTradeIn", "PuntoChecklistTradeIn", "RevisionTradeIn", "TradeIn"]


def _usuario(nombre):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=nombre, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class PuntoChecklistTradeIn(models.Model):
    """One point of the Trade-In checklist, edited in the admin; both A and B see the same list."""

    nombre = models.CharField(_("punto"), max_length=120, unique=True)
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)
    activo = models.BooleanField(_("activo"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("punto del checklist de Trade-In")
        verbose_name_plural = _("checklist de Trade-In")
        ordering = ["orden", "id"]

    def __str__(self):
        return self.nombre


# --- Conditions of the trade-in's transitions -------------------------------------------------


def _operacion_cerrada_o_inactiva(trade_in):
    cerrada = trade_in.apartado.estado == Apartado.Estado.CERRADO
    return mensajes.OPERACION_CERRADA_TRADE_IN if cerrada else mensajes.NO_ACTIVO


@condicion(_operacion_cerrada_o_inactiva)
def operacion_activa(trade_in):
    return trade_in.apartado.activo


@condicion(mensajes.SEGUNDA_OFERTA_SIN_B)
def con_concesionario_b(trade_in):
    return trade_in.hay_segunda_oferta


@condicion(lambda t: mensajes.SEGUNDA_OFERTA_ANTICIPADA.format(plazo=f"{timezone.localtime(t.plazo_a):%d/%m/%Y %H:%M}"))
def a_declino_o_vencio(trade_in):
    """The Segunda Oferta opens only after A declined or let its deadline pass."""
    return trade_in.estado == TradeIn.Estado.DECLINADO_A or trade_in.plazo_a_vencido


def _respuesta(lado, etiqueta, sin_permiso):
    """The declaration shared by the answers of concesionario A or B (take or decline)."""
    return {
        "field": "estado",
        "conditions": [operacion_activa],
        "permission": f"operaciones.responder_trade_in_{lado}",
        "custom": {"label": etiqueta, "sin_permiso": sin_permiso},
    }


class TradeIn(ConcurrentTransitionMixin, models.Model):
    """The unit a client offers a cuenta, and the answers of concesionarios A and B."""

    class Estado(models.TextChoices):
        ESPERANDO_A = "esperando_a", _("Esperando respuesta del concesionario A")
        TOMADO_A = "tomado_a", _("Tomado por el concesionario A")
        DECLINADO_A = "declinado_a", _("Declinado por el concesionario A")
        ESPERANDO_B = "esperando_b", _("Segunda Oferta: esperando al concesionario B")
        TOMADO_B = "tomado_b", _("Tomado por el concesionario B")
        DECLINADO_B = "declinado_b", _("Declinado por el concesionario B")

    apartado = models.OneToOneField(
        Apartado, verbose_name=_("apartado"), on_delete=models.PROTECT, related_name="trade_in"
    )
    marca = models.CharField(_("marca"), max_length=60)
    modelo = models.CharField(_("modelo"), max_length=80)
    anio = models.PositiveSmallIntegerField(_("año"))
    version = models.CharField(_("versión"), max_length=120, blank=True)
    km = models.PositiveIntegerField(_("kilometraje"))
    color = models.CharField(_("color"), max_length=40)
    vin = models.CharField(_("VIN"), max_length=17, blank=True, validators=[validar_vin])
    observaciones = models.TextField(_("observaciones"), blank=True)
    concesionario_a = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario A (recibió al cliente)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    concesionario_b = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario B (dueño de la unidad vendida)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    estado = CampoEstado(_("estado"), max_length=12, choices=Estado.choices, default=Estado.ESPERANDO_A, protected=True)
    activado_en = models.DateTimeField(_("activado el"), default=timezone.now)
    activado_por = _usuario(_("activado por"))
    plazo_a = models.DateTimeField(_("plazo del concesionario A"))
    respuesta_a_en = models.DateTimeField(_("respuesta de A el"), null=True, blank=True)
    respuesta_a_por = _usuario(_("respondió por A"))
    oferta_a = models.DecimalField(_("oferta de A (MXN)"), max_digits=12, decimal_places=2, null=True, blank=True)
    comentario_a = models.TextField(_("comentario de A"), blank=True)
    segunda_oferta_en = models.DateTimeField(_("Segunda Oferta activada el"), null=True, blank=True)
    segunda_oferta_por = _usuario(_("Segunda Oferta activada por"))
    plazo_b = models.DateTimeField(_("plazo del concesionario B"), null=True, blank=True)
    respuesta_b_en = models.DateTimeField(_("respuesta de B el"), null=True, blank=True)
    respuesta_b_por = _usuario(_("respondió por B"))
    oferta_b = models.DecimalField(_("oferta de B (MXN)"), max_digits=12, decimal_places=2, null=True, blank=True)
    comentario_b = models.TextField(_("comentario de B"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Trade-In")
        verbose_name_plural = _("Trade-Ins")
        ordering = ["-activado_en", "-id"]
        indexes = [models.Index(fields=["concesionario_a", "estado"], name="tradein_conc_a_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(anio__gte=1900) & Q(anio__lte=2100), name="tradein_anio_razonable"),
            models.CheckConstraint(
                condition=~Q(estado="tomado_a") | Q(oferta_a__gt=0), name="tradein_tomado_a_con_oferta"
            ),
            models.CheckConstraint(
                condition=~Q(estado="tomado_b") | Q(oferta_b__gt=0), name="tradein_tomado_b_con_oferta"
            ),
        ]

    def __str__(self):
        return f"Trade-In {self.marca} {self.modelo} {self.anio} · apartado {self.apartado_id}"

    # --- Read-side state (deadlines honoured on read) ----------------------------

    @property
    def hay_segunda_oferta(self):
        """With A = B there is nobody else to ask."""
        return self.concesionario_a_id != self.concesionario_b_id

    @property
    def plazo_a_vencido(self):
        return self.estado == self.Estado.ESPERANDO_A and self.plazo_a <= timezone.now()

    @property
    def plazo_b_vencido(self):
        return self.estado == self.Estado.ESPERANDO_B and self.plazo_b <= timezone.now()

    @property
    def resuelto(self):
        """A final answer: taken by A or B, declined by B, or declined by A when there is no B to ask."""
        finales = {self.Estado.TOMADO_A, self.Estado.TOMADO_B, self.Estado.DECLINADO_B}
        return self.estado in finales or (self.estado == self.Estado.DECLINADO_A and not self.hay_segunda_oferta)

    # --- Transitions (only this row) ---------------------------------------------

    @transition(
        source=Estado.ESPERANDO_A,
        target=Estado.TOMADO_A,
        **_respuesta("a", _("Tomar la unidad a cuenta (concesionario A)"), mensajes.NO_RESPONDE_A),
    )
    def tomar_a(self, *, por, oferta, comentario=""):
        self.respuesta_a_en, self.respuesta_a_por = timezone.now(), por
        self.oferta_a, self.comentario_a = oferta, comentario

    @transition(
        source=Estado.ESPERANDO_A,
        target=Estado.DECLINADO_A,
        **_respuesta("a", _("Declinar el Trade-In (concesionario A)"), mensajes.NO_RESPONDE_A),
    )
    def declinar_a(self, *, por, comentario=""):
        self.respuesta_a_en, self.respuesta_a_por = timezone.now(), por
        self.comentario_a = comentario

    @transition(
        field=estado,
        source=[Estado.ESPERANDO_A, Estado.DECLINADO_A],
        target=Estado.ESPERANDO_B,
        conditions=[operacion_activa, con_concesionario_b, a_declino_o_vencio],
        permission="operaciones.segunda_oferta",
        custom={"label": _("Activar Trade-In Segunda Oferta"), "sin_permiso": mensajes.SOLO_COP},
    )
    def segunda_oferta(self, *, por, horas_respuesta):
        self.segunda_oferta_en, self.segunda_oferta_por = timezone.now(), por
        self.plazo_b = self.segunda_oferta_en + timedelta(hours=horas_respuesta)

    @transition(
        source=Estado.ESPERANDO_B,
        target=Estado.TOMADO_B,
        **_respuesta("b", _("Tomar la unidad a cuenta (concesionario B)"), mensajes.NO_RESPONDE_B),
    )
    def tomar_b(self, *, por, oferta, comentario=""):
        self.respuesta_b_en, self.respuesta_b_por = timezone.now(), por
        self.oferta_b, self.comentario_b = oferta, comentario

    @transition(
        source=Estado.ESPERANDO_B,
        target=Estado.DECLINADO_B,
        **_respuesta("b", _("Declinar el Trade-In (concesionario B)"), mensajes.NO_RESPONDE_B),
    )
    def declinar_b(self, *, por, comentario=""):
        self.respuesta_b_en, self.respuesta_b_por = timezone.now(), por
        self.comentario_b = comentario


class RevisionTradeIn(models.Model):
    """The COP's result for one checklist point of a Trade-In (recorded again → updated, history kept)."""

    class Resultado(models.TextChoices):
        CUMPLE = "cumple", _("Cumple")
        NO_CUMPLE = "no_cumple", _("No cumple")
        NO_APLICA = "no_aplica", _("No aplica")

    trade_in = models.ForeignKey(
        TradeIn, verbose_name=_("Trade-In"), on_delete=models.CASCADE, related_name="revisiones"
    )
    punto = models.ForeignKey(
        PuntoChecklistTradeIn, verbose_name=_("punto"), on_delete=models.PROTECT, related_name="+"
    )
    resultado = models.CharField(_("resultado"), max_length=10, choices=Resultado.choices)
    observacion = models.TextField(_("observación"), blank=True)
    registrada_por = _usuario(_("registrada por"))
    registrada_en = models.DateTimeField(_("registrada el"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revisión de Trade-In")
        verbose_name_plural = _("revisiones de Trade-In")
        ordering = ["trade_in", "punto__orden", "punto_id"]
        constraints = [models.UniqueConstraint(fields=["trade_in", "punto"], name="revision_tradein_punto_unica")]

    def __str__(self):
        return f"{self.punto}: {self.get_resultado_display()}"


def ruta_archivo_tradein(instancia, nombre):
    return f"operaciones/tradein/{instancia.trade_in_id}/{instancia.tipo}/{nombre}"


class ArchivoTradeIn(models.Model):
    """A photo or document of the unit a cuenta, stored privately and served through a view."""

    class Tipo(models.TextChoices):
        FOTO = "foto", _("Foto")
        DOCUMENTO = "documento", _("Documento")

    trade_in = models.ForeignKey(TradeIn, verbose_name=_("Trade-In"), on_delete=models.CASCADE, related_name="archivos")
    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices)
    archivo = models.FileField(_("archivo"), upload_to=ruta_archivo_tradein, max_length=300)
    descripcion = models.CharField(_("descripción"), max_length=120, blank=True)
    subido_por = _usuario(_("subido por"))
    subido_en = models.DateTimeField(_("subido el"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archivo de Trade-In")
        verbose_name_plural = _("archivos de Trade-In")
        ordering = ["trade_in", "tipo", "id"]

    def __str__(self):
        return self.descripcion or f"{self.get_tipo_display()} {self.pk}"
