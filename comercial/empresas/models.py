"""COMTECO Ventas Equipo Empresas (GC-PRC-OPE-CUM-07): data, constraints and the sale state machine.

Flow A (nuevas captaciones) and flow B (cartera de clientes) share one ``Venta`` model whose
``estado`` is a django-fsm-2 field; ``flujo`` says which path the sale follows. Transitions only
change their own row; guards are pure functions of the row; the services do the rest.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from enlace import roles
from enlace.models import Organizacion, VisiblesQuerySet

CERO = Decimal("0.00")

# --- NIT ----------------------------------------------------------------------

# Bolivian NIT of a legal entity (persona jurídica): digits only, 9 to 12 of them. A carnet de
# identidad has 5 to 8 digits and may carry a complement ("-1A") or a department ("LP", "CB");
# those belong to natural persons, who are not this segment.
NIT_MIN_DIGITOS = 9
NIT_MAX_DIGITOS = 12
NIT_SOLO_DIGITOS = "El NIT solo admite dígitos (sin puntos, guiones ni espacios)."
NIT_LONGITUD = f"El NIT de una empresa tiene entre {NIT_MIN_DIGITOS} y {NIT_MAX_DIGITOS} dígitos."
NIT_PERSONA_NATURAL = (
    "Parece un carnet de identidad de una persona natural: el segmento empresas atiende solo a "
    "empresas con NIT (personas jurídicas)."
)
_CARNET = re.compile(r"^\d{5,8}(\s*-?\s*\d?[A-Za-z]{0,2})?(\s*(LP|CB|SC|OR|PT|CH|TJ|BE|PD|PA))?$", re.IGNORECASE)


def validar_nit(valor):
    """Raise a Spanish ValidationError unless ``valor`` is a plausible company NIT."""
    texto = (valor or "").strip()
    if not texto.isdigit():
        if _CARNET.match(texto.upper()):
            raise ValidationError(NIT_PERSONA_NATURAL, code="persona_natural")
        raise ValidationError(NIT_SOLO_DIGITOS, code="digitos")
    if len(texto) < NIT_MIN_DIGITOS:
        if len(texto) >= 5:
            raise ValidationError(NIT_PERSONA_NATURAL, code="persona_natural")
        raise ValidationError(NIT_LONGITUD, code="longitud")
    if len(texto) > NIT_MAX_DIGITOS:
        raise ValidationError(NIT_LONGITUD, code="longitud")


# --- Querysets ----------------------------------------------------------------


class OrganizacionQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class DeVentaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "venta__organizacion"


class DeEmpresaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "empresa__organizacion"


def primero_del_mes(fecha):
    return fecha.replace(day=1)


class Giro(models.TextChoices):
    COMERCIO = "comercio", "Comercio"
    INDUSTRIA = "industria", "Industria y manufactura"
    SERVICIOS = "servicios", "Servicios profesionales"
    FINANZAS = "finanzas", "Banca y finanzas"
    SALUD = "salud", "Salud"
    EDUCACION = "educacion", "Educación"
    TURISMO = "turismo", "Hotelería y turismo"
    CONSTRUCCION = "construccion", "Construcción"
    TRANSPORTE = "transporte", "Transporte y logística"
    GOBIERNO = "gobierno", "Instituciones públicas"
    OTRO = "otro", "Otro"


class Empresa(models.Model):
    """A company of the segment: a prospect (nueva captación) or a client of the cartera."""

    class Situacion(models.TextChoices):
        PROSPECTO = "prospecto", "Prospecto"
        CLIENTE = "cliente", "Cliente"

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="empresas_clientes")
    razon_social = models.CharField("razón social", max_length=200)
    nit = models.CharField("NIT", max_length=12, validators=[validar_nit])
    giro = models.CharField("giro / tipo de actividad", max_length=20, choices=Giro.choices)
    localidad = models.CharField("localidad", max_length=120, help_text="Zona o barrio, para la factibilidad (GIS).")
    direccion = models.CharField("dirección", max_length=250, blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    correo = models.EmailField("correo", blank=True)
    situacion = models.CharField("situación", max_length=10, choices=Situacion.choices, default=Situacion.PROSPECTO)
    ejecutivo = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ejecutivo(a) asignado(a)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cartera_empresas",
    )
    asignada_en = models.DateTimeField("asignada", null=True, blank=True)
    creada = models.DateTimeField("registrada", auto_now_add=True)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "empresa"
        verbose_name_plural = "empresas"
        ordering = ["razon_social"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "nit"], name="empresa_nit_unico"),
        ]
        indexes = [
            models.Index(fields=["organizacion", "ejecutivo", "razon_social"], name="empresa_cartera_idx"),
        ]

    def __str__(self):
        return f"{self.razon_social} (NIT {self.nit})"


class ContactoEmpresa(models.Model):
    empresa = models.ForeignKey(Empresa, on_delete=models.CASCADE, related_name="contactos")
    nombre = models.CharField("nombre", max_length=150)
    cargo = models.CharField("cargo", max_length=120, blank=True)
    telefono = models.CharField("teléfono", max_length=30, blank=True)
    correo = models.EmailField("correo", blank=True)
    principal = models.BooleanField("contacto principal", default=False)
    history = HistoricalRecords()

    objects = DeEmpresaQuerySet.as_manager()

    class Meta:
        verbose_name = "contacto de empresa"
        verbose_name_plural = "contactos de empresa"
        ordering = ["-principal", "nombre"]

    def __str__(self):
        return f"{self.nombre} ({self.cargo})" if self.cargo else self.nombre


class Producto(models.Model):
    """The catalogue: products and packages with installation cost and monthly rate in Bs."""

    class Tipo(models.TextChoices):
        PRODUCTO = "producto", "Producto"
        PAQUETE = "paquete", "Paquete"

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="productos_empresas")
    codigo = models.CharField("código", max_length=30)
    nombre = models.CharField("nombre", max_length=150)
    tipo = models.CharField("tipo", max_length=10, choices=Tipo.choices, default=Tipo.PRODUCTO)
    descripcion = models.TextField("descripción", blank=True)
    velocidad_mbps = models.PositiveIntegerField("velocidad (Mbps)", default=0)
    caracteristicas = models.JSONField("características especiales", default=list, blank=True)
    costo_instalacion = models.DecimalField("costo de instalación (Bs.)", max_digits=12, decimal_places=2)
    tarifa_mensual = models.DecimalField("tarifa mensual (Bs.)", max_digits=12, decimal_places=2)
    activo = models.BooleanField("vigente", default=True)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "producto o paquete"
        verbose_name_plural = "catálogo de productos y paquetes"
        ordering = ["tipo", "nombre"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "codigo"], name="producto_empresas_codigo_unico"),
            models.CheckConstraint(
                condition=Q(costo_instalacion__gte=0) & Q(tarifa_mensual__gte=0), name="producto_empresas_montos"
            ),
        ]

    def __str__(self):
        return f"{self.codigo} · {self.nombre}"


class PlanMensual(models.Model):
    """Step 1: the Responsable plans each ejecutivo's month — nuevas captaciones or cartera — with targets."""

    class Modalidad(models.TextChoices):
        CAPTACION = "captacion", "Nuevas captaciones"
        CARTERA = "cartera", "Cartera de clientes"

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="planes_empresas")
    ejecutivo = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planes_empresas")
    mes = models.DateField("mes", help_text="Primer día del mes.")
    modalidad = models.CharField("modalidad", max_length=10, choices=Modalidad.choices)
    meta_captaciones = models.PositiveIntegerField("meta de clientes nuevos", default=0)
    meta_ventas_cartera = models.PositiveIntegerField("meta de ventas de cartera", default=0)
    meta_facturacion = models.DecimalField(
        "meta de facturación nueva mensual (Bs.)", max_digits=14, decimal_places=2, default=CERO
    )
    indicaciones = models.TextField("indicaciones", blank=True)
    creado_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "plan mensual"
        verbose_name_plural = "planes mensuales"
        ordering = ["-mes", "ejecutivo_id"]
        constraints = [
            models.UniqueConstraint(fields=["ejecutivo", "mes", "modalidad"], name="plan_empresas_unico"),
            models.CheckConstraint(condition=Q(mes__day=1), name="plan_empresas_mes_dia_1"),
        ]

    def __str__(self):
        return f"{self.ejecutivo} · {self.mes:%m/%Y} · {self.get_modalidad_display()}"


