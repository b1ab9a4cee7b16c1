"""PDF rendering: the controlled-form layout, static files without a server, no network access."""

import gc
import io
import logging
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import urlopen

import pytest
from django.template import engines
from pypdf import PdfReader

from enlace import graficas, pdf
from enlace.pdf import URL_BASE, RecursoNoPermitido, RecursosLocales, renderizar_pdf, respuesta_pdf

FORMULARIO = """{% extends "pdf/base.html" %}
{% block contenido %}
  <h1>Prospectos del mes</h1>
  <p>Texto del cuerpo: {{ cuerpo }}</p>
  <div class="grafica">{{ grafica|safe }}</div>
  <p class="salto-pagina">Segunda hoja del informe.</p>
{% endblock %}"""

CONTEXTO = {
    "organizacion": "Carrazos SAS",
    "proceso": "Gestión comercial",
    "titulo": "Informe validez de prospectos",
    "codigo": "GC-FOR-06",
    "version": "03",
    "vigencia": date(2026, 7, 15),
    "cuerpo": "prospectos válidos según SPIGA",
    "elaboro": "Líder CRM",
    "reviso": "Gerentes comerciales",
    "aprobo": "Gerente general",
}


def _plantilla(texto):
    return engines["django"].from_string(texto)


def _paginas(pdf):
    """Text of each page, whitespace collapsed."""
    return [" ".join(pagina.extract_text().split()) for pagina in PdfReader(io.BytesIO(pdf)).pages]


def test_formulario_controlado_con_encabezado_pie_firmas_y_grafica():
    grafica = graficas.barras([("Ana Pérez", 12), ("Luis Gómez", 7)], titulo="Prospectos válidos por asesor")

    pdf = renderizar_pdf(_plantilla(FORMULARIO), {**CONTEXTO, "grafica": grafica})

    assert pdf.startswith(b"%PDF-")
    lector = PdfReader(io.BytesIO(pdf))
    assert lector.metadata.title == "GC-FOR-06 · Informe validez de prospectos"
    primera, segunda = _paginas(pdf)
    for numero, texto in enumerate([primera, segunda], start=1):
        # The running header (from static/css/impresion.css) repeats on every page.
        assert "Carrazos SAS" in texto
        assert "GESTIÓN COMERCIAL" in texto
        assert "INFORME VALIDEZ DE PROSPECTOS" in texto
        assert "CÓDIGO GC-FOR-06" in texto
        assert "VERSIÓN 03" in texto
        assert "FECHA DE VIGENCIA 15/07/2026" in texto
        assert f"Página {numero} de 2" in texto
        assert "Generado por Enlace el" in texto
    assert "Texto del cuerpo: prospectos válidos según SPIGA" in primera
    # The inline SVG chart is drawn with its text: title, labels and values.
    for etiqueta in ["Prospectos válidos por asesor", "Ana Pérez", "Luis Gómez", "12"]:
        assert etiqueta in primera
    assert "Segunda hoja del informe." in segunda
    assert "ELABORÓ REVISÓ APROBÓ" in segunda
    assert "Líder CRM Gerentes comerciales Gerente general" in segunda


def test_plantilla_hija_llena_los_bloques_y_quita_las_firmas():
    hija = _plantilla(
        """{% extends "pdf/base.html" %}
        {% block titulo_pdf %}Registro semáforo{% endblock %}
        {% block codigo %}GC-FOR-21{% endblock %}{% block version %}02{% endblock %}
        {% block vigencia %}01/01/2027{% endblock %}{% block titulo %}Registro semáforo de seguimiento{% endblock %}
        {% block contenido %}<p>Días sin seguimiento.</p>{% endblock %}
        {% block firmas %}{% endblock %}"""
    )
    pdf = renderizar_pdf(hija, {"organizacion": "Carrazos SAS"})
    (texto,) = _paginas(pdf)
    assert "CÓDIGO GC-FOR-21" in texto and "VERSIÓN 02" in texto and "FECHA DE VIGENCIA 01/01/2027" in texto
    assert "REGISTRO SEMÁFORO DE SEGUIMIENTO" in texto and "Días sin seguimiento." in texto
    assert "Página 1 de 1" in texto
    assert "ELABORÓ" not in texto
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Registro semáforo"


