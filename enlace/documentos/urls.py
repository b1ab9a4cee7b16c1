from django.urls import path

from enlace.documentos import views

urlpatterns = [
    path("", views.inicio, name="verificar_inicio"),
    path("<str:codigo>/", views.verificar, name="verificar"),
]
