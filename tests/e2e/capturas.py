"""The README's screenshots, taken from a running server with the demo loaded (`make capturas`).

python -m tests.e2e.capturas http://127.0.0.1:8765 docs/img
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import django
from playwright.sync_api import sync_playwright

from tests.e2e.conftest import ARGUMENTOS, CHROMIUM

ESCRITORIO = {"width": 1366, "height": 768}
TELEFONO = {"width": 390, "height": 844}


def _esperar(base, segundos=60):
    limite = time.monotonic() + segundos
    while True:
        try:
            urllib.request.urlopen(f"{base}/cuentas/login/", timeout=5)  # noqa: S310 - our own http server
            return
        except OSError:
            if time.monotonic() > limite:
                raise
            time.sleep(1)


def _entrar(navegador, base, rol, pantalla):
    from enlace.management.commands.demo import CONTRASENA_DEMO, correo_demo

    contexto = navegador.new_context(locale="es-MX", base_url=base, viewport=pantalla, device_scale_factor=1)
    contexto.set_default_timeout(30_000)
    pagina = contexto.new_page()
    pagina.goto("/cuentas/login/")
    pagina.get_by_label("Correo electrónico").fill(correo_demo(rol))
    pagina.get_by_label("Contraseña").fill(CONTRASENA_DEMO)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_load_state("networkidle")
    return contexto, pagina


def _captura(navegador, base, rol, ruta, pantalla, destino):
    contexto, pagina = _entrar(navegador, base, rol, pantalla)
    pagina.goto(ruta)
    pagina.wait_for_load_state("networkidle")
    pagina.screenshot(path=destino)
    contexto.close()


def _primer_enlace(navegador, base, rol, ruta, patron):
    """The first link on a page whose address matches ``patron`` (the demo's ids vary)."""
    contexto, pagina = _entrar(navegador, base, rol, ESCRITORIO)
    pagina.goto(ruta)
    enlaces = pagina.eval_on_selector_all("main a[href]", "enlaces => enlaces.map(a => a.getAttribute('href'))")
    contexto.close()
    return next(href for href in enlaces if re.fullmatch(patron, href))


def _reporte_pdf(navegador, base, destino):
    """Page 1 of the latest published ENROK report, rendered by its view, as a PNG at 60 dpi."""
    publicados = "/atencion/reportes/?estado=publicado"
    reporte = _primer_enlace(navegador, base, "director", publicados, r"/atencion/reportes/\d+/")
    contexto, pagina = _entrar(navegador, base, "director", ESCRITORIO)
    respuesta = pagina.request.get(f"{reporte}pdf/")
    assert respuesta.ok and respuesta.headers["content-type"] == "application/pdf", respuesta.status
    with tempfile.TemporaryDirectory() as carpeta:
        pdf = Path(carpeta) / "reporte.pdf"
        pdf.write_bytes(respuesta.body())
        salida = str(destino.with_suffix(""))
        subprocess.run(  # noqa: S603 - fixed arguments, our own file
            [shutil.which("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), salida],
            check=True,
        )
    contexto.close()


def main(base, carpeta):
    carpeta = Path(carpeta)
    carpeta.mkdir(parents=True, exist_ok=True)
    _esperar(base)
    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTOS, headless=True)
        ticket = _primer_enlace(navegador, base, "agente", "/atencion/tablero/", r"/atencion/tickets/\d+/")
        capturas = (
            ("bandeja-cop.png", "cop", "/operaciones/cop/bandeja/", ESCRITORIO),
            ("inventario-asesor-telefono.png", "asesor", "/operaciones/inventario/", TELEFONO),
            ("ticket-agente.png", "agente", ticket, ESCRITORIO),
            ("semaforo-crm.png", "lider_crm", "/comercial/crm/semaforo/", ESCRITORIO),
        )
        for nombre, rol, ruta, pantalla in capturas:
            _captura(navegador, base, rol, ruta, pantalla, carpeta / nombre)
            print(f"{carpeta / nombre}")
        _reporte_pdf(navegador, base, carpeta / "reporte-ejecutivo.png")
        print(f"{carpeta / 'reporte-ejecutivo.png'}")
        navegador.close()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
    django.setup()  # the demo's logins are read from its command
    main(*sys.argv[1:3])
