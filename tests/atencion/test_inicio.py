"""ENROK's home: KPIs of the last 30 days with their trend, and each role's first work; the PYME's portal."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atencion import selectors, services
from atencion.models import PerfilPyme, ReporteEjecutivo
from tests.atencion.factories import PerfilFactory, PymeFactory
from tests.atencion.test_vistas import crear_tickets

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sin_cache():
    cache.clear()
    yield
    cache.clear()


def test_periodos_del_inicio_son_los_ultimos_30_dias_y_los_30_previos():
    actual, anterior = selectors.periodos_inicio(date(2027, 12, 5), "America/Mexico_City")
    assert (actual.desde, actual.hasta) == (date(2027, 11, 6), date(2027, 12, 5))
    assert (anterior.desde, anterior.hasta) == (date(2027, 10, 7), date(2027, 11, 5))


def test_los_kpis_leen_los_ultimos_30_dias(client, agente, pyme, motivo):
    """Tickets of three days ago count whatever the day of the month (not only the month that began)."""
    with time_machine.travel(timezone.now() - timedelta(days=3), tick=False):
        for ticket in crear_tickets(pyme, agente, 2, motivo):
            services.ticket_responder(actor=agente, ticket=ticket, texto="Listo")
    client.force_login(agente)
    kpis = client.get(reverse("atencion:inicio")).context["kpis"]
    assert kpis["abiertos"] == 2 and kpis["sla"] is not None
    assert kpis["cambios"]["sla"] is None  # nothing in the 30 days before: no made-up trend


def test_agente_ve_sus_tickets_por_sla_y_la_cola(client, agente, crear_usuario, enrok, pyme, motivo):
    mio = crear_tickets(pyme, agente, 1, motivo)[0]
    otro = crear_tickets(pyme, crear_usuario("agente", organizacion=enrok), 1, motivo)[0]
    client.force_login(agente)
    html = client.get(reverse("atencion:inicio")).content.decode()
    assert "Mis tickets por SLA" in html and f"#{mio.pk} " in html
    assert f"#{otro.pk} " not in html


def test_analista_ve_los_reportes_por_elaborar(client, analista, enrok, pyme):
    activa = PerfilFactory(pyme=PymeFactory(padre=enrok, nombre="Dental Sonrisa"), estado=PerfilPyme.Estado.ACTIVA)
    hoy = timezone.localdate()
    inicio, fin = selectors.periodo_de_reporte(ReporteEjecutivo.Periodicidad.SEMANAL, hoy)
    borrador = services.reporte_crear(actor=analista, pyme=pyme, periodicidad="semanal", inicio=inicio, fin=fin)
    client.force_login(analista)
    respuesta = client.get(reverse("atencion:inicio"))
    html = respuesta.content.decode()
    assert reverse("atencion:reporte", args=[borrador.pk]) in html
    # Only the active PYME is due last month's report (one in diagnosis is not serviced yet).
    assert respuesta.context["por_hacer"]["sin_reporte_total"] == 1 and activa.pyme.nombre in html


def test_gerente_ve_el_tablero_y_los_reportes_por_validar(client, gerente, analista, agente, pyme, motivo):
    ticket = crear_tickets(pyme, agente, 1, motivo)[0]
    services.ticket_escalar(actor=agente, ticket=ticket, motivo="Cliente molesto")
    inicio, fin = selectors.periodo_de_reporte(ReporteEjecutivo.Periodicidad.SEMANAL, timezone.localdate())
    reporte = services.reporte_crear(actor=analista, pyme=pyme, periodicidad="semanal", inicio=inicio, fin=fin)
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    client.force_login(gerente)
    html = client.get(reverse("atencion:inicio")).content.decode()
    assert "Tablero de operación" in html and f"#{ticket.pk} " in html
    assert reverse("atencion:reporte", args=[reporte.pk]) in html


def test_portal_de_la_pyme_muestra_su_servicio_y_nada_de_otra(
    client, usuario_pyme, pyme, otra_pyme, agente, analista, gerente, motivo
):
    propio = crear_tickets(pyme, agente, 1, motivo)[0]
    ajeno = crear_tickets(otra_pyme, agente, 1)[0]
    hoy = timezone.localdate()
    inicio, fin = selectors.periodo_de_reporte(ReporteEjecutivo.Periodicidad.SEMANAL, hoy)
    reporte = services.reporte_crear(actor=analista, pyme=pyme, periodicidad="semanal", inicio=inicio, fin=fin)
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    services.reporte_validar(actor=gerente, reporte=reporte)
    borrador_ajeno = services.reporte_crear(
        actor=analista, pyme=otra_pyme, periodicidad="semanal", inicio=inicio, fin=fin
    )
    client.force_login(usuario_pyme)
    respuesta = client.get(reverse("atencion:inicio"))
    html = respuesta.content.decode()
    assert f"Portal de {pyme.nombre}" in html
    assert "Recomendaciones" in html and reverse("atencion:reporte", args=[reporte.pk]) in html
    assert f"#{propio.pk} " in html and f"#{ajeno.pk} " not in html
    assert reverse("atencion:reporte", args=[borrador_ajeno.pk]) not in html
    assert html.count("<svg") >= 4  # the charts of its service
    assert respuesta.context["kpis"]["abiertos"] == 1  # its own tickets only


@pytest.mark.parametrize("usuario_fixture", ["agente", "analista", "gerente", "director", "usuario_pyme"])
def test_consultas_del_inicio_no_crecen_con_las_filas(client, request, pyme, agente, analista, motivo, usuario_fixture):
    client.force_login(request.getfixturevalue(usuario_fixture))
    url = reverse("atencion:inicio")
    crear_tickets(pyme, agente, 2, motivo)
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as pocas:
        client.get(url)
    tickets = crear_tickets(pyme, agente, 8, motivo)
    services.ticket_escalar(actor=agente, ticket=tickets[0], motivo="x")
    services.ticket_responder(actor=agente, ticket=tickets[1], texto="Listo")
    cache.clear()
    with CaptureQueriesContext(connection) as muchas:
        assert client.get(url).status_code == 200
    assert len(muchas) == len(pocas)
