"""The digitales home's KPI tiles: solicitudes received, typed and installed in the last 30 days against the
30 before, over what the user sees, in one aggregate query."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comercial.digitales import selectors
from comercial.digitales.models import Estado
from tests.comercial.digitales.factories import SolicitudFactory, solicitud_en

pytestmark = pytest.mark.django_db

HOY = timezone.make_aware(datetime(2026, 3, 15, 12, 0))


def _dias(n):
    return HOY - timedelta(days=n)


@pytest.fixture
def solicitudes(organizacion, agente, otro_agente):
    solicitud_en(
        Estado.SEGUIDA,
        organizacion=organizacion,
        agente=agente,
        recibida=_dias(5),
        digitada_en=_dias(4),
        seguimiento_en=_dias(2),
    )
    solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente, recibida=_dias(40), digitada_en=_dias(35))
    otra = {"agente": otro_agente, "recibida": _dias(3), "digitada_en": _dias(3)}
    solicitud_en(Estado.DIGITADA, organizacion=organizacion, **otra)
    solicitud_en(Estado.EN_COLA, organizacion=organizacion, recibida=_dias(1))
    SolicitudFactory(recibida=_dias(1))  # another organisation's


def _tiles(respuesta):
    return {k.clave: (k.valor, k.previo) for k in respuesta.context["kpis"]}


def test_el_agente_ve_las_suyas_y_la_cola(client, agente, solicitudes):
    client.force_login(agente)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("comercial:digitales:inicio"))
    assert _tiles(respuesta) == {"recibidas": (2, 1), "digitadas": (1, 1), "instaladas": (1, 0)}
    assert "Servicios instalados" in respuesta.content.decode()


def test_el_responsable_ve_todo_el_centro_de_llamadas(client, responsable, solicitudes, django_assert_num_queries):
    client.force_login(responsable)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("comercial:digitales:inicio"))
        with django_assert_num_queries(1):  # the role lookup of ``para_usuario``: the page cached the aggregate
            selectors.kpis_inicio(responsable)
    assert _tiles(respuesta) == {"recibidas": (3, 1), "digitadas": (2, 1), "instaladas": (1, 0)}
