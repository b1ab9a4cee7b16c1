"""The sale (flow A and flow B share one ``Venta``) and its state machine.

Every transition declares its Spanish label, who may run it (a django-rules rule of ``rules.py``) and its
conditions with their reasons; ``enlace.acciones.ejecutar`` runs them. Transitions change only their own row.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django_fsm import ConcurrentTransitionMixin, transition
from simple_history.models import HistoricalRecords

from comercial.empresas import mensajes
from comercial.empresas.models.cartera import Empresa
from comercial.empresas.models.comun import CERO
from enlace.acciones import condicion
from enlace.estados import CampoEstado
from enlace.models import Organizacion, VisiblesQuerySet


class Flujo(models.TextChoices):
    CAPTACION = "captacion", "A · Nueva captación"
    CARTERA = "cartera", "B · Cartera de clientes"


class Estado(models.TextChoices):
    RECOPILACION = "recopilacion", "Recopilación de información"
    PERFIL = "perfil", "Perfil analizado"
    PROYECTO = "proyecto", "Proyecto de venta"
    EN_VOBO = "en_vobo", "En Vo.Bo. del Encargado"
    APROBADA = "aprobada", "Con Vo.Bo."
    NO_FACTIBLE = "no_factible", "Sin factibilidad técnica"
    FACTIBLE = "factible", "Factible"
    VISITA_PROGRAMADA = "visita_programada", "Visita programada"
    VISITADA = "visitada", "Cliente visitado"
    ANALISIS_CARTERA = "analisis_cartera", "Análisis de cartera"
    OFERTA_ENVIADA = "oferta_enviada", "Oferta comercial enviada"
    ACEPTADA = "aceptada", "Oferta aceptada"
    DERIVADA = "derivada", "Derivada a Gestor(a) Comercial"
    DEVUELTA = "devuelta", "Devuelta a la ejecutiva (sin factibilidad)"
    VERIFICADA = "verificada", "Factibilidad de respaldo verificada"
    DIGITADA = "digitada", "Digitada en Smartflex"
    CONTROLADA = "controlada", "Digitación controlada"
    GESTION_TECNICA = "gestion_tecnica", "Con Gestor(a) Técnico Comercial"
    ORDENES = "ordenes", "Órdenes de trabajo solicitadas"
    SEGUIMIENTO = "seguimiento", "Documentación con la ejecutiva"
    COMPLETADA = "completada", "Venta completada"
    CONCLUIDA = "concluida", "Concluida sin venta"


ESTADOS_EDITABLES = (Estado.PROYECTO, Estado.ANALISIS_CARTERA)
ESTADOS_TERMINADOS = (Estado.COMPLETADA, Estado.CONCLUIDA)

# Who may run each transition is a django-rules rule (comercial/empresas/rules.py).
DEL_EJECUTIVO = "comercial_empresas.avanzar_venta"
DEL_RESPONSABLE = "comercial_empresas.dar_vobo"
DEL_GESTOR_COMERCIAL = "comercial_empresas.gestionar_digitacion"
DE_CONTROL = "comercial_empresas.controlar_digitacion"
DEL_GESTOR_TECNICO = "comercial_empresas.gestionar_ordenes"


# --- Conditions (pure guards, each with the reason shown when it fails) ----------------------------


@condicion(mensajes.SIN_LINEAS)
def tiene_lineas(venta):
    return venta.cantidad_lineas > 0


@condicion(mensajes.SIN_DOCUMENTOS)
def tiene_documentos(venta):
    return venta.cantidad_documentos > 0


@condicion(mensajes.DIGITAR_SIN_FACTIBILIDAD)
def factibilidad_respaldo_ok(venta):
    return venta.factible_gestor is True


@condicion(mensajes.CONTROL_MISMA_PERSONA, con_usuario=True)
def controla_otra_persona(venta, usuario=None):
    """The quality control of the typing is done by someone other than who typed it.

    django-fsm calls guards with the row alone (``usuario`` None): then only the runner, which knows the user, decides.
    """
    return usuario is None or usuario.pk != venta.digitada_por_id


def _ordenes_abiertas(venta):
    return venta.ordenes.filter(estado="solicitada")  # OrdenTrabajo.EstadoOrden.SOLICITADA


@condicion(lambda venta: mensajes.ORDENES_ABIERTAS.format(n=_ordenes_abiertas(venta).count()))
def ordenes_cerradas(venta):
    return not _ordenes_abiertas(venta).exists()


class VentaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class Venta(ConcurrentTransitionMixin, models.Model):
    """One sale to a company, walking flow A or flow B of the procedure."""

    class Medio(models.TextChoices):
        ESCRITA = "escrita", "Carta escrita (entregada en mano)"
        CORREO = "correo", "Correo electrónico"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="ventas_empresas"
    )
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="ventas")
    ejecutivo = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ejecutivo(a)", on_delete=models.PROTECT, related_name="ventas_empresas"
    )
    flujo = models.CharField("flujo", max_length=10, choices=Flujo.choices)
    estado = CampoEstado("estado", max_length=20, choices=Estado.choices, protected=True)

    # Steps 2–4 (A) / 2 (B): information, profile, needs and the proyecto de venta.
    informacion = models.TextField("información recabada del prospecto", blank=True)
    perfil_actividad = models.TextField("perfil por tipo de actividad", blank=True)
    necesidades = models.TextField("necesidades del cliente", blank=True)
    nuevas_necesidades = models.TextField("nuevas necesidades identificadas (mayor valor)", blank=True)
    promociones = models.TextField("promociones aplicadas", blank=True)
    politica_tarifaria = models.TextField("política tarifaria", blank=True)
    velocidad_requerida_mbps = models.PositiveIntegerField("velocidad requerida (Mbps)", default=0)
    caracteristicas_requeridas = models.JSONField("características requeridas", default=list, blank=True)
    cantidad_lineas = models.PositiveSmallIntegerField(default=0, editable=False)
    costo_instalacion_total = models.DecimalField(
        "costo de instalación (Bs.)", max_digits=14, decimal_places=2, default=CERO, editable=False
    )
    tarifa_mensual_total = models.DecimalField(
        "tarifa mensual (Bs.)", max_digits=14, decimal_places=2, default=CERO, editable=False
    )

    # Step 4.1: Vo.Bo.
    vobo_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vobo_en = models.DateTimeField("Vo.Bo.", null=True, blank=True)
    observaciones_vobo = models.TextField("observaciones del Vo.Bo.", blank=True)
    devoluciones_vobo = models.PositiveSmallIntegerField("devoluciones del Vo.Bo.", default=0)

    # Step 5 (A): feasibility checked by the ejecutivo.
    factible_ejecutivo = models.BooleanField("factible (ejecutivo)", null=True, blank=True)
    evidencia_ejecutivo = models.JSONField("evidencia GIS (ejecutivo)", default=dict, blank=True)
    requisitos = models.TextField("requisitos para el trámite", blank=True)

    # Steps 6–7: visit and offer.
    visitada_en = models.DateTimeField("visitado", null=True, blank=True)
    medio_oferta = models.CharField("medio de la oferta", max_length=10, choices=Medio.choices, blank=True)
    correo_oferta = models.EmailField("correo de la oferta", blank=True)
    oferta_enviada_en = models.DateTimeField("oferta enviada", null=True, blank=True)
    aceptada_en = models.DateTimeField("oferta aceptada", null=True, blank=True)
    motivo_conclusion = models.TextField("motivo de conclusión", blank=True)
    concluida_en = models.DateTimeField("concluida", null=True, blank=True)

    # Steps 8–12 (A) / 4–8 (B): Gestor(a) Comercial.
    gestor_comercial = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gestor(a) comercial",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ventas_empresas_gestion",
    )
    derivada_en = models.DateTimeField("derivada", null=True, blank=True)
    cantidad_documentos = models.PositiveSmallIntegerField(default=0, editable=False)
    factible_gestor = models.BooleanField("factible (gestor comercial)", null=True, blank=True)
    evidencia_gestor = models.JSONField("evidencia GIS (gestor comercial)", default=dict, blank=True)
    numero_smartflex = models.CharField("N.º de solicitud en Smartflex", max_length=30, blank=True)
    digitada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    digitada_en = models.DateTimeField("digitada", null=True, blank=True)
    controlada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    controlada_en = models.DateTimeField("control de calidad de digitación", null=True, blank=True)
    observaciones_control = models.TextField("observaciones del control de digitación", blank=True)

    # Steps 13–14 (A) / 9 (B): Gestor(a) Técnico Comercial.
    gestor_tecnico = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gestor(a) técnico comercial",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ventas_empresas_tecnica",
    )
    documentos_entregados_en = models.DateTimeField("documentación entregada a la ejecutiva", null=True, blank=True)

    # Step 14 (A) / 10 (B): the quality-control call.
    llamada_calidad_en = models.DateTimeField("llamada de control de calidad", null=True, blank=True)
    servicio_funciona = models.BooleanField("el servicio funciona", null=True, blank=True)
    observaciones_llamada = models.TextField("observaciones de la llamada", blank=True)
    completada_en = models.DateTimeField("completada", null=True, blank=True, db_index=True)

    creada = models.DateTimeField("creada", auto_now_add=True)
    history = HistoricalRecords()

    objects = VentaQuerySet.as_manager()

    class Meta:
        verbose_name = "venta empresas"
        verbose_name_plural = "ventas empresas"
        ordering = ["-creada", "-id"]
        constraints = [
            # A sale is never typed into Smartflex without the Gestor(a) Comercial's feasibility check.
            models.CheckConstraint(
                condition=Q(digitada_en__isnull=True) | (Q(factible_gestor__isnull=False) & Q(factible_gestor=True)),
                name="venta_emp_digitada_factible",
            ),
            # Quality control of the typing is done by someone other than who typed it.
            models.CheckConstraint(
                condition=Q(controlada_por__isnull=True) | ~Q(controlada_por=F("digitada_por")),
                name="venta_emp_control_por_otro",
            ),
            models.CheckConstraint(
                condition=Q(costo_instalacion_total__gte=0) & Q(tarifa_mensual_total__gte=0),
                name="venta_emp_montos",
            ),
        ]
        indexes = [
            models.Index(fields=["organizacion", "ejecutivo", "estado"], name="venta_emp_ejecutivo_idx"),
            models.Index(fields=["organizacion", "completada_en"], name="venta_emp_completada_idx"),
        ]

    def __str__(self):
        return f"Venta {self.pk} · {self.empresa.razon_social}"

    @property
    def codigo(self):
        return f"VE-{self.pk:06d}"

    @property
    def editable(self):
        return self.estado in ESTADOS_EDITABLES

    @property
    def terminada(self):
        return self.estado in ESTADOS_TERMINADOS

    # --- Flow A: steps 2–5 -------------------------------------------------

    @transition(
        field=estado,
        source=Estado.RECOPILACION,
        target=Estado.PERFIL,
        permission=DEL_EJECUTIVO,
        custom={"label": "Analizar el perfil"},
    )
    def analizar_perfil(self, *, perfil_actividad):
        """Step 3: the profile by type of activity."""
        self.perfil_actividad = perfil_actividad

    @transition(
        field=estado,
        source=Estado.PERFIL,
        target=Estado.PROYECTO,
        permission=DEL_EJECUTIVO,
        custom={"label": "Plantear el proyecto de venta"},
    )
    def plantear_proyecto(self, *, necesidades):
        """Step 4: needs identified; the proyecto de venta is drafted (its lines follow)."""
        self.necesidades = necesidades

    @transition(
        field=estado,
        source=Estado.PROYECTO,
        target=Estado.EN_VOBO,
        conditions=[tiene_lineas],
        permission=DEL_EJECUTIVO,
        custom={"label": "Presentar al Vo.Bo."},
    )
    def presentar_vobo(self):
        """Step 4.1: presented to the Encargado for the Vo.Bo."""

    @transition(
        field=estado,
        source=Estado.EN_VOBO,
        target=Estado.APROBADA,
        permission=DEL_RESPONSABLE,
        custom={"label": "Dar el Vo.Bo."},
    )
    def aprobar_vobo(self, *, por, cuando, observaciones=""):
        self.vobo_por = por
        self.vobo_en = cuando
        self.observaciones_vobo = observaciones

    @transition(
        field=estado,
        source=Estado.EN_VOBO,
        target=Estado.PROYECTO,
        permission=DEL_RESPONSABLE,
        custom={"label": "Devolver con observaciones"},
    )
    def devolver_vobo(self, *, observaciones):
        """The Encargado returns the proyecto with comments; the ejecutivo adjusts and presents again."""
        self.observaciones_vobo = observaciones
        self.devoluciones_vobo += 1

    # The GIS answers which of the two runs (the service decides): one label for both.
    @transition(
        field=estado,
        source=Estado.APROBADA,
        target=Estado.FACTIBLE,
        permission=DEL_EJECUTIVO,
        custom={"label": "Verificar la factibilidad"},
    )
    def confirmar_factibilidad(self, *, evidencia, requisitos):
        """Steps 5–5.1: GIS feasible and requirements met."""
        self.factible_ejecutivo = True
        self.evidencia_ejecutivo = evidencia
        self.requisitos = requisitos

    @transition(
        field=estado,
        source=Estado.APROBADA,
        target=Estado.NO_FACTIBLE,
        permission=DEL_EJECUTIVO,
        custom={"label": "Verificar la factibilidad"},
    )
    def marcar_no_factible(self, *, evidencia, requisitos=""):
        self.factible_ejecutivo = False
        self.evidencia_ejecutivo = evidencia
        self.requisitos = requisitos

    @transition(
        field=estado,
        source=Estado.NO_FACTIBLE,
        target=Estado.PROYECTO,
        permission=DEL_EJECUTIVO,
        custom={"label": "Reformular el proyecto"},
    )
    def reformular(self):
        """Not in the seed: with no feasibility the ejecutivo may rework the proyecto (new Vo.Bo. needed)."""
        self.vobo_por = None
        self.vobo_en = None

    # --- Flow A: steps 6–7 -------------------------------------------------

    @transition(
        field=estado,
        source=[Estado.FACTIBLE, Estado.VISITA_PROGRAMADA],
        target=Estado.VISITA_PROGRAMADA,
        permission=DEL_EJECUTIVO,
        custom={"label": "Programar la visita"},
    )
    def programar_visita(self):
        """Step 6: the client is contacted and a visit goes into the Cronograma de Visitas (again to reschedule)."""

    @transition(
        field=estado,
        source=Estado.VISITA_PROGRAMADA,
        target=Estado.VISITADA,
        permission=DEL_EJECUTIVO,
        custom={"label": "Registrar la visita"},
    )
    def registrar_visita(self, *, cuando):
        """Step 6: advice given, information and requirements explained."""
        self.visitada_en = cuando

    @transition(
        field=estado,
        source=[Estado.VISITADA, Estado.ANALISIS_CARTERA],
        target=Estado.OFERTA_ENVIADA,
        conditions=[tiene_lineas],
        permission=DEL_EJECUTIVO,
        custom={"label": "Enviar la oferta comercial"},
    )
    def enviar_oferta(self, *, medio, correo, cuando):
        """Step 7 (A) / 3 (B): the oferta comercial goes in writing or by email."""
        self.medio_oferta = medio
        self.correo_oferta = correo
        self.oferta_enviada_en = cuando

    @transition(
        field=estado,
        source=Estado.OFERTA_ENVIADA,
        target=Estado.ACEPTADA,
        permission=DEL_EJECUTIVO,
        custom={"label": "Registrar la aceptación"},
    )
    def aceptar(self, *, cuando):
        self.aceptada_en = cuando

    @transition(
        field=estado,
        source=[Estado.OFERTA_ENVIADA, Estado.NO_FACTIBLE, Estado.DEVUELTA],
        target=Estado.CONCLUIDA,
        permission=DEL_EJECUTIVO,
        custom={"label": "Concluir el procedimiento"},
    )
    def concluir(self, *, motivo, cuando):
        """The client declined (or there is no feasibility): an interaction is recorded and the procedure ends."""
        self.motivo_conclusion = motivo
        self.concluida_en = cuando

    # --- Flow B: step 2 ----------------------------------------------------

    @transition(
        field=estado,
        source=Estado.ANALISIS_CARTERA,
        target=None,
        permission=DEL_EJECUTIVO,
        custom={"label": "Analizar la cartera"},
    )
    def analizar_cartera(self, *, perfil_actividad, nuevas_necesidades):
        """Step 2 (B): profile of the assigned client and new needs to extract more value (state unchanged)."""
        self.perfil_actividad = perfil_actividad
        self.nuevas_necesidades = nuevas_necesidades

    # --- Gestor(a) Comercial -----------------------------------------------

    @transition(
        field=estado,
        source=Estado.ACEPTADA,
        target=Estado.DERIVADA,
        conditions=[tiene_documentos],
        permission=DEL_EJECUTIVO,
        custom={"label": "Derivar a la Gestora Comercial"},
    )
    def derivar(self, *, gestor, cuando):
        """Step 8–9.1 (A) / 4 (B): derived for typing, with the supporting documents."""
        self.gestor_comercial = gestor
        self.derivada_en = cuando

    @transition(
        field=estado,
        source=Estado.DERIVADA,
        target=Estado.VERIFICADA,
        permission=DEL_GESTOR_COMERCIAL,
        custom={"label": "Verificar la factibilidad de respaldo"},
    )
    def verificar_respaldo(self, *, evidencia):
        """Step 9 (A) / 5 (B): feasibility re-checked by the gestor comercial."""
        self.factible_gestor = True
        self.evidencia_gestor = evidencia

    @transition(
        field=estado,
        source=Estado.DERIVADA,
        target=Estado.DEVUELTA,
        permission=DEL_GESTOR_COMERCIAL,
        custom={"label": "Verificar la factibilidad de respaldo"},
    )
    def devolver_sin_factibilidad(self, *, evidencia):
        """Step 5 (B), no feasibility: the documents go back to the ejecutiva."""
        self.factible_gestor = False
        self.evidencia_gestor = evidencia

    @transition(
        field=estado,
        source=Estado.VERIFICADA,
        target=Estado.DIGITADA,
        conditions=[factibilidad_respaldo_ok],
        permission=DEL_GESTOR_COMERCIAL,
        custom={"label": "Digitar en Smartflex"},
    )
    def digitar(self, *, numero, por, cuando):
        """Step 10 (A) / 6 (B): typed into Smartflex; the Solicitud de Pedido is printed."""
        self.numero_smartflex = numero
        self.digitada_por = por
        self.digitada_en = cuando

    @transition(
        field=estado,
        source=Estado.DIGITADA,
        target=Estado.CONTROLADA,
        conditions=[controla_otra_persona],
        permission=DE_CONTROL,
        custom={"label": "Controlar la digitación"},
    )
    def aprobar_digitacion(self, *, por, cuando, observaciones=""):
        """Step 11 (A) / 7 (B): the typing is correct."""
        self.controlada_por = por
        self.controlada_en = cuando
        self.observaciones_control = observaciones

    @transition(
        field=estado,
        source=Estado.DIGITADA,
        target=Estado.VERIFICADA,
        conditions=[controla_otra_persona],
        permission=DE_CONTROL,
        custom={"label": "Controlar la digitación"},
    )
    def observar_digitacion(self, *, observaciones):
        """Quality control found errors: back to be typed again."""
        self.observaciones_control = observaciones
        self.digitada_por = None
        self.digitada_en = None

    @transition(
        field=estado,
        source=Estado.CONTROLADA,
        target=Estado.GESTION_TECNICA,
        permission=DEL_GESTOR_COMERCIAL,
        custom={"label": "Derivar a la Gestora Técnico Comercial"},
    )
    def derivar_tecnico(self, *, gestor):
        """Step 12–13.1 (A) / 8 (B): complete documentation to the Gestor(a) Técnico Comercial."""
        self.gestor_tecnico = gestor

    # --- Gestor(a) Técnico Comercial ---------------------------------------

    @transition(
        field=estado,
        source=[Estado.GESTION_TECNICA, Estado.ORDENES],
        target=Estado.ORDENES,
        permission=DEL_GESTOR_TECNICO,
        custom={"label": "Solicitar órdenes de trabajo"},
    )
    def solicitar_ordenes(self):
        """Step 13 (A) / 9 (B): work orders requested from Gestión de Recursos."""

    @transition(
        field=estado,
        source=Estado.ORDENES,
        target=Estado.SEGUIMIENTO,
        conditions=[ordenes_cerradas],
        permission=DEL_GESTOR_TECNICO,
        custom={"label": "Entregar la documentación"},
    )
    def entregar_documentos(self, *, cuando):
        """Steps 14.1–14.2 (A) / 9.1–9.2 (B): orders verified closed; documents back to the ejecutivo."""
        self.documentos_entregados_en = cuando

    # --- Ejecutivo: the quality-control call --------------------------------

    # The client's answer decides which of the two runs: one label for both.
    @transition(
        field=estado,
        source=Estado.SEGUIMIENTO,
        target=Estado.COMPLETADA,
        permission=DEL_EJECUTIVO,
        custom={"label": "Registrar la llamada de control de calidad"},
    )
    def confirmar_servicio(self, *, cuando, observaciones):
        """Step 14 (A) / 10 (B): the client confirms the service works; counted in the monthly report."""
        self.llamada_calidad_en = cuando
        self.servicio_funciona = True
        self.observaciones_llamada = observaciones
        self.completada_en = cuando

    @transition(
        field=estado,
        source=Estado.SEGUIMIENTO,
        target=Estado.GESTION_TECNICA,
        permission=DEL_EJECUTIVO,
        custom={"label": "Registrar la llamada de control de calidad"},
    )
    def reportar_falla(self, *, cuando, observaciones):
        """Not in the seed: the client says it does not work; back to the gestor técnico for new orders."""
        self.llamada_calidad_en = cuando
        self.servicio_funciona = False
        self.observaciones_llamada = observaciones
