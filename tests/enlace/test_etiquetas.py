"""Every field of every form has a visible label: the forms that change something and the filter bars.

Walks every page of the demo as the first role that may open it and reads its forms: each control needs
a <label for>, an enclosing <label> or an aria-label (a per-row control in a table names its row)."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import get_resolver

from enlace import roles
from enlace.management.commands.demo import DEMOS_DE_APPS, correo_demo
from enlace.models import Usuario
from tests.enlace.test_sin_500 import _patrones, _url

SIN_ETIQUETA = {"hidden", "submit", "button", "reset", "image"}


class Controles(HTMLParser):
    """The controls of the page's forms of one method (post, get) and whether each has a label."""

    def __init__(self, metodo="post"):
        super().__init__()
        self.metodo = metodo
        self.en_formulario = False
        self.dentro_de_label = 0
        self.etiquetados = set()
        self.controles = []  # (name, id, labelled)

    def handle_starttag(self, etiqueta, atributos):
        a = dict(atributos)
        if etiqueta == "form":
            self.en_formulario = (a.get("method") or "get").lower() == self.metodo
        elif etiqueta == "label":
            self.dentro_de_label += 1
            if a.get("for"):
                self.etiquetados.add(a["for"])
        elif etiqueta in ("input", "select", "textarea") and self.en_formulario:
            if etiqueta == "input" and (a.get("type") or "text") in SIN_ETIQUETA:
                return
            propia = bool(a.get("aria-label") or a.get("aria-labelledby") or self.dentro_de_label)
            self.controles.append((a.get("name"), a.get("id"), propia))

    def handle_endtag(self, etiqueta):
        if etiqueta == "form":
            self.en_formulario = False
        elif etiqueta == "label":
            self.dentro_de_label = max(self.dentro_de_label - 1, 0)

    def sin_etiqueta(self):
        return [nombre for nombre, id_, propia in self.controles if not propia and id_ not in self.etiquetados]


@pytest.fixture
def paginas(cargar_demo_de):
    for ruta in DEMOS_DE_APPS:
        cargar_demo_de(ruta)
    clientes = []
    for rol in roles.ROLES:
        cliente = Client(raise_request_exception=False)
        cliente.force_login(Usuario.objects.get(email=correo_demo(rol.codigo)))
        clientes.append(cliente)
    urls = [_url(ruta, patron) for ruta, patron in _patrones(get_resolver().url_patterns)]
    return urls, clientes


@pytest.mark.parametrize("metodo", ["post", "get"])
def test_every_form_field_has_a_label(paginas, metodo):
    urls, clientes = paginas
    faltan, vistas = [], 0
    for url in urls:
        if "/admin/" in url or "salir" in url or "logout" in url:
            continue
        for cliente in clientes:
            respuesta = cliente.get(url)
            if respuesta.status_code == 200 and "text/html" in respuesta.get("Content-Type", ""):
                lector = Controles(metodo)
                lector.feed(respuesta.content.decode())
                vistas += len(lector.controles)
                faltan += [f"{url}: {nombre}" for nombre in lector.sin_etiqueta()]
                break
    assert vistas > (100 if metodo == "post" else 20)
    assert faltan == []
