from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from enlace import views
from enlace.documentos import views_preparados
from enlace.forms import LoginForm, NuevaContrasenaForm
from enlace.notificaciones.formularios import RestablecerContrasenaForm
from enlace.red import limitar

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("salud/", views.salud, name="salud"),
    path("favicon.ico", views.favicon),
    path(
        "cuentas/login/",
        limitar("LIMITE_INICIO_SESION")(
            auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path(
        "cuentas/password_reset/",
        limitar("LIMITE_RESTABLECER")(auth_views.PasswordResetView.as_view(form_class=RestablecerContrasenaForm)),
        name="password_reset",
    ),
    path(
        "cuentas/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NuevaContrasenaForm),
        name="password_reset_confirm",
    ),
    path("cuentas/perfil/", views.perfil, name="perfil"),
    path("cuentas/", include("django.contrib.auth.urls")),
    path("notificaciones/", include("enlace.notificaciones.urls")),
    path("bitacora/", views.bitacora, name="bitacora"),
    path("verificar/", include("enlace.documentos.urls")),
    path("pdf/<uuid:pk>/", views_preparados.pagina, name="pdf_preparado"),
    path("pdf/<uuid:pk>/descargar/", views_preparados.descargar, name="pdf_preparado_descargar"),
    path("operaciones/", include("operaciones.urls")),
    path("comercial/", include("comercial.urls")),
    path("atencion/", include("atencion.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Administración de Enlace"
admin.site.site_title = "Enlace"
admin.site.index_title = "Administración"
