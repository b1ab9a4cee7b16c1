"""Admin of operaciones: every model with its history; transition buttons that go through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from enlace.acciones_admin import AccionAdmin, AccionesAdminMixin
from enlace.admin import SoloLecturaAdmin
from operaciones import models, services
from operaciones.forms import CancelarAdminForm, ConfirmarForm, LiberarForm, ReactivarUnidadForm, RetirarUnidadForm
from operaciones.models import AlertaAntiguedad, Apartado, Cliente, FotoUnidad, Unidad


class FotoEnLinea(admin.TabularInline):
    model = FotoUnidad
    extra = 0
    fields = ("archivo", "descripcion", "orden", "subida_por", "creada")
    readonly_fields = ("subida_por", "creada")


@admin.register(Unidad)
class UnidadAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    argumento_servicio = "unidad"
    acciones_admin = {
        "retirar": AccionAdmin(services.unidad_retirar, formulario=RetirarUnidadForm),
        "reactivar": AccionAdmin(services.unidad_reactivar, formulario=ReactivarUnidadForm),
    }
    list_display = ("vin", "marca", "modelo", "anio", "precio", "concesionario", "ciudad", "fecha_ingreso", "estado")
    list_filter = ("estado", "concesionario", "marca")
    search_fields = ("vin", "marca", "modelo")
    list_select_related = ("concesionario",)
    readonly_fields = ("estado", "reservada_hasta", "actualizada")
    inlines = [FotoEnLinea]
    show_full_result_count = False


@admin.register(Apartado)
class ApartadoAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    argumento_servicio = "apartado"
    acciones_admin = {
        "registrar_confirmacion": AccionAdmin(services.apartado_registrar_confirmacion, formulario=ConfirmarForm),
        "validar": AccionAdmin(services.apartado_validar),
        "liberar": AccionAdmin(services.apartado_liberar, formulario=LiberarForm),
        "cancelar": AccionAdmin(services.apartado_cancelar, formulario=CancelarAdminForm),
    }
    list_display = ("id", "unidad", "asesor", "cliente", "concesionario", "estado", "creado", "vence")
    list_filter = ("estado", "concesionario", "forma_pago", "liberacion_automatica")
    search_fields = ("unidad__vin", "cliente__nombre", "asesor__email")
    list_select_related = ("unidad", "asesor", "cliente", "concesionario")
    raw_id_fields = ("unidad", "cliente", "asesor")
    readonly_fields = (
        "estado",
        "creado",
        "vence",
        "validado_en",
        "validado_por",
        "liberado_en",
        "liberado_por",
        "liberacion_automatica",
        "motivo_liberacion",
        "cancelado_en",
        "cancelado_por",
        "motivo_cancelacion",
        "detalle_cancelacion",
        "disponibilidad_confirmada_en",
        "disponibilidad_registrada_por",
    )
    show_full_result_count = False


@admin.register(Cliente)
class ClienteAdmin(SimpleHistoryAdmin):
    list_display = ("nombre", "tipo_persona", "asesor", "organizacion", "creado")
    list_filter = ("tipo_persona",)
    search_fields = ("nombre", "rfc", "correo")
    raw_id_fields = ("asesor",)


@admin.register(FotoUnidad)
class FotoUnidadAdmin(SimpleHistoryAdmin):
    list_display = ("unidad", "descripcion", "orden", "creada")
    search_fields = ("unidad__vin", "descripcion")
    list_filter = ("creada",)
    raw_id_fields = ("unidad",)


@admin.register(AlertaAntiguedad)
class AlertaAntiguedadAdmin(SimpleHistoryAdmin):
    list_display = ("unidad", "umbral", "dias_al_generar", "creada", "estrategia")
    search_fields = ("unidad__vin", "unidad__marca", "unidad__modelo")
    list_filter = ("umbral", "estrategia")
    raw_id_fields = ("unidad",)
    readonly_fields = ("unidad", "umbral", "dias_al_generar", "creada")


# --- negociacion ---


@admin.register(models.SolicitudDescuento)
class SolicitudDescuentoAdmin(SimpleHistoryAdmin):
    """Read-only: every change goes through the services (event log and notifications)."""

    list_display = ("apartado", "tipo", "monto_solicitado", "estado", "monto_aprobado", "solicitada_en")
    search_fields = ("apartado__unidad__vin", "apartado__cliente__nombre", "motivo")
    list_filter = ("estado", "tipo")
    raw_id_fields = ("apartado",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(models.SolicitudFinanciamiento)
class SolicitudFinanciamientoAdmin(SolicitudDescuentoAdmin):
    list_display = ("apartado", "financiera", "tipo_financiera", "monto_solicitado", "estado", "credito_confirmado_en")
    search_fields = ("apartado__unidad__vin", "apartado__cliente__nombre", "financiera")
    list_filter = ("estado", "tipo_financiera")


# --- tradein ---


@admin.register(models.CanalLead)
class CanalLeadAdmin(admin.ModelAdmin):
    """The catalogue of lead channels the Solicitud offers (a retired channel is deactivated, never deleted)."""

    list_display = ("nombre", "activo", "orden")
    list_editable = ("activo", "orden")
    list_filter = ("activo",)
    search_fields = ("nombre",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.PuntoChecklistTradeIn)
class PuntoChecklistTradeInAdmin(SimpleHistoryAdmin):
    """The configurable checklist both concesionarios see."""

    list_display = ("nombre", "orden", "activo")
    search_fields = ("nombre",)
    list_editable = ("orden", "activo")
    list_filter = ("activo",)


class RevisionEnLinea(admin.TabularInline):
    model = models.RevisionTradeIn
    extra = 0
    can_delete = False
    readonly_fields = ("punto", "resultado", "observacion", "registrada_por", "registrada_en")


class ArchivoEnLinea(admin.TabularInline):
    model = models.ArchivoTradeIn
    extra = 0
    can_delete = False
    readonly_fields = ("tipo", "archivo", "descripcion", "subido_por", "subido_en")


@admin.register(models.TradeIn)
class TradeInAdmin(SimpleHistoryAdmin):
    """Read-only: the trade-in moves only through the services."""

    list_display = ("apartado", "marca", "modelo", "anio", "concesionario_a", "concesionario_b", "estado", "plazo_a")
    search_fields = ("vin", "marca", "modelo", "apartado__unidad__vin")
    list_filter = ("estado",)
    list_select_related = ("apartado", "concesionario_a", "concesionario_b")
    raw_id_fields = ("apartado",)
    inlines = [RevisionEnLinea, ArchivoEnLinea]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(models.RevisionTradeIn)
class RevisionTradeInAdmin(SimpleHistoryAdmin):
    list_display = ("trade_in", "punto", "resultado", "registrada_en")
    search_fields = ("trade_in__vin", "punto__nombre", "observacion")
    list_filter = ("resultado",)
    raw_id_fields = ("trade_in",)


@admin.register(models.ArchivoTradeIn)
class ArchivoTradeInAdmin(SimpleHistoryAdmin):
    list_display = ("trade_in", "tipo", "descripcion", "subido_en")
    search_fields = ("trade_in__vin", "descripcion")
    list_filter = ("tipo",)
    raw_id_fields = ("trade_in",)


# --- entrega ---


@admin.register(models.ExpedienteOperacion)
class ExpedienteOperacionAdmin(SimpleHistoryAdmin):
    list_display = ("apartado", "pago_confirmado_en", "pago_monto", "factura_uuid", "factura_fecha")
    raw_id_fields = ("apartado", "pago_confirmado_por", "factura_registrada_por")
    search_fields = ("factura_uuid", "pago_referencia")
    list_filter = ("pago_confirmado_en", "factura_fecha")


@admin.register(models.DocumentoOperacion)
class DocumentoOperacionAdmin(SimpleHistoryAdmin):
    list_display = ("apartado", "tipo", "subido_por", "subido")
    search_fields = ("apartado__unidad__vin", "apartado__cliente__nombre")
    list_filter = ("tipo",)
    raw_id_fields = ("apartado", "subido_por")


@admin.register(models.Entrega)
class EntregaAdmin(SimpleHistoryAdmin):
    list_display = ("apartado", "fecha_programada", "programada_por")
    list_filter = ("fecha_programada",)
    search_fields = ("apartado__unidad__vin", "apartado__cliente__nombre")
    raw_id_fields = ("apartado", "programada_por")


@admin.register(models.TareaProveedor)
class TareaProveedorAdmin(SimpleHistoryAdmin):
    list_display = ("tipo", "unidad", "apartado", "proveedor", "fecha_compromiso", "estado")
    search_fields = ("unidad__vin", "proveedor__nombre", "notas")
    list_filter = ("estado", "tipo")
    raw_id_fields = ("apartado", "unidad", "proveedor", "creada_por", "terminada_por")
    readonly_fields = ("estado",)


@admin.register(models.Contacto)
class ContactoAdmin(SimpleHistoryAdmin):
    list_display = ("nombre", "tipo", "empresa", "concesionario", "telefono", "correo")
    list_filter = ("tipo",)
    search_fields = ("nombre", "empresa", "correo")


# --- cierre ---


@admin.register(models.EncuestaCierre)
class EncuestaCierreAdmin(SimpleHistoryAdmin):
    list_display = ("apartado", "enviada_en", "respondida_en", "calificacion")
    search_fields = ("apartado__unidad__vin", "apartado__cliente__nombre", "comentario")
    list_filter = ("calificacion",)
    raw_id_fields = ("apartado",)
    readonly_fields = ("enviada_en", "respondida_en", "calificacion", "comentario")
    exclude = ("token",)


# --- comisiones ---
from operaciones.models import LineaComision, ReglaComision, SesionCoaching  # noqa: E402


@admin.register(ReglaComision)
class ReglaComisionAdmin(SimpleHistoryAdmin):
    """The COP's commission rules: the active one with the latest «vigente desde» on the cierre date applies."""

    list_display = (
        "nombre",
        "tipo",
        "valor",
        "vigente_desde",
        "activa",
        "asesor_un_concesionario",
        "asesor_dos_concesionarios",
        "concesionario_a",
        "concesionario_b",
    )
    search_fields = ("nombre",)
    list_filter = ("activa", "tipo")
    fieldsets = (
        (None, {"fields": ("nombre", "tipo", "valor", "vigente_desde", "activa")}),
        ("Reparto con un concesionario (el resto es del concesionario)", {"fields": ("asesor_un_concesionario",)}),
        (
            "Reparto con dos concesionarios (debe sumar 100 %)",
            {"fields": ("asesor_dos_concesionarios", "concesionario_a", "concesionario_b")},
        ),
    )


