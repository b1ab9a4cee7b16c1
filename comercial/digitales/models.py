"""COMTECO Ventas Digitales: the call-center sale as a state machine (seed 004, steps 1–14)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from comercial.digitales.protocolo import FASE_MOTIVOS, FASES
from comercial.models import ETA_MAX_DIAS, ETA_MIN_DIAS, Producto
from enlace import roles
from enlace.acciones import condicion
from enlace.estados import CampoEstado
from enlace.models import Organizacion, VisiblesQuerySet

DIAS_ESTIMADOS_MIN = ETA_MIN_DIAS  # the seed's range; each product of the catalogue carries its own
DIAS_ESTIMADOS_MAX = ETA_MAX_DIAS


class Canal(models.TextChoices):
    LLAMADA = "llamada", "Llamada (IVR opción 1)"
    WEB = "web", "Página web"
    CHATBOT = "chatbot", "Chatbot (Bootmaker)"
    FACEBOOK = "facebook", "Facebook"
    OTRO = "otro", "Otro"


class Estado(models.TextChoices):
    EN_COLA = "en_cola", "En cola (por contactar)"
    EN_ATENCION = "en_atencion", "En atención"
    SIN_IMPEDIMENTO = "sin_impedimento", "Sin impedimentos"
    FACTIBLE = "factible", "Con capacidad técnica"
    ESPERANDO_REQUISITOS = "esperando_requisitos", "Esperando requisitos (WhatsApp)"
    DIGITADA = "digitada", "Venta digitada"
    DERIVADA = "derivada", "Digitación controlada: en Instalaciones"
    COMUNICADA = "comunicada", "Comunicada al cliente"
    SEGUIDA = "seguida", "Seguimiento realizado"
    CONCLUIDA = "concluida", "Control de calidad realizado"
    IMPOSIBILITADA = "imposibilitada", "No concretada (pasar por oficinas)"
    NO_CONTACTADA = "no_contactada", "No contactada"


ABIERTOS = (
    Estado.EN_COLA,
    Estado.EN_ATENCION,
    Estado.SIN_IMPEDIMENTO,
    Estado.FACTIBLE,
    Estado.ESPERANDO_REQUISITOS,
    Estado.DIGITADA,
    Estado.DERIVADA,
    Estado.COMUNICADA,
    Estado.SEGUIDA,
)
DIGITADOS = (Estado.DIGITADA, Estado.DERIVADA, Estado.COMUNICADA, Estado.SEGUIDA, Estado.CONCLUIDA)
ANTES_DE_DIGITAR = (Estado.EN_ATENCION, Estado.SIN_IMPEDIMENTO, Estado.FACTIBLE, Estado.ESPERANDO_REQUISITOS)


class TipoImpedimento(models.TextChoices):
    DEUDA_NAF = "deuda_naf", "Deuda en cartera (NAF – Paquete Accionario)"
    CENTRAL_RIESGOS = "central_riesgos", "Registrado en la central de riesgos"
    EQUIPO_POR_DEVOLVER = "equipo_por_devolver", "Equipo pendiente de devolución"


# --- Guards: pure predicates on the row, each with the Spanish reason shown when it fails ------------

SIN_IDENTIFICACION = "Registre el servicio requerido y el carnet de identidad del cliente antes de continuar."
SIN_CONSULTA_IMPEDIMENTOS = "Consulte primero los impedimentos del cliente en NAF (paso 4)."
CON_IMPEDIMENTO = "El cliente tiene impedimentos ({lista}): no se puede continuar con la venta."
SIN_FACTIBILIDAD = "No se puede continuar sin capacidad técnica confirmada en el GIS (paso 7)."
SIN_CAUSA = (
    "Solo se cierra como no concretada con una causa verificada: un impedimento en NAF o la falta de capacidad "
    "técnica en el GIS."
)
REQUISITOS_INCOMPLETOS = "Faltan requisitos por adjuntar: {faltantes}."
INTENTOS_INSUFICIENTES = "Solo se descarta tras {maximo} intentos de contacto sin respuesta."
PRODUCTO_INACTIVO = "El producto «{producto}» no está activo en el catálogo: no se puede vender."
PRODUCTO_NO_DIGITAL = "El producto «{producto}» no se vende por Ventas Digitales. Oriente al cliente: {destino}"


@condicion(SIN_IDENTIFICACION)
def tiene_identificacion(solicitud):
    return bool(solicitud.producto_id and solicitud.carnet)


@condicion(lambda solicitud: PRODUCTO_INACTIVO.format(producto=solicitud.producto))
def producto_activo(solicitud):
    return solicitud.producto is None or solicitud.producto.activo


@condicion(
    lambda solicitud: PRODUCTO_NO_DIGITAL.format(producto=solicitud.producto, destino=solicitud.producto.donde_dirigir)
)
def producto_digital(solicitud):
    return solicitud.producto is None or solicitud.producto.vendido_digitalmente


@condicion(SIN_CONSULTA_IMPEDIMENTOS)
def consulto_impedimentos(solicitud):
    return solicitud.impedimentos_consultados is not None


@condicion(
    lambda solicitud: CON_IMPEDIMENTO.format(
        lista=", ".join(i.get("nombre", i.get("tipo", "")) for i in solicitud.impedimentos)
    )
)
def libre_de_impedimentos(solicitud):
    return not solicitud.impedimentos


@condicion(SIN_FACTIBILIDAD)
def es_factible(solicitud):
    return solicitud.factible is True


@condicion(SIN_CAUSA)
def hay_causa_de_imposibilidad(solicitud):
    return bool(solicitud.impedimentos) or solicitud.factible is False


@condicion(lambda solicitud: REQUISITOS_INCOMPLETOS.format(faltantes="; ".join(solicitud.requisitos_faltantes())))
def tiene_requisitos_completos(solicitud):
    return not solicitud.requisitos_faltantes()


LECTURA_SIN_CONFIRMAR = (
    "Lea al cliente el resumen de la venta y registre que el cliente confirmó antes de digitar "
    "(Anexo 1: repetir la información relevante y recibir la confirmación)."
)
SIN_ORDEN = "La venta aún no tiene orden de instalación: la abre el control de la digitación."
ORDEN_PENDIENTE = (
    "La orden de instalación {orden} sigue pendiente (fecha estimada {fecha}): el seguimiento se registra "
    "cuando Instalaciones la cierre."
)


@condicion(LECTURA_SIN_CONFIRMAR)
def cliente_confirmo(solicitud):
    return solicitud.lectura_confirmada_en is not None


def _orden_de(solicitud):
    return getattr(solicitud, "orden_instalacion", None)


def _motivo_orden_abierta(solicitud):
    orden = _orden_de(solicitud)
    if orden is None:
        return SIN_ORDEN
    return ORDEN_PENDIENTE.format(orden=orden.codigo, fecha=orden.fecha_estimada.strftime("%d/%m/%Y"))


@condicion(_motivo_orden_abierta)
def orden_cerrada(solicitud):
    orden = _orden_de(solicitud)
    return orden is not None and orden.cerrada


@condicion(lambda solicitud: INTENTOS_INSUFICIENTES.format(maximo=settings.DIGITALES_MAX_INTENTOS_CONTACTO))
def agoto_intentos(solicitud):
    return solicitud.intentos_contacto >= settings.DIGITALES_MAX_INTENTOS_CONTACTO


# --- When the console's steps that are not transitions (call back, protocol, identification, the NAF and GIS
# queries, attachments) may be taken: guards with their reason. services.py declares each step once as an
# ``acciones.Escritura`` (who: the rules permission ATENDER; when: these guards).

SOLO_EN_COLA = "Solo se registran intentos de contacto para solicitudes en cola (está «{estado}»)."
SOLO_EN_ATENCION = "Esta acción solo es posible con la solicitud en atención (está «{estado}»)."
FASE_FINAL = "El protocolo ya está en su última fase («{fase}»)."
FASE_INSUFICIENTE = "Avance el protocolo hasta «{fase}» antes de registrar el servicio y el carnet."
SOLO_SIN_IMPEDIMENTO = "La consulta al GIS se hace tras verificar que no hay impedimentos (está «{estado}»)."
SOLO_ANTES_DE_DIGITAR = "Las notas y la lectura del resumen se registran antes de digitar (está «{estado}»)."
SIN_DATOS_PARA_LEER = "Lea el resumen cuando el GIS haya confirmado la capacidad técnica (está «{estado}»)."
SOLO_DIGITADA = "El contrato firmado se adjunta una vez digitada la venta (está «{estado}»)."
SOLO_ESPERANDO_REQUISITOS = "Los requisitos se adjuntan tras solicitarlos al cliente (está «{estado}»)."


@condicion(lambda solicitud: SOLO_EN_COLA.format(estado=solicitud.get_estado_display()))
def en_cola(solicitud):
    return solicitud.estado == Estado.EN_COLA


@condicion(lambda solicitud: SOLO_EN_ATENCION.format(estado=solicitud.get_estado_display()))
def en_atencion(solicitud):
    return solicitud.estado == Estado.EN_ATENCION


@condicion(FASE_FINAL.format(fase=FASES[-1].nombre))
def protocolo_por_avanzar(solicitud):
    return solicitud.fase_protocolo < len(FASES) - 1


@condicion(FASE_INSUFICIENTE.format(fase=FASES[FASE_MOTIVOS].nombre))
def motivos_delimitados(solicitud):
    return solicitud.fase_protocolo >= FASE_MOTIVOS


@condicion(lambda solicitud: SOLO_SIN_IMPEDIMENTO.format(estado=solicitud.get_estado_display()))
def sin_impedimento(solicitud):
    return solicitud.estado == Estado.SIN_IMPEDIMENTO


@condicion(lambda solicitud: SOLO_ESPERANDO_REQUISITOS.format(estado=solicitud.get_estado_display()))
def esperando_requisitos(solicitud):
    return solicitud.estado == Estado.ESPERANDO_REQUISITOS


@condicion(lambda solicitud: SOLO_ANTES_DE_DIGITAR.format(estado=solicitud.get_estado_display()))
def antes_de_digitar(solicitud):
    return solicitud.estado in ANTES_DE_DIGITAR


@condicion(lambda solicitud: SIN_DATOS_PARA_LEER.format(estado=solicitud.get_estado_display()))
def lista_para_leer(solicitud):
    return solicitud.estado in (Estado.FACTIBLE, Estado.ESPERANDO_REQUISITOS)


@condicion(lambda solicitud: SOLO_DIGITADA.format(estado=solicitud.get_estado_display()))
def digitada(solicitud):
    return solicitud.estado in DIGITADOS


# The rules permission (rules.py) of every transition a user runs and of every console step: the call-center roles.
ATENDER = "comercial_digitales.atender_solicitudes"
CONTROLAR_DIGITACION = "comercial_digitales.controlar_digitacion"  # a gestor(a) comercial (seed 001, step 11)
CERRAR_ORDEN = "comercial_digitales.cerrar_orden_instalacion"


class SolicitudQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"

    def para_usuario(self, user):
        """Organisation scope, then per role: an agent sees the unassigned queue and their own solicitudes."""
        visibles = self.visibles_para(user)
        if user.is_authenticated and not user.is_superuser and roles.tiene_rol(user, "agente_digital"):
            return visibles.filter(Q(agente=user) | Q(agente__isnull=True))
        return visibles


class SolicitudDigital(ConcurrentTransitionMixin, models.Model):
    """One request that reached Ventas Digitales, from intake to the quality-control call (or step 14)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="solicitudes_digitales"
    )
    canal = models.CharField("canal", max_length=10, choices=Canal.choices)
    linea = models.CharField("línea", max_length=10, blank=True, help_text="Número al que llamó el cliente.")
    lead_id = models.CharField("id del lead en el canal", max_length=100, blank=True)
    perdida = models.BooleanField("llamada perdida", default=False)
    recibida = models.DateTimeField("ingreso", default=timezone.now)
    nombre_cliente = models.CharField("nombre del cliente", max_length=150, blank=True)
    telefono = models.CharField("teléfono", max_length=20)
    correo = models.EmailField("correo electrónico", blank=True)
    mensaje = models.TextField("mensaje del cliente", blank=True)
    agente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="agente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="solicitudes_digitales",
    )
    estado = CampoEstado("estado", default=Estado.EN_COLA, choices=Estado.choices, protected=True)
    fase_protocolo = models.PositiveSmallIntegerField("fase del protocolo", default=0)
    intentos_contacto = models.PositiveSmallIntegerField("intentos de contacto", default=0)
    # Steps 3.1–3.2
    producto = models.ForeignKey(
        Producto,
        verbose_name="servicio requerido",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="solicitudes_digitales",
    )
    velocidad_mbps = models.PositiveIntegerField("velocidad requerida (Mbps)", default=0)
    caracteristicas = models.JSONField("características especiales", default=list, blank=True)
    carnet = models.CharField("carnet de identidad", max_length=24, blank=True)
    notas = models.TextField(
        "notas de la llamada", blank=True, help_text="Explorar y resolver: lo que pidió el cliente."
    )
    # Anexo 1: the relevant information repeated to the client and their confirmation, before digitación
    lectura_resumen = models.TextField("resumen leído al cliente", blank=True)
    lectura_confirmada_en = models.DateTimeField("cliente confirmó", null=True, blank=True)
    # Step 4
    impedimentos_consultados = models.DateTimeField("impedimentos consultados", null=True, blank=True)
    impedimentos = models.JSONField("impedimentos encontrados", default=list, blank=True)
    # Steps 5–7
    direccion = models.CharField("dirección", max_length=250, blank=True)
    localidad = models.CharField("zona o barrio", max_length=120, blank=True)
    factible = models.BooleanField("capacidad técnica", null=True)
    factibilidad = models.JSONField("evidencia del GIS", default=dict, blank=True)
    # Steps 8–10
    requisitos_solicitados = models.DateTimeField("requisitos solicitados", null=True, blank=True)
    digitada_en = models.DateTimeField("digitada", null=True, blank=True)
    digitada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referencia_smartflex = models.CharField("referencia en Smartflex", max_length=40, blank=True)
    # Control de calidad de la digitación («Procedimiento Venta», seed 001 step 11) by a gestor(a) comercial
    controlada_en = models.DateTimeField("digitación controlada", null=True, blank=True)
    controlada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # VD-F-02 signed by the client (seed 004, documents table: manual)
    contrato_firmado = models.FileField(
        "contrato firmado", upload_to="digitales/contratos/", max_length=300, blank=True
    )
    contrato_firmado_nombre = models.CharField("nombre del archivo del contrato", max_length=200, blank=True)
    contrato_firmado_en = models.DateTimeField("contrato firmado adjuntado", null=True, blank=True)
    # Step 11
    dias_estimados = models.PositiveSmallIntegerField("tiempo estimado de ejecución (días)", null=True, blank=True)
    comunicada_en = models.DateTimeField("comunicada", null=True, blank=True)
    seguimiento_programado = models.DateTimeField("seguimiento programado", null=True, blank=True)
    control_calidad_programado = models.DateTimeField("control de calidad programado", null=True, blank=True)
    # Step 12
    seguimiento_en = models.DateTimeField("seguimiento realizado", null=True, blank=True)
    seguimiento_nota = models.TextField("nota del seguimiento", blank=True)
    servicio_instalado = models.BooleanField("servicio instalado", null=True)
    # Step 13
    control_calidad_en = models.DateTimeField("control de calidad", null=True, blank=True)
    satisfecho = models.BooleanField("cliente satisfecho", null=True)
    calidad_comentario = models.TextField("comentario del control de calidad", blank=True)
    # Step 14
    motivo_imposibilidad = models.TextField("motivo de imposibilidad", blank=True)
    cerrada_en = models.DateTimeField("cerrada", null=True, blank=True)

    history = HistoricalRecords()
    objects = SolicitudQuerySet.as_manager()

    class Meta:
        verbose_name = "solicitud de venta digital"
        verbose_name_plural = "solicitudes de venta digital"
        ordering = ["-recibida", "-id"]
        indexes = [
            models.Index(fields=["organizacion", "recibida"], name="dig_org_recibida_idx"),
            models.Index(fields=["organizacion", "estado", "recibida"], name="dig_org_estado_idx"),
            models.Index(fields=["agente", "recibida"], name="dig_agente_idx"),
            models.Index(fields=["-recibida", "-id"], name="dig_recientes_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organizacion", "canal", "lead_id"],
                condition=~Q(lead_id=""),
                name="dig_lead_unico_por_canal",
            ),
            models.CheckConstraint(
                condition=Q(dias_estimados__isnull=True) | Q(dias_estimados__gte=1),
                name="dig_dias_estimados_positivos",
            ),
            models.CheckConstraint(condition=Q(fase_protocolo__lte=3), name="dig_fase_protocolo_valida"),
            models.CheckConstraint(condition=~Q(canal="llamada") | ~Q(linea=""), name="dig_llamada_con_linea"),
            models.CheckConstraint(
                condition=~Q(estado__in=list(DIGITADOS)) | Q(factible=True, digitada_en__isnull=False),
                name="dig_digitada_con_factibilidad",
            ),
        ]

    def __str__(self):
        return f"{self.numero} · {self.nombre_cliente or self.telefono}"

    @property
    def numero(self):
        return f"VD-{self.pk or 0:06d}"

    @property
    def terminal(self):
        return self.estado not in ABIERTOS

    def requisitos(self):
        """{codigo: nombre} of the product's requirements, read from the catalogue."""
        return self.producto.requisitos_dict() if self.producto_id else {}

    def requisitos_faltantes(self):
        adjuntos = {a.requisito for a in self.adjuntos.all()}
        return [nombre for codigo, nombre in self.requisitos().items() if codigo not in adjuntos]

    # --- Transitions: they change only this row; services run them with enlace.acciones.ejecutar ------

    @transition(
        field=estado,
        source=Estado.EN_COLA,
        target=Estado.EN_ATENCION,
        custom={"label": "Atender la solicitud", "interna": True},  # a live call, or a call back answered
    )
    def atender(self, *, agente):
        self.agente = agente
        self.fase_protocolo = 0

    @transition(
        field=estado,
        source=Estado.EN_COLA,
        target=Estado.NO_CONTACTADA,
        conditions=[agoto_intentos],
        permission=ATENDER,
        custom={"label": "Cerrar como no contactada"},
    )
    def descartar(self, *, cuando):
        self.cerrada_en = cuando

    @transition(
        field=estado,
        source=Estado.EN_ATENCION,
        target=Estado.SIN_IMPEDIMENTO,
        conditions=[
            tiene_identificacion,
            producto_activo,
            producto_digital,
            consulto_impedimentos,
            libre_de_impedimentos,
        ],
        custom={"label": "Continuar sin impedimentos", "interna": True},  # part of the NAF query
    )
    def aprobar_impedimentos(self):
        pass

    @transition(
        field=estado,
        source=Estado.SIN_IMPEDIMENTO,
        target=Estado.FACTIBLE,
        conditions=[es_factible],
        custom={"label": "Confirmar la capacidad técnica", "interna": True},  # part of the GIS query
    )
    def confirmar_capacidad(self):
        pass

    @transition(
        field=estado,
        source=Estado.FACTIBLE,
        target=Estado.ESPERANDO_REQUISITOS,
        conditions=[es_factible],
        permission=ATENDER,
        custom={"label": "Solicitar los requisitos"},
    )
    def solicitar_requisitos(self, *, cuando):
        self.requisitos_solicitados = cuando

    @transition(
        field=estado,
        source=list(ANTES_DE_DIGITAR),
        target=Estado.DIGITADA,
        conditions=[
            tiene_identificacion,
            producto_activo,
            producto_digital,
            consulto_impedimentos,
            libre_de_impedimentos,
            es_factible,
            cliente_confirmo,
            tiene_requisitos_completos,
        ],
        permission=ATENDER,
        custom={"label": "Digitar la venta"},
    )
    def digitar(self, *, agente, cuando, referencia=""):
        self.digitada_por = agente
        self.digitada_en = cuando
        self.referencia_smartflex = referencia

    @transition(
        field=estado,
        source=Estado.DIGITADA,
        target=Estado.DERIVADA,
        conditions=[producto_activo],
        permission=CONTROLAR_DIGITACION,
        custom={"label": "Controlar la digitación y derivar a Instalaciones"},
    )
    def controlar_digitacion(self, *, por, cuando):
        self.controlada_por = por
        self.controlada_en = cuando

    @transition(
        field=estado,
        source=Estado.DERIVADA,
        target=Estado.COMUNICADA,
        permission=ATENDER,
        custom={"label": "Comunicar el tiempo estimado"},
    )
    def comunicar(self, *, dias, cuando, seguimiento, control_calidad):
        self.dias_estimados = dias
        self.comunicada_en = cuando
        self.seguimiento_programado = seguimiento
        self.control_calidad_programado = control_calidad

    @transition(
        field=estado,
        source=Estado.COMUNICADA,
        target=Estado.SEGUIDA,
        conditions=[orden_cerrada],
        permission=ATENDER,
        custom={"label": "Registrar el seguimiento"},
    )
    def registrar_seguimiento(self, *, cuando, instalado, nota):
        self.seguimiento_en = cuando
        self.servicio_instalado = instalado
        self.seguimiento_nota = nota

    @transition(
        field=estado,
        source=Estado.SEGUIDA,
        target=Estado.CONCLUIDA,
        permission=ATENDER,
        custom={"label": "Realizar el control de calidad"},
    )
    def controlar_calidad(self, *, cuando, satisfecho, comentario):
        self.control_calidad_en = cuando
        self.satisfecho = satisfecho
        self.calidad_comentario = comentario
        self.cerrada_en = cuando

    @transition(
        field=estado,
        source=[Estado.EN_ATENCION, Estado.SIN_IMPEDIMENTO],
        target=Estado.IMPOSIBILITADA,
        conditions=[hay_causa_de_imposibilidad],
        permission=ATENDER,
        custom={"label": "Cerrar como no concretada"},
    )
    def imposibilitar(self, *, motivo, cuando):
        self.motivo_imposibilidad = motivo
        self.cerrada_en = cuando


