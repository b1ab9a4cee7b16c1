"""Public intake: the authenticated lead webhook (chatbot, Facebook) and the web contact form."""

import json

import pytest
from django.urls import reverse

from comercial.digitales import views
from comercial.digitales.forms import ACEPTA_REQUERIDO
from comercial.digitales.models import Estado, SolicitudDigital
from comercial.digitales.validadores import TELEFONO_INVALIDO
from comercial.digitales.webhook import firmar
from enlace.models import Notificacion
from tests.comercial.digitales.factories import producto_de
from tests.enlace.factories import OrganizacionFactory

pytestmark = pytest.mark.django_db
URL_WEBHOOK = "/comercial/digitales/webhook/leads/"
URL_CONTACTO = "/comercial/digitales/contacto/"


@pytest.fixture
def comteco(settings):
    settings.DIGITALES_ORGANIZACION = "comteco-prueba"
    return OrganizacionFactory(slug="comteco-prueba", nombre="COMTECO")


def lead(**cambios):
    datos = {
        "canal": "facebook",
        "lead_id": "fb-9001",
        "nombre": "Carla Rojas",
        "telefono": "71234567",
        "correo": "carla@ejemplo.test",
        "mensaje": "Quiero internet",
    }
    return json.dumps({**datos, **cambios}).encode()


def enviar(client, cuerpo, firma=None, secreto="secreto-de-prueba"):
    cabeceras = {}
    if firma is not False:
        cabeceras["HTTP_X_ENLACE_FIRMA"] = firma or firmar(secreto, cuerpo)
    return client.post(URL_WEBHOOK, data=cuerpo, content_type="application/json", **cabeceras)


def test_webhook_acepta_un_lead_valido_una_sola_vez(client, comteco, crear_usuario):
    agente = crear_usuario("agente_digital", organizacion=comteco)
    cuerpo = lead()
    respuesta = enviar(client, cuerpo)
    assert respuesta.status_code == 201
    s = SolicitudDigital.objects.get()
    assert respuesta.json() == {"solicitud": s.numero, "creada": True}
    assert (s.canal, s.lead_id, s.estado, s.telefono, s.organizacion) == (
        "facebook",
        "fb-9001",
        Estado.EN_COLA,
        "71234567",
        comteco,
    )
    assert Notificacion.objects.filter(destinatario=agente).count() == 1
    otra = enviar(client, cuerpo)
    assert otra.status_code == 200 and otra.json() == {"solicitud": s.numero, "creada": False}
    assert SolicitudDigital.objects.count() == 1
    assert Notificacion.objects.count() == 1
    # the same id from another channel is another lead
    assert enviar(client, lead(canal="chatbot")).status_code == 201
    assert SolicitudDigital.objects.count() == 2


@pytest.mark.parametrize(
    "firma",
    [False, "sha256=" + "0" * 64, "firma-cualquiera", "otro-secreto"],
    ids=["sin-firma", "firma-falsa", "formato-invalido", "secreto-ajeno"],
)
def test_webhook_rechaza_sin_autenticacion_y_no_guarda(client, comteco, firma):
    cuerpo = lead()
    if firma == "otro-secreto":
        firma = firmar("otro-secreto", cuerpo)
    respuesta = enviar(client, cuerpo, firma=firma)
    assert respuesta.status_code == 401
    assert respuesta.json()["error"] == views.WEBHOOK_SIN_FIRMA
    assert not SolicitudDigital.objects.exists()


def test_webhook_sin_secreto_configurado_rechaza_todo(client, comteco, settings):
    settings.DIGITALES_WEBHOOK_SECRETO = ""
    assert enviar(client, lead(), secreto="").status_code == 401
    assert not SolicitudDigital.objects.exists()


def test_webhook_firma_sobre_el_cuerpo_exacto(client, comteco):
    firma = firmar("secreto-de-prueba", lead())
    assert enviar(client, lead(nombre="Otro"), firma=firma).status_code == 401
    assert not SolicitudDigital.objects.exists()


