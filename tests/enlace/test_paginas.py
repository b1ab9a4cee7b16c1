"""Smoke test: every page of the core renders for every role (or refuses with 403 where it must)."""

import pytest
from django.urls import reverse

from enlace import roles
from tests.enlace.factories import UsuarioFactory

pytestmark = pytest.mark.django_db

PAGINAS_COMUNES = ["perfil", "password_change", "notificaciones:lista", "notificaciones:campana"]


@pytest.mark.parametrize("rol", roles.ROLES, ids=lambda rol: rol.codigo)
def test_paginas_del_nucleo_por_rol(client, rol):
    client.force_login(UsuarioFactory(rol=rol.codigo))
    for nombre in PAGINAS_COMUNES:
        assert client.get(reverse(nombre)).status_code == 200, nombre
    esperado = 200 if "enlace.ver_bitacora" in rol.permisos else 403
    assert client.get(reverse("bitacora")).status_code == esperado
    respuesta = client.get(reverse(rol.inicio), follow=True)  # a module home may route each role onward
    assert respuesta.status_code == 200
    inicio = respuesta.content.decode()
    assert rol.nombre in inicio
    assert 'id="campana"' in inicio


def test_paginas_publicas(client):
    for nombre in ["login", "password_reset", "password_reset_done", "password_reset_complete", "salud"]:
        assert client.get(reverse(nombre)).status_code == 200, nombre


def test_admin_abre_cada_modelo_del_nucleo(client, admin_usuario):
    client.force_login(admin_usuario)
    for modelo in ["organizacion", "usuario", "evento", "notificacion", "correosaliente"]:
        assert client.get(reverse(f"admin:enlace_{modelo}_changelist")).status_code == 200, modelo
    assert client.get(reverse("admin:enlace_evento_add")).status_code == 403


def test_favicon_en_cada_pagina_y_en_la_raiz(client):
    assert 'rel="icon"' in client.get(reverse("login")).content.decode()
    respuesta = client.get("/favicon.ico")
    assert respuesta.status_code == 301
    assert respuesta["Location"].endswith(".svg")