def test_base_por_nombre_con_el_contexto_y_firmas_desactivadas(rf):
    pdf = renderizar_pdf(
        "pdf/base.html", {**CONTEXTO, "vigencia": "15/07/2026", "firmas": False}, request=rf.get("/informe/")
    )
    (texto,) = _paginas(pdf)
    assert "CÓDIGO GC-FOR-06" in texto and "FECHA DE VIGENCIA 15/07/2026" in texto
    assert "Página 1 de 1" in texto  # the stylesheet also loads with a request's host as base URL
    assert "ELABORÓ" not in texto


def test_respuesta_pdf_en_linea_y_como_descarga():
    respuesta = respuesta_pdf(_plantilla(FORMULARIO), CONTEXTO, nombre_archivo="GC-FOR-06 junio")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"] == 'inline; filename="GC-FOR-06 junio.pdf"'
    assert respuesta.content.startswith(b"%PDF-")

    descarga = respuesta_pdf("pdf/base.html", CONTEXTO, nombre_archivo="Informe válido.pdf", adjunto=True)
    assert descarga["Content-Disposition"] == "attachment; filename*=utf-8''Informe%20v%C3%A1lido.pdf"


class _Servidor(BaseHTTPRequestHandler):
    """A local server that would answer anything and counts requests."""

    pedidos = []

    def do_GET(self):
        self.pedidos.append(self.path)
        cuerpo = b"body::before { content: 'MARCADOR-HTTP'; }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, *args):
        pass


@pytest.fixture
def servidor_local():
    _Servidor.pedidos = []
    servidor = ThreadingHTTPServer(("127.0.0.1", 0), _Servidor)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{servidor.server_address[1]}", _Servidor.pedidos
    servidor.shutdown()
    servidor.server_close()


def test_no_se_cargan_urls_externas_ni_archivos_locales(servidor_local, tmp_path, caplog):
    url, pedidos = servidor_local
    css_local = tmp_path / "local.css"
    css_local.write_text("body::after { content: 'MARCADOR-ARCHIVO'; }")
    plantilla = _plantilla(
        f"""{{% extends "pdf/base.html" %}}
        {{% block estilos %}}
          <link rel="stylesheet" href="{url}/estilo.css">
          <link rel="stylesheet" href="{css_local.as_uri()}">
        {{% endblock %}}
        {{% block contenido %}}<p>Cuerpo</p><img src="{url}/logo.png" alt="">{{% endblock %}}"""
    )

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = renderizar_pdf(plantilla, CONTEXTO)

    (texto,) = _paginas(pdf)
    assert "Cuerpo" in texto and "Página 1 de 1" in texto
    assert "MARCADOR" not in texto
    assert pedidos == []
    rechazadas = " ".join(registro.getMessage() for registro in caplog.records)
    assert f"{url}/estilo.css" in rechazadas and f"{url}/logo.png" in rechazadas and "local.css" in rechazadas
    # The server was reachable: only the PDF renderer refused it.
    with urlopen(f"{url}/estilo.css", timeout=5) as respuesta:  # noqa: S310 (local test server)
        assert b"MARCADOR-HTTP" in respuesta.read()
    assert pedidos == ["/estilo.css"]


