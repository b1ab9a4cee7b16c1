"""The lists filter with django-filter, on the query parameters the pages always used, labelled in Spanish."""

import pytest
from django.urls import reverse

from atencion import filters, selectors
from atencion.models import Campana, Canal, ReporteEjecutivo, Ticket
from tests.atencion.factories import campana_en, reporte_en, ticket_en


@pytest.mark.parametrize(
    "filtro",
    [filters.FiltroTickets, filters.FiltroMetricas, filters.FiltroReportes, filters.FiltroCampanas],
)
def test_cada_campo_tiene_etiqueta_en_espanol(filtro):
    etiquetas = {nombre: f.label for nombre, f in filtro.base_filters.items()}
    assert etiquetas and all(etiquetas.values()), etiquetas


def _en_lista(client, usuario, nombre, parametros):
    client.force_login(usuario)
    respuesta = client.get(reverse(f"atencion:{nombre}"), parametros)
    assert respuesta.status_code == 200
    return {o.pk for o in respuesta.context["pagina"].object_list}


def test_tickets(client, agente, pyme, otra_pyme, motivo):
    abierto = ticket_en(pyme, Ticket.Estado.EN_PROCESO)
    resuelto = ticket_en(pyme, Ticket.Estado.RESUELTO, motivo=motivo)
    ajeno = ticket_en(otra_pyme, Ticket.Estado.ABIERTO)
    Ticket.objects.filter(pk=ajeno.pk).update(asunto="Factura duplicada")
    assert _en_lista(client, agente, "tickets", {"estado": "abiertos"}) == {abierto.pk, ajeno.pk}
    assert _en_lista(client, agente, "tickets", {"estado": "resuelto"}) == {resuelto.pk}
    assert _en_lista(client, agente, "tickets", {"estado": "abiertos", "pyme": pyme.slug}) == {abierto.pk}
    assert _en_lista(client, agente, "tickets", {"q": "factura"}) == {ajeno.pk}
    assert _en_lista(client, agente, "tickets", {"canal": Canal.CORREO}) == set()
    # An unknown value is ignored, as before: the whole list.
    assert _en_lista(client, agente, "tickets", {"estado": "otro"}) == {abierto.pk, resuelto.pk, ajeno.pk}


def test_reportes_y_campanas(client, gerente, analista, pyme, otra_pyme):
    borrador = reporte_en(pyme, analista, ReporteEjecutivo.Estado.BORRADOR)
    publicado = reporte_en(otra_pyme, analista, ReporteEjecutivo.Estado.PUBLICADO)
    assert _en_lista(client, gerente, "reportes", {"estado": "publicado"}) == {publicado.pk}
    assert _en_lista(client, gerente, "reportes", {"pyme": pyme.slug}) == {borrador.pk}
    programada = campana_en(pyme, gerente, Campana.Estado.PROGRAMADA)
    campana_en(otra_pyme, gerente, Campana.Estado.BORRADOR)
    assert _en_lista(client, gerente, "campanas", {"estado": "programada"}) == {programada.pk}
    assert _en_lista(client, gerente, "campanas", {"pyme": pyme.slug, "tipo": "promocion"}) == {programada.pk}


def test_metricas_de_una_pyme(client, gerente, pyme, otra_pyme):
    ticket_en(pyme, Ticket.Estado.ABIERTO)
    ticket_en(otra_pyme, Ticket.Estado.ABIERTO)
    client.force_login(gerente)
    todas = client.get(reverse("atencion:metricas")).context["kpis"]
    una = client.get(reverse("atencion:metricas"), {"pyme": pyme.slug}).context["kpis"]
    assert (todas["abiertos"], una["abiertos"]) == (2, 1)
    assert selectors.tickets_visibles(gerente).count() == 2
