import re

import pytest
from playwright.sync_api import expect

from enlace.notificaciones import services
from tests.enlace.factories import CONTRASENA, UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_la_campana_cuenta_y_se_actualiza_al_marcar_como_leida(pagina, entrar):
    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    services.notificar(destinatarios=[usuario], titulo="Apartado nuevo: VIN 1HGCM82633A004352", cuerpo="Validar")
    services.notificar(destinatarios=[usuario], titulo="Unidad disponible otra vez", cuerpo="Liberada")
    pagina.clock.install()  # lets the test advance htmx's 30-second polling
    entrar(usuario.email, CONTRASENA)
    campana = pagina.locator("#campana")
    campana.locator(".contador").wait_for()  # loaded by htmx after the page
    assert campana.locator(".contador").inner_text() == "2"

    campana.click()
    pagina.wait_for_url(re.compile(r"/notificaciones/$"))
    assert pagina.get_by_text("Apartado nuevo: VIN 1HGCM82633A004352").is_visible()
    pagina.get_by_role("button", name=re.compile("Marcar como leída")).first.click()
    expect(pagina.locator("#campana .contador")).to_have_text("1")

    # A notification created meanwhile shows up at the next 30-second poll, without reloading.
    services.notificar(destinatarios=[usuario], titulo="Cierre de operación", cuerpo="Folio 17")
    pagina.clock.run_for(31_000)
    expect(pagina.locator("#campana .contador")).to_have_text("2")
