from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule
from simple_history.admin import SimpleHistoryAdmin

from enlace.eventos import nombre_evento
from enlace.models import (
    AdjuntoCorreo,
    CorreoSaliente,
    DocumentoEmitido,
    Evento,
    Notificacion,
    Organizacion,
    PdfPreparado,
    Usuario,
)


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

    list_display = ["secuencia", "creado", "nombre_del_tipo", "quien", "organizacion", "objeto_repr"]
    list_filter = ["tipo", "organizacion"]
    search_fields = ["tipo", "objeto_repr"]
    list_select_related = ["actor", "organizacion"]
    show_full_result_count = False

    @admin.display(description=_("evento"), ordering="tipo")
    def nombre_del_tipo(self, evento):
        return nombre_evento(evento.tipo)

    @admin.display(description=_("quién"))
    def quien(self, evento):
        return evento.actor_nombre


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


@admin.register(PdfPreparado)
class PdfPreparadoAdmin(admin.ModelAdmin):
    """Read-only: what the worker prepared, for whom, and how long it took; deleted after ENLACE_PDF_PREPARADO_DIAS."""

    list_display = ["titulo", "usuario", "estado", "filas", "creado", "terminado"]
    list_filter = ["estado"]
    search_fields = ["titulo", "usuario__email"]
    list_select_related = ["usuario"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Third-party models: the same searchable lists as ours --------------------------------------

admin.site.unregister(Group)


@admin.register(Group)
class RolAdmin(GroupAdmin):
    """The roles (groups created by a data migration) with how many users hold each."""

    list_display = ["name", "usuarios"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_usuarios=Count("user"))

    @admin.display(description=_("usuarios"), ordering="n_usuarios")
    def usuarios(self, rol):
        return rol.n_usuarios


for modelo, campos, busqueda in (
    (ClockedSchedule, ["clocked_time"], ["clocked_time"]),
    (CrontabSchedule, ["__str__", "minute", "hour", "day_of_week", "timezone"], ["minute", "hour", "day_of_week"]),
    (SolarSchedule, ["event", "latitude", "longitude"], ["event"]),
    (IntervalSchedule, ["every", "period"], ["period"]),
):
    clase = type(admin.site._registry[modelo])
    admin.site.unregister(modelo)
    admin.site.register(modelo, type(clase.__name__, (clase,), {"list_display": campos, "search_fields": busqueda}))
