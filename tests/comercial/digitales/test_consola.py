"""The console offers exactly what its user may do; refused or invalid submissions come back with what was
typed and why (HTTP 200), changing nothing; the admin's buttons run the same services."""

import pytest
from django.urls import reverse

from comercial.digitales import models, views
from comercial.digitales.filters import BandejaFiltro
from comercial.digitales.models import Estado, SolicitudDigital
from enlace import acciones
from enlace.models import Evento
from tests.ayudas import acciones_en_pagina, afirmar_ofrece_lo_permitido
from tests.comercial.digitales.factories import adjuntar_todo, solicitud_en

pytestmark = pytest.mark.django_db
DEUDA = {"tipo": "deuda_naf", "nombre": "Deuda en cartera (NAF – Paquete Accionario)"}

# (state, fields, actions the console offers the agent in charge)
CASOS = [
    (Estado.EN_COLA, {}, {"intento"}),
    (Estado.EN_COLA, {"intentos_contacto": 3}, {"intento", "descartar"}),
    (Estado.EN_ATENCION, {"fase_protocolo": 0}, {"fase", "notas"}),
    (Estado.EN_ATENCION, {"fase_protocolo": 2}, {"fase", "identificar", "notas"}),
    (
        Estado.EN_ATENCION,
        {"fase_protocolo": 3, "servicio": "tv", "carnet": "4455667"},
        {"identificar", "impedimentos", "notas"},
    ),
    (
        Estado.EN_ATENCION,
        {"fase_protocolo": 3, "servicio": "tv", "carnet": "4455667", "impedimentos": [DEUDA]},
        {"identificar", "impedimentos", "imposibilitar", "notas"},
    ),
    (Estado.SIN_IMPEDIMENTO, {}, {"factibilidad", "notas"}),
    (Estado.SIN_IMPEDIMENTO, {"factible": False}, {"factibilidad", "imposibilitar", "notas"}),
    (Estado.FACTIBLE, {}, {"requisitos", "notas", "lectura"}),
    (Estado.ESPERANDO_REQUISITOS, {}, {"adjuntar", "notas", "lectura"}),
    (Estado.DIGITADA, {}, {"contrato"}),  # the digitación check is the gestor(a) comercial's (and a superuser's)
    (Estado.DERIVADA, {}, {"comunicar", "contrato"}),
    (Estado.COMUNICADA, {}, {"contrato"}),  # no closed installation order: no follow-up yet
    (Estado.SEGUIDA, {}, {"calidad", "contrato"}),
    (Estado.CONCLUIDA, {}, {"contrato"}),
    (Estado.IMPOSIBILITADA, {}, set()),
    (Estado.NO_CONTACTADA, {}, set()),
]


def consola(client, usuario, s):
    client.force_login(usuario)
    respuesta = client.get(reverse("comercial:digitales:solicitud", args=[s.pk]))
    assert respuesta.status_code == 200
    return respuesta.content.decode()


@pytest.mark.parametrize(("estado", "campos", "esperadas"), CASOS)
def test_la_consola_ofrece_lo_que_el_ejecutor_y_los_servicios_aceptan(
    client, agente, responsable, admin_usuario, organizacion, estado, campos, esperadas
):
    s = solicitud_en(estado, organizacion=organizacion, agente=agente, **campos)
    for usuario in (agente, responsable, admin_usuario):
        ofrecidas = afirmar_ofrece_lo_permitido(consola(client, usuario, s), views.ACCIONES, s, usuario)
        control = {"control"} if usuario.is_superuser and estado == Estado.DIGITADA else set()
        assert ofrecidas == esperadas | control, usuario


def test_la_consola_ofrece_digitar_con_todos_los_requisitos(client, agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente)
    adjuntar_todo(s, agente)
    html = consola(client, agente, s)
    assert afirmar_ofrece_lo_permitido(html, views.ACCIONES, s, agente) == {"adjuntar", "digitar", "notas", "lectura"}


def test_otro_rol_no_llega_a_la_consola_ni_se_le_ofrece_nada(client, crear_usuario, organizacion, agente):
    ejecutivo = crear_usuario("ejecutivo_empresas", organizacion=organizacion)
    for estado, campos, _esperadas in CASOS:
        s = solicitud_en(estado, organizacion=organizacion, agente=agente, **campos)
        assert [a.codigo for a in views.ACCIONES.values() if a.disponible(s, ejecutivo)] == []
        assert acciones.nombres_disponibles(s, ejecutivo) == set()
    client.force_login(ejecutivo)
    respuesta = client.get(reverse("comercial:digitales:solicitud", args=[s.pk]))
    assert respuesta.status_code == 403 and not acciones_en_pagina(respuesta.content.decode())


# --- Forms keep what was typed ------------------------------------------------------------------


def enviar(client, s, codigo, datos=None):
    return client.post(reverse("comercial:digitales:accion", args=[s.pk, codigo]), datos or {})


