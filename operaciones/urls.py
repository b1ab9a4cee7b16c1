from django.urls import path

from operaciones import views

app_name = "operaciones"
urlpatterns = [
    path("", views.inicio, name="inicio"),
]
