from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from enlace.models import AdjuntoCorreo, CorreoSaliente, DocumentoEmitido, Evento, Notificacion, Organizacion, Usuario


@admin.register(Organizacion)
class OrganizacionAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "tipo", "padre", "pais", "moneda", "zona_horaria", "activa"]
    list_filter = ["tipo", "pais", "activa"]
    search_fields = ["nombre", "slug"]
    prepopulated_fields = {"slug": ["nombre"]}


@admin.register(Usuario)
class UsuarioAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organizacion", "is_active", "is_staff"]
    list_filter = ["groups", "organizacion", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["organizacion"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Datos personales"), {"fields": ("first_name", "last_name", "telefono", "zona_horaria")}),
        (_("Organización y roles"), {"fields": ("organizacion", "groups")}),
        (_("Permisos"), {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")}),
        (_("Fechas"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "organizacion", "password1", "password2")}),)


class SoloLecturaAdmin(admin.ModelAdmin):
    """Rows written only by the application (the event log, what is derived from it): the admin reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evento)
class EventoAdmin(SoloLecturaAdmin):
    """Read-only: the event log is append-only."""

    list_display = ["secuencia", "creado", "tipo", "actor_nombre", "organizacion", "objeto_repr"]
    list_filter = ["tipo", "organizacion"]
    search_fields = ["tipo", "objeto_repr"]
    list_select_related = ["actor", "organizacion"]
    show_full_result_count = False


@admin.register(Notificacion)
class NotificacionAdmin(admin.ModelAdmin):
    list_display = ["titulo", "destinatario", "creada", "leida_en"]
    list_filter = ["leida_en"]
    search_fields = ["titulo", "destinatario__email"]
    list_select_related = ["destinatario"]
    raw_id_fields = ["destinatario"]


class AdjuntoCorreoInline(admin.TabularInline):
    model = AdjuntoCorreo
    fields = ["nombre", "tipo_mime", "tamano", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CorreoSaliente)
class CorreoSalienteAdmin(admin.ModelAdmin):
    list_display = ["asunto", "para", "estado", "intentos", "creado", "enviado_en"]
    list_filter = ["estado"]
    search_fields = ["para", "asunto"]
    readonly_fields = ["creado", "enviado_en", "reclamado_en", "ultimo_error", "intentos"]
    raw_id_fields = ["notificacion"]
    inlines = [AdjuntoCorreoInline]


@admin.register(DocumentoEmitido)
class DocumentoEmitidoAdmin(admin.ModelAdmin):
    """Read-only: an issued document is frozen."""

    list_display = ["nombre_tipo", "version", "codigo", "organizacion", "emitido_en", "emitido_por"]
    list_filter = ["tipo"]
    search_fields = ["codigo", "sha256"]
    list_select_related = ["organizacion", "emitido_por"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