# --- The sale -----------------------------------------------------------------


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
ESTADOS_ABIERTOS = [e for e in Estado.values if e not in (Estado.COMPLETADA, Estado.CONCLUIDA)]


# Permission predicates (pure: the row and the user). Superusers act as any role, except where noted.
def _con_rol(user, codigo):
    return user.is_superuser or roles.tiene_rol(user, codigo)


def es_su_ejecutivo(venta, user):
    return user.is_superuser or (roles.tiene_rol(user, "ejecutivo_empresas") and venta.ejecutivo_id == user.pk)


def es_responsable(venta, user):
    return _con_rol(user, "responsable_empresas")


def es_su_gestor_comercial(venta, user):
    return user.is_superuser or (roles.tiene_rol(user, "gestor_comercial") and venta.gestor_comercial_id == user.pk)


def puede_controlar_digitacion(venta, user):
    """Quality control of the typing: a gestor comercial (or admin) who is not the one who typed it."""
    return _con_rol(user, "gestor_comercial") and user.pk != venta.digitada_por_id


def es_su_gestor_tecnico(venta, user):
    return user.is_superuser or (roles.tiene_rol(user, "gestor_tecnico") and venta.gestor_tecnico_id == user.pk)


# Guards (pure).
def tiene_lineas(venta):
    return venta.cantidad_lineas > 0


