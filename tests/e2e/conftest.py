"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium the tests are skipped with a visible reason, except under
CI=true, where a missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGUMENTOS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API keeps an event loop running in this thread; the ORM calls
# made by the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def navegador():
    if not os.path.exists(CHROMIUM):
        mensaje = f"Pruebas de navegador omitidas: no se encontró Chromium en {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI") == "true":
            pytest.fail(mensaje.replace("omitidas", "fallidas en CI"))
        pytest.skip(mensaje)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTOS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador, live_server):
    contexto = navegador.new_context(locale="es-MX", base_url=live_server.url)
    contexto.set_default_timeout(10_000)
    page = contexto.new_page()
    yield page
    contexto.close()


@pytest.fixture
def entrar(pagina):
    """Log in through the real form."""

    def entrar_como(email, contrasena):
        pagina.goto("/cuentas/login/")
        pagina.get_by_label("Correo electrónico").fill(email)
        pagina.get_by_label("Contraseña").fill(contrasena)
        pagina.get_by_role("button", name="Entrar").click()
        pagina.wait_for_load_state("domcontentloaded")
        return pagina

    return entrar_como
