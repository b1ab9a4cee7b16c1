from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comercial.models import Producto, ZonaCobertura


@admin.register(ZonaCobertura)
class ZonaCoberturaAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "organizacion", "tecnologia", "velocidad_max_mbps", "activa"]
    list_filter = ["organizacion", "tecnologia", "activa"]
    search_fields = ["nombre", "localidades"]


@admin.register(Producto)
class ProductoAdmin(SimpleHistoryAdmin):
    """The shared COMTECO catalogue; the Responsables also edit it in Ventas Digitales › Catálogo."""

    list_display = [
        "codigo",
        "nombre",
        "organizacion",
        "canal",
        "eta_min_dias",
        "eta_max_dias",
        "vendido_digitalmente",
        "activo",
    ]
    list_filter = ["organizacion", "canal", "activo", "vendido_digitalmente"]
    search_fields = ["codigo", "nombre"]