class IntentoContacto(models.Model):
    """One call back to a client (a lost call or a web/chatbot/Facebook lead), step 1.2 and step 2."""

    class Resultado(models.TextChoices):
        CONTESTO = "contesto", "Contestó"
        NO_CONTESTA = "no_contesta", "No contesta"
        OCUPADO = "ocupado", "Ocupado"
        BUZON = "buzon", "Buzón de voz"
        EQUIVOCADO = "equivocado", "Número equivocado"

    solicitud = models.ForeignKey(SolicitudDigital, on_delete=models.CASCADE, related_name="intentos")
    agente = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cuando = models.DateTimeField("cuándo", default=timezone.now)
    resultado = models.CharField("resultado", max_length=12, choices=Resultado.choices)
    nota = models.CharField("nota", max_length=250, blank=True)

    class Meta:
        verbose_name = "intento de contacto"
        verbose_name_plural = "intentos de contacto"
        ordering = ["cuando", "id"]

    def __str__(self):
        return f"{self.solicitud.numero} · {self.get_resultado_display()}"


def _ruta_requisito(adjunto, nombre):
    return f"digitales/requisitos/{adjunto.solicitud_id}/{adjunto.requisito}-{nombre}"


class RequisitoAdjunto(models.Model):
    """A requirement the client sent by WhatsApp and the agent attached (step 9). Stored privately."""

    solicitud = models.ForeignKey(SolicitudDigital, on_delete=models.CASCADE, related_name="adjuntos")
    requisito = models.CharField("requisito", max_length=40)
    archivo = models.FileField("archivo", upload_to=_ruta_requisito, max_length=300)
    nombre_original = models.CharField("nombre del archivo", max_length=200)
    subido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subido = models.DateTimeField("subido", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "requisito adjunto"
        verbose_name_plural = "requisitos adjuntos"
        ordering = ["requisito"]
        constraints = [
            models.UniqueConstraint(fields=["solicitud", "requisito"], name="dig_requisito_unico"),
        ]

    def __str__(self):
        return f"{self.solicitud.numero} · {self.requisito}"


class RegistroImpedimentoQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class RegistroImpedimento(models.Model):
    """A row of the built-in impediment table (a snapshot of NAF cartera, central de riesgos, equipment)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="+"
    )
    carnet = models.CharField("carnet (número y complemento)", max_length=24)
    tipo = models.CharField("tipo", max_length=20, choices=TipoImpedimento.choices)
    detalle = models.CharField("detalle", max_length=250, blank=True)
    monto_bs = models.DecimalField("monto (Bs.)", max_digits=12, decimal_places=2, null=True, blank=True)
    importado = models.DateTimeField("importado", default=timezone.now)
    history = HistoricalRecords()

    objects = RegistroImpedimentoQuerySet.as_manager()

    class Meta:
        verbose_name = "impedimento registrado"
        verbose_name_plural = "tabla de impedimentos"
        ordering = ["carnet", "tipo"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "carnet", "tipo"], name="dig_impedimento_unico"),
            models.CheckConstraint(condition=Q(monto_bs__isnull=True) | Q(monto_bs__gte=0), name="dig_monto_no_neg"),
        ]

    def __str__(self):
        return f"{self.carnet} · {self.get_tipo_display()}"


# --- The hand-off to Instalaciones y Traslados (OPR-PAS-P02), the procedure's exit ------------------


class OrdenInstalacionQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"

    def pendientes(self):
        return self.filter(estado=OrdenInstalacion.EstadoOrden.PENDIENTE)

    def vencidas(self, hoy):
        return self.pendientes().filter(fecha_estimada__lt=hoy)


class OrdenInstalacion(ConcurrentTransitionMixin, models.Model):
    """The installation order a controlled digital sale opens for OPR-PAS-P02: its own state, the estimated
    date (within the product's ETA range) and the closing date. The follow-up (step 12) reads it."""

    class EstadoOrden(models.TextChoices):
        PENDIENTE = "pendiente", "Pendiente"
        INSTALADA = "instalada", "Instalada"
        NO_INSTALADA = "no_instalada", "No instalada"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="ordenes_instalacion"
    )
    solicitud = models.OneToOneField(SolicitudDigital, on_delete=models.PROTECT, related_name="orden_instalacion")
    abierta_en = models.DateTimeField("abierta")
    abierta_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dias_estimados = models.PositiveSmallIntegerField("tiempo estimado (días)")
    fecha_estimada = models.DateField("fecha estimada de instalación")
    estado = CampoEstado(
        "estado", max_length=12, choices=EstadoOrden.choices, default=EstadoOrden.PENDIENTE, protected=True
    )
    cerrada_en = models.DateTimeField("cerrada", null=True, blank=True)
    cerrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    observaciones = models.TextField("observaciones", blank=True)
    history = HistoricalRecords()

    objects = OrdenInstalacionQuerySet.as_manager()

    class Meta:
        verbose_name = "orden de instalación (OPR-PAS-P02)"
        verbose_name_plural = "órdenes de instalación (OPR-PAS-P02)"
        ordering = ["fecha_estimada", "id"]
        indexes = [models.Index(fields=["organizacion", "estado", "fecha_estimada"], name="dig_orden_estado_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(estado="pendiente") | Q(cerrada_en__isnull=False), name="dig_orden_cerrada_con_fecha"
            ),
        ]

    def __str__(self):
        return f"{self.codigo} · {self.solicitud.numero}"

    @property
    def codigo(self):
        return f"OI-{self.pk or 0:06d}"

    @property
    def cerrada(self):
        return self.estado != self.EstadoOrden.PENDIENTE

    def vencida_al(self, hoy):
        """Still pending after its estimated date."""
        return not self.cerrada and self.fecha_estimada < hoy

    @transition(
        field=estado,
        source=EstadoOrden.PENDIENTE,
        target=EstadoOrden.INSTALADA,
        permission=CERRAR_ORDEN,
        custom={"label": "Registrar la instalación"},
    )
    def instalar(self, *, por, cuando, observaciones=""):
        self.cerrada_por = por
        self.cerrada_en = cuando
        self.observaciones = observaciones

    @transition(
        field=estado,
        source=EstadoOrden.PENDIENTE,
        target=EstadoOrden.NO_INSTALADA,
        permission=CERRAR_ORDEN,
        custom={"label": "Cerrar sin instalar"},
    )
    def no_instalar(self, *, por, cuando, observaciones):
        self.cerrada_por = por
        self.cerrada_en = cuando
        self.observaciones = observaciones


# --- The subscriber register the console looks clients up in (a snapshot of Smartflex/NAF) -------------


class ClienteComtecoQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class ClienteComteco(models.Model):
    """An existing COMTECO client: the agent finds them by phone, CI or contract number (Anexo 1)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="+"
    )
    nombre = models.CharField("nombre", max_length=150)
    carnet = models.CharField("carnet de identidad", max_length=24)
    telefono = models.CharField("teléfono", max_length=20, blank=True)
    numero_contrato = models.CharField("número de contrato", max_length=30)
    servicios = models.CharField("servicios contratados", max_length=250, blank=True)
    direccion = models.CharField("dirección", max_length=250, blank=True)

    objects = ClienteComtecoQuerySet.as_manager()

    class Meta:
        verbose_name = "cliente COMTECO"
        verbose_name_plural = "clientes COMTECO"
        ordering = ["nombre", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "numero_contrato"], name="dig_cli_contrato_unico"),
        ]

    def __str__(self):
        return f"{self.nombre} · contrato {self.numero_contrato}"