@admin.register(LineaComision)
class LineaComisionAdmin(SimpleHistoryAdmin):
    """Read-only: lines come from the cierre; the COP verifies and pays them on the commission board."""

    list_display = ("apartado", "rol", "beneficiario_asesor", "beneficiario_concesionario", "monto", "estado", "creada")
    search_fields = (
        "apartado__unidad__vin",
        "beneficiario_asesor__email",
        "beneficiario_concesionario__nombre",
        "referencia_pago",
    )
    list_filter = ("estado", "rol")
    list_select_related = ("apartado__unidad", "beneficiario_asesor", "beneficiario_concesionario")
    raw_id_fields = ("apartado", "beneficiario_asesor", "beneficiario_concesionario")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- desempeno ---
@admin.register(SesionCoaching)
class SesionCoachingAdmin(SimpleHistoryAdmin):
    list_display = ("fecha", "tipo", "asesor", "registrada_por", "fecha_seguimiento")
    list_filter = ("tipo",)
    search_fields = ("asesor__email", "asesor__first_name", "temas")
    raw_id_fields = ("asesor", "registrada_por", "apartado", "red")


# --- supervision ---
from operaciones.models import MarcaTramos, RevisionRetiro, TramoEtapa  # noqa: E402


@admin.register(RevisionRetiro)
class RevisionRetiroAdmin(SimpleHistoryAdmin):
    """Read-only here: the COP resolves reviews on its page (service, event log)."""

    list_display = ("unidad", "apartado", "retirada_por", "retirada_en", "dias_transcurridos", "estado")
    search_fields = ("unidad__vin", "motivo_retiro", "retirada_por__email")
    list_filter = ("estado",)
    list_select_related = ("unidad", "apartado__unidad", "retirada_por")
    readonly_fields = [f.name for f in RevisionRetiro._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(TramoEtapa)
class TramoEtapaAdmin(SoloLecturaAdmin):  # derived from the event log by ``tramos_actualizar``
    list_display = ("operacion", "nombre_de_la_etapa", "concesionario", "inicio", "segundos", "secuencia_fin")
    list_select_related = ("concesionario",)
    search_fields = ("apartado__unidad__vin",)
    list_filter = ("etapa",)
    show_full_result_count = False  # about one row per event

    @admin.display(description="operación", ordering="apartado_id")
    def operacion(self, tramo):
        return f"Apartado {tramo.apartado_id}"

    @admin.display(description="etapa", ordering="etapa")
    def nombre_de_la_etapa(self, tramo):
        return tramo.nombre_etapa


@admin.register(MarcaTramos)
class MarcaTramosAdmin(SoloLecturaAdmin):  # derived from the event log by ``tramos_actualizar``
    list_display = ("ultima_secuencia",)
    search_fields = ("ultima_secuencia",)


@admin.register(models.ImportacionInventario)
class ImportacionInventarioAdmin(SoloLecturaAdmin):  # written by ``inventario_importar``
    list_display = ("nombre_archivo", "concesionario", "usuario", "creada", "creadas", "actualizadas", "completo")
    list_filter = ("completo",)
    search_fields = ("nombre_archivo", "concesionario__nombre", "usuario__email")
    list_select_related = ("concesionario", "usuario")


@admin.register(models.CambioUnidad)
class CambioUnidadAdmin(SoloLecturaAdmin):  # proposed and reviewed on the webmaster's page (action layer)
    list_display = ("unidad", "propuesto_por", "creado", "estado", "revisado_por", "revisado_en")
    list_filter = ("estado",)
    search_fields = ("unidad__vin", "motivo", "propuesto_por__email")
    list_select_related = ("unidad", "propuesto_por", "revisado_por")
