"""The app shell: the menu by role, the current page, the pending-work counters and the page titles."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.menu import Menu, clave_de_contadores
from tests.operaciones.factories import ApartadoFactory, ConcesionarioFactory, RedFactory

pytestmark = pytest.mark.django_db


def _menu(user, ruta="/"):
    request = RequestFactory().get(ruta)
    request.user = user
    return Menu(request)


def _enlaces(menu):
    return {enlace.etiqueta: enlace for seccion in menu.secciones for enlace in seccion.enlaces}


@pytest.fixture
def red(db):
    return RedFactory()


@pytest.fixture
def concesionario(red):
    return ConcesionarioFactory(padre=red)


@pytest.fixture
def cop(crear_usuario, red):
    return crear_usuario("cop", organizacion=red)


@pytest.fixture
def asesor(crear_usuario, concesionario):
    return crear_usuario("asesor", organizacion=concesionario)


def test_cada_rol_ve_solo_su_modulo(crear_usuario, cop, asesor):
    agente = crear_usuario("agente")
    assert [seccion.nombre for seccion in _menu(cop).secciones] == ["Operaciones", "General"]
    assert [seccion.nombre for seccion in _menu(agente).secciones] == ["Atención a clientes", "General"]
    del_cop, del_asesor = _enlaces(_menu(cop)), _enlaces(_menu(asesor))
    assert "Bandeja del COP" in del_cop and "Bandeja del COP" not in del_asesor
    assert "Mis apartados" in del_asesor and "Apartados" in del_cop
    assert "Bitácora" in del_cop and "Bitácora" not in del_asesor


def test_marca_la_pagina_actual_y_el_detalle_bajo_su_lista(asesor):
    lista = reverse("operaciones:apartados")
    actuales = [e.etiqueta for e in _enlaces(_menu(asesor, lista)).values() if e.actual]
    assert actuales == ["Mis apartados"]
    detalle = [e.etiqueta for e in _enlaces(_menu(asesor, lista + "7/")).values() if e.actual]
    assert detalle == ["Mis apartados"]
    # A module's home is marked only on itself, not on every page below it.
    assert not _enlaces(_menu(asesor, lista))["Inicio"].actual


def test_los_contadores_van_en_una_consulta_que_no_crece_con_las_filas(cop, concesionario, django_assert_num_queries):
    ApartadoFactory(unidad__concesionario=concesionario)
    assert _menu(cop).secciones  # the role is read once and cached on the user
    # Bandeja, retiros en revisión, conversaciones sin responder, escalamientos abiertos: four badges, one query.
    with django_assert_num_queries(1):
        enlaces = _enlaces(_menu(cop))
    pendientes = {e: enlaces[e].pendientes for e in enlaces if enlaces[e].pendientes is not None}
    assert pendientes == {"Bandeja del COP": 1, "Conversaciones": 0, "Escalamientos": 0, "Retiros en revisión": 0}
    for _ in range(5):
        ApartadoFactory(unidad__concesionario=concesionario)
    menu = _menu(cop)
    with django_assert_num_queries(1):
        assert _enlaces(menu)["Bandeja del COP"].pendientes == 6
    with django_assert_num_queries(0):
        assert menu.secciones  # computed once per request


def test_el_contador_se_detiene_en_el_tope(cop, concesionario, monkeypatch, client, django_assert_num_queries):
    """Past the bound the badge says «2+» and the count reads no more than bound + 1 rows."""
    monkeypatch.setattr("enlace.menu.MENU_CONTADOR_TOPE", 2)
    for _ in range(2):
        ApartadoFactory(unidad__concesionario=concesionario)
    assert _enlaces(_menu(cop))["Bandeja del COP"].insignia == "2"
    ApartadoFactory(unidad__concesionario=concesionario)
    menu = _menu(cop)
    with django_assert_num_queries(1):
        bandeja = _enlaces(menu)["Bandeja del COP"]
    assert (bandeja.pendientes, bandeja.insignia) == (3, "2+")
    client.force_login(cop)
    html = client.get(reverse("operaciones:bandeja")).content.decode()
    assert re.search(r'Bandeja del COP <span class="menu-contador" title="2\+ pendientes">2\+</span>', html)


def test_el_asesor_ve_su_modulo_en_el_titulo_y_su_pagina_en_el_h1(client, asesor):
    ApartadoFactory(asesor=asesor, unidad__concesionario=asesor.organizacion)
    client.force_login(asesor)
    html = client.get(reverse("operaciones:apartados")).content.decode()
    assert "<title>Mis apartados · Operaciones · Enlace</title>" in html
    assert re.search(r"<h1>\s*Mis apartados\s*</h1>", html)
    assert "Coordinación de Operaciones" not in html
    assert re.search(r'aria-current="page">Mis apartados <span class="menu-contador"[^>]*>1</span>', html)


def test_sin_sesion_no_hay_menu(client):
    html = client.get(reverse("login")).content.decode()
    assert "menu-lateral" not in html


def test_los_conteos_van_juntos_y_los_numeros_quedan(concesionario, django_assert_num_queries):
    from enlace.menu import _contar
    from operaciones.models import Apartado

    ApartadoFactory(unidad__concesionario=concesionario)
    todos, vacios = Apartado.objects.all(), Apartado.objects.filter(pk__in=[])
    with django_assert_num_queries(1):
        assert _contar([todos, 7, None, vacios, Apartado.objects.none(), todos]) == [1, 7, None, 0, 0, 1]
    with django_assert_num_queries(0):
        assert _contar([Apartado.objects.none(), 3]) == [0, 3]


def _insignia(html, etiqueta):
    encontrada = re.search(rf'{etiqueta} <span class="menu-contador"[^>]*>(\d+\+?)</span>', html)
    return encontrada and encontrada.group(1)


def test_los_contadores_se_guardan_por_usuario(settings, cop, crear_usuario, red, concesionario):
    """Within ``ENLACE_MENU_CONTADORES_SEGUNDOS`` a user's next page reads their badges from the cache (no
    counting query) even if others added work meanwhile; another user of the same network counts their own."""
    settings.ENLACE_MENU_CONTADORES_SEGUNDOS = 30
    ApartadoFactory(unidad__concesionario=concesionario)
    assert _enlaces(_menu(cop))["Bandeja del COP"].pendientes == 1
    ApartadoFactory(unidad__concesionario=concesionario)
    with CaptureQueriesContext(connection) as consultas:
        assert _enlaces(_menu(cop))["Bandeja del COP"].pendientes == 1
    assert not [q for q in consultas.captured_queries if "COUNT" in q["sql"]]
    otro_cop = crear_usuario("cop", organizacion=red)
    assert _enlaces(_menu(otro_cop))["Bandeja del COP"].pendientes == 2
    cache.delete(clave_de_contadores(cop))  # the seconds have passed
    assert _enlaces(_menu(cop))["Bandeja del COP"].pendientes == 2


def test_una_escritura_propia_vuelve_a_contar(settings, client, cop, concesionario):
    """After a POST of the user (here: marking their notifications read) the page they land on counts afresh."""
    settings.ENLACE_MENU_CONTADORES_SEGUNDOS = 30
    ApartadoFactory(unidad__concesionario=concesionario)
    client.force_login(cop)
    bandeja = reverse("operaciones:bandeja")
    assert _insignia(client.get(bandeja).content.decode(), "Bandeja del COP") == "1"
    ApartadoFactory(unidad__concesionario=concesionario)
    assert _insignia(client.get(bandeja).content.decode(), "Bandeja del COP") == "1"
    client.post(reverse("notificaciones:marcar_todas_leidas"))
    assert _insignia(client.get(bandeja).content.decode(), "Bandeja del COP") == "2"


def test_otros_contadores_guardados_no_sirven(settings, cop, concesionario):
    """Counts cached for other badges (the user changed role since) are not used: the menu counts its own."""
    settings.ENLACE_MENU_CONTADORES_SEGUNDOS = 30
    ApartadoFactory(unidad__concesionario=concesionario)
    cache.set(clave_de_contadores(cop), {"/atencion/tickets/?estado=abiertos": 7}, 30)
    enlaces = _enlaces(_menu(cop))
    assert enlaces["Bandeja del COP"].pendientes == 1
    assert cache.get(clave_de_contadores(cop))[reverse("operaciones:bandeja")] == 1


def test_sin_segundos_no_se_guarda_nada(settings, cop, concesionario):
    settings.ENLACE_MENU_CONTADORES_SEGUNDOS = 0
    ApartadoFactory(unidad__concesionario=concesionario)
    assert _enlaces(_menu(cop))["Bandeja del COP"].pendientes == 1
    assert cache.get(clave_de_contadores(cop)) is None
