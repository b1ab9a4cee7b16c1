"""Admin of ENROK. Transition buttons run through the services (the one action layer), so the admin gets the
same guards, events and notifications as every page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
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
    list_filter = ["pyme"]
    search_fields = ("nombre", "pyme__nombre")
    list_filter = ["pyme"]


class FechaClienteInline(admin.TabularInline):
    model = models.FechaCliente
    extra = 0


@admin.register(models.FechaEspecial)
class FechaEspecialAdmin(admin.ModelAdmin):
    list_display = ["nombre", "pyme"]
    list_filter = ["pyme"]
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
    list_display = ["canal", "destino", "estado", "entrega", "error_codigo", "intentos", "creado", "enviado_en"]
    search_fields = ("destino", "asunto", "externo_id")
    list_filter = ["canal", "estado", "entrega"]
    raw_id_fields = ["ticket"]


@admin.register(models.MedioWhatsapp)
class MedioWhatsappAdmin(admin.ModelAdmin):
    """Written by the webhook and the download task; the admin shows them and lets a stuck one be retried."""

    list_display = ["interaccion", "pyme", "tipo", "estado", "mime_type", "tamano", "intentos", "creado"]
    search_fields = ("media_id", "nombre", "pyme__nombre", "interaccion__ticket__asunto")
    list_filter = ("tipo", "estado")
    raw_id_fields = ["interaccion"]
    readonly_fields = [
        "interaccion", "pyme", "tipo", "media_id", "mime_type", "sha256", "nombre", "archivo", "tamano",
        "latitud", "longitud", "lugar", "direccion", "error", "creado", "descargado_en", "reclamado_en",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False


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


@admin.register(models.BuzonImap)
class BuzonImapAdmin(admin.ModelAdmin):
    """A PYME's support mailbox read by IMAP. The password is an environment variable, never a field."""

    list_display = ["direccion", "pyme", "servidor", "activo", "clave_definida", "ultimo_sondeo", "ultimo_error"]
    list_filter = ["activo", "seguridad"]
    search_fields = ("direccion", "servidor", "usuario", "pyme__nombre")
    list_select_related = ["pyme"]
    fields = [
        "pyme",
        "direccion",
        "servidor",
        "puerto",
        "seguridad",
        "usuario",
        "clave_variable",
        "carpeta",
        "activo",
        "uidvalidity",
        "ultimo_uid",
        "ultimo_sondeo",
        "ultimo_error",
    ]
    readonly_fields = ["uidvalidity", "ultimo_uid", "ultimo_sondeo", "ultimo_error"]

    @admin.display(boolean=True, description="contraseña en el entorno")
    def clave_definida(self, buzon):
        return buzon.clave_definida


@admin.register(models.CorreoRecibido)
class CorreoRecibidoAdmin(admin.ModelAdmin):
    """Every message fetched by IMAP (the record that it was fetched once). Read-only."""

    list_display = ["recibido", "buzon", "uid", "message_id", "estado", "tamano"]
    list_filter = ["estado", "buzon"]
    search_fields = ("message_id",)
    list_select_related = ["buzon"]
    exclude = ["crudo"]
    raw_id_fields = ["interaccion"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.CorreoEnCuarentena)
class CorreoEnCuarentenaAdmin(admin.ModelAdmin):
    """Messages refused by the parser, with their raw bytes to read or download. Deleted once reviewed."""

    list_display = ["recibido", "buzon", "uid", "message_id", "motivo", "tamano"]
    list_filter = ["buzon"]
    search_fields = ("message_id", "motivo")
    list_select_related = ["buzon"]
    fields = ["buzon", "uidvalidity", "uid", "message_id", "recibido", "tamano", "motivo", "descargar", "texto"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="mensaje original")
    def texto(self, correo):
        crudo = bytes(correo.crudo)
        texto = crudo[:50_000].decode("utf-8", "replace")
        return format_html("<pre>{}</pre>", texto + ("\n…" if len(crudo) > 50_000 else ""))

    @admin.display(description="descargar")
    def descargar(self, correo):
        ruta = reverse("admin:atencion_correoencuarentena_crudo", args=[correo.pk])
        return format_html('<a href="{}">{}</a>', ruta, f"correo-{correo.uid}.eml")

    def get_urls(self):
        vista = self.admin_site.admin_view(self.crudo)
        return [path("<int:pk>/crudo/", vista, name="atencion_correoencuarentena_crudo"), *super().get_urls()]

    def crudo(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        correo = get_object_or_404(models.CorreoEnCuarentena, pk=pk)
        respuesta = HttpResponse(bytes(correo.crudo), content_type="message/rfc822")
        respuesta["Content-Disposition"] = f'attachment; filename="correo-{correo.uid}.eml"'
        respuesta["X-Content-Type-Options"] = "nosniff"
        return respuesta
