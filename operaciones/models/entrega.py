"""Entrega of an operación: the expediente (documents, payment, factura), the delivery and the providers.

``ExpedienteOperacion`` holds payment and invoice of a validated apartado, ``DocumentoOperacion`` its
files, ``Entrega`` where and when the client receives the unit. ``TareaProveedor`` is a task the COP
coordinates with a provider (traslado, seguro, gestoría) or a webmaster (photos and videos of a unit);
``Contacto`` is the COP's directory. Writes only through ``operaciones.services.entrega``.
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
from enlace.models import VisiblesQuerySet
from operaciones import mensajes
from operaciones.models.apartados import Apartado, TipoPersona

# --- Expediente ----------------------------------------------------------------


class TipoDocumento(models.TextChoices):
    IDENTIFICACION = "identificacion", _("Identificación oficial")
    COMPROBANTE_DOMICILIO = "comprobante_domicilio", _("Comprobante de domicilio")
    CONSTANCIA_FISCAL = "constancia_fiscal", _("Constancia de situación fiscal (RFC)")
    ACTA_CONSTITUTIVA = "acta_constitutiva", _("Acta constitutiva")
    PODER_REPRESENTANTE = "poder_representante", _("Poder del representante legal")
    CONTRATO_COMPRAVENTA = "contrato_compraventa", _("Contrato de compraventa")
    SOLICITUD_CREDITO = "solicitud_credito", _("Solicitud / contrato de crédito")


# The expediente every operación needs, plus what a persona moral and a financed sale add.
DOCUMENTOS_BASE = (
    TipoDocumento.IDENTIFICACION,
    TipoDocumento.COMPROBANTE_DOMICILIO,
    TipoDocumento.CONSTANCIA_FISCAL,
    TipoDocumento.CONTRATO_COMPRAVENTA,
)
DOCUMENTOS_PERSONA_MORAL = (TipoDocumento.ACTA_CONSTITUTIVA, TipoDocumento.PODER_REPRESENTANTE)
DOCUMENTOS_FINANCIADO = (TipoDocumento.SOLICITUD_CREDITO,)


def documentos_requeridos(*, tipo_persona, forma_pago):
    """The document types an operación must have before its cierre, in display order."""
    requeridos = list(DOCUMENTOS_BASE)
    if tipo_persona == TipoPersona.MORAL:
        requeridos += DOCUMENTOS_PERSONA_MORAL
    if forma_pago == Apartado.FormaPago.FINANCIADO:
        requeridos += DOCUMENTOS_FINANCIADO
    return requeridos


def ruta_documento(instancia, nombre):
    return f"operaciones/expedientes/{instancia.apartado_id}/{nombre}"


def ruta_factura(instancia, nombre):
    return f"operaciones/facturas/{instancia.apartado_id}/{nombre}"


class DocumentoQuerySet(VisiblesQuerySet):
    ruta_organizacion = "apartado__concesionario"

    def faltantes_para(self, apartado):
        """Labels of the document types ``apartado`` requires that these documents (its own) do not cover."""
        presentes = set(self.values_list("tipo", flat=True))
        requeridos = documentos_requeridos(tipo_persona=apartado.tipo_persona, forma_pago=apartado.forma_pago)
        return [TipoDocumento(tipo).label for tipo in requeridos if tipo not in presentes]


class DocumentoOperacion(models.Model):
    """One file of the operación's expediente (private; served only to whoever sees the operación)."""

    apartado = models.ForeignKey(
        Apartado, verbose_name=_("operación"), on_delete=models.CASCADE, related_name="documentos"
    )
    tipo = models.CharField(_("tipo de documento"), max_length=24, choices=TipoDocumento.choices)
    archivo = models.FileField(_("archivo"), upload_to=ruta_documento, max_length=300)
    subido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("subido por"), on_delete=models.PROTECT, related_name="+"
    )
    subido = models.DateTimeField(_("subido el"), default=timezone.now)

    objects = DocumentoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("documento de la operación")
        verbose_name_plural = _("documentos de la operación")
        ordering = ["apartado", "tipo", "-subido"]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.apartado_id}"