def tiene_documentos(venta):
    return venta.cantidad_documentos > 0


def factibilidad_respaldo_ok(venta):
    return venta.factible_gestor is True


def es_captacion(venta):
    return venta.flujo == Flujo.CAPTACION


def es_cartera(venta):
    return venta.flujo == Flujo.CARTERA


class VentaQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class Venta(ConcurrentTransitionMixin, models.Model):
    """One sale to a company, walking flow A or flow B of the procedure."""

    class Medio(models.TextChoices):
        ESCRITA = "escrita", "Carta escrita (entregada en mano)"
        CORREO = "correo", "Correo electrónico"

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="ventas_empresas")
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="ventas")
    ejecutivo = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ejecutivo(a)", on_delete=models.PROTECT, related_name="ventas_empresas"
    )
    flujo = models.CharField("flujo", max_length=10, choices=Flujo.choices)
    estado = FSMField("estado", max_length=20, choices=Estado.choices, protected=True)

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

    # --- Flow A: steps 2–5 -------------------------------------------------

    @transition(field=estado, source=Estado.RECOPILACION, target=Estado.PERFIL, permission=es_su_ejecutivo)
    def analizar_perfil(self, *, perfil_actividad):
        """Step 3: the profile by type of activity."""
        self.perfil_actividad = perfil_actividad

    @transition(field=estado, source=Estado.PERFIL, target=Estado.PROYECTO, permission=es_su_ejecutivo)
    def plantear_proyecto(self, *, necesidades):
        """Step 4: needs identified; the proyecto de venta is drafted (its lines follow)."""
        self.necesidades = necesidades

    @transition(
        field=estado,
        source=Estado.PROYECTO,
        target=Estado.EN_VOBO,
        conditions=[tiene_lineas],
        permission=es_su_ejecutivo,
    )
    def presentar_vobo(self):
        """Step 4.1: presented to the Encargado for the Vo.Bo."""

    @transition(field=estado, source=Estado.EN_VOBO, target=Estado.APROBADA, permission=es_responsable)
    def aprobar_vobo(self, *, por, cuando, observaciones=""):
        self.vobo_por = por
        self.vobo_en = cuando
        self.observaciones_vobo = observaciones

    @transition(field=estado, source=Estado.EN_VOBO, target=Estado.PROYECTO, permission=es_responsable)
    def devolver_vobo(self, *, observaciones):
        """The Encargado returns the proyecto with comments; the ejecutivo adjusts and presents again."""
        self.observaciones_vobo = observaciones
        self.devoluciones_vobo += 1

    @transition(field=estado, source=Estado.APROBADA, target=Estado.FACTIBLE, permission=es_su_ejecutivo)
    def confirmar_factibilidad(self, *, evidencia, requisitos):
        """Steps 5–5.1: GIS feasible and requirements met."""
        self.factible_ejecutivo = True
        self.evidencia_ejecutivo = evidencia
        self.requisitos = requisitos

    @transition(field=estado, source=Estado.APROBADA, target=Estado.NO_FACTIBLE, permission=es_su_ejecutivo)
    def marcar_no_factible(self, *, evidencia, requisitos=""):
        self.factible_ejecutivo = False
        self.evidencia_ejecutivo = evidencia
        self.requisitos = requisitos

    @transition(field=estado, source=Estado.NO_FACTIBLE, target=Estado.PROYECTO, permission=es_su_ejecutivo)
    def reformular(self):
        """Not in the seed: with no feasibility the ejecutivo may rework the proyecto (new Vo.Bo. needed)."""
        self.vobo_por = None
        self.vobo_en = None

    # --- Flow A: steps 6–7 -------------------------------------------------

    @transition(field=estado, source=Estado.FACTIBLE, target=Estado.VISITA_PROGRAMADA, permission=es_su_ejecutivo)
    def programar_visita(self):
        """Step 6: the client is contacted and a visit goes into the Cronograma de Visitas."""

    @transition(field=estado, source=Estado.VISITA_PROGRAMADA, target=Estado.VISITADA, permission=es_su_ejecutivo)
    def registrar_visita(self, *, cuando):
        """Step 6: advice given, information and requirements explained."""
        self.visitada_en = cuando

    @transition(
        field=estado,
        source=[Estado.VISITADA, Estado.ANALISIS_CARTERA],
        target=Estado.OFERTA_ENVIADA,
        conditions=[tiene_lineas],
        permission=es_su_ejecutivo,
    )
    def enviar_oferta(self, *, medio, correo, cuando):
        """Step 7 (A) / 3 (B): the oferta comercial goes in writing or by email."""
        self.medio_oferta = medio
        self.correo_oferta = correo
        self.oferta_enviada_en = cuando

    @transition(field=estado, source=Estado.OFERTA_ENVIADA, target=Estado.ACEPTADA, permission=es_su_ejecutivo)
    def aceptar(self, *, cuando):
        self.aceptada_en = cuando

    @transition(
        field=estado,
        source=[Estado.OFERTA_ENVIADA, Estado.NO_FACTIBLE, Estado.DEVUELTA],
        target=Estado.CONCLUIDA,
        permission=es_su_ejecutivo,
    )
    def concluir(self, *, motivo, cuando):
        """The client declined (or there is no feasibility): an interaction is recorded and the procedure ends."""
        self.motivo_conclusion = motivo
        self.concluida_en = cuando

    # --- Flow B: step 2 ----------------------------------------------------

    @transition(field=estado, source=Estado.ANALISIS_CARTERA, target=None, permission=es_su_ejecutivo)
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
        permission=es_su_ejecutivo,
    )
    def derivar(self, *, gestor, cuando):
        """Step 8–9.1 (A) / 4 (B): derived for typing, with the supporting documents."""
        self.gestor_comercial = gestor
        self.derivada_en = cuando

    @transition(field=estado, source=Estado.DERIVADA, target=Estado.VERIFICADA, permission=es_su_gestor_comercial)
    def verificar_respaldo(self, *, evidencia):
        """Step 9 (A) / 5 (B): feasibility re-checked by the gestor comercial."""
        self.factible_gestor = True
        self.evidencia_gestor = evidencia

    @transition(field=estado, source=Estado.DERIVADA, target=Estado.DEVUELTA, permission=es_su_gestor_comercial)
    def devolver_sin_factibilidad(self, *, evidencia):
        """Step 5 (B), no feasibility: the documents go back to the ejecutiva."""
        self.factible_gestor = False
        self.evidencia_gestor = evidencia

    @transition(
        field=estado,
        source=Estado.VERIFICADA,
        target=Estado.DIGITADA,
        conditions=[factibilidad_respaldo_ok],
        permission=es_su_gestor_comercial,
    )
    def digitar(self, *, numero, por, cuando):
        """Step 10 (A) / 6 (B): typed into Smartflex; the Solicitud de Pedido is printed."""
        self.numero_smartflex = numero
        self.digitada_por = por
        self.digitada_en = cuando

    @transition(field=estado, source=Estado.DIGITADA, target=Estado.CONTROLADA, permission=puede_controlar_digitacion)
    def aprobar_digitacion(self, *, por, cuando, observaciones=""):
        """Step 11 (A) / 7 (B): the typing is correct."""
        self.controlada_por = por
        self.controlada_en = cuando
        self.observaciones_control = observaciones

    @transition(field=estado, source=Estado.DIGITADA, target=Estado.VERIFICADA, permission=puede_controlar_digitacion)
    def observar_digitacion(self, *, observaciones):
        """Quality control found errors: back to be typed again."""
        self.observaciones_control = observaciones
        self.digitada_por = None
        self.digitada_en = None

    @transition(
        field=estado, source=Estado.CONTROLADA, target=Estado.GESTION_TECNICA, permission=es_su_gestor_comercial
    )
    def derivar_tecnico(self, *, gestor):
        """Step 12–13.1 (A) / 8 (B): complete documentation to the Gestor(a) Técnico Comercial."""
        self.gestor_tecnico = gestor

    # --- Gestor(a) Técnico Comercial ---------------------------------------

    @transition(
        field=estado,
        source=[Estado.GESTION_TECNICA, Estado.ORDENES],
        target=Estado.ORDENES,
        permission=es_su_gestor_tecnico,
    )
    def solicitar_ordenes(self):
        """Step 13 (A) / 9 (B): work orders requested from Gestión de Recursos."""

    @transition(field=estado, source=Estado.ORDENES, target=Estado.SEGUIMIENTO, permission=es_su_gestor_tecnico)
    def entregar_documentos(self, *, cuando):
        """Steps 14.1–14.2 (A) / 9.1–9.2 (B): orders verified closed; documents back to the ejecutivo."""
        self.documentos_entregados_en = cuando

    # --- Ejecutivo: the quality-control call --------------------------------

    @transition(field=estado, source=Estado.SEGUIMIENTO, target=Estado.COMPLETADA, permission=es_su_ejecutivo)
    def confirmar_servicio(self, *, cuando, observaciones):
        """Step 14 (A) / 10 (B): the client confirms the service works; counted in the monthly report."""
        self.llamada_calidad_en = cuando
        self.servicio_funciona = True
        self.observaciones_llamada = observaciones
        self.completada_en = cuando

    @transition(field=estado, source=Estado.SEGUIMIENTO, target=Estado.GESTION_TECNICA, permission=es_su_ejecutivo)
    def reportar_falla(self, *, cuando, observaciones):
        """Not in the seed: the client says it does not work; back to the gestor técnico for new orders."""
        self.llamada_calidad_en = cuando
        self.servicio_funciona = False
        self.observaciones_llamada = observaciones


