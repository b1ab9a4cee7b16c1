from django.template.loader import render_to_string
from django.test import RequestFactory

from enlace.paginacion import paginar_sin_total


def test_page_links_keep_the_list_filters():
    request = RequestFactory().get("/lista/", {"marca": "Kia", "pagina": "2", "q": "á b"})
    pagina = paginar_sin_total(list(range(30)), 2, 10)
    html = render_to_string("partials/_paginacion.html", {"pagina": pagina}, request=request)
    assert 'href="?marca=Kia&amp;pagina=1&amp;q=%C3%A1+b"' in html
    assert 'href="?marca=Kia&amp;pagina=3&amp;q=%C3%A1+b"' in html
    assert "Página 2" in html


def test_no_navigation_for_a_single_page():
    request = RequestFactory().get("/lista/")
    pagina = paginar_sin_total(list(range(5)), 1, 10)
    assert "Siguiente" not in render_to_string("partials/_paginacion.html", {"pagina": pagina}, request=request)
