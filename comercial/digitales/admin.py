from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comercial.digitales.models import (
    ClienteComteco,
    IntentoContacto,
    OrdenInstalacion,
    RegistroImpedimento,
    RequisitoAdjunto,
    SolicitudDigital,
)
from comercial.digitales.views import ACCIONES, ACCIONES_ORDEN
from enlace.acciones_admin import AccionesAdminMixin, acciones_de


class IntentoInline(admin.TabularInline):
    model = IntentoContacto
    extra = 0
    readonly_fields = ["cuando", "agente", "resultado", "nota"]
    can_delete = False


class AdjuntoInline(admin.TabularInline):
    model = RequisitoAdjunto
    extra = 0
    readonly_fields = ["requisito", "nombre_original", "subido_por", "subido"]
    exclude = ["archivo"]  # private files are served only through the console's checked view
    can_delete = False


@admin.register(SolicitudDigital)
class SolicitudDigitalAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    """The transitions a user runs, as buttons through the same services as the console; the steps
    of the console that are not transitions (protocol, NAF and GIS queries, attachments) stay there."""

    argumento_servicio = "solicitud"
    acciones_admin = acciones_de(ACCIONES)
    readonly_fields = ["estado"]
    list_display = [
        "numero_de_solicitud",
        "recibida",
        "canal",
        "nombre_cliente",
        "telefono",
        "producto",
        "estado",
        "agente",
    ]
    list_filter = ["estado", "canal", "producto", "organizacion"]
    search_fields = ["nombre_cliente", "telefono", "carnet", "lead_id"]
    list_select_related = ["agente", "producto"]
    raw_id_fields = ["agente", "digitada_por", "controlada_por", "producto"]
    exclude = ["contrato_firmado"]  # private: served only through the console's checked view
    date_hierarchy = "recibida"
    inlines = [IntentoInline, AdjuntoInline]

    @admin.display(description="número", ordering="id")
    def numero_de_solicitud(self, solicitud):
        return solicitud.numero


@admin.register(IntentoContacto)
class IntentoContactoAdmin(admin.ModelAdmin):
    list_display = ["solicitud", "cuando", "resultado", "agente"]
    search_fields = ("solicitud__nombre_cliente", "solicitud__telefono", "nota")
    list_filter = ["resultado"]
    raw_id_fields = ["solicitud", "agente"]


@admin.register(RequisitoAdjunto)
class RequisitoAdjuntoAdmin(SimpleHistoryAdmin):
    list_display = ["solicitud", "requisito", "nombre_original", "subido_por", "subido"]
    search_fields = ("solicitud__nombre_cliente", "nombre_original")
    list_filter = ("requisito",)
    raw_id_fields = ["solicitud", "subido_por"]
    exclude = ["archivo"]


@admin.register(RegistroImpedimento)
class RegistroImpedimentoAdmin(SimpleHistoryAdmin):
    list_display = ["carnet", "tipo", "detalle", "monto_bs", "organizacion", "importado"]
    list_filter = ["tipo", "organizacion"]
    search_fields = ["carnet", "detalle"]


@admin.register(OrdenInstalacion)
class OrdenInstalacionAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    """Closing an order runs the same services as its page."""

    argumento_servicio = "orden"
    acciones_admin = acciones_de(ACCIONES_ORDEN)
    readonly_fields = ["estado"]
    list_display = ["codigo_de_orden", "solicitud", "fecha_estimada", "estado", "cerrada_en", "organizacion"]
    list_filter = ["estado", "organizacion"]
    search_fields = ["solicitud__nombre_cliente", "solicitud__telefono", "solicitud__carnet"]
    list_select_related = ["solicitud", "organizacion"]
    raw_id_fields = ["solicitud", "abierta_por", "cerrada_por"]
    date_hierarchy = "fecha_estimada"

    @admin.display(description="orden", ordering="id")
    def codigo_de_orden(self, orden):
        return orden.codigo


@admin.register(ClienteComteco)
class ClienteComtecoAdmin(admin.ModelAdmin):
    list_display = ["numero_contrato", "nombre", "carnet", "telefono", "servicios", "organizacion"]
    list_filter = ["organizacion"]
    search_fields = ["numero_contrato", "nombre", "carnet", "telefono"]
