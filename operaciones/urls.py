from django.urls import path

from operaciones.views import apartados

app_name = "operaciones"
urlpatterns = [
    path("", apartados.inicio, name="inicio"),
    path("inventario/", apartados.inventario, name="inventario"),
    path("unidades/<int:pk>/", apartados.unidad, name="unidad"),
    path("unidades/<int:pk>/apartar/", apartados.apartar, name="apartar"),
    path("unidades/<int:pk>/historial/", apartados.historial_unidad, name="historial_unidad"),
    path("unidades/<int:pk>/fotos/", apartados.subir_foto, name="subir_foto"),
    path("unidades/<int:pk>/fotos/<int:foto_pk>/", apartados.foto, name="foto"),
    path("apartados/", apartados.apartados, name="apartados"),
    path("apartados/<int:pk>/", apartados.apartado, name="apartado"),
    path("apartados/<int:pk>/confirmar/", apartados.confirmar, name="confirmar"),
    path("apartados/<int:pk>/validar/", apartados.validar, name="validar"),
    path("apartados/<int:pk>/liberar/", apartados.liberar, name="liberar"),
    path("apartados/<int:pk>/cancelar/", apartados.cancelar, name="cancelar"),
    path("apartados/<int:pk>/adjunto/", apartados.adjunto, name="adjunto"),
    path("cop/bandeja/", apartados.bandeja, name="bandeja"),
    path("cop/red/", apartados.red, name="red"),
    path("concesionario/inventario/", apartados.mi_inventario, name="mi_inventario"),
    path("antiguedad/", apartados.antiguedad, name="antiguedad"),
    path("antiguedad/<int:pk>/estrategia/", apartados.estrategia, name="estrategia"),
    # --- negociacion: descuentos y financiamiento ---
    # --- tradein ---
    # --- entrega: entrega, documentos, pago, factura, proveedores, directorio ---
    # --- cierre: cierre de operación y encuesta ---
    # --- comisiones ---
    # --- desempeno: coaching, desempeño y ranking ---
    # --- supervision: cuellos de botella, operaciones estancadas, retiros en revisión ---
]
