from django.contrib import admin
from django_fsm.admin import FSMAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from comercial.empresas import models


class ContactoInline(admin.TabularInline):
    model = models.ContactoEmpresa
    extra = 0


class LineaInline(admin.TabularInline):
    model = models.LineaVenta
    extra = 0


class DocumentoInline(admin.TabularInline):
    model = models.DocumentoVenta
    extra = 0
    readonly_fields = ["subido_en"]


@admin.register(models.Empresa)
class EmpresaAdmin(SimpleHistoryAdmin):
    list_display = ["razon_social", "nit", "giro", "localidad", "situacion", "ejecutivo"]
    list_filter = ["organizacion", "giro", "situacion"]
    search_fields = ["razon_social", "nit", "localidad"]
    raw_id_fields = ["ejecutivo"]
    inlines = [ContactoInline]


@admin.register(models.Producto)
class ProductoAdmin(SimpleHistoryAdmin):
    list_display = ["codigo", "nombre", "tipo", "velocidad_mbps", "costo_instalacion", "tarifa_mensual", "activo"]
    list_filter = ["organizacion", "tipo", "activo"]
    search_fields = ["codigo", "nombre"]


@admin.register(models.PlanMensual)
class PlanMensualAdmin(SimpleHistoryAdmin):
    list_display = ["mes", "ejecutivo", "modalidad", "meta_captaciones", "meta_ventas_cartera", "meta_facturacion"]
    list_filter = ["organizacion", "modalidad", "mes"]


@admin.register(models.Venta)
class VentaAdmin(FSMAdminMixin, SimpleHistoryAdmin):
    fsm_fields = ["estado"]
    list_display = ["id", "empresa", "flujo", "estado", "ejecutivo", "tarifa_mensual_total", "creada"]
    list_filter = ["organizacion", "flujo", "estado"]
    search_fields = ["empresa__razon_social", "empresa__nit", "numero_smartflex"]
    raw_id_fields = ["empresa", "ejecutivo", "gestor_comercial", "gestor_tecnico", "vobo_por", "digitada_por"]
    readonly_fields = ["estado", "cantidad_lineas", "costo_instalacion_total", "tarifa_mensual_total"]
    inlines = [LineaInline, DocumentoInline]


@admin.register(models.Visita)
class VisitaAdmin(SimpleHistoryAdmin):
    list_display = ["fecha", "hora", "empresa", "persona", "ejecutivo", "realizada"]
    list_filter = ["organizacion", "realizada"]


@admin.register(models.Interaccion)
class InteraccionAdmin(admin.ModelAdmin):
    list_display = ["fecha", "empresa", "canal", "usuario"]
    list_filter = ["organizacion", "canal"]
    search_fields = ["empresa__razon_social", "resultado"]
    raw_id_fields = ["empresa", "venta", "usuario"]


@admin.register(models.OrdenTrabajo)
class OrdenTrabajoAdmin(FSMAdminMixin, SimpleHistoryAdmin):
    fsm_fields = ["estado"]
    list_display = ["id", "venta", "descripcion", "fecha_compromiso", "estado"]
    list_filter = ["estado"]
    readonly_fields = ["estado"]


@admin.register(models.FacturacionMensual)
class FacturacionMensualAdmin(admin.ModelAdmin):
    list_display = ["mes", "empresa", "monto", "origen"]
    list_filter = ["organizacion", "origen", "mes"]
    raw_id_fields = ["empresa"]


@admin.register(models.InformeEjecutivo)
class InformeEjecutivoAdmin(admin.ModelAdmin):
    list_display = ["mes", "ejecutivo", "captaciones", "ventas_cartera", "analizado_en"]
    list_filter = ["organizacion", "mes"]


@admin.register(models.InformeResponsable)
class InformeResponsableAdmin(admin.ModelAdmin):
    list_display = ["mes", "facturacion_mes", "facturacion_anterior", "variacion_pct", "banda"]
    list_filter = ["organizacion"]
