from django.urls import include, path

app_name = "comercial"
urlpatterns = [
    path("empresas/", include("comercial.empresas.urls")),
    path("digitales/", include("comercial.digitales.urls")),
    path("crm/", include("comercial.crm.urls")),
]
