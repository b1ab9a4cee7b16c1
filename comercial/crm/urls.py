from django.urls import path

from comercial.crm import views

app_name = "crm"
urlpatterns = [
    path("", views.inicio, name="inicio"),
]