class LineaVenta(models.Model):
    """One product or package of the proyecto de venta / oferta comercial, with its promotion."""

    venta = models.ForeignKey(Venta, on_delete=models.CASCADE, related_name="lineas")
    producto = models.ForeignKey(Producto, on_delete=models.PROTECT, related_name="+")
    cantidad = models.PositiveSmallIntegerField("cantidad", default=1, validators=[MinValueValidator(1)])
    costo_instalacion = models.DecimalField("costo de instalación unitario (Bs.)", max_digits=12, decimal_places=2)
    tarifa_mensual = models.DecimalField("tarifa mensual unitaria (Bs.)", max_digits=12, decimal_places=2)
    descuento_pct = models.DecimalField("descuento (%)", max_digits=5, decimal_places=2, default=CERO)
    promocion = models.CharField("promoción", max_length=200, blank=True)

    objects = DeVentaQuerySet.as_manager()

    class Meta:
        verbose_name = "línea del proyecto de venta"
        verbose_name_plural = "líneas del proyecto de venta"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(cantidad__gte=1), name="linea_emp_cantidad"),
            models.CheckConstraint(
                condition=Q(descuento_pct__gte=0) & Q(descuento_pct__lte=100), name="linea_emp_descuento"
            ),
        ]

    def __str__(self):
        return f"{self.cantidad} × {self.producto}"

    @property
    def instalacion_total(self):
        return (self.costo_instalacion * self.cantidad).quantize(Decimal("0.01"))

    @property
    def mensual_total(self):
        factor = (Decimal(100) - self.descuento_pct) / Decimal(100)
        return (self.tarifa_mensual * self.cantidad * factor).quantize(Decimal("0.01"))


