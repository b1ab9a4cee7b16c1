from django.template.loader import render_to_string
from django.test import RequestFactory

from enlace.models import Organizacion
from enlace.paginacion import paginar, paginar_sin_total
from tests.enlace.factories import OrganizacionFactory


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


def test_page_with_total_reads_rows_and_total_in_one_query(db, django_assert_num_queries):
    OrganizacionFactory.create_batch(7)
    with django_assert_num_queries(1):
        pagina = paginar(Organizacion.objects.order_by("pk"), 2, 3)
    assert (pagina.inicio, pagina.fin, pagina.total, pagina.paginas) == (4, 6, 7, 3)
    assert pagina.has_previous() and pagina.has_next


def test_a_total_the_caller_already_counted_sends_no_count(db, django_assert_num_queries):
    OrganizacionFactory.create_batch(7)
    with django_assert_num_queries(1) as consultas:
        pagina = paginar(Organizacion.objects.order_by("pk"), 3, 3, total=7)
    assert "COUNT" not in consultas.captured_queries[0]["sql"]
    assert (pagina.inicio, pagina.fin, pagina.total, pagina.paginas, pagina.has_next) == (7, 7, 7, 3, False)


def test_a_page_past_the_end_is_empty_but_still_says_the_total(db, django_assert_num_queries):
    OrganizacionFactory.create_batch(2)
    with django_assert_num_queries(2):  # the empty page and one COUNT
        pagina = paginar(Organizacion.objects.order_by("pk"), 9, 50)
    assert (len(pagina), pagina.total, pagina.has_next) == (0, 2, False)


def test_an_empty_list_costs_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        pagina = paginar(Organizacion.objects.filter(nombre="ninguna").order_by("pk"), 1, 50)
    assert (pagina.total, pagina.has_other_pages()) == (0, False)


def test_invalid_page_numbers_are_page_one():
    for numero in ("x", None, "-3", "0"):
        assert paginar(list(range(5)), numero, 2).number == 1


def test_pagination_shows_the_range_and_total_with_thousands_point():
    request = RequestFactory().get("/lista/", {"pagina": "2"})
    pagina = paginar(list(range(12_345)), 2, 50)
    html = render_to_string("partials/_paginacion.html", {"pagina": pagina}, request=request)
    assert "51–100 de 12.345" in html
    assert "Página 2 de 247" in html


def test_a_single_page_still_says_how_many_rows_there_are():
    request = RequestFactory().get("/lista/")
    html = render_to_string("partials/_paginacion.html", {"pagina": paginar([1, 2, 3], 1, 50)}, request=request)
    assert "1–3 de 3" in html and "Siguiente" not in html


def test_the_event_log_pages_without_a_total():
    request = RequestFactory().get("/lista/")
    html = render_to_string("partials/_paginacion.html", {"pagina": paginar_sin_total([1, 2], 1, 50)}, request=request)
    assert " de " not in html


def test_djangos_own_paginator_pages_also_show_the_range():
    from django.core.paginator import Paginator

    request = RequestFactory().get("/lista/")
    pagina = Paginator(list(range(35)), 30).get_page(2)
    html = render_to_string("partials/_paginacion.html", {"pagina": pagina}, request=request)
    assert "31–35 de 35" in html and "Página 2 de 2" in html


def test_past_the_count_bound_the_list_says_more_than_and_still_pages(db, settings, django_assert_num_queries):
    settings.ENLACE_PAGINACION_CONTEO_MAX = 5
    OrganizacionFactory.create_batch(7)
    lista = Organizacion.objects.order_by("pk")
    with django_assert_num_queries(1):
        primera = paginar(lista, 1, 3)
    assert (primera.total, primera.mas_de, primera.has_next, len(primera)) == (None, 5, True, 3)
    html = render_to_string("partials/_paginacion.html", {"pagina": primera}, request=RequestFactory().get("/l/"))
    assert "1–3 de más de 5" in html and "Página 1" in html and "Página 1 de" not in html
    ultima = paginar(lista, 3, 3)
    assert (len(ultima), ultima.has_next, ultima.inicio) == (1, False, 7)
    assert paginar(lista.filter(pk__in=list(lista.values_list("pk", flat=True)[:5])), 1, 3).total == 5
