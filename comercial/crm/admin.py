"""Admin of the CRM procedure.

Validation states are read-only here: a validation is a call or a review recorded by the
services (with its call row and bitácora event), so the admin offers no transition buttons.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comercial.crm.models import (
    Actividad,
    AvisoSeguimiento,
    Importacion,
    LlamadaVerificacion,
    Marca,
    MetaMensual,
    PerfilAsesor,
    Prospecto,
)


@admin.register(Marca)
class MarcaAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "organizacion", "gerente", "activa"]
    list_filter = ["organizacion", "activa"]
    search_fields = ["nombre"]


@admin.register(PerfilAsesor)
class PerfilAsesorAdmin(SimpleHistoryAdmin):
    list_display = ["nombre_spiga", "codigo_spiga", "usuario", "marca", "gerente", "activo"]
    list_filter = ["organizacion", "marca", "activo"]
    search_fields = ["nombre_spiga", "codigo_spiga", "usuario__email"]
    autocomplete_fields = ["usuario", "gerente"]


@admin.register(MetaMensual)
class MetaMensualAdmin(SimpleHistoryAdmin):
    list_display = ["marca", "periodo", "prospectos_validos", "actividades_validas"]
    search_fields = ("marca__nombre",)
    list_filter = ["organizacion", "marca"]
    date_hierarchy = "periodo"


@admin.register(Importacion)
class ImportacionAdmin(admin.ModelAdmin):
    list_display = [
        "creada",
        "tipo",
        "nombre_archivo",
        "importado_por",
        "filas",
        "nuevas",
        "actualizadas",
        "sin_cambios",
    ]
    search_fields = ("nombre_archivo", "sha256", "importado_por__email")
    list_filter = ["organizacion", "tipo"]
    readonly_fields = [f.name for f in Importacion._meta.fields]

    def has_add_permission(self, request):
        return False  # imports go through the upload page (validation, all-or-nothing)


@admin.register(Prospecto)
class ProspectoAdmin(SimpleHistoryAdmin):
    list_display = ["id_spiga", "fecha", "cliente", "asesor", "marca", "estado", "ultimo_seguimiento"]
    list_filter = ["organizacion", "marca", "estado"]
    search_fields = ["id_spiga", "cliente", "documento", "telefono"]
    date_hierarchy = "fecha"
    raw_id_fields = ["importacion", "asesor", "validado_por"]
    readonly_fields = [
        "estado",
        "validado_por",
        "validado_en",
        "llamadas_verificacion",
        "n_llamadas",
        "n_cotizaciones",
        "n_visitas",
        "n_pruebas",
        "n_otros",
        "ultimo_seguimiento",
        "mes",
        "referencia",
    ]


@admin.register(LlamadaVerificacion)
class LlamadaVerificacionAdmin(admin.ModelAdmin):
    list_display = ["prospecto", "realizada_en", "realizada_por", "resultado", "recibio_asesoria"]
    search_fields = ("prospecto__id_spiga", "prospecto__cliente", "notas")
    list_filter = ["resultado"]
    raw_id_fields = ["prospecto"]


@admin.register(Actividad)
class ActividadAdmin(SimpleHistoryAdmin):
    list_display = ["id_spiga", "tipo", "fecha_programada", "asesor", "estado_spiga", "validacion", "aviso"]
    list_filter = ["organizacion", "marca", "tipo", "estado_spiga", "validacion"]
    search_fields = ["id_spiga", "comentario", "prospecto__id_spiga"]
    date_hierarchy = "fecha_programada"
    raw_id_fields = ["importacion", "prospecto", "asesor", "validada_por", "aviso"]
    readonly_fields = ["validacion", "validada_por", "validada_en"]


@admin.register(AvisoSeguimiento)
class AvisoSeguimientoAdmin(admin.ModelAdmin):
    list_display = ["enviado_en", "asesor", "actividades_count", "enviado_por"]
    search_fields = ("asesor__email", "asesor__first_name", "asesor__last_name")
    list_filter = ("enviado_en",)
    readonly_fields = ["organizacion", "asesor", "enviado_por", "enviado_en", "actividades_count", "clave"]
