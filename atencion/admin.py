"""Admin of ENROK. Transition buttons run through the services (the one action layer), so the admin gets the
same guards, events and notifications as every page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from atencion import forms, models, services
from enlace.acciones_admin import AccionAdmin, AccionesAdminMixin


@admin.register(models.PerfilPyme)
class PerfilPymeAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    list_display = ["pyme", "giro", "estado", "canal_whatsapp", "canal_correo"]
    search_fields = ("pyme__nombre", "correo_entrada")
    list_filter = ["giro", "estado"]
    argumento_servicio = "perfil"
    acciones_admin = {
        "terminar_diagnostico": AccionAdmin(services.perfil_terminar_diagnostico),
        "activar": AccionAdmin(services.perfil_activar),
        "suspender": AccionAdmin(services.perfil_suspender, formulario=forms.SuspenderPymeForm),
        "reactivar": AccionAdmin(services.perfil_reactivar),
    }


@admin.register(models.Giro)
class GiroAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "codigo", "activo"]
    search_fields = ("nombre", "codigo")
    list_filter = ["activo"]

    def get_readonly_fields(self, request, obj=None):
        return ["codigo"] if obj else []  # profiles and scripts point at the code


@admin.register(models.PlantillaWhatsapp)
class PlantillaWhatsappAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "pyme", "idioma", "estado", "actualizado"]
    search_fields = ("nombre", "pyme__nombre", "cuerpo")
    list_filter = ["estado", "pyme"]


@admin.register(models.Etiqueta)
class EtiquetaAdmin(admin.ModelAdmin):
    list_display = ["nombre", "pyme"]
    search_fields = ("nombre", "pyme__nombre")
    list_filter = ["pyme"]


class FechaClienteInline(admin.TabularInline):
    model = models.FechaCliente
    extra = 0


@admin.register(models.FechaEspecial)
class FechaEspecialAdmin(admin.ModelAdmin):
    list_display = ["nombre", "pyme"]
    search_fields = ("nombre", "pyme__nombre")


@admin.register(models.HorarioAtencion)
class HorarioAdmin(SimpleHistoryAdmin):
    list_display = ["pyme", "dia_semana", "abre", "cierra"]
    search_fields = ("pyme__nombre",)
    list_filter = ["pyme"]


@admin.register(models.DiaInhabil)
class DiaInhabilAdmin(SimpleHistoryAdmin):
    list_display = ["pyme", "fecha", "descripcion"]
    search_fields = ("pyme__nombre", "descripcion")
    list_filter = ("fecha",)


@admin.register(models.ObjetivoSla)
class ObjetivoSlaAdmin(SimpleHistoryAdmin):
    list_display = ["pyme", "canal", "prioridad", "primera_respuesta_min", "resolucion_min"]
    search_fields = ("pyme__nombre",)
    list_filter = ["pyme", "canal"]


@admin.register(models.MotivoContacto)
class MotivoAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "pyme", "activo"]
    search_fields = ("nombre", "pyme__nombre")
    list_filter = ["pyme"]


@admin.register(models.Guion)
class GuionAdmin(SimpleHistoryAdmin):
    list_display = ["titulo", "giro", "pyme", "motivo", "activo"]
    search_fields = ("titulo", "pyme__nombre", "motivo__nombre")
    list_filter = ["giro"]


@admin.register(models.Cliente)
class ClienteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "pyme", "telefono", "correo", "fecha_nacimiento", "acepta_campanas"]
    list_filter = ["pyme", "acepta_campanas"]
    search_fields = ["nombre", "telefono", "correo"]
    filter_horizontal = ["etiquetas"]
    inlines = [FechaClienteInline]


class InteraccionInline(admin.TabularInline):
    model = models.Interaccion
    extra = 0
    fields = ["creado", "direccion", "canal", "autor", "contenido", "duracion_segundos", "externo_id"]
    readonly_fields = fields


@admin.register(models.Ticket)
class TicketAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    list_display = ["id", "asunto", "pyme", "canal", "prioridad", "estado", "agente", "creado"]
    list_filter = ["estado", "canal", "prioridad", "pyme"]
    search_fields = ["asunto"]
    raw_id_fields = ["cliente", "agente", "motivo"]
    inlines = [InteraccionInline]
    argumento_servicio = "ticket"
    acciones_admin = {
        "esperar_cliente": AccionAdmin(services.ticket_esperar_cliente),
        "reanudar": AccionAdmin(services.ticket_reanudar),
        "resolver": AccionAdmin(services.ticket_resolver),
        "cerrar": AccionAdmin(services.ticket_cerrar),
        "reabrir": AccionAdmin(services.ticket_reabrir),
    }


@admin.register(models.Interaccion)
class InteraccionAdmin(admin.ModelAdmin):
    list_display = ["ticket", "direccion", "canal", "creado"]
    search_fields = ("ticket__asunto", "contenido", "externo_id")
    list_filter = ("canal", "direccion")
    raw_id_fields = ["ticket", "autor"]


@admin.register(models.AvisoSla)
class AvisoSlaAdmin(admin.ModelAdmin):
    list_display = ["ticket", "tipo", "vence", "creado"]
    search_fields = ("ticket__asunto", "ticket__pyme__nombre")
    list_filter = ("tipo",)
    raw_id_fields = ["ticket"]


@admin.register(models.MensajeSaliente)
class MensajeSalienteAdmin(admin.ModelAdmin):
    list_display = ["canal", "destino", "estado", "intentos", "creado", "enviado_en"]
    search_fields = ("destino", "asunto", "externo_id")
    list_filter = ["canal", "estado"]
    raw_id_fields = ["ticket"]


@admin.register(models.Encuesta)
class EncuestaAdmin(admin.ModelAdmin):
    list_display = ["ticket", "canal", "csat", "nps", "respondida_en", "expira_en"]
    search_fields = ("ticket__asunto", "pyme__nombre", "comentario")
    list_filter = ("canal",)
    raw_id_fields = ["ticket"]


@admin.register(models.Seguimiento)
class SeguimientoAdmin(SimpleHistoryAdmin):
    list_display = ["tipo", "cliente", "programado_para", "enviado_en", "cancelado"]
    search_fields = ("cliente__nombre", "cliente__telefono", "pyme__nombre")
    list_filter = ("tipo", "canal", "cancelado")
    raw_id_fields = ["ticket", "cliente"]


@admin.register(models.ReporteEjecutivo)
class ReporteAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    list_display = ["pyme", "periodicidad", "inicio", "fin", "estado"]
    search_fields = ("pyme__nombre",)
    list_filter = ["estado", "periodicidad"]
    argumento_servicio = "reporte"
    acciones_admin = {
        "enviar_a_validacion": AccionAdmin(services.reporte_enviar_a_validacion),
        "devolver": AccionAdmin(services.reporte_devolver, formulario=forms.DevolverForm),
        "validar": AccionAdmin(services.reporte_validar),
    }


@admin.register(models.Campana)
class CampanaAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    list_display = ["nombre", "pyme", "tipo", "recurrente_por", "programada_para", "estado"]
    filter_horizontal = ["segmento_etiquetas"]
    search_fields = ("nombre", "pyme__nombre", "asunto")
    list_filter = ("estado", "tipo")
    argumento_servicio = "campana"
    acciones_admin = {
        "programar": AccionAdmin(services.campana_programar),
        "cancelar": AccionAdmin(services.campana_cancelar),
    }


@admin.register(models.EnvioCampana)
class EnvioCampanaAdmin(admin.ModelAdmin):
    list_display = ["campana", "cliente", "canal", "ocasion", "estado", "creado"]
    search_fields = ("campana__nombre", "cliente__nombre", "cliente__telefono")
    list_filter = ("estado", "canal")
    raw_id_fields = ["cliente", "mensaje"]


class _SoloLectura(admin.ModelAdmin):
    """Derived data, rebuilt by ``recalcular_metricas``: shown, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.MetricaDiaria)
class MetricaDiariaAdmin(_SoloLectura):
    list_display = ["pyme", "dia", "agente", "canal", "motivo", "abiertos", "resueltos", "csat_n", "interacciones"]
    search_fields = ("pyme__nombre", "agente__email")
    list_filter = ["canal", "pyme"]
    date_hierarchy = "dia"
    list_select_related = ["pyme", "agente", "motivo"]


@admin.register(models.CorteMetricas)
class CorteMetricasAdmin(_SoloLectura):
    list_display = ["pyme", "dia", "desde"]
    search_fields = ("pyme__nombre",)
    list_filter = ("dia",)
