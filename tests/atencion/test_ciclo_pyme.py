"""A client PYME's lifecycle: registered with a giro of the admin-edited catalogue and its SLA targets,
suspended by the director with a reason (campaigns and surveys stop, the portal says so) and reactivated."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from atencion import services
from atencion.models import Campana, Encuesta, Giro, ObjetivoSla, PerfilPyme, Ticket
from enlace.models import Evento, Organizacion
from tests.atencion.factories import EnrokFactory, campana_en, releer, ticket_en

pytestmark = pytest.mark.django_db

DATOS = {
    "nombre": "Clínica Dental Sonrisa",
    "giro": "consultorio",
    "pais": "MX",
    "zona_horaria": "America/Mexico_City",
    "contrato_inicio": "01/12/2026",
    "canal_llamada": "on",
    "canal_correo": "on",
    **{f"sla_{p}_respuesta": r for p, r in (("critica", 10), ("alta", 30), ("media", 60), ("baja", 120))},
    **{f"sla_{p}_resolucion": r for p, r in (("critica", 120), ("alta", 240), ("media", 480), ("baja", 960))},
}


def test_el_catalogo_de_giros_se_edita_en_el_admin_y_el_registro_lo_usa(client, director, admin_usuario):
    client.force_login(admin_usuario)
    client.post(reverse("admin:atencion_giro_add"), {"codigo": "taller", "nombre": "Taller mecánico", "activo": "on"})
    client.force_login(director)
    formulario = client.get(reverse("atencion:pyme_nueva")).content.decode()
    assert "Taller mecánico" in formulario and "Consultorio médico" in formulario
    client.post(reverse("atencion:pyme_nueva"), DATOS | {"giro": "taller"})
    perfil = PerfilPyme.objects.get(pyme__nombre="Clínica Dental Sonrisa")
    assert perfil.giro == Giro.objects.get(codigo="taller")


def test_un_giro_inactivo_no_se_ofrece_ni_se_acepta(client, director):
    Giro.objects.filter(codigo="consultorio").update(activo=False)
    client.force_login(director)
    assert "Consultorio médico" not in client.get(reverse("atencion:pyme_nueva")).content.decode()
    pagina = client.post(reverse("atencion:pyme_nueva"), DATOS).content.decode()
    assert "Escoja una opción válida" in pagina
    with pytest.raises(services.ErrorAtencion, match=services.MSG_GIRO_INACTIVO):
        services.pyme_registrar(
            actor=director,
            nombre="X",
            giro="consultorio",
            pais="MX",
            zona_horaria="America/Mexico_City",
            contrato_inicio=timezone.localdate(),
            canal_llamada=True,
        )
    assert not Organizacion.objects.filter(nombre__in=["X", "Clínica Dental Sonrisa"]).exists()


def test_los_objetivos_sla_del_registro_valen_para_cada_canal_contratado(client, director):
    client.force_login(director)
    client.post(reverse("atencion:pyme_nueva"), DATOS)
    pyme = Organizacion.objects.get(nombre="Clínica Dental Sonrisa")
    objetivos = set(ObjetivoSla.objects.filter(pyme=pyme).values_list("canal", "prioridad", "primera_respuesta_min"))
    assert len(objetivos) == 8 and ("correo", "alta", 30) in objetivos and ("llamada", "critica", 10) in objetivos
    assert not any(canal == "whatsapp" for canal, _, _ in objetivos)
    evento = Evento.objects.get(tipo="atencion.pyme.alta", organizacion=pyme)
    assert evento.datos["giro"] == "consultorio" and evento.datos["sla"]["media"] == [60, 480]


def test_un_objetivo_sla_incoherente_se_explica_y_no_registra_nada(client, director):
    client.force_login(director)
    pagina = client.post(reverse("atencion:pyme_nueva"), DATOS | {"sla_alta_resolucion": 5}).content.decode()
    assert "Alta: la resolución no puede ser menor que la respuesta." in pagina
    assert not Organizacion.objects.filter(nombre="Clínica Dental Sonrisa").exists()


def _suspender_por_la_pagina(client, pyme, motivo):
    return client.post(reverse("atencion:pyme", args=[pyme.slug]), {"seccion": "suspender", "motivo": motivo})


def test_el_director_suspende_con_motivo_desde_la_pagina_y_queda_en_la_linea_de_tiempo(client, director, pyme):
    client.force_login(director)
    pagina = client.get(reverse("atencion:pyme", args=[pyme.slug])).content.decode()
    assert 'data-accion="suspender"' in pagina and 'data-accion="reactivar"' not in pagina
    antes = pyme.perfil_atencion.estado
    assert _suspender_por_la_pagina(client, pyme, "Pago pendiente de noviembre").status_code == 302
    perfil = releer(pyme.perfil_atencion)
    assert (perfil.estado, perfil.motivo_suspension) == (PerfilPyme.Estado.SUSPENDIDA, "Pago pendiente de noviembre")
    pagina = client.get(reverse("atencion:pyme", args=[pyme.slug])).content.decode()
    assert "PYME suspendida" in pagina and "Pago pendiente de noviembre" in pagina
    assert 'data-accion="reactivar"' in pagina and 'data-accion="suspender"' not in pagina
    assert client.post(reverse("atencion:pyme", args=[pyme.slug]), {"seccion": "reactivar"}).status_code == 302
    assert releer(perfil).estado == antes
    assert "PYME reactivada" in client.get(reverse("atencion:pyme", args=[pyme.slug])).content.decode()


def test_sin_motivo_no_suspende(client, director, pyme):
    client.force_login(director)
    pagina = _suspender_por_la_pagina(client, pyme, "   ").content.decode()
    assert "Este campo es obligatorio" in pagina
    assert releer(pyme.perfil_atencion).estado != PerfilPyme.Estado.SUSPENDIDA


def test_el_gerente_no_ve_ni_puede_suspender(client, gerente, pyme):
    client.force_login(gerente)
    assert 'data-accion="suspender"' not in client.get(reverse("atencion:pyme", args=[pyme.slug])).content.decode()
    pagina = _suspender_por_la_pagina(client, pyme, "Quiero").content.decode()
    assert "no tiene permiso" in pagina
    assert releer(pyme.perfil_atencion).estado != PerfilPyme.Estado.SUSPENDIDA


def test_otra_enrok_no_llega_a_la_pyme(client, crear_usuario, pyme):
    ajeno = crear_usuario("director", organizacion=EnrokFactory(nombre="Otra", slug="otra-enrok"))
    client.force_login(ajeno)
    assert _suspender_por_la_pagina(client, pyme, "x").status_code == 404
    assert releer(pyme.perfil_atencion).estado != PerfilPyme.Estado.SUSPENDIDA


def test_el_portal_de_la_pyme_suspendida_lo_avisa(client, director, usuario_pyme, pyme):
    services.perfil_suspender(actor=director, perfil=pyme.perfil_atencion, motivo="Pago pendiente de noviembre")
    client.force_login(usuario_pyme)
    pagina = client.get(reverse("atencion:inicio")).content.decode()
    assert "Servicio suspendido." in pagina and "Pago pendiente de noviembre" in pagina


def test_sus_campanas_y_encuestas_se_detienen(director, gerente, agente, pyme, motivo):
    campana = campana_en(pyme, gerente, Campana.Estado.PROGRAMADA, dentro=-timedelta(minutes=1))
    ticket = ticket_en(pyme, Ticket.Estado.EN_PROCESO, motivo=motivo, agente=agente)
    services.ticket_responder(actor=agente, ticket=ticket, texto="Listo")
    services.perfil_suspender(actor=director, perfil=pyme.perfil_atencion, motivo="Pago pendiente")
    assert services.campanas_enviar() == 0 and releer(campana).estado == Campana.Estado.PROGRAMADA
    services.ticket_resolver(actor=agente, ticket=ticket)
    assert not Encuesta.objects.filter(ticket=ticket).exists()
    services.perfil_reactivar(actor=director, perfil=pyme.perfil_atencion)
    assert services.campanas_enviar() == 1
