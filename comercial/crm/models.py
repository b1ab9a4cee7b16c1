"""Carrazos CRM procedure (GC-PRO-05): sales force, targets, SPIGA imports and their validation.

Prospects come from SPIGA's "Tráfico de Exposición" report and follow-up activities from
"Visitas realizadas y no realizadas". The Líder CRM validates each prospect with a call
(GC-FOR-06) and each activity from its comment (GC-FOR-05); the semáforo (GC-FOR-21) reads
the follow-up counters kept on each prospect.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django_fsm import FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from comercial.crm.spiga import normalizar
from enlace.estados import CampoEstado
from enlace.models import Organizacion, VisiblesQuerySet

SOLO_LIDER_PROSPECTOS = "Solo el Líder CRM valida prospectos (llamada de verificación)."
SOLO_LIDER_ACTIVIDADES = "Solo el Líder CRM valida actividades de seguimiento."


class CrmQuerySet(VisiblesQuerySet):
    ruta_organizacion = "organizacion"


class Marca(models.Model):
    """A car brand Carrazos sells (one sales team and one gerente comercial each)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="marcas_crm"
    )
    nombre = models.CharField("nombre", max_length=80)
    gerente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gerente comercial",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="marcas_crm_gerenciadas",
    )
    activa = models.BooleanField("activa", default=True)
    history = HistoricalRecords()

    objects = CrmQuerySet.as_manager()

    class Meta:
        verbose_name = "marca"
        verbose_name_plural = "marcas"
        ordering = ["nombre"]
        constraints = [models.UniqueConstraint(fields=["organizacion", "nombre"], name="crm_marca_nombre_unico")]

    def __str__(self):
        return self.nombre


class PerfilAsesor(models.Model):
    """The CRM profile of an asesor comercial: marca, gerente and how SPIGA names them."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="asesor", on_delete=models.PROTECT, related_name="perfil_crm"
    )
    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="asesores_crm"
    )
    marca = models.ForeignKey(Marca, on_delete=models.PROTECT, related_name="asesores")
    gerente = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gerente comercial",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asesores_crm_a_cargo",
    )
    nombre_spiga = models.CharField(
        "nombre en SPIGA", max_length=150, help_text="Como aparece en la columna «Asesor» de los informes."
    )
    nombre_normalizado = models.CharField(max_length=150, editable=False)
    codigo_spiga = models.CharField("código en SPIGA", max_length=40, blank=True)
    activo = models.BooleanField("activo", default=True)
    history = HistoricalRecords()

    objects = CrmQuerySet.as_manager()

    class Meta:
        verbose_name = "perfil de asesor comercial"
        verbose_name_plural = "perfiles de asesores comerciales"
        ordering = ["nombre_spiga"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "nombre_normalizado"], name="crm_asesor_nombre_unico"),
            models.UniqueConstraint(
                fields=["organizacion", "codigo_spiga"], condition=~Q(codigo_spiga=""), name="crm_asesor_codigo_unico"
            ),
        ]

    def __str__(self):
        return f"{self.nombre_spiga} ({self.marca})"

    def save(self, *args, **kwargs):
        self.nombre_normalizado = normalizar(self.nombre_spiga)
        if kwargs.get("update_fields") is not None and "nombre_spiga" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "nombre_normalizado"}
        super().save(*args, **kwargs)


class MetaMensual(models.Model):
    """The monthly targets of a marca: valid prospects and valid follow-up activities."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="metas_crm"
    )
    marca = models.ForeignKey(Marca, on_delete=models.PROTECT, related_name="metas")
    periodo = models.DateField("mes", help_text="Primer día del mes.")
    prospectos_validos = models.PositiveIntegerField("meta de prospectos válidos")
    actividades_validas = models.PositiveIntegerField("meta de actividades de seguimiento válidas")
    history = HistoricalRecords()

    objects = CrmQuerySet.as_manager()

    class Meta:
        verbose_name = "meta mensual"
        verbose_name_plural = "metas mensuales"
        ordering = ["-periodo", "marca__nombre"]
        constraints = [
            models.UniqueConstraint(fields=["marca", "periodo"], name="crm_meta_marca_periodo_unica"),
        ]

    def __str__(self):
        return f"{self.marca} · {self.periodo:%m/%Y}"

    def clean(self):
        if self.periodo and self.periodo.day != 1:
            raise ValidationError({"periodo": "El periodo de una meta es un mes: use el primer día del mes."})