class ExpedienteOperacion(models.Model):
    """Payment confirmed by the COP and the factura (CFDI) of one operación."""

    apartado = models.OneToOneField(
        Apartado, verbose_name=_("operación"), on_delete=models.CASCADE, related_name="expediente"
    )
    pago_confirmado_en = models.DateTimeField(_("pago confirmado el"), null=True, blank=True)
    pago_confirmado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pago confirmado por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pago_referencia = models.CharField(_("referencia del pago"), max_length=120, blank=True)
    pago_monto = models.DecimalField(_("monto pagado (MXN)"), max_digits=12, decimal_places=2, null=True, blank=True)
    factura_uuid = models.CharField(_("folio fiscal (UUID)"), max_length=36, blank=True)
    factura_fecha = models.DateField(_("fecha de la factura"), null=True, blank=True)
    factura_pdf = models.FileField(_("factura (PDF)"), upload_to=ruta_factura, max_length=300, blank=True)
    factura_xml = models.FileField(_("factura (XML)"), upload_to=ruta_factura, max_length=300, blank=True)
    factura_registrada_en = models.DateTimeField(_("factura registrada el"), null=True, blank=True)
    factura_registrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("factura registrada por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expediente de la operación")
        verbose_name_plural = _("expedientes de operaciones")
        constraints = [
            models.CheckConstraint(
                condition=Q(pago_confirmado_en__isnull=True) | Q(pago_monto__gt=0), name="expediente_pago_con_monto"
            ),
            models.CheckConstraint(
                condition=Q(factura_registrada_en__isnull=True) | ~Q(factura_uuid=""),
                name="expediente_factura_con_uuid",
            ),
        ]

    def __str__(self):
        return f"Expediente {self.apartado_id}"

    @property
    def pago_confirmado(self):
        return self.pago_confirmado_en is not None

    @property
    def factura_registrada(self):
        return self.factura_registrada_en is not None


# --- Entrega -------------------------------------------------------------------


