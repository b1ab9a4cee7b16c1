from django.template import Context, Template
from django.test import RequestFactory

from enlace.models import Organizacion
from enlace.orden import Ordenamiento, rango
from tests.enlace.factories import OrganizacionFactory

ORDEN = Ordenamiento({"nombre": ("nombre",), "tipo": (rango("tipo", ["red", "concesionario"]), "nombre")}, "nombre")


def _nombres(qs):
    return [o.nombre for o in qs]


def test_ascending_descending_and_unknown_key(db):
    for nombre in ("Beta", "Alfa", "Gama"):
        OrganizacionFactory(nombre=nombre)
    qs = Organizacion.objects.filter(nombre__in=["Alfa", "Beta", "Gama"])
    ordenado, orden = ORDEN.aplicar(qs, {"orden": "-nombre"})
    assert _nombres(ordenado) == ["Gama", "Beta", "Alfa"] and orden.descendente
    for desconocido in ("hash", "-pk; drop table", "", None, "--nombre"):
        ordenado, orden = ORDEN.aplicar(qs, {"orden": desconocido})
        assert (_nombres(ordenado), orden.parametro) == (["Alfa", "Beta", "Gama"], "nombre")


def test_the_primary_key_breaks_ties_so_pages_never_repeat_rows():
    qs, _ = ORDEN.aplicar(Organizacion.objects.all(), {"orden": "-tipo"})
    assert str(qs.query.order_by[-1]) == "-pk"


def test_a_default_outside_the_whitelist_is_refused():
    import pytest

    with pytest.raises(ValueError, match="no está entre las columnas"):
        Ordenamiento({"nombre": ("nombre",)}, "precio")


def _encabezado(parametros, orden):
    request = RequestFactory().get("/lista/", parametros)
    plantilla = Template('{% load enlace %}{% th_orden "nombre" "Nombre" %}')
    return plantilla.render(Context({"request": request, "orden": orden}))


def test_header_links_keep_filters_reset_the_page_and_flip_the_direction():
    _, ascendente = ORDEN.aplicar(Organizacion.objects.none(), {"orden": "nombre"})
    html = _encabezado({"q": "kia", "pagina": "3", "orden": "nombre"}, ascendente)
    assert 'aria-sort="ascending"' in html and "▲" in html
    assert 'href="?q=kia&amp;orden=-nombre"' in html
    _, otra = ORDEN.aplicar(Organizacion.objects.none(), {"orden": "tipo"})
    html = _encabezado({"orden": "tipo"}, otra)
    assert 'href="?orden=nombre"' in html and "aria-sort" not in html


def test_a_table_shown_without_sorting_has_plain_headers():
    assert _encabezado({}, None) == "<th>Nombre</th>"