class Importacion(models.Model):
    """One accepted upload of a SPIGA report, with its counts (refused files store nothing)."""

    class Tipo(models.TextChoices):
        TRAFICO = "trafico", "Tráfico de Exposición (prospectos)"
        ACTIVIDADES = "actividades", "Visitas realizadas y no realizadas (actividades)"

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="importaciones_crm"
    )
    tipo = models.CharField("informe", max_length=12, choices=Tipo.choices)
    archivo = models.FileField("archivo", upload_to="crm/importaciones/%Y/%m/")
    nombre_archivo = models.CharField("nombre del archivo", max_length=255)
    sha256 = models.CharField(max_length=64)
    importado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="importó", on_delete=models.PROTECT, related_name="+"
    )
    creada = models.DateTimeField("importada", auto_now_add=True)
    filas = models.PositiveIntegerField("filas leídas", default=0)
    fila_encabezados = models.PositiveSmallIntegerField(
        "fila de encabezados", default=1, help_text="Fila del archivo leída como encabezados (debajo de los títulos)."
    )
    nuevas = models.PositiveIntegerField("filas nuevas", default=0)
    actualizadas = models.PositiveIntegerField("filas actualizadas", default=0)
    sin_cambios = models.PositiveIntegerField("filas sin cambios", default=0)

    objects = CrmQuerySet.as_manager()

    class Meta:
        verbose_name = "importación de SPIGA"
        verbose_name_plural = "importaciones de SPIGA"
        ordering = ["-creada", "-id"]

    def __str__(self):
        return f"{self.get_tipo_display()} · {self.nombre_archivo}"


class ProspectoQuerySet(CrmQuerySet):
    pass


