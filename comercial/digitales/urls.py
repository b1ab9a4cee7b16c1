from django.urls import path

from comercial.digitales import views

app_name = "digitales"
urlpatterns = [
    path("", views.inicio, name="inicio"),
]