def ruta_documento(instancia, nombre):
    return f"comercial/empresas/ventas/{instancia.venta_id}/{nombre}"


class DocumentoVenta(models.Model):
    """Supporting documents (NIT, poder, carta de solicitud…), stored privately."""

    venta = models.ForeignKey(Venta, on_delete=models.CASCADE, related_name="documentos")
    descripcion = models.CharField("descripción", max_length=150)
    archivo = models.FileField("archivo", upload_to=ruta_documento)
    subido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subido_en = models.DateTimeField("subido", auto_now_add=True)

    objects = DeVentaQuerySet.as_manager()

    class Meta:
        verbose_name = "documento de respaldo"
        verbose_name_plural = "documentos de respaldo"
        ordering = ["subido_en", "id"]

    def __str__(self):
        return self.descripcion


class Visita(models.Model):
    """One row of the Cronograma de Visitas (Anexo 1)."""

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="visitas_empresas")
    ejecutivo = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visitas_empresas")
    venta = models.ForeignKey(Venta, null=True, blank=True, on_delete=models.PROTECT, related_name="visitas")
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="visitas")
    fecha = models.DateField("fecha")
    hora = models.TimeField("hora")
    persona = models.CharField("persona a entrevistar", max_length=150)
    ubicacion = models.CharField("ubicación", max_length=250)
    observaciones = models.TextField("observaciones", blank=True)
    realizada = models.BooleanField("realizada", default=False)
    history = HistoricalRecords()

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "visita"
        verbose_name_plural = "cronograma de visitas"
        ordering = ["fecha", "hora", "id"]
        indexes = [models.Index(fields=["ejecutivo", "fecha"], name="visita_emp_ejecutivo_idx")]

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y} {self.hora:%H:%M} · {self.empresa.razon_social}"