class Prospecto(FSMModelMixin, models.Model):
    """A prospect from the Tráfico de Exposición report and the Líder CRM's verification of it.

    ``n_*`` and ``ultimo_seguimiento`` summarise its follow-up activities (done and not
    refused by validation); they are recomputed by the services whenever activities change,
    together with ``referencia`` (the semáforo's sort key, indexed with ``mes``).
    """

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "Por validar"
        NO_CONTACTADO = "no_contactado", "No contactado (reintentar)"
        VALIDO = "valido", "Válido"
        FALSO = "falso", "Falso"

    # organizacion, marca and asesor: no single-column index, the composite indexes below lead with them
    # (fewer indexes to maintain on a 50,000-row import).
    organizacion = models.ForeignKey(
        Organizacion, on_delete=models.PROTECT, related_name="prospectos_crm", db_index=False
    )
    id_spiga = models.CharField("ID tráfico SPIGA", max_length=40)
    importacion = models.ForeignKey(Importacion, on_delete=models.PROTECT, related_name="prospectos")
    importado_en = models.DateTimeField("importado")
    fecha = models.DateField("fecha de tráfico")
    marca = models.ForeignKey(Marca, on_delete=models.PROTECT, related_name="prospectos", db_index=False)
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="asesor",
        on_delete=models.PROTECT,
        related_name="prospectos_crm",
        db_index=False,
    )
    sede = models.CharField("sede", max_length=80, blank=True)
    cliente = models.CharField("cliente", max_length=150)
    documento = models.CharField("documento", max_length=30, blank=True)
    telefono = models.CharField("teléfono", max_length=30)
    correo = models.CharField("correo", max_length=150, blank=True)
    vehiculo = models.CharField("vehículo de interés", max_length=120, blank=True)
    medio = models.CharField("medio", max_length=60, blank=True)

    estado = CampoEstado("validación", default=Estado.PENDIENTE, choices=Estado.choices, protected=True)
    recibio_asesoria = models.BooleanField("¿recibió asesoría comercial?", null=True, blank=True)
    notas = models.TextField("notas de la llamada", blank=True)
    llamadas_verificacion = models.PositiveSmallIntegerField("llamadas de verificación", default=0)
    validado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validado_en = models.DateTimeField("validado", null=True, blank=True)

    n_llamadas = models.PositiveIntegerField("llamadas", default=0)
    n_cotizaciones = models.PositiveIntegerField("cotizaciones", default=0)
    n_visitas = models.PositiveIntegerField("visitas", default=0)
    n_pruebas = models.PositiveIntegerField("pruebas de manejo", default=0)
    n_otros = models.PositiveIntegerField("otros seguimientos", default=0)
    ultimo_seguimiento = models.DateField("último seguimiento", null=True, blank=True)
    # Denormalised for the semáforo (a top-N index read): the month of ``fecha`` and the date the
    # days without follow-up count from (``ultimo_seguimiento`` or, with none, ``fecha``).
    mes = models.DateField("mes de tráfico", editable=False)
    referencia = models.DateField("referencia del semáforo", editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "n_llamadas",
            "n_cotizaciones",
            "n_visitas",
            "n_pruebas",
            "n_otros",
            "ultimo_seguimiento",
            "mes",
            "referencia",
        ]
    )
    objects = ProspectoQuerySet.as_manager()

    class Meta:
        verbose_name = "prospecto"
        verbose_name_plural = "prospectos"
        ordering = ["-fecha", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "id_spiga"], name="crm_prospecto_id_spiga_unico"),
            models.CheckConstraint(
                condition=~Q(estado="valido") | Q(recibio_asesoria__isnull=False),
                name="crm_prospecto_valido_con_respuesta",
            ),
        ]
        indexes = [
            models.Index(fields=["organizacion", "fecha"], name="crm_prospecto_fecha_idx"),
            models.Index(fields=["organizacion", "estado", "fecha"], name="crm_prospecto_estado_idx"),
            models.Index(fields=["asesor", "fecha"], name="crm_prospecto_asesor_idx"),
            models.Index(fields=["marca", "fecha"], name="crm_prospecto_marca_idx"),
            # The semáforo: the month's prospects ordered by days without follow-up, colours as ranges.
            models.Index(fields=["organizacion", "mes", "referencia", "id"], name="crm_prospecto_semaforo_idx"),
            models.Index(fields=["asesor", "mes", "referencia"], name="crm_prospecto_sem_asesor_idx"),
        ]

    def __str__(self):
        return f"{self.id_spiga} · {self.cliente}"

    def save(self, *args, **kwargs):
        if self.fecha:
            for campo, valor in self.derivados(self.fecha, self.ultimo_seguimiento).items():
                setattr(self, campo, valor)
        campos = kwargs.get("update_fields")
        if campos is not None and {"fecha", "ultimo_seguimiento"} & set(campos):
            kwargs["update_fields"] = {*campos, "mes", "referencia"}
        super().save(*args, **kwargs)

    @staticmethod
    def derivados(fecha, ultimo_seguimiento=None):
        """``{"mes": ..., "referencia": ...}`` for a traffic date and last follow-up (bulk writes use it)."""
        return {"mes": fecha.replace(day=1), "referencia": ultimo_seguimiento or fecha}

    # The Líder CRM's verification call (activity 01); the call row, event and alerts are the service's.
    @transition(
        field=estado,
        source=[Estado.PENDIENTE, Estado.NO_CONTACTADO],
        target=Estado.VALIDO,
        permission="comercial_crm.validar_prospecto",
        custom={"label": "Marcar el prospecto como válido", "sin_permiso": SOLO_LIDER_PROSPECTOS},
    )
    def marcar_valido(self, *, actor, cuando, recibio_asesoria, notas):
        self._registrar_llamada(recibio_asesoria, notas)
        self.validado_por, self.validado_en = actor, cuando

    @transition(
        field=estado,
        source=[Estado.PENDIENTE, Estado.NO_CONTACTADO],
        target=Estado.FALSO,
        permission="comercial_crm.validar_prospecto",
        custom={"label": "Marcar el prospecto como falso", "sin_permiso": SOLO_LIDER_PROSPECTOS},
    )
    def marcar_falso(self, *, actor, cuando, recibio_asesoria, notas):
        self._registrar_llamada(recibio_asesoria, notas)
        self.validado_por, self.validado_en = actor, cuando

    @transition(
        field=estado,
        source=[Estado.PENDIENTE, Estado.NO_CONTACTADO],
        target=Estado.NO_CONTACTADO,
        permission="comercial_crm.validar_prospecto",
        custom={"label": "Registrar que no se contactó al cliente", "sin_permiso": SOLO_LIDER_PROSPECTOS},
    )
    def marcar_no_contactado(self, *, notas):
        self._registrar_llamada(None, notas)

    def _registrar_llamada(self, recibio_asesoria, notas):
        self.recibio_asesoria = recibio_asesoria
        self.notas = notas
        self.llamadas_verificacion += 1