def test_el_cargador_sirve_estaticos_y_datos_en_linea_y_rechaza_lo_demas():
    cargador = RecursosLocales(URL_BASE)
    css = cargador.fetch(f"{URL_BASE}static/css/impresion.css?v=1")
    assert css.content_type == "text/css" and b"@page" in css.read()
    en_linea = cargador.fetch("data:text/plain;base64,SG9sYQ==")
    assert en_linea.read() == b"Hola"
    for url in [
        "https://otro.example/static/css/impresion.css",
        "file:///etc/passwd",
        f"{URL_BASE}media/privado.pdf",
        f"{URL_BASE}static/../enlace/settings.py",
        f"{URL_BASE}static/css/%2e%2e/%2e%2e/enlace/settings.py",
        f"{URL_BASE}static/css/no-existe.css",
    ]:
        with pytest.raises(RecursoNoPermitido):
            cargador.fetch(url)


TABLA_LARGA = _plantilla(
    """{% extends "pdf/base.html" %}{% block contenido %}<table class="datos">
    <thead><tr><th>Fila</th><th class="numero">Monto</th></tr></thead>
    <tbody>{% for i in filas %}<tr><td>fila-{{ i }}</td><td class="numero">Bs 1,00</td></tr>{% endfor %}</tbody>
    </table>{% endblock %}"""
)
FIRMANTES = [
    {"rol": "Elaboró", "nombre": "Ana Pérez", "cargo": "Ejecutiva, COMTECO R.L."},
    {"rol": "Aprobó", "nombre": "Luis Gómez", "cargo": "Responsable, COMTECO R.L."},
]


def test_firmantes_de_la_organizacion_y_conformidad_del_cliente_aparte():
    pdf = renderizar_pdf(
        TABLA_LARGA,
        {
            **CONTEXTO,
            "filas": range(2),
            "firmantes": FIRMANTES,
            "conformidad": {"nombre": "Marta López", "detalle": "CI 7788990"},
        },
    )
    (texto,) = _paginas(pdf)
    assert "ELABORÓ APROBÓ Ana Pérez Ejecutiva, COMTECO R.L. Luis Gómez Responsable, COMTECO R.L." in texto
    assert "CONFORMIDAD DEL CLIENTE Marta López CI 7788990" in texto
    assert "Líder CRM" not in texto  # the list replaces the positions of elaboro / reviso / aprobo


@pytest.mark.parametrize("filas", [24, 25, 29, 33, 34])
def test_el_bloque_de_firmas_nunca_queda_solo_en_la_ultima_pagina(filas):
    # 25 rows would fit page 1 with the signatures on page 2 alone; the last rows go with them instead.
    paginas = _paginas(renderizar_pdf(TABLA_LARGA, {**CONTEXTO, "filas": range(filas), "firmantes": FIRMANTES}))
    ultima = paginas[-1]
    assert "ELABORÓ" in ultima and "ELABORÓ" not in " ".join(paginas[:-1])
    assert ultima.count("fila-") >= (2 if len(paginas) > 1 else filas)
    assert f"fila-{filas - 1} " in ultima


@pytest.mark.parametrize("filas", [31, 32, 33])
def test_una_tabla_no_deja_su_ultima_fila_sola_en_una_pagina(filas):
    paginas = _paginas(renderizar_pdf(TABLA_LARGA, {**CONTEXTO, "filas": range(filas), "firmas": False}))
    assert len(paginas) == 1 or paginas[-1].count("fila-") >= 2


def test_el_recolector_de_ciclos_se_pausa_mientras_se_dibuja_y_vuelve_despues(monkeypatch):
    visto = []

    class HTMLQueMira(pdf.HTML):
        def render(self, *args, **kwargs):
            visto.append(gc.isenabled())
            return super().render(*args, **kwargs)

    monkeypatch.setattr(pdf, "HTML", HTMLQueMira)
    assert gc.isenabled()
    documento = renderizar_pdf(_plantilla(FORMULARIO), CONTEXTO)
    copias = pdf.renderizar_ejemplares(_plantilla(FORMULARIO), CONTEXTO, ["ORIGINAL", "COPIA"])
    assert visto == [False, False, False]
    assert gc.isenabled()
    assert len(PdfReader(io.BytesIO(copias)).pages) == 2 * len(PdfReader(io.BytesIO(documento)).pages)
