from django.urls import path

from atencion import views

app_name = "atencion"
urlpatterns = [
    path("", views.inicio, name="inicio"),
]