def test_formulario_invalido_vuelve_con_lo_escrito_y_el_error(client, agente, organizacion):
    s = solicitud_en(Estado.EN_ATENCION, organizacion=organizacion, agente=agente, fase_protocolo=2)
    client.force_login(agente)
    antes = SolicitudDigital.objects.filter(pk=s.pk).values().get()
    respuesta = enviar(client, s, "identificar", {"nombre_cliente": "Rosa Flores", "servicio": "tv", "carnet": "12AB"})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert 'value="Rosa Flores"' in html and 'value="12AB"' in html
    assert "no es válido" in html
    assert SolicitudDigital.objects.filter(pk=s.pk).values().get() == antes


def test_rechazo_del_servicio_vuelve_con_lo_escrito_y_el_motivo(client, agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente)
    client.force_login(agente)
    respuesta = enviar(client, s, "digitar", {"referencia": "SF-999"})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert 'value="SF-999"' in html and 'data-accion="digitar"' in html
    assert "Faltan requisitos por adjuntar" in html
    s.refresh_from_db()
    assert (s.estado, s.referencia_smartflex) == (Estado.ESPERANDO_REQUISITOS, "")


def test_dias_fuera_de_rango_vuelven_con_el_valor(client, crear_usuario, agente, organizacion):
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    client.force_login(crear_usuario("gestor_comercial", organizacion=organizacion))
    respuesta = enviar(client, s, "control", {"dias": "16", "verificada": "on"})
    assert respuesta.status_code == 200
    assert 'value="16"' in respuesta.content.decode() and "entre 2 y 15 días" in respuesta.content.decode()
    assert SolicitudDigital.objects.get(pk=s.pk).estado == Estado.DIGITADA


def test_accion_sin_formulario_rechazada_muestra_el_motivo_en_la_pagina(client, agente, organizacion):
    s = solicitud_en(Estado.EN_COLA, organizacion=organizacion, agente=agente, intentos_contacto=1)
    client.force_login(agente)
    respuesta = enviar(client, s, "descartar")
    assert respuesta.status_code == 200
    assert models.INTENTOS_INSUFICIENTES.format(maximo=3) in respuesta.content.decode()
    assert SolicitudDigital.objects.get(pk=s.pk).estado == Estado.EN_COLA


def test_registrar_llamada_invalida_conserva_lo_escrito(client, agente):
    client.force_login(agente)
    url = reverse("comercial:digitales:registrar_llamada")
    respuesta = client.post(url, {"linea": "4001515", "telefono": "12", "nombre_cliente": "Rosa"})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200 and 'value="Rosa"' in html and 'value="12"' in html
    assert "no es válido" in html
    assert not SolicitudDigital.objects.exists()


# --- The admin's transition buttons -------------------------------------------------------------


def test_admin_ofrece_las_transiciones_permitidas_y_las_ejecuta_por_su_servicio(
    client, admin_usuario, agente, organizacion
):
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    client.force_login(admin_usuario)
    cambio = client.get(reverse("admin:comercial_digitales_solicituddigital_change", args=[s.pk])).content.decode()
    url = reverse("admin:comercial_digitales_solicituddigital_accion", args=[s.pk, "controlar_digitacion"])
    assert url in cambio
    assert reverse("admin:comercial_digitales_solicituddigital_accion", args=[s.pk, "digitar"]) not in cambio
    respuesta = client.post(url, {"dias": "1", "verificada": "on"})
    assert respuesta.status_code == 200 and SolicitudDigital.objects.get(pk=s.pk).estado == Estado.DIGITADA
    assert client.post(url, {"dias": "4", "verificada": "on"}).status_code == 302
    s.refresh_from_db()
    assert (s.estado, s.orden_instalacion.dias_estimados) == (Estado.DERIVADA, 4)
    assert Evento.objects.get(objeto_id=str(s.pk), tipo="digitales.digitacion_controlada").actor == admin_usuario


def test_admin_no_ejecuta_una_transicion_no_permitida(client, admin_usuario, agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente)
    client.force_login(admin_usuario)
    url = reverse("admin:comercial_digitales_solicituddigital_accion", args=[s.pk, "digitar"])
    respuesta = client.post(url, {"referencia": "SF"}, follow=True)
    assert "Faltan requisitos por adjuntar" in respuesta.content.decode()
    assert SolicitudDigital.objects.get(pk=s.pk).estado == Estado.ESPERANDO_REQUISITOS


# --- The queue's filter -------------------------------------------------------------------------


def test_filtro_de_bandeja_con_etiquetas_y_bandeja_inicial(agente, organizacion):
    assert all(f.label for f in BandejaFiltro().filters.values())
    en_cola = solicitud_en(Estado.EN_COLA, organizacion=organizacion)
    perdida = solicitud_en(Estado.EN_COLA, organizacion=organizacion, perdida=True)
    base = SolicitudDigital.objects.all()
    for datos in ({}, {"bandeja": "inventada"}, {"bandeja": "cola"}):
        assert list(BandejaFiltro(datos, queryset=base).qs) == [en_cola]
    assert list(BandejaFiltro({"bandeja": "devolucion"}, queryset=base).qs) == [perdida]