class Interaccion(models.Model):
    """Every contact with a client: date, channel, result (the timeline)."""

    class Canal(models.TextChoices):
        LLAMADA = "llamada", "Llamada telefónica"
        VISITA = "visita", "Visita"
        CORREO = "correo", "Correo electrónico"
        WHATSAPP = "whatsapp", "WhatsApp"
        CARTA = "carta", "Carta escrita"
        SISTEMA = "sistema", "Gestión interna (Smartflex)"

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="interacciones_empresas")
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="interacciones")
    venta = models.ForeignKey(Venta, null=True, blank=True, on_delete=models.PROTECT, related_name="interacciones")
    usuario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    fecha = models.DateTimeField("fecha")
    canal = models.CharField("canal", max_length=10, choices=Canal.choices)
    resultado = models.TextField("resultado")

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "interacción"
        verbose_name_plural = "interacciones"
        ordering = ["-fecha", "-id"]
        indexes = [
            models.Index(fields=["empresa", "-fecha"], name="interaccion_emp_empresa_idx"),
            models.Index(fields=["organizacion", "fecha", "usuario"], name="interaccion_emp_mes_idx"),
        ]

    def __str__(self):
        return f"{self.fecha:%d/%m/%Y} · {self.get_canal_display()} · {self.empresa.razon_social}"


class OrdenTrabajo(ConcurrentTransitionMixin, models.Model):
    """A work order requested from Gestión de Recursos, with its due date and closing."""

    class EstadoOrden(models.TextChoices):
        SOLICITADA = "solicitada", "Solicitada"
        CERRADA = "cerrada", "Cerrada"

    venta = models.ForeignKey(Venta, on_delete=models.PROTECT, related_name="ordenes")
    descripcion = models.CharField("trabajo solicitado", max_length=250)
    fecha_compromiso = models.DateField("fecha comprometida")
    estado = FSMField("estado", max_length=12, choices=EstadoOrden.choices, default="solicitada", protected=True)
    solicitada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    solicitada_en = models.DateTimeField("solicitada", auto_now_add=True)
    cerrada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cerrada_en = models.DateTimeField("cerrada", null=True, blank=True)
    observaciones_cierre = models.TextField("observaciones de cierre", blank=True)
    history = HistoricalRecords()

    objects = DeVentaQuerySet.as_manager()

    class Meta:
        verbose_name = "orden de trabajo"
        verbose_name_plural = "órdenes de trabajo"
        ordering = ["fecha_compromiso", "id"]
        indexes = [models.Index(fields=["estado", "fecha_compromiso"], name="orden_emp_estado_idx")]

    def __str__(self):
        return f"OT-{self.pk} · {self.descripcion}"

    def vencida_al(self, hoy):
        """A passed due date is honoured on read: open and past its date."""
        return self.estado == self.EstadoOrden.SOLICITADA and self.fecha_compromiso < hoy

    @transition(
        field=estado,
        source=EstadoOrden.SOLICITADA,
        target=EstadoOrden.CERRADA,
        permission=lambda orden, user: _con_rol(user, "gestion_recursos"),
    )
    def cerrar(self, *, por, cuando, observaciones):
        self.cerrada_por = por
        self.cerrada_en = cuando
        self.observaciones_cierre = observaciones


