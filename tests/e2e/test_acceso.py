import re
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from enlace import roles
from enlace.management.commands.demo import CONTRASENA_DEMO, DOMINIO_DEMO, cargar_base, correo_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    cargar_base()  # the logins only: each app's data is not needed to reach the homes


@pytest.mark.parametrize("rol", roles.ROLES, ids=lambda rol: rol.codigo)
def test_cada_rol_entra_y_llega_a_su_inicio(demo, entrar, rol):
    pagina = entrar(correo_demo(rol.codigo), CONTRASENA_DEMO)
    assert urlparse(pagina.url).path.startswith(reverse(rol.inicio))  # the module may route the role onward
    assert pagina.locator('nav.menu-lateral a[aria-current="page"]').count() == 1  # the menu marks the landing page
    assert pagina.locator("h1").first.inner_text()


def test_administrador_llega_al_admin(demo, entrar):
    pagina = entrar(f"admin@{DOMINIO_DEMO}", CONTRASENA_DEMO)
    assert pagina.url.endswith(reverse("admin:index"))
    assert "Administración de Enlace" in pagina.content()


def test_contrasena_incorrecta_y_bloqueo_tras_cinco_intentos(demo, entrar):
    for _ in range(5):
        pagina = entrar(correo_demo("cop"), "incorrecta")
        assert pagina.get_by_role("alert").first.is_visible()
    pagina = entrar(correo_demo("cop"), CONTRASENA_DEMO)
    assert "Acceso bloqueado temporalmente" in pagina.content()
    assert re.search(r"/cuentas/login/$", pagina.url)


def test_cerrar_sesion(demo, entrar):
    pagina = entrar(correo_demo("agente"), CONTRASENA_DEMO)
    pagina.locator("details.dropdown summary").click()
    pagina.get_by_role("button", name="Cerrar sesión").click()
    pagina.wait_for_url(re.compile(r"/cuentas/login/"))
    pagina.goto(reverse("atencion:inicio"))
    assert "/cuentas/login/" in pagina.url
