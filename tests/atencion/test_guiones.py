"""Scripts: placeholders filled on the ticket, unknown ones refused, versions recorded by the ticket."""

import pytest
from django.urls import reverse

from atencion import services
from atencion.forms import GuionForm
from atencion.models import Canal, Guion
from atencion.services.comun import ErrorAtencion

pytestmark = pytest.mark.django_db

SALUDO = "Hola, gracias por llamar a {pyme}. Le atiende {agente}, ¿cómo está, {cliente}?"


@pytest.fixture
def guion(pyme, director):
    return services.guion_guardar(
        actor=director,
        pyme=pyme,
        giro="estetica",
        titulo="Citas",
        saludo=SALUDO,
        desarrollo="Pregunte el servicio.",
        cierre="Gracias por elegir {pyme}.",
    )


def _ticket(pyme):
    return services.ticket_crear(
        actor=None, pyme=pyme, canal=Canal.WHATSAPP, asunto="Cita", telefono="5215550001", nombre="Ana Ruiz"
    )


def test_el_ticket_muestra_el_guion_con_los_nombres_del_caso(client, guion, pyme, agente):
    agente.first_name = "Rosa"
    agente.save()
    ticket = _ticket(pyme)
    client.force_login(agente)
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk])).content.decode()
    assert f"Hola, gracias por llamar a {pyme.nombre}. Le atiende Rosa, ¿cómo está, Ana Ruiz?" in pagina
    assert f"Gracias por elegir {pyme.nombre}." in pagina
    assert "{pyme}" not in pagina and "{agente}" not in pagina and "{cliente}" not in pagina
    assert "versión 1" in pagina


@pytest.mark.parametrize("campo", ["saludo", "desarrollo", "cierre"])
def test_un_marcador_desconocido_se_rechaza_y_no_se_guarda(pyme, director, campo):
    textos = {"saludo": "Hola", "desarrollo": "Le ayudo", "cierre": "Adiós"} | {campo: "Gracias, {empresa} y {Pyme}"}
    with pytest.raises(ErrorAtencion) as error:
        services.guion_guardar(actor=director, pyme=pyme, giro="estetica", titulo="Malo", **textos)
    assert "{Pyme}, {empresa}" in error.value.mensaje and "{pyme}, {cliente}, {agente}" in error.value.mensaje
    assert not Guion.objects.exists()


def test_el_formulario_y_el_admin_rechazan_el_marcador_desconocido(pyme):
    datos = {"titulo": "Citas", "saludo": "Hola {nombre}", "desarrollo": "…", "cierre": "Adiós"}
    form = GuionForm(data=datos, pyme=pyme)
    assert not form.is_valid()
    assert "{nombre}" in form.errors["saludo"][0]
    assert GuionForm(data=datos | {"saludo": "Hola {cliente}"}, pyme=pyme).is_valid()


def test_editar_crea_una_version_nueva_y_conserva_la_anterior(guion, director):
    services.guion_guardar(actor=director, guion=guion, saludo="Buenos días, {cliente}.")
    guion.refresh_from_db()
    assert guion.version == 2
    anteriores = list(guion.history.order_by("history_id").values_list("version", "saludo"))
    assert anteriores[0] == (1, SALUDO) and anteriores[-1] == (2, "Buenos días, {cliente}.")


def test_el_ticket_registra_la_version_que_uso_el_agente(guion, pyme, agente, director):
    ticket = services.ticket_responder(actor=agente, ticket=_ticket(pyme), texto="Hola, con gusto")
    assert (ticket.guion, ticket.guion_version) == (guion, 1)

    services.guion_guardar(actor=director, guion=guion, cierre="Hasta pronto.")
    ticket = services.ticket_responder(actor=agente, ticket=ticket, texto="¿Qué día prefiere?")
    ticket.refresh_from_db()
    assert ticket.guion_version == 1  # the version in use when the agent first answered

    nuevo = services.ticket_responder(actor=agente, ticket=_otro_ticket(pyme), texto="Hola")
    assert nuevo.guion_version == 2


def test_sin_guiones_el_ticket_no_registra_ninguno(pyme, agente):
    ticket = services.ticket_responder(actor=agente, ticket=_ticket(pyme), texto="Hola")
    assert ticket.guion is None and ticket.guion_version is None


def _otro_ticket(pyme):
    return services.ticket_crear(
        actor=None, pyme=pyme, canal=Canal.WHATSAPP, asunto="Precio", telefono="5215550002", nombre="Luis"
    )
