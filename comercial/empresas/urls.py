from django.urls import path

from comercial.empresas import views

app_name = "empresas"
urlpatterns = [
    path("", views.inicio, name="inicio"),
]
