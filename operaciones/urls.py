from django.urls import path

from operaciones import views

app_name = "operaciones"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("inventario/", views.inventario, name="inventario"),
    path("unidades/<int:pk>/", views.unidad, name="unidad"),
    path("unidades/<int:pk>/apartar/", views.apartar, name="apartar"),
    path("unidades/<int:pk>/historial/", views.historial_unidad, name="historial_unidad"),
    path("unidades/<int:pk>/fotos/", views.subir_foto, name="subir_foto"),
    path("unidades/<int:pk>/fotos/<int:foto_pk>/", views.foto, name="foto"),
    path("apartados/", views.apartados, name="apartados"),
    path("apartados/<int:pk>/", views.apartado, name="apartado"),
    path("apartados/<int:pk>/confirmar/", views.confirmar, name="confirmar"),
    path("apartados/<int:pk>/validar/", views.validar, name="validar"),
    path("apartados/<int:pk>/liberar/", views.liberar, name="liberar"),
    path("apartados/<int:pk>/cancelar/", views.cancelar, name="cancelar"),
    path("apartados/<int:pk>/adjunto/", views.adjunto, name="adjunto"),
    path("cop/bandeja/", views.bandeja, name="bandeja"),
    path("cop/red/", views.red, name="red"),
    path("concesionario/inventario/", views.mi_inventario, name="mi_inventario"),
    path("antiguedad/", views.antiguedad, name="antiguedad"),
    path("antiguedad/<int:pk>/estrategia/", views.estrategia, name="estrategia"),
]
