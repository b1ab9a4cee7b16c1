"""PDF documents from Django templates, rendered with WeasyPrint.

Templates extend ``pdf/base.html`` (the controlled-form layout). Rendering
needs no server and no network: ``/static/...`` URLs are read from the
staticfiles finders (or the collected static files), ``data:`` URLs are decoded
in memory, and any other URL (http, https, file, ...) is refused.
"""

import mimetypes
import re
from urllib.parse import unquote, urljoin

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template import loader
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from enlace.recolector import sin_recolector

# Base URL when there is no request. ".invalid" is reserved (RFC 2606) and never resolves.
URL_BASE = "https://enlace.invalid/"


class RecursoNoPermitido(ValueError):
    """A URL that a PDF may not load. WeasyPrint logs it as a warning and leaves the resource out."""


class RecursosLocales(URLFetcher):
    """WeasyPrint URL fetcher that serves static files from disk and refuses everything else."""

    def __init__(self, url_base=URL_BASE):
        super().__init__(allowed_protocols={"data"})
        self.prefijo_estaticos = urljoin(url_base, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)  # urllib's DataHandler: decoded in memory
        ruta = url.split("#", 1)[0].split("?", 1)[0]
        if not ruta.startswith(self.prefijo_estaticos):
            raise RecursoNoPermitido(f"Recurso no permitido en un PDF: {url}")
        nombre = unquote(ruta[len(self.prefijo_estaticos) :])
        if not nombre or nombre.startswith("/") or ".." in nombre.split("/"):
            raise RecursoNoPermitido(f"Ruta estática no válida: {url}")
        tipo = mimetypes.guess_type(nombre)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=_leer_estatico(nombre), headers={"Content-Type": tipo})


def _leer_estatico(nombre):
    # Finders first (development, tests); then the collected storage, which also
    # knows the hashed names that {% static %} produces with a manifest storage.
    ruta = finders.find(nombre)
    if ruta:
        with open(ruta, "rb") as archivo:
            return archivo.read()
    if staticfiles_storage.exists(nombre):
        with staticfiles_storage.open(nombre) as archivo:
            return archivo.read()
    raise RecursoNoPermitido(f"Archivo estático inexistente: {nombre}")


def renderizar_ejemplares(plantilla, contexto, ejemplares, *, request=None) -> bytes:
    """One PDF with a copy of the document per ``ejemplares`` label («ORIGINAL», «COPIA»), the label in the
    context as ``ejemplar``; each copy numbers its own pages."""
    if isinstance(plantilla, str):
        plantilla = loader.get_template(plantilla)
    url_base = request.build_absolute_uri("/") if request is not None else URL_BASE
    with sin_recolector():
        documentos = [
            HTML(
                string=plantilla.render({**contexto, "ejemplar": ejemplar}, request),
                base_url=url_base,
                url_fetcher=RecursosLocales(url_base),
            ).render()
            for ejemplar in ejemplares
        ]
        return documentos[0].copy([pagina for documento in documentos for pagina in documento.pages]).write_pdf()


def renderizar_pdf(plantilla, contexto, *, request=None, verificacion=None) -> bytes:
    """Render a template to PDF bytes.

    ``plantilla`` is a template name, a list of names (the first that exists), or a
    template object from ``django.template.loader`` / ``engines["django"].from_string``.
    ``verificacion`` (a dict: codigo, url, version, emitido_en; see enlace.documentos) adds the
    verification footer with its QR code to every page, whatever template the document uses.
    """
    if isinstance(plantilla, str):
        plantilla = loader.get_template(plantilla)
    elif isinstance(plantilla, (list, tuple)):
        plantilla = loader.select_template(plantilla)
    html = plantilla.render(contexto, request)
    if verificacion is not None:
        html = _con_pie_de_verificacion(html, verificacion)
    # With a request, relative links in the PDF point to this site.
    url_base = request.build_absolute_uri("/") if request is not None else URL_BASE
    with sin_recolector():
        return HTML(string=html, base_url=url_base, url_fetcher=RecursosLocales(url_base)).write_pdf()


def firmante(rol, persona, cargo):
    """One box of a PDF's signature block (``firmantes`` in templates/pdf/base.html): who signs as ``rol``
    («Elaboró», «Revisó», «Aprobó»), a person or names (blank while nobody holds the position) and the position."""
    return {"rol": rol, "nombre": str(persona) if persona else "", "cargo": cargo}


def qr_data_uri(texto):
    """A QR code of ``texto`` as an SVG ``data:`` URI (segno, pure Python): loads in pages and PDFs alike."""
    return segno.make(texto, error="m").svg_data_uri(scale=4, border=0, dark="#222")


def _con_pie_de_verificacion(html, verificacion):
    # Inserted as the body's first child (position: fixed repeats it on every page): templates need no change.
    # First, not last: WeasyPrint cuts a fixed box laid out on the page where the flow ends.
    pie = loader.render_to_string(
        "enlace/documentos/pie_verificacion.html", {**verificacion, "qr": qr_data_uri(verificacion["url"])}
    )
    cuerpo = re.search(r"<body\b[^>]*>", html, flags=re.IGNORECASE)
    if cuerpo is None:
        return pie + html
    return f"{html[: cuerpo.end()]}{pie}{html[cuerpo.end() :]}"


def respuesta_pdf(plantilla, contexto, *, nombre_archivo, request=None, adjunto=False) -> HttpResponse:
    """An ``application/pdf`` response; shown in the browser, or downloaded when ``adjunto=True``."""
    if not nombre_archivo.lower().endswith(".pdf"):
        nombre_archivo += ".pdf"
    respuesta = HttpResponse(renderizar_pdf(plantilla, contexto, request=request), content_type="application/pdf")
    respuesta.headers["Content-Disposition"] = content_disposition_header(adjunto, nombre_archivo)
    return respuesta
