from django.urls import path

from comercial import views

app_name = "comercial"
urlpatterns = [
    path("empresas/", views.empresas, name="empresas"),
    path("digitales/", views.digitales, name="digitales"),
    path("crm/", views.crm, name="crm"),
]