@pytest.mark.parametrize(
    ("cuerpo", "campo"),
    [
        (b"{no es json", None),
        (b"[1, 2]", None),
        (b"\xff\xfe", None),
        (lead(telefono="123"), "telefono"),
        (lead(lead_id=""), "lead_id"),
        (lead(canal="web"), "canal"),
        (lead(correo="no-es-correo"), "correo"),
    ],
)
def test_webhook_rechaza_cuerpos_mal_formados(client, comteco, cuerpo, campo):
    respuesta = enviar(client, cuerpo)
    assert respuesta.status_code == 400
    if campo:
        assert campo in respuesta.json()["errores"]
    else:
        assert respuesta.json()["error"] == views.WEBHOOK_JSON_INVALIDO
    assert not SolicitudDigital.objects.exists()


def test_webhook_rechaza_get_y_cuerpos_enormes(client, comteco, settings):
    assert client.get(URL_WEBHOOK).status_code == 405
    settings.DIGITALES_WEBHOOK_MAX_BYTES = 100
    assert enviar(client, lead(mensaje="x" * 200)).status_code == 413
    assert not SolicitudDigital.objects.exists()


def datos_contacto(**cambios):
    return {
        "nombre": "Pedro Gutiérrez",
        "telefono": "799-88-776",
        "correo": "",
        "servicio": "",
        "mensaje": "Me interesa fibra",
        "acepta": "on",
        "sitio_web": "",
        **cambios,
    }


def test_formulario_publico_valido_crea_una_solicitud_web(client, comteco):
    assert client.get(URL_CONTACTO).status_code == 200
    respuesta = client.post(URL_CONTACTO, datos_contacto(servicio=producto_de(comteco).pk))
    assert respuesta.status_code == 302 and respuesta.url == reverse("comercial:digitales:contacto_gracias")
    s = SolicitudDigital.objects.get()
    assert (s.canal, s.telefono, s.nombre_cliente, s.estado) == ("web", "79988776", "Pedro Gutiérrez", "en_cola")
    assert "Servicio de interés: Internet hogar." in s.mensaje
    gracias = client.get(respuesta.url).content.decode()
    assert s.numero in gracias


def test_formulario_publico_invalido_muestra_errores_en_espanol(client, comteco):
    respuesta = client.post(URL_CONTACTO, datos_contacto(telefono="12", acepta="", nombre=""))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert TELEFONO_INVALIDO.format(valor="12").replace("«", "&laquo;")[:20] in html or "no es válido" in html
    assert ACEPTA_REQUERIDO in html
    assert "Este campo es obligatorio" in html
    assert not SolicitudDigital.objects.exists()


def test_formulario_publico_descarta_spam_del_campo_trampa(client, comteco):
    respuesta = client.post(URL_CONTACTO, datos_contacto(sitio_web="http://spam.example"))
    assert respuesta.status_code == 302
    assert not SolicitudDigital.objects.exists()


def test_formulario_publico_limita_envios_por_ip(client, comteco, settings):
    settings.DIGITALES_CONTACTO_MAX_POR_HORA = 2
    for i in range(2):
        assert client.post(URL_CONTACTO, datos_contacto(telefono=f"7000000{i}")).status_code == 302
    respuesta = client.post(URL_CONTACTO, datos_contacto())
    assert respuesta.status_code == 429
    assert views.DEMASIADOS_ENVIOS in respuesta.content.decode()
    assert SolicitudDigital.objects.count() == 2


def test_formulario_publico_limita_por_la_direccion_real_tras_el_proxy(client, comteco, settings):
    settings.NUM_PROXIES = 1
    settings.DIGITALES_CONTACTO_MAX_POR_HORA = 1
    assert client.post(URL_CONTACTO, datos_contacto(), HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    # a forged left-most entry does not make a new client
    falsa = "1.2.3.4, 203.0.113.1"
    assert client.post(URL_CONTACTO, datos_contacto(), HTTP_X_FORWARDED_FOR=falsa).status_code == 429
    otro = datos_contacto(telefono="70000099")
    assert client.post(URL_CONTACTO, otro, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 302


def test_formulario_publico_exige_csrf(comteco):
    from django.test import Client

    cliente = Client(enforce_csrf_checks=True)
    assert cliente.post(URL_CONTACTO, datos_contacto()).status_code == 403
    assert not SolicitudDigital.objects.exists()
