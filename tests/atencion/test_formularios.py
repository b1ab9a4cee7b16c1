"""An invalid form, or a refusal after a valid one, shows the page again (HTTP 200) with what was typed and
why, and changes nothing."""

import re
from datetime import date

from django.urls import reverse

from atencion import services
from atencion.models import (
    Campana,
    Encuesta,
    Interaccion,
    ObjetivoSla,
    PerfilPyme,
    ReporteEjecutivo,
    Seguimiento,
    Ticket,
)
from tests.atencion.factories import reporte_en, ticket_en


def _post(client, usuario, url, datos):
    client.force_login(usuario)
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def test_recordatorio_de_cita_en_el_pasado(client, pyme, agente):
    ticket = ticket_en(pyme, Ticket.Estado.EN_PROCESO)
    url = reverse("atencion:ticket_accion", args=[ticket.pk, "cita"])
    html = _post(client, agente, url, {"cita": "2020-03-04T10:30", "horas_antes": "12"})
    assert services.MSG_CITA_PASADA in html
    assert 'value="2020-03-04T10:30"' in html and 'value="12"' in html
    assert not Seguimiento.objects.exists()


def test_llamada_de_seguimiento_con_duracion_invalida(client, pyme, agente):
    ticket = ticket_en(pyme, Ticket.Estado.EN_PROCESO)
    url = reverse("atencion:ticket_accion", args=[ticket.pk, "llamada"])
    html = _post(client, agente, url, {"notas": "Confirmó su cita del jueves", "duracion_minutos": "-3"})
    assert "Confirmó su cita del jueves" in html and "Asegúrese de que este valor es mayor o igual a 0." in html
    assert "<details open>" in html  # the form is in a folded section: it is shown open with its error
    assert not Interaccion.objects.filter(ticket=ticket).exists()


def test_respuesta_a_ticket_resuelto(client, pyme, agente, motivo):
    ticket = ticket_en(pyme, Ticket.Estado.RESUELTO, motivo=motivo)
    url = reverse("atencion:ticket_accion", args=[ticket.pk, "responder"])
    html = _post(client, agente, url, {"texto": "¿Algo más en que le pueda ayudar?"})
    assert services.MSG_TICKET_NO_ABIERTO.format(estado="Resuelto") in html
    assert "¿Algo más en que le pueda ayudar?" in html
    assert not Interaccion.objects.filter(ticket=ticket).exists()


def test_objetivo_sla_incoherente(client, gerente, pyme):
    url = reverse("atencion:pyme", args=[pyme.slug])
    datos = {
        "seccion": "sla",
        "canal": "correo",
        "prioridad": "alta",
        "primera_respuesta_min": "90",
        "resolucion_min": "45",
    }
    html = _post(client, gerente, url, datos)
    assert "La resolución no puede ser menor que la primera respuesta." in html
    assert 'value="90"' in html and 'value="45"' in html
    assert not ObjetivoSla.objects.filter(pyme=pyme).exists()


def test_perfil_con_contacto_invalido_no_cambia_el_perfil(client, gerente, perfil):
    url = reverse("atencion:pyme", args=[perfil.pyme.slug])
    datos = {
        "seccion": "perfil",
        "giro": "abogados",
        "diagnostico": "Atiende consultas urgentes de noche",
        "canal_llamada": "on",
        "contactos_escalamiento": "no-es-correo",
    }
    html = _post(client, gerente, url, datos)
    assert "«no-es-correo» no es un correo válido." in html and "Atiende consultas urgentes de noche" in html
    assert PerfilPyme.objects.get(pk=perfil.pk).giro == perfil.giro


def test_recomendaciones_de_un_reporte_en_validacion(client, pyme, analista):
    reporte = reporte_en(pyme, analista, ReporteEjecutivo.Estado.EN_VALIDACION)
    url = reverse("atencion:reporte_accion", args=[reporte.pk, "editar"])
    html = _post(client, analista, url, {"recomendaciones": "- Publicar las preguntas frecuentes"})
    assert services.MSG_REPORTE_NO_EDITABLE.format(estado="En validación") in html
    assert "- Publicar las preguntas frecuentes" in html
    assert ReporteEjecutivo.objects.get(pk=reporte.pk).recomendaciones == reporte.recomendaciones


def test_reporte_duplicado(client, pyme, analista):
    services.reporte_crear(
        actor=analista, pyme=pyme, periodicidad="mensual", inicio=date(2026, 10, 1), fin=date(2026, 10, 31)
    )
    datos = {"pyme": pyme.pk, "periodicidad": "mensual", "referencia": "2026-11-15"}
    html = _post(client, analista, reverse("atencion:reporte_nuevo"), datos)
    assert services.MSG_REPORTE_DUPLICADO.format(periodicidad="mensual") in html
    assert 'value="2026-11-15"' in html
    assert ReporteEjecutivo.objects.count() == 1


def test_campana_sin_nombre(client, pyme, gerente):
    datos = {
        "pyme": pyme.pk,
        "tipo": "promocion",
        "asunto": "20 % en faciales",
        "mensaje": "Solo este fin de semana.",
        "programada_para": "2030-01-10T10:00",
    }
    html = _post(client, gerente, reverse("atencion:campana_nueva"), datos)
    assert "Este campo es obligatorio." in html and 'value="20 % en faciales"' in html
    assert not Campana.objects.exists()


def test_encuesta_incompleta(client, pyme, agente, motivo):
    ticket = ticket_en(pyme, Ticket.Estado.EN_PROCESO, motivo=motivo)
    services.ticket_resolver(actor=agente, ticket=ticket)
    encuesta = Encuesta.objects.get(ticket=ticket)
    url = reverse("atencion:encuesta", args=[services.token_encuesta(encuesta)])
    html = _post(client, agente, url, {"csat": "4", "comentario": "Muy amables"})
    assert services.MSG_ENCUESTA_VALORES in html and "Muy amables" in html
    assert re.search(r'name="csat" value="4"[^>]*checked', html)
    assert Encuesta.objects.get(pk=encuesta.pk).respondida_en is None


def test_filtro_de_metricas_invalido(client, gerente, pyme):
    client.force_login(gerente)
    for url in (reverse("atencion:metricas"), reverse("atencion:exportar", args=["csv"])):
        respuesta = client.get(url, {"desde": "2026-11-30", "hasta": "2026-11-01"})
        html = respuesta.content.decode()
        assert respuesta.status_code == 200 and "La fecha inicial debe ser anterior a la final." in html
        assert 'value="2026-11-30"' in html and 'value="2026-11-01"' in html