class FacturacionMensual(models.Model):
    """Billing of one client in one month (Bs.): computed from digitized sales or imported from CSV."""

    class Origen(models.TextChoices):
        VENTAS = "ventas", "Calculada de ventas digitadas"
        IMPORTACION = "importacion", "Importada (CSV de Smartflex)"

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="facturacion_empresas")
    empresa = models.ForeignKey(Empresa, on_delete=models.PROTECT, related_name="facturacion")
    mes = models.DateField("mes")
    monto = models.DecimalField("monto (Bs.)", max_digits=14, decimal_places=2)
    origen = models.CharField("origen", max_length=12, choices=Origen.choices)
    actualizada = models.DateTimeField("actualizada", auto_now=True)

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "facturación mensual"
        verbose_name_plural = "facturación mensual"
        ordering = ["-mes", "empresa_id"]
        constraints = [
            models.UniqueConstraint(fields=["empresa", "mes"], name="facturacion_emp_unica"),
            models.CheckConstraint(condition=Q(mes__day=1), name="facturacion_emp_mes_dia_1"),
            models.CheckConstraint(condition=Q(monto__gte=0), name="facturacion_emp_monto"),
        ]
        indexes = [models.Index(fields=["organizacion", "mes"], name="facturacion_emp_mes_idx")]

    def __str__(self):
        return f"{self.empresa.razon_social} · {self.mes:%m/%Y}"


class InformeEjecutivo(models.Model):
    """Step 15 (A) / 11 (B): the ejecutivo's monthly report to the Responsable (a snapshot)."""

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="informes_ejecutivo")
    ejecutivo = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="informes_empresas")
    mes = models.DateField("mes")
    captaciones = models.PositiveIntegerField("clientes nuevos captados")
    ventas_cartera = models.PositiveIntegerField("ventas de cartera")
    meta_captaciones = models.PositiveIntegerField("meta de clientes nuevos")
    meta_ventas_cartera = models.PositiveIntegerField("meta de ventas de cartera")
    facturacion_nueva = models.DecimalField("facturación mensual nueva (Bs.)", max_digits=14, decimal_places=2)
    meta_facturacion = models.DecimalField("meta de facturación (Bs.)", max_digits=14, decimal_places=2)
    interacciones = models.PositiveIntegerField("interacciones registradas")
    comentario = models.TextField("comportamiento y comentarios", blank=True)
    emitido_en = models.DateTimeField("emitido")
    analizado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    analizado_en = models.DateTimeField("analizado", null=True, blank=True)
    analisis = models.TextField("análisis del Responsable", blank=True)

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "informe mensual de ejecutivo"
        verbose_name_plural = "informes mensuales de ejecutivos"
        ordering = ["-mes", "ejecutivo_id"]
        constraints = [
            models.UniqueConstraint(fields=["ejecutivo", "mes"], name="informe_ejecutivo_unico"),
            models.CheckConstraint(condition=Q(mes__day=1), name="informe_ejecutivo_mes_dia_1"),
        ]

    def __str__(self):
        return f"Informe {self.mes:%m/%Y} · {self.ejecutivo}"


class InformeResponsable(models.Model):
    """Step 17 (A) / 13 (B): the Responsable's monthly report to Div. Gestión Integral Territorios."""

    organizacion = models.ForeignKey(Organizacion, on_delete=models.PROTECT, related_name="informes_responsable")
    mes = models.DateField("mes")
    facturacion_mes = models.DecimalField("facturación del mes (Bs.)", max_digits=16, decimal_places=2)
    facturacion_anterior = models.DecimalField("facturación del mes anterior (Bs.)", max_digits=16, decimal_places=2)
    variacion_pct = models.DecimalField("variación (%)", max_digits=9, decimal_places=2, null=True, blank=True)
    banda = models.CharField("resultado", max_length=20)
    captaciones = models.PositiveIntegerField("clientes nuevos")
    ventas_cartera = models.PositiveIntegerField("ventas de cartera")
    analisis = models.TextField("análisis y conclusiones")
    emitido_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    emitido_en = models.DateTimeField("emitido")

    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = "informe mensual del Responsable"
        verbose_name_plural = "informes mensuales del Responsable"
        ordering = ["-mes"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "mes"], name="informe_responsable_unico"),
            models.CheckConstraint(condition=Q(mes__day=1), name="informe_responsable_mes_dia_1"),
        ]

    def __str__(self):
        return f"Informe del Responsable {self.mes:%m/%Y}"
