"""A long action is sent once and says it is working, under the Content-Security-Policy (static/js/procesando.js)."""

import pytest

from tests.enlace.factories import UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)

VIGILAR_VIOLACIONES = """
window.__violacionesCsp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violacionesCsp.push(e.violatedDirective));
"""


def test_a_post_form_is_sent_once_and_shows_procesando(pagina, entrar):
    usuario = UsuarioFactory()
    usuario.set_password("Clave-segura-2026")
    usuario.save()
    entrar(usuario.email, "Clave-segura-2026")
    enviados = []

    def responder(ruta):  # 204: the browser stays on the page, as while a long action is still running
        if ruta.request.method == "POST":
            enviados.append(ruta.request.url)
            ruta.fulfill(status=204)
        else:
            ruta.continue_()

    pagina.add_init_script(VIGILAR_VIOLACIONES)
    pagina.route("**/cuentas/password_change/", responder)
    pagina.goto("/cuentas/password_change/")
    pagina.locator("[name=old_password]").fill("Clave-segura-2026")
    pagina.locator("[name=new_password1]").fill("Otra-clave-2026-x")
    pagina.locator("[name=new_password2]").fill("Otra-clave-2026-x")
    pagina.get_by_role("button", name="Cambiar contraseña").click()
    procesando = pagina.locator("main form button[aria-busy=true]")
    assert procesando.inner_text() == "Procesando…"
    procesando.click(force=True)  # aria-disabled: a real click still reaches the form
    procesando.click(force=True)  # aria-disabled: a real click still reaches the form
    pagina.wait_for_timeout(300)
    assert len(enviados) == 1
    assert pagina.evaluate("window.__violacionesCsp") == []
