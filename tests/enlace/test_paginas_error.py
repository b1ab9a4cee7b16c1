"""Error and lockout pages speak Spanish, the admin's login included."""

import pytest
from django.test import Client
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_404_and_403_pages_are_spanish(client, crear_usuario, rf):
    respuesta = client.get("/no-existe/")
    assert respuesta.status_code == 404 and "Página no encontrada" in respuesta.content.decode()
    client.force_login(crear_usuario("asesor"))
    respuesta = client.get(reverse("admin:index"))
    assert respuesta.status_code == 302  # not staff: the admin sends to its own Spanish login
    assert "Acceso denegado" in defaults.permission_denied(rf.get("/"), Exception()).content.decode()


def test_500_page_is_spanish_and_standalone(rf):
    html = defaults.server_error(rf.get("/")).content.decode()
    assert "Algo salió mal" in html and "No se guardó ningún cambio" in html


def test_the_admin_login_lockout_is_spanish(settings, crear_usuario):
    settings.LIMITE_INICIO_SESION = "1000/m"
    usuario = crear_usuario(None, is_staff=True)
    cliente = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        respuesta = cliente.post(reverse("admin:login"), {"username": usuario.email, "password": "mala"})
    html = respuesta.content.decode()
    assert respuesta.status_code == 429 and "Acceso bloqueado temporalmente" in html
    assert "Account locked" not in html
