"""The COP's network-wide Conversaciones: unanswered first (longest wait first) with the wait in hours, then the
latest; paginated; the query count does not grow with the rows; only the COP."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from operaciones import services
from operaciones.models import Hilo
from operaciones.templatetags.operaciones_extras import horas_desde
from tests.operaciones.factories import RedFactory, UnidadFactory
from tests.operaciones.fixtures_entrega import almacen_temporal  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

URL = reverse("operaciones:conversaciones")
# session, user, the layout's (role, bell, the 4 menu counters in one query), the page: one query, one row more
CONSULTAS = 5


def hilos_en_orden(html):
    return [int(pk) for pk in re.findall(r'data-hilo="(\d+)"', html)]


def operacion(apartar, concesionario):
    return apartar(UnidadFactory(concesionario=concesionario))


def test_sin_responder_primero_la_espera_mas_larga_y_luego_las_recientes(client, cop, asesor, apartar, concesionario):
    ahora = timezone.now()
    with time_machine.travel(ahora - timedelta(hours=5)):
        respondida = operacion(apartar, concesionario)
        services.mensaje_enviar(actor=asesor, apartado=respondida, tipo="descuento", texto="¿Descuento?")
    with time_machine.travel(ahora - timedelta(hours=3)):
        vieja = operacion(apartar, concesionario)
        services.mensaje_enviar(actor=asesor, apartado=vieja, tipo="disponibilidad", texto="¿Disponible?")
    with time_machine.travel(ahora - timedelta(minutes=90)):
        nueva = operacion(apartar, concesionario)
        services.mensaje_enviar(actor=asesor, apartado=nueva, tipo="entrega", texto="¿Entrega?")
    with time_machine.travel(ahora - timedelta(minutes=10)):
        services.mensaje_enviar(actor=cop, apartado=respondida, tipo="respuesta", texto="Sí")
    client.force_login(cop)
    with time_machine.travel(ahora):
        html = client.get(URL).content.decode()
    esperado = [Hilo.objects.get(apartado=a).pk for a in (vieja, nueva, respondida)]
    assert hilos_en_orden(html) == esperado
    assert "Sin responder · 3,0 h" in html and "Sin responder · 1,5 h" in html


def test_las_horas_de_espera_con_coma_decimal():
    ahora = timezone.now()
    with time_machine.travel(ahora, tick=False):
        assert horas_desde(ahora - timedelta(minutes=90)) == "1,5 h"
        assert horas_desde(ahora - timedelta(hours=26, minutes=6)) == "26,1 h"
        assert horas_desde(None) == "—"


def test_consultas_constantes_y_paginacion(client, cop, asesor, apartar, concesionario, django_assert_num_queries):
    def conversaciones(n):
        for _ in range(n):
            services.mensaje_enviar(actor=asesor, apartado=operacion(apartar, concesionario), tipo="otra", texto="Hola")

    conversaciones(2)
    client.force_login(cop)
    client.get(URL)
    with django_assert_num_queries(CONSULTAS):
        assert len(hilos_en_orden(client.get(URL).content.decode())) == 2
    conversaciones(26)
    with django_assert_num_queries(CONSULTAS):
        primera = client.get(URL).content.decode()
    assert len(hilos_en_orden(primera)) == 25
    segunda = client.get(URL, {"pagina": 2}).content.decode()
    assert len(hilos_en_orden(segunda)) == 3
    assert not set(hilos_en_orden(primera)) & set(hilos_en_orden(segunda))


def test_marca_nuevo_lo_que_el_cop_no_ha_leido(client, cop, asesor, apartar, concesionario):
    leida, sin_leer = operacion(apartar, concesionario), operacion(apartar, concesionario)
    for apartado in (leida, sin_leer):
        services.mensaje_enviar(actor=asesor, apartado=apartado, tipo="otra", texto="Hola")
    client.force_login(cop)
    client.get(reverse("operaciones:conversacion", args=[leida.pk]))
    html = client.get(URL).content.decode()
    tarjetas = dict(re.findall(r'data-hilo="(\d+)">(.*?)</article>', html, re.S))
    assert "op-no-leido" not in tarjetas[str(Hilo.objects.get(apartado=leida).pk)]
    assert "op-no-leido" in tarjetas[str(Hilo.objects.get(apartado=sin_leer).pk)]


def test_solo_el_cop_y_solo_su_red(client, cop, asesor, gerente_ventas, apartar, concesionario, crear_usuario):
    services.mensaje_enviar(actor=asesor, apartado=operacion(apartar, concesionario), tipo="otra", texto="Hola")
    for usuario in (asesor, gerente_ventas):
        client.force_login(usuario)
        assert client.get(URL).status_code == 403
    client.force_login(crear_usuario("cop", organizacion=RedFactory(slug="otra-red", nombre="Otra red")))
    assert hilos_en_orden(client.get(URL).content.decode()) == []


def test_la_bandeja_del_cop_cuenta_las_sin_responder(client, cop, asesor, apartar, concesionario):
    services.mensaje_enviar(actor=asesor, apartado=operacion(apartar, concesionario), tipo="otra", texto="Hola")
    client.force_login(cop)
    html = client.get(reverse("operaciones:bandeja")).content.decode()
    assert 'data-total="1"' in html.split('id="conversaciones"')[1].split("</section>")[0]
