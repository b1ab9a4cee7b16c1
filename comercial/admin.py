from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comercial.models import ZonaCobertura


@admin.register(ZonaCobertura)
class ZonaCoberturaAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "organizacion", "tecnologia", "velocidad_max_mbps", "activa"]
    list_filter = ["organizacion", "tecnologia", "activa"]
    search_fields = ["nombre", "localidades"]
