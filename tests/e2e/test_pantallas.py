"""Every demo role's home and menu pages, on a phone and on a desk: nothing pans sideways and
no raw template text leaks onto the page.

One demo load, one browser, one login per role; the failures of all roles are reported together.
"""

import io

import pytest
from django.core.management import call_command

from enlace import roles
from enlace.management.commands.demo import CONTRASENA_DEMO, DOMINIO_DEMO, correo_demo

pytestmark = pytest.mark.django_db(transaction=True)

PANTALLAS = ({"width": 390, "height": 844}, {"width": 1366, "height": 768})
RESTOS_DE_PLANTILLA = ("{{", "{%", "None", "[object")
MEDIR = """() => ({
    ancho: document.documentElement.scrollWidth,
    vista: window.innerWidth,
    texto: document.body.innerText,
    actual: document.querySelectorAll('nav.menu-lateral a[aria-current="page"]').length,
})"""


def _paginas_del_menu(pagina):
    enlaces = pagina.eval_on_selector_all("nav.menu-lateral a", "enlaces => enlaces.map(a => a.getAttribute('href'))")
    return [href for href in enlaces if not href.startswith("/admin/")]


def _revisar(pagina, ruta, pantalla):
    """The problems of one page at one size (an empty list when it is fine)."""
    respuesta = pagina.goto(ruta)
    if respuesta is None or respuesta.status >= 400:
        return [f"{ruta} respondió {respuesta.status if respuesta else 'nada'}"]
    medida = pagina.evaluate(MEDIR)
    problemas = []
    if medida["ancho"] > medida["vista"]:
        problemas.append(f"{ruta} a {pantalla['width']} px se desplaza de lado ({medida['ancho']} px)")
    restos = [resto for resto in RESTOS_DE_PLANTILLA if resto in medida["texto"]]
    if restos:
        problemas.append(f"{ruta} muestra texto de plantilla {restos}")
    return problemas


def _usuarios_demo():
    return [correo_demo(rol.codigo) for rol in roles.ROLES] + [f"admin@{DOMINIO_DEMO}"]


def test_cada_rol_ve_sus_paginas_sin_desplazamiento_lateral(navegador, live_server):
    call_command("demo", stdout=io.StringIO())
    problemas = []
    for correo in _usuarios_demo():
        contexto = navegador.new_context(locale="es-MX", base_url=live_server.url, viewport=PANTALLAS[0])
        contexto.set_default_timeout(20_000)
        pagina = contexto.new_page()
        pagina.goto("/cuentas/login/")
        pagina.get_by_label("Correo electrónico").fill(correo)
        pagina.get_by_label("Contraseña").fill(CONTRASENA_DEMO)
        pagina.get_by_role("button", name="Entrar").click()
        pagina.wait_for_load_state("domcontentloaded")
        inicio = pagina.url.removeprefix(live_server.url)
        rutas = [inicio] if inicio.startswith("/admin/") else [inicio, *_paginas_del_menu(pagina)]
        for pantalla in PANTALLAS:
            pagina.set_viewport_size(pantalla)
            for ruta in dict.fromkeys(rutas):
                problemas += [f"{correo}: {problema}" for problema in _revisar(pagina, ruta, pantalla)]
        contexto.close()
    assert not problemas, "\n".join(problemas)


def test_el_menu_marca_la_pagina_actual_y_cuenta_lo_pendiente(navegador, live_server):
    call_command("demo", stdout=io.StringIO())
    contexto = navegador.new_context(locale="es-MX", base_url=live_server.url, viewport=PANTALLAS[0])
    pagina = contexto.new_page()
    pagina.goto("/cuentas/login/")
    pagina.get_by_label("Correo electrónico").fill(correo_demo("cop"))
    pagina.get_by_label("Contraseña").fill(CONTRASENA_DEMO)
    pagina.get_by_role("button", name="Entrar").click()

    menu = pagina.locator("nav.menu-lateral")
    assert not menu.is_visible()  # a phone: folded behind the «Menú» button
    pagina.get_by_label("Menú").click()
    assert menu.is_visible()
    actual = menu.locator('a[aria-current="page"]')
    assert actual.count() == 1 and actual.inner_text().startswith("Bandeja del COP")
    assert int(actual.locator(".menu-contador").inner_text()) > 0

    menu.get_by_role("link", name="Inventario de la red").click()
    pagina.wait_for_url("**/operaciones/inventario/")
    assert pagina.title() == "Inventario de la red · Operaciones · Enlace"
    assert pagina.locator("h1").inner_text() == "Inventario de la red"

    pagina.set_viewport_size(PANTALLAS[1])
    assert pagina.locator("nav.menu-lateral").is_visible()  # a desk: the sidebar, no button
    assert not pagina.get_by_label("Menú").is_visible()
    contexto.close()
