"""The ticket list's free-text search: accents and case ignored, partial words, the folio, the phone, within the
user's scope, at most ENLACE_BUSQUEDA_TOPE matches, and a query count that does not grow with the matches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atencion import services
from atencion.models import Canal, Ticket
from enlace.busqueda import sin_acentos


def _ticket(pyme, asunto, *, nombre="", telefono="", correo=""):
    if not (telefono or correo):
        correo = f"c{Ticket.objects.count()}@cliente.test"
    return services.ticket_crear(
        actor=None, pyme=pyme, canal=Canal.CORREO, asunto=asunto, nombre=nombre, telefono=telefono, correo=correo
    )


def _buscar(client, texto):
    respuesta = client.get(reverse("atencion:tickets"), {"q": texto})
    assert respuesta.status_code == 200
    return respuesta, [t.pk for t in respuesta.context["pagina"].object_list]


@pytest.fixture
def tickets(pyme):
    return {
        "factura": _ticket(pyme, "Facturación pendiente de marzo", nombre="José Peña"),
        "cita": _ticket(pyme, "Cambio de cita", nombre="Ana María Núñez"),
        "otro": _ticket(pyme, "Horario de sábado", nombre="Luis Ortega"),
    }


def test_sin_acentos_como_la_funcion_de_la_base():
    assert sin_acentos("José Peña Núñez, acción") == "JOSE PENA NUNEZ, ACCION"


@pytest.mark.parametrize(
    ("texto", "esperados"),
    [
        ("facturacion", ["factura"]),  # no accent typed, accent stored
        ("FACTURACIÓN", ["factura"]),
        ("factur", ["factura"]),  # part of a word
        ("pena", ["factura"]),  # the customer's name, without the ñ
        ("JOSÉ peña", ["factura"]),
        ("nunez", ["cita"]),
        ("maria", ["cita"]),
        ("de", ["otro", "cita", "factura"]),  # newest first
        ("ninguno", []),
    ],
)
def test_busca_en_asunto_y_cliente_sin_acentos_ni_mayusculas(client, agente, tickets, texto, esperados):
    client.force_login(agente)
    assert _buscar(client, texto)[1] == [tickets[n].pk for n in esperados]


def test_busca_por_folio(client, agente, tickets):
    client.force_login(agente)
    folio = tickets["cita"].pk
    assert _buscar(client, str(folio))[1] == [folio]
    assert _buscar(client, f"#{folio}")[1] == [folio]


def test_busca_por_telefono_de_seis_digitos_o_mas(client, agente, pyme, tickets):
    ticket = _ticket(pyme, "Llamada", telefono="+52 55 1234 5678")
    client.force_login(agente)
    assert _buscar(client, "1234 5678")[1] == [ticket.pk]
    assert _buscar(client, "(55) 1234-5678")[1] == [ticket.pk]


def test_no_encuentra_tickets_de_otra_pyme(client, crear_usuario, pyme, otra_pyme, tickets):
    ajeno = _ticket(otra_pyme, "Facturación de otra PYME")
    client.force_login(crear_usuario("pyme", organizacion=pyme))
    assert _buscar(client, "facturacion")[1] == [tickets["factura"].pk]
    assert _buscar(client, f"#{ajeno.pk}")[1] == []


def test_lista_las_coincidencias_mas_recientes_hasta_el_tope(client, agente, pyme, settings):
    settings.ENLACE_BUSQUEDA_TOPE = 2
    viejo, medio, nuevo = (_ticket(pyme, f"Queja {n}") for n in range(3))
    client.force_login(agente)
    respuesta, encontrados = _buscar(client, "queja")
    assert encontrados == [nuevo.pk, medio.pk]
    assert respuesta.context["pagina"].mas_de == 2
    assert "se muestran los más recientes" in respuesta.content.decode()
    respuesta, encontrados = _buscar(client, "queja 0")
    assert encontrados == [viejo.pk]
    assert respuesta.context["pagina"].total == 1
    assert "se muestran los más recientes" not in respuesta.content.decode()


def _consultas(client, parametros):
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(reverse("atencion:tickets"), parametros).status_code == 200
    return len(consultas.captured_queries)


@pytest.mark.parametrize("texto", ["queja", "5512345678", "#{folio}"])
def test_consultas_de_la_busqueda_no_crecen_con_las_coincidencias(client, agente, pyme, otra_pyme, texto):
    ticket = _ticket(pyme, "Queja", nombre="Queja Pérez", telefono="+525512345678")
    texto = texto.format(folio=ticket.pk)
    client.force_login(agente)
    _consultas(client, {})  # the session's first reads
    sin_buscar = _consultas(client, {})
    pocas = _consultas(client, {"q": texto})
    for n in range(30):
        _ticket(otra_pyme if n % 2 else pyme, f"Queja {n}", nombre=f"Queja {n}", telefono=f"+52551234{n:04d}")
    assert _consultas(client, {"q": texto}) == pocas
    assert pocas == sin_buscar + 1  # the matches' ids, one UNION; the page and its total are one query as before
    assert _consultas(client, {"q": "nada de esto"}) == sin_buscar  # no match: the page is not even asked for
