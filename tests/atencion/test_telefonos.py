"""ENROK's customers by phone: a call, a WhatsApp message and a search find the same customer however it is typed."""

from django.urls import reverse

from atencion.models import Cliente, Ticket
from enlace.telefonos import NO_VALIDO
from tests.atencion.test_whatsapp import enviar, payload


def _llamada(client, agente, pyme, telefono):
    client.force_login(agente)
    datos = {"pyme": pyme.pk, "telefono": telefono, "nombre": "Rosa", "asunto": "Horario", "prioridad": "baja"}
    return client.post(reverse("atencion:llamada"), {**datos, "notas": "Preguntó", "duracion_minutos": "1"})


def test_llamada_con_telefono_invalido_no_guarda_nada(client, agente, pyme):
    respuesta = _llamada(client, agente, pyme, "55 12")
    assert respuesta.status_code == 200
    assert respuesta.context["form"].errors["telefono"] == [NO_VALIDO.format(valor="55 12")]
    assert not Ticket.objects.exists() and not Cliente.objects.exists()


def test_llamada_y_whatsapp_encuentran_al_mismo_cliente(client, agente, pyme, perfil):
    assert _llamada(client, agente, pyme, "(55) 1234-5678").status_code == 302
    cliente = Cliente.objects.get()
    assert cliente.telefono == "+525512345678"
    Ticket.objects.update(estado="resuelto")

    # WhatsApp writes Mexican mobiles as 521 + ten digits, without "+".
    assert enviar(client, payload(perfil.whatsapp_phone_number_id, "5215512345678", "wamid.1")).status_code == 200
    assert Cliente.objects.get() == cliente
    assert Ticket.objects.filter(cliente=cliente).count() == 2


def test_whatsapp_con_y_sin_el_uno_movil_es_el_mismo_cliente(client, perfil):
    numero = perfil.whatsapp_phone_number_id
    enviar(client, payload(numero, "5215512345678", "wamid.1"))
    enviar(client, payload(numero, "525512345678", "wamid.2"))
    cliente = Cliente.objects.get()
    assert cliente.telefono == "+525512345678"
    assert Ticket.objects.get().interacciones.count() == 2


def test_buscar_tickets_por_telefono_escrito_de_cualquier_forma(client, agente, pyme, perfil):
    enviar(client, payload(perfil.whatsapp_phone_number_id, "5215512345678", "wamid.1"))
    ticket = Ticket.objects.get()
    client.force_login(agente)

    def encontrados(texto):
        respuesta = client.get(reverse("atencion:tickets"), {"q": texto})
        return [t.pk for t in respuesta.context["pagina"].object_list]

    assert encontrados("55 1234 5678") == [ticket.pk]
    assert encontrados("+52 (55) 1234-5678") == [ticket.pk]
    assert encontrados("1234 5678") == [ticket.pk]
    assert encontrados("55 9999 0000") == []
