"""The Content-Security-Policy holds in a real browser: each app's main roles walk their pages without a violation."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from enlace.management.commands.demo import CONTRASENA_DEMO, correo_demo

pytestmark = pytest.mark.django_db(transaction=True)

# The role, and pages beyond its home's links that draw a chart.
RECORRIDOS = {
    "cop": [],
    "ejecutivo_empresas": [],
    "agente_digital": [],
    "responsable_call_center": ["/comercial/digitales/indicador/"],
    "lider_crm": ["/comercial/crm/indicadores/", "/comercial/crm/oportunidad/"],
    "agente": [],
}
# Links that download a file or end the session are not pages to look at.
NO_VISITAR = ("salir", "logout", "descargar", "exportar", "pdf", "xlsx", "csv", "/admin/")
MAXIMO_DE_PAGINAS = 12

VIGILAR_VIOLACIONES = """
window.__violacionesCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violacionesCsp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def demo():
    call_command("demo", stdout=io.StringIO())


def _enlaces(pagina, origen):
    hrefs = pagina.eval_on_selector_all("a[href]", "enlaces => enlaces.map(a => a.href)")
    propios = (urlsplit(h) for h in hrefs if h.startswith(origen))
    return [
        u.path + (f"?{u.query}" if u.query else "") for u in propios if not any(p in u.geturl() for p in NO_VISITAR)
    ]


@pytest.mark.parametrize("rol", RECORRIDOS)
def test_las_paginas_de_cada_rol_respetan_la_politica_de_contenido(demo, pagina, entrar, live_server, rol):
    avisos = []
    pagina.on("console", lambda m: avisos.append(m.text) if "Content Security Policy" in m.text else None)
    pagina.add_init_script(VIGILAR_VIOLACIONES)
    entrar(correo_demo(rol), CONTRASENA_DEMO)

    inicio = pagina.url
    pendientes = [urlsplit(inicio).path, *RECORRIDOS[rol], *_enlaces(pagina, live_server.url)]
    visitadas, violaciones = [], []
    while pendientes and len(visitadas) < MAXIMO_DE_PAGINAS:
        ruta = pendientes.pop(0)
        if ruta in visitadas:
            continue
        respuesta = pagina.goto(ruta)
        assert respuesta.ok, f"{ruta} respondió {respuesta.status}"
        visitadas.append(ruta)
        violaciones += [f"{ruta}: {v}" for v in pagina.evaluate("window.__violacionesCsp")]
        if len(visitadas) <= 3:  # the home and its first lists lead to details
            pendientes += _enlaces(pagina, live_server.url)[:4]

    assert len(visitadas) >= 3, visitadas
    assert not violaciones, violaciones
    assert not avisos, avisos