class LlamadaVerificacion(models.Model):
    """One verification call of the Líder CRM to a prospect (the control of «clientes falsos»)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="+"
    )
    prospecto = models.ForeignKey(Prospecto, on_delete=models.PROTECT, related_name="llamadas")
    realizada_por = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    realizada_en = models.DateTimeField("llamada")
    resultado = models.CharField("resultado", max_length=15, choices=Prospecto.Estado.choices)
    recibio_asesoria = models.BooleanField("¿recibió asesoría comercial?", null=True)
    notas = models.TextField("notas", blank=True)

    objects = CrmQuerySet.as_manager()

    class Meta:
        verbose_name = "llamada de verificación"
        verbose_name_plural = "llamadas de verificación"
        ordering = ["-realizada_en", "-id"]

    def __str__(self):
        return f"{self.prospecto} · {self.get_resultado_display()}"


class AvisoSeguimiento(models.Model):
    """One grouped email to an asesor listing their activities without follow-up (update SPIGA)."""

    organizacion = models.ForeignKey(
        Organizacion, verbose_name="organización", on_delete=models.PROTECT, related_name="+"
    )
    asesor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="avisos_crm")
    enviado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enviado_en = models.DateTimeField("enviado")
    actividades_count = models.PositiveIntegerField("actividades")
    clave = models.CharField(max_length=120, unique=True)

    objects = CrmQuerySet.as_manager()

    class Meta:
        verbose_name = "aviso de actividades no realizadas"
        verbose_name_plural = "avisos de actividades no realizadas"
        ordering = ["-enviado_en", "-id"]

    def __str__(self):
        return f"{self.asesor} · {self.actividades_count} actividades"


class Actividad(FSMModelMixin, models.Model):
    """A follow-up activity from the «Visitas realizadas y no realizadas» report and its validation."""

    class Tipo(models.TextChoices):
        LLAMADA = "llamada", "Llamada"
        COTIZACION = "cotizacion", "Cotización"
        VISITA = "visita", "Visita"
        PRUEBA = "prueba_manejo", "Prueba de manejo"
        MATRICULA = "matricula", "Matrícula"
        ENTREGA = "entrega", "Entrega"
        WHATSAPP = "whatsapp", "WhatsApp"
        OTRO = "otro", "Otro seguimiento"

    class EstadoSpiga(models.TextChoices):
        REALIZADA = "realizada", "Realizada"
        NO_REALIZADA = "no_realizada", "No realizada"

    class Validacion(models.TextChoices):
        PENDIENTE = "pendiente", "Por validar"
        VALIDA = "valida", "Válida"
        NO_VALIDA = "no_valida", "No válida"

    # organizacion, prospecto and asesor: covered by the composite indexes below (no single-column index).
    organizacion = models.ForeignKey(
        Organizacion, on_delete=models.PROTECT, related_name="actividades_crm", db_index=False
    )
    id_spiga = models.CharField("ID actividad SPIGA", max_length=40)
    importacion = models.ForeignKey(Importacion, on_delete=models.PROTECT, related_name="actividades")
    importado_en = models.DateTimeField("importada")
    prospecto = models.ForeignKey(Prospecto, on_delete=models.PROTECT, related_name="actividades", db_index=False)
    marca = models.ForeignKey(Marca, on_delete=models.PROTECT, related_name="actividades")
    asesor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="asesor",
        on_delete=models.PROTECT,
        related_name="actividades_crm",
        db_index=False,
    )
    tipo = models.CharField("tipo", max_length=15, choices=Tipo.choices)
    fecha_programada = models.DateField("fecha programada")
    fecha_realizada = models.DateField("fecha realizada", null=True, blank=True)
    estado_spiga = models.CharField("estado en SPIGA", max_length=12, choices=EstadoSpiga.choices)
    comentario = models.TextField("comentario", blank=True)

    validacion = CampoEstado("validación", default=Validacion.PENDIENTE, choices=Validacion.choices, protected=True)
    motivo = models.CharField("motivo", max_length=300, blank=True)
    validada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validada_en = models.DateTimeField("validada", null=True, blank=True)
    aviso = models.ForeignKey(
        AvisoSeguimiento, null=True, blank=True, on_delete=models.PROTECT, related_name="actividades"
    )

    history = HistoricalRecords()
    objects = CrmQuerySet.as_manager()

    class Meta:
        verbose_name = "actividad de seguimiento"
        verbose_name_plural = "actividades de seguimiento"
        ordering = ["-fecha_programada", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "id_spiga"], name="crm_actividad_id_spiga_unico"),
            models.CheckConstraint(
                condition=~Q(validacion="no_valida") | ~Q(motivo=""), name="crm_actividad_no_valida_con_motivo"
            ),
        ]
        indexes = [
            models.Index(fields=["organizacion", "validacion", "fecha_programada"], name="crm_actividad_val_idx"),
            models.Index(fields=["asesor", "fecha_programada"], name="crm_actividad_asesor_idx"),
            models.Index(fields=["prospecto", "estado_spiga"], name="crm_actividad_prospecto_idx"),
        ]

    def __str__(self):
        return f"{self.id_spiga} · {self.get_tipo_display()}"

    @property
    def fecha(self):
        return self.fecha_realizada or self.fecha_programada

    # The Líder CRM's review of the activity from its comment (activity 02).
    @transition(
        field=validacion,
        source=Validacion.PENDIENTE,
        target=Validacion.VALIDA,
        permission="comercial_crm.validar_actividad",
        custom={"label": "Marcar la actividad como válida", "sin_permiso": SOLO_LIDER_ACTIVIDADES},
    )
    def marcar_valida(self, *, actor, cuando, motivo=""):
        self.motivo = motivo
        self.validada_por, self.validada_en = actor, cuando

    @transition(
        field=validacion,
        source=Validacion.PENDIENTE,
        target=Validacion.NO_VALIDA,
        permission="comercial_crm.validar_actividad",
        custom={"label": "Marcar la actividad como no válida", "sin_permiso": SOLO_LIDER_ACTIVIDADES},
    )
    def marcar_no_valida(self, *, actor, cuando, motivo):
        self.motivo = motivo
        self.validada_por, self.validada_en = actor, cuando

    # SPIGA changed the activity (the asesor updated it): its validation starts over. The import
    # does it in bulk for every changed activity (services._guardar_actividades); keep both in step.
    @transition(
        field=validacion,
        source="*",
        target=Validacion.PENDIENTE,
        custom={"label": "Volver a validar (SPIGA cambió la actividad)", "interna": True},
    )
    def reabrir(self):
        self.motivo = ""
        self.validada_por = self.validada_en = self.aviso = None
