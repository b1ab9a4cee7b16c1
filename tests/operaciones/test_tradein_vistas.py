"""Pages of the Trade-In: who opens it (COP, asesor, A, B; not a third dealer), forms, files and permissions."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from operaciones import mensajes, services
from operaciones.models import ArchivoTradeIn, PuntoChecklistTradeIn, TradeIn
from tests.ayudas import afirmar_404_para
from tests.operaciones import fixtures_negociacion
from tests.operaciones.fixtures_negociacion import UNIDAD_A_CUENTA

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("checklist")]

operacion_a_cuenta = fixtures_negociacion.operacion_a_cuenta
tercer_gerente = fixtures_negociacion.tercer_gerente
checklist = fixtures_negociacion.checklist

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def url(nombre, *args):
    return reverse(f"operaciones:{nombre}", args=args)


def ultimo_mensaje(respuesta):
    return [str(m) for m in get_messages(respuesta.wsgi_request)][-1]


@pytest.fixture(autouse=True)
def almacen(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


@pytest.fixture
def trade_in(operacion_a_cuenta, cop):
    return services.tradein_activar(actor=cop, apartado=operacion_a_cuenta, unidad=UNIDAD_A_CUENTA)


@pytest.fixture
def foto(trade_in, operacion_a_cuenta, cop):
    return services.tradein_agregar_archivo(
        actor=cop, trade_in=operacion_a_cuenta.trade_in, tipo="foto", archivo=SimpleUploadedFile("frente.png", PNG)
    )


def test_el_cop_activa_el_trade_in_desde_la_pagina_del_apartado(client, operacion_a_cuenta, cop):
    client.force_login(cop)
    html = client.get(url("apartado", operacion_a_cuenta.pk)).content.decode()
    assert url("tradein_activar", operacion_a_cuenta.pk) in html
    datos = {**UNIDAD_A_CUENTA, "vin": ""}
    respuesta = client.post(url("tradein_activar", operacion_a_cuenta.pk), datos)
    assert respuesta.url == url("apartado", operacion_a_cuenta.pk)
    assert ultimo_mensaje(respuesta) == mensajes.OK_TRADE_IN
    html = client.get(url("apartado", operacion_a_cuenta.pk)).content.decode()
    assert "Esperando respuesta del concesionario A" in html and "Motor y transmisión" in html


def test_un_vin_invalido_muestra_el_mensaje(client, operacion_a_cuenta, cop):
    client.force_login(cop)
    respuesta = client.post(url("tradein_activar", operacion_a_cuenta.pk), {**UNIDAD_A_CUENTA, "vin": "ABC"})
    assert respuesta.status_code == 200 and "El VIN debe tener 17 caracteres" in respuesta.content.decode()
    assert not TradeIn.objects.exists()


def test_a_ve_solo_el_trade_in_y_un_tercero_nada(
    client, trade_in, foto, operacion_a_cuenta, cop, asesor, gerente_otro, gerente_ventas, tercer_gerente
):
    pagina = url("tradein", operacion_a_cuenta.pk)
    archivo = url("tradein_archivo", operacion_a_cuenta.pk, foto.pk)
    for usuario in (cop, asesor, gerente_otro, gerente_ventas):
        client.force_login(usuario)
        respuesta = client.get(pagina)
        assert respuesta.status_code == 200 and "Nissan Tsuru 2012" in respuesta.content.decode(), usuario
        if usuario == asesor:  # the files are for the COP and those who answer the Trade-In (A and B)
            assert archivo not in respuesta.content.decode() and client.get(archivo).status_code == 404
            continue
        descarga = client.get(archivo)
        assert descarga.status_code == 200 and b"".join(descarga.streaming_content) == PNG
    # A works on the trade-in but does not see the rest of the operación (another dealer's unit).
    afirmar_404_para(client, gerente_otro, url("apartado", operacion_a_cuenta.pk))
    assert "María López" not in client.get(pagina).content.decode()
    for direccion in (pagina, archivo, url("tradein_responder", operacion_a_cuenta.pk)):
        afirmar_404_para(client, tercer_gerente, direccion)


def test_a_responde_desde_la_pagina_del_trade_in(client, trade_in, operacion_a_cuenta, gerente_otro, gerente_ventas):
    client.force_login(gerente_otro)
    html = client.get(url("tradein", operacion_a_cuenta.pk)).content.decode()
    assert url("tradein_responder", operacion_a_cuenta.pk) in html
    respuesta = client.post(url("tradein_responder", operacion_a_cuenta.pk), {"resultado": "toma", "oferta": ""})
    assert respuesta.status_code == 200 and mensajes.OFERTA_REQUERIDA in respuesta.content.decode()
    respuesta = client.post(
        url("tradein_responder", operacion_a_cuenta.pk), {"resultado": "toma", "oferta": "65000", "comentario": "Ok"}
    )
    assert respuesta.url == url("tradein", operacion_a_cuenta.pk)
    assert ultimo_mensaje(respuesta) == mensajes.OK_TRADE_IN_RESPUESTA
    trade_in = TradeIn.objects.get()
    assert (trade_in.estado, trade_in.oferta_a) == ("tomado_a", Decimal("65000"))


def test_b_no_responde_por_a(client, trade_in, operacion_a_cuenta, gerente_ventas):
    client.force_login(gerente_ventas)
    assert (
        url("tradein_responder", operacion_a_cuenta.pk)
        not in client.get(url("tradein", operacion_a_cuenta.pk)).content.decode()
    )
    respuesta = client.post(url("tradein_responder", operacion_a_cuenta.pk), {"resultado": "declina"})
    assert mensajes.NO_RESPONDE_A in respuesta.content.decode()
    assert TradeIn.objects.get().estado == "esperando_a"


def test_el_cop_registra_el_checklist_sube_archivos_y_activa_la_segunda_oferta(
    client, trade_in, operacion_a_cuenta, cop, gerente_otro, almacen
):
    client.force_login(cop)
    punto = PuntoChecklistTradeIn.objects.get(nombre="Llantas y frenos")
    respuesta = client.post(
        url("tradein_revision", operacion_a_cuenta.pk), {"punto": punto.pk, "resultado": "cumple", "observacion": ""}
    )
    assert ultimo_mensaje(respuesta) == mensajes.OK_TRADE_IN_REVISION
    respuesta = client.post(
        url("tradein_subir", operacion_a_cuenta.pk),
        {"tipo": "foto", "archivo": SimpleUploadedFile("f.pdf", b"%PDF-1.4 x"), "descripcion": ""},
    )
    assert "no es de un tipo permitido" in respuesta.content.decode() and not ArchivoTradeIn.objects.exists()
    respuesta = client.post(
        url("tradein_subir", operacion_a_cuenta.pk),
        {"tipo": "documento", "archivo": SimpleUploadedFile("factura.pdf", b"%PDF-1.4 x"), "descripcion": "Factura"},
    )
    assert ultimo_mensaje(respuesta) == mensajes.OK_TRADE_IN_ARCHIVO and ArchivoTradeIn.objects.count() == 1
    respuesta = client.post(url("tradein_segunda", operacion_a_cuenta.pk))
    assert mensajes.SEGUNDA_OFERTA_ANTICIPADA.split("(")[0] in respuesta.content.decode()
    services.tradein_responder(actor=gerente_otro, trade_in=operacion_a_cuenta.trade_in, toma=False)
    assert (
        url("tradein_segunda", operacion_a_cuenta.pk)
        in client.get(url("tradein", operacion_a_cuenta.pk)).content.decode()
    )
    respuesta = client.post(url("tradein_segunda", operacion_a_cuenta.pk))
    assert ultimo_mensaje(respuesta) == mensajes.OK_SEGUNDA_OFERTA
    assert TradeIn.objects.get().estado == "esperando_b"


def test_permisos_403_por_rol(
    client, trade_in, operacion_a_cuenta, asesor, gerente_otro, crear_usuario, otro_concesionario
):
    solo_cop = ["tradein_activar", "tradein_revision", "tradein_subir", "tradein_segunda"]
    for usuario in (asesor, gerente_otro):
        client.force_login(usuario)
        for nombre in solo_cop:
            assert client.get(url(nombre, operacion_a_cuenta.pk)).status_code == 403, nombre
            assert client.post(url(nombre, operacion_a_cuenta.pk)).status_code == 403, nombre
    for rol in ("asesor", "gerente_financiera", "webmaster"):
        client.force_login(crear_usuario(rol, organizacion=otro_concesionario))
        assert client.post(url("tradein_responder", operacion_a_cuenta.pk), {"resultado": "declina"}).status_code == 403
    assert TradeIn.objects.get().estado == "esperando_a"


def test_sin_trade_in_se_explica_a_quien_ve_la_operacion(client, operacion_a_cuenta, cop, tercer_gerente):
    for nombre, metodo in (("tradein", "get"), ("tradein_segunda", "get"), ("tradein_segunda", "post")):
        respuesta = afirmar_404_para(client, cop, url(nombre, operacion_a_cuenta.pk), metodo=metodo)
        texto = respuesta.content.decode()
        assert f"La operación {operacion_a_cuenta.folio} no tiene Trade-In" in texto, nombre
        assert "active el Trade-In desde la operación" in texto
    assert not TradeIn.objects.exists()
    # whoever does not see the operación learns nothing about it
    ajena = afirmar_404_para(client, tercer_gerente, url("tradein", operacion_a_cuenta.pk))
    assert operacion_a_cuenta.folio not in ajena.content.decode()
