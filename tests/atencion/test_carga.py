"""The gerente de operaciones' workload view: open tickets per agent by priority, oldest waiting, reassignment."""

import pytest
from django.urls import reverse

from atencion import selectors, services
from atencion.models import Canal, Prioridad, Ticket
from tests.atencion.factories import EnrokFactory, PerfilFactory, PymeFactory

pytestmark = pytest.mark.django_db


def _ticket(pyme, n, prioridad=Prioridad.MEDIA, agente=None):
    ticket = services.ticket_crear(
        actor=None,
        pyme=pyme,
        canal=Canal.WHATSAPP,
        asunto=f"Caso {n}",
        telefono=f"52155501{n:02d}",
        prioridad=prioridad,
    )
    return _asignar(ticket, agente) if agente else ticket


def _asignar(ticket, agente):
    Ticket.objects.filter(pk=ticket.pk).update(agente=agente)  # set up: who holds it is not under test here
    return Ticket.objects.get(pk=ticket.pk)


@pytest.fixture
def dos_agentes(crear_usuario, enrok, agente):
    otro = crear_usuario("agente", organizacion=enrok, first_name="Zoe")
    return agente, otro


def test_cuenta_por_agente_y_prioridad_con_los_libres_y_sin_asignar(pyme, dos_agentes):
    ocupado, libre = dos_agentes
    _ticket(pyme, 1, Prioridad.CRITICA, ocupado)
    _ticket(pyme, 2, Prioridad.ALTA, ocupado)
    _ticket(pyme, 3, Prioridad.ALTA, ocupado)
    _ticket(pyme, 4, Prioridad.BAJA)
    carga = selectors.carga_de_trabajo(ocupado)  # visibility: ENROK staff see all its PYMEs
    sin_asignar, primero, segundo = carga["filas"]
    assert sin_asignar["agente"] is None and sin_asignar["prioridades"] == [0, 0, 0, 1]
    assert primero["agente"] == ocupado and primero["prioridades"] == [1, 2, 0, 0] and primero["total"] == 3
    assert segundo["agente"] == libre and segundo["total"] == 0 and segundo["desde"] is None
    assert [t.asunto for t in carga["mas_antiguos"]] == ["Caso 1", "Caso 2", "Caso 3", "Caso 4"]


def test_consultas_constantes(pyme, dos_agentes, gerente, client, django_assert_max_num_queries):
    client.force_login(gerente)
    _ticket(pyme, 1)
    with django_assert_max_num_queries(99) as pocas:
        assert client.get(reverse("atencion:carga")).status_code == 200
    for n in range(2, 25):
        _ticket(pyme, n, agente=dos_agentes[n % 2])
    with django_assert_max_num_queries(len(pocas.captured_queries)):
        client.get(reverse("atencion:carga"))


def test_el_gerente_reasigna_desde_la_pagina_y_vuelve_a_ella(client, pyme, dos_agentes, gerente):
    ticket = _ticket(pyme, 1, agente=dos_agentes[0])
    client.force_login(gerente)
    pagina = client.get(reverse("atencion:carga")).content.decode()
    assert "Reasignar" in pagina and "Caso 1" in pagina
    respuesta = client.post(
        reverse("atencion:ticket_accion", args=[ticket.pk, "asignar"]),
        {"agente": dos_agentes[1].pk, "siguiente": reverse("atencion:carga")},
    )
    assert respuesta.status_code == 302 and respuesta["Location"] == reverse("atencion:carga")
    assert Ticket.objects.get(pk=ticket.pk).agente == dos_agentes[1]


def test_el_director_mira_sin_reasignar_y_el_agente_no_entra(client, pyme, director, agente):
    _ticket(pyme, 1)
    client.force_login(director)
    pagina = client.get(reverse("atencion:carga")).content.decode()
    assert "Caso 1" in pagina and "Reasignar" not in pagina
    client.force_login(agente)
    assert client.get(reverse("atencion:carga")).status_code == 403


def test_no_ve_la_carga_de_otro_enrok(client, crear_usuario, pyme):
    _ticket(pyme, 1)
    otro_enrok = EnrokFactory(nombre="Otro centro", slug="otro-centro")
    ajena = PerfilFactory(pyme=PymeFactory(padre=otro_enrok)).pyme
    _ticket(ajena, 2)
    gerente_ajeno = crear_usuario("gerente_operaciones", organizacion=otro_enrok)
    client.force_login(gerente_ajeno)
    pagina = client.get(reverse("atencion:carga")).content.decode()
    assert "Caso 2" in pagina and "Caso 1" not in pagina


def test_no_se_asigna_a_un_agente_de_otro_enrok(pyme, gerente, crear_usuario):
    ticket = _ticket(pyme, 1)
    ajeno = crear_usuario("agente", organizacion=EnrokFactory(nombre="Otro centro", slug="otro-centro"))
    with pytest.raises(services.ErrorAtencion) as error:
        services.ticket_asignar(actor=gerente, ticket=ticket, agente=ajeno)
    assert error.value.mensaje == services.MSG_AGENTE_INVALIDO
    assert Ticket.objects.get(pk=ticket.pk).agente is None