class Entrega(models.Model):
    """When the unit is handed over. Where is the apartado's ``lugar_entrega`` (its one source of truth)."""

    apartado = models.OneToOneField(Apartado, verbose_name=_("operación"), on_delete=models.CASCADE)
    fecha_programada = models.DateTimeField(_("fecha y hora programada"))
    notas = models.TextField(_("notas"), blank=True)
    programada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("programada por"), on_delete=models.PROTECT, related_name="+"
    )
    programada_en = models.DateTimeField(_("programada el"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entrega")
        verbose_name_plural = _("entregas")
        indexes = [models.Index(fields=["fecha_programada", "id"], name="entrega_fecha_idx")]  # the week's deliveries

    def __str__(self):
        return f"Entrega {self.apartado_id} · {self.fecha_programada:%d/%m/%Y %H:%M}"


# --- Directorio del COP ------------------------------------------------------------


class CategoriaContacto(models.TextChoices):
    SOPORTE_CONTACTO = "soporte_contacto", _("Soporte de contacto")
    SOPORTE_OPERACION = "soporte_operacion", _("Soporte de operación")
    PROVEEDOR = "proveedor", _("Proveedores")


class TipoContacto(models.TextChoices):
    GERENTE_GENERAL = "gerente_general", _("Gerente general")
    EJECUTIVO_BANCO = "ejecutivo_banco", _("Ejecutivo de banco")
    EJECUTIVO_CAJA = "ejecutivo_caja", _("Ejecutivo de caja popular")
    GERENTE_VENTAS = "gerente_ventas", _("Gerente de ventas")
    GERENTE_FINANCIERA = "gerente_financiera", _("Gerente de la financiera del concesionario")
    WEBMASTER = "webmaster", _("Webmaster del concesionario")
    ASEGURADORA = "aseguradora", _("Aseguradora")
    GESTOR = "gestor", _("Gestor")
    TRASLADOS = "traslados", _("Empresa de traslados")


# The seed's three tables: category, «función dentro del ecosistema» and «rol del COP con ellos».
QUE_HACE_EL_COP = {
    TipoContacto.GERENTE_GENERAL: (
        CategoriaContacto.SOPORTE_CONTACTO,
        "Dirección y toma de decisiones a nivel de concesionarios.",
        ("Notifica avances en ventas y estrategias de incentivos.", "Escala problemas operativos o administrativos."),
    ),
    TipoContacto.EJECUTIVO_BANCO: (
        CategoriaContacto.SOPORTE_CONTACTO,
        "Relación con entidades bancarias para financiamiento de clientes.",
        (
            "Facilita el proceso de aprobación de financiamientos.",
            "Confirma disponibilidad de crédito para los clientes.",
        ),
    ),
    TipoContacto.EJECUTIVO_CAJA: (
        CategoriaContacto.SOPORTE_CONTACTO,
        "Alternativa de financiamiento para clientes sin acceso a bancos tradicionales.",
        ("Coordina alternativas de financiamiento con menores requisitos.",),
    ),
    TipoContacto.GERENTE_VENTAS: (
        CategoriaContacto.SOPORTE_OPERACION,
        "Supervisión de los asesores y unidades en concesionarios.",
        (
            "Valida disponibilidad de unidades.",
            "Coordina negociaciones de descuentos.",
            "Agiliza la respuesta en validaciones de apartados.",
        ),
    ),
    TipoContacto.GERENTE_FINANCIERA: (
        CategoriaContacto.SOPORTE_OPERACION,
        "Manejo de opciones de crédito para clientes dentro del concesionario.",
        (
            "Confirma condiciones de financiamiento.",
            "Asegura que las operaciones financiadas se registren sin errores.",
        ),
    ),
    TipoContacto.WEBMASTER: (
        CategoriaContacto.SOPORTE_OPERACION,
        "Controla la gestión digital de unidades en la plataforma.",
        ("Solicita videos e imágenes para los asesores.", "Valida actualizaciones en el inventario de unidades."),
    ),
    TipoContacto.ASEGURADORA: (
        CategoriaContacto.PROVEEDOR,
        "Proveen seguros para unidades vendidas.",
        ("Gestiona la activación inmediata del seguro en cada compra.",),
    ),
    TipoContacto.GESTOR: (
        CategoriaContacto.PROVEEDOR,
        "Realizan trámites administrativos de placas, tenencias y verificación.",
        ("Coordina la gestión de documentos para agilizar la entrega de unidades.",),
    ),
    TipoContacto.TRASLADOS: (
        CategoriaContacto.PROVEEDOR,
        "Transportan unidades a domicilio o concesionarios.",
        ("Coordina el traslado eficiente de unidades según preferencia del cliente.",),
    ),
}


def tipos_de_categoria(categoria):
    return [tipo for tipo, (cat, _funcion, _acciones) in QUE_HACE_EL_COP.items() if cat == categoria]


class ContactoQuerySet(VisiblesQuerySet):
    """The network's directory: the COP (organisation = the network) sees its own contacts."""


class Contacto(models.Model):
    """A person or company the COP works with (seed: «Estructura de Contactos y Enl@ces del COP»)."""

    organizacion = models.ForeignKey(
        "enlace.Organizacion", verbose_name=_("red"), on_delete=models.PROTECT, related_name="+"
    )
    tipo = models.CharField(_("tipo de contacto"), max_length=20, choices=TipoContacto.choices)
    nombre = models.CharField(_("nombre"), max_length=150)
    empresa = models.CharField(_("empresa o institución"), max_length=150, blank=True)
    concesionario = models.ForeignKey(
        "enlace.Organizacion",
        verbose_name=_("concesionario"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"tipo": "concesionario"},
    )
    telefono = models.CharField(_("teléfono"), max_length=30, blank=True)
    correo = models.EmailField(_("correo electrónico"), blank=True)
    notas = models.TextField(_("notas"), blank=True)

    objects = ContactoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contacto del COP")
        verbose_name_plural = _("directorio del COP")
        ordering = ["tipo", "nombre", "id"]
        indexes = [models.Index(fields=["organizacion", "tipo", "nombre"], name="contacto_org_tipo_idx")]

    def __str__(self):
        return f"{self.nombre} ({self.get_tipo_display()})" if not self.empresa else f"{self.nombre} · {self.empresa}"

    @property
    def categoria(self):
        return QUE_HACE_EL_COP[self.tipo][0]

    def get_categoria_display(self):
        return CategoriaContacto(self.categoria).label


# --- Tareas de proveedores -----------------------------------------------------------


class TareaQuerySet(VisiblesQuerySet):
    """COP: the network's tasks; concesionario staff: tasks on their units."""

    ruta_organizacion = "unidad__concesionario"

    def abiertas(self):
        return self.filter(estado__in=TareaProveedor.ESTADOS_ABIERTOS)


@condicion(mensajes.SEGURO_SE_REGISTRA)
def no_es_seguro(tarea):
    """A seguro is completed only by recording its policy (``activar_seguro``)."""
    return tarea.tipo != TareaProveedor.Tipo.SEGURO


@condicion(mensajes.SOLO_SEGURO)
def es_seguro(tarea):
    return tarea.tipo == TareaProveedor.Tipo.SEGURO


class TareaProveedor(ConcurrentTransitionMixin, models.Model):
    """A provider's (or a webmaster's) task the COP coordinates: pendiente → en_proceso → completada | cancelada."""

    class Tipo(models.TextChoices):
        TRASLADO = "traslado", _("Traslado de la unidad")
        SEGURO = "seguro", _("Seguro (póliza activada en la compra)")
        PLACAS = "placas", _("Placas")
        TENENCIA = "tenencia", _("Tenencia")
        VERIFICACION = "verificacion", _("Verificación")
        FOTOS_VIDEOS = "fotos_videos", _("Fotos y videos de la unidad (webmaster)")
        OTRO = "otro", _("Otro")

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        EN_PROCESO = "en_proceso", _("En proceso")
        COMPLETADA = "completada", _("Completada")
        CANCELADA = "cancelada", _("Cancelada")
        DECLINADA = "declinada", _("Declinada por el cliente")

    ESTADOS_ABIERTOS = (Estado.PENDIENTE, Estado.EN_PROCESO)

    apartado = models.ForeignKey(
        Apartado,
        verbose_name=_("operación"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tareas_proveedor",
    )
    unidad = models.ForeignKey(
        "operaciones.Unidad", verbose_name=_("unidad"), on_delete=models.CASCADE, related_name="tareas_proveedor"
    )
    tipo = models.CharField(_("tipo de tarea"), max_length=16, choices=Tipo.choices)
    proveedor = models.ForeignKey(
        Contacto, verbose_name=_("proveedor"), null=True, blank=True, on_delete=models.PROTECT, related_name="tareas"
    )
    fecha_compromiso = models.DateField(_("fecha compromiso"))
    estado = CampoEstado(_("estado"), max_length=12, choices=Estado.choices, default=Estado.PENDIENTE, protected=True)
    notas = models.TextField(_("notas"), blank=True)
    # Traslado: from where to where the unit travels.
    origen = models.CharField(_("origen del traslado"), max_length=250, blank=True)
    destino = models.CharField(_("destino del traslado"), max_length=250, blank=True)
    # Seguro: the policy activated with the purchase, or why the client declined it.
    poliza = models.CharField(_("número de póliza"), max_length=60, blank=True)
    fecha_activacion = models.DateField(_("fecha de activación"), null=True, blank=True)
    motivo_declinacion = models.TextField(_("motivo por el que el cliente declina"), blank=True)
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("creada por"), on_delete=models.PROTECT, related_name="+"
    )
    creada = models.DateTimeField(_("creada el"), default=timezone.now)
    terminada_en = models.DateTimeField(_("completada o cancelada el"), null=True, blank=True)
    terminada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completada o cancelada por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TareaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tarea de proveedor")
        verbose_name_plural = _("tareas de proveedores")
        ordering = ["fecha_compromiso", "id"]
        indexes = [
            models.Index(
                fields=["fecha_compromiso", "id"],
                name="tarea_abierta_compromiso_idx",
                condition=Q(estado__in=["pendiente", "en_proceso"]),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(tipo="traslado") | (~Q(origen="") & ~Q(destino="")),
                name="tarea_traslado_con_origen_destino",
            ),
            models.CheckConstraint(
                condition=~Q(tipo="seguro", estado="completada")
                | (~Q(poliza="") & Q(fecha_activacion__isnull=False, proveedor__isnull=False)),
                name="tarea_seguro_completado_con_poliza",
            ),
            models.CheckConstraint(
                condition=~Q(estado="declinada") | (Q(tipo="seguro") & ~Q(motivo_declinacion="")),
                name="tarea_declinada_seguro_con_motivo",
            ),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.unidad_id}"

    @property
    def abierta(self):
        return self.estado in self.ESTADOS_ABIERTOS

    @property
    def vencida(self):
        return self.abierta and self.fecha_compromiso < timezone.localdate()

    @transition(
        field=estado,
        source=Estado.PENDIENTE,
        target=Estado.EN_PROCESO,
        permission="operaciones.trabajar_tarea",
        custom={"label": _("Marcar la tarea en proceso"), "sin_permiso": mensajes.TAREA_NO_PERMITIDA},
    )
    def avanzar(self):
        pass

    @transition(
        field=estado,
        source=ESTADOS_ABIERTOS,
        target=Estado.COMPLETADA,
        conditions=[no_es_seguro],
        permission="operaciones.trabajar_tarea",
        custom={"label": _("Completar la tarea"), "sin_permiso": mensajes.TAREA_NO_PERMITIDA},
    )
    def completar(self, *, por, notas=""):
        self._terminar(por=por, notas=notas)

    @transition(
        field=estado,
        source=ESTADOS_ABIERTOS,
        target=Estado.COMPLETADA,
        conditions=[es_seguro],
        permission="operaciones.coordinar_seguro",
        custom={"label": _("Registrar la póliza del seguro"), "sin_permiso": mensajes.SOLO_COP},
    )
    def activar_seguro(self, *, por, proveedor, poliza, fecha_activacion):
        self.proveedor = proveedor
        self.poliza = poliza
        self.fecha_activacion = fecha_activacion
        self._terminar(por=por, notas="")

    @transition(
        field=estado,
        source=ESTADOS_ABIERTOS,
        target=Estado.DECLINADA,
        conditions=[es_seguro],
        permission="operaciones.coordinar_seguro",
        custom={"label": _("El cliente declina el seguro"), "sin_permiso": mensajes.SOLO_COP},
    )
    def declinar_seguro(self, *, por, motivo):
        self.motivo_declinacion = motivo
        self._terminar(por=por, notas="")

    @transition(
        field=estado,
        source=ESTADOS_ABIERTOS,
        target=Estado.CANCELADA,
        permission="operaciones.cancelar_tarea",
        custom={"label": _("Cancelar la tarea"), "sin_permiso": mensajes.TAREA_NO_PERMITIDA},
    )
    def cancelar(self, *, por, notas=""):
        self._terminar(por=por, notas=notas)

    def _terminar(self, *, por, notas):
        self.terminada_en = timezone.now()
        self.terminada_por = por
        if notas.strip():
            self.notas = f"{self.notas}\n{notas.strip()}".strip()
