from django.urls import path

from enlace.notificaciones import views

app_name = "notificaciones"
urlpatterns = [
    path("", views.lista, name="lista"),
    path("campana/", views.campana, name="campana"),
    path("<int:pk>/leer/", views.marcar_leida, name="marcar_leida"),
    path("leer-todas/", views.marcar_todas_leidas, name="marcar_todas_leidas"),
]
