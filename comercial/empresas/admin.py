"""The admin: data upkeep, and the transitions as buttons that run the same services as the pages
(``enlace.acciones_admin``), so the admin gets the same guards, events and notifications."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comercial.empresas import models
from comercial.empresas.views.acciones_venta import ACCIONES
from comercial.empresas.views.derivaciones import ACCIONES_DERIVACION
from comercial.empresas.views.ordenes import ACCIONES_ORDEN
from enlace.acciones_admin import AccionesAdminMixin, acciones_de


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
    search_fields = ("ejecutivo__email", "ejecutivo__first_name", "ejecutivo__last_name")
    list_filter = ["organizacion", "modalidad", "mes"]


@admin.register(models.Venta)
class VentaAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    argumento_servicio = "venta"
    acciones_admin = acciones_de(ACCIONES)
    list_display = ["id", "empresa", "flujo", "estado", "ejecutivo", "tarifa_mensual_total", "creada"]
    list_filter = ["organizacion", "flujo", "estado"]
    search_fields = ["empresa__razon_social", "empresa__nit", "numero_smartflex"]
    raw_id_fields = ["empresa", "ejecutivo", "gestor_comercial", "gestor_tecnico", "vobo_por", "digitada_por"]
    readonly_fields = ["estado", "cantidad_lineas", "costo_instalacion_total", "tarifa_mensual_total"]
    inlines = [LineaInline, DocumentoInline]


@admin.register(models.Visita)
class VisitaAdmin(SimpleHistoryAdmin):
    list_display = ["fecha", "hora", "empresa", "persona", "ejecutivo", "realizada"]
    search_fields = ("empresa__razon_social", "persona", "ejecutivo__email")
    list_filter = ["organizacion", "realizada"]


@admin.register(models.Interaccion)
class InteraccionAdmin(admin.ModelAdmin):
    list_display = ["fecha", "empresa", "canal", "usuario"]
    search_fields = ("ticket__asunto", "contenido", "externo_id")
    list_filter = ["organizacion", "canal"]
    search_fields = ["empresa__razon_social", "resultado"]
    raw_id_fields = ["empresa", "venta", "usuario"]


@admin.register(models.OrdenTrabajo)
class OrdenTrabajoAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    argumento_servicio = "orden"
    acciones_admin = acciones_de(ACCIONES_ORDEN)
    list_display = ["id", "venta", "descripcion", "fecha_compromiso", "estado"]
    search_fields = ("descripcion", "venta__empresa__razon_social")
    list_filter = ["estado"]
    readonly_fields = ["estado"]


@admin.register(models.FacturacionMensual)
class FacturacionMensualAdmin(admin.ModelAdmin):
    list_display = ["mes", "empresa", "monto", "origen"]
    search_fields = ("empresa__razon_social", "empresa__nit")
    list_filter = ["organizacion", "origen", "mes"]
    raw_id_fields = ["empresa"]


@admin.register(models.InformeEjecutivo)
class InformeEjecutivoAdmin(admin.ModelAdmin):
    list_display = ["mes", "ejecutivo", "captaciones", "ventas_cartera", "analizado_en"]
    search_fields = ("ejecutivo__email", "ejecutivo__first_name", "ejecutivo__last_name")
    list_filter = ["organizacion", "mes"]


@admin.register(models.InformeResponsable)
class InformeResponsableAdmin(admin.ModelAdmin):
    list_display = ["mes", "facturacion_mes", "facturacion_anterior", "variacion_pct", "banda"]
    search_fields = ("analisis", "emitido_por__email")
    list_filter = ["organizacion"]


@admin.register(models.TipoOrden)
class TipoOrdenAdmin(SimpleHistoryAdmin):
    list_display = ["nombre", "dias_estandar", "activo", "organizacion"]
    search_fields = ("nombre",)
    list_filter = ["organizacion", "activo"]


@admin.register(models.Derivacion)
class DerivacionAdmin(AccionesAdminMixin, SimpleHistoryAdmin):
    argumento_servicio = "derivacion"
    acciones_admin = acciones_de(ACCIONES_DERIVACION)
    list_display = ["id", "venta", "estado", "prioridad", "derivada_en", "vence_el"]
    search_fields = ("venta__empresa__razon_social", "venta__empresa__nit", "observaciones")
    list_filter = ["organizacion", "estado", "prioridad"]
    readonly_fields = ["estado", "venta", "servicios", "documentos"]
