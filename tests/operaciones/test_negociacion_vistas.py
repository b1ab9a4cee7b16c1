"""Pages of the negotiation: forms → services → apartado, permissions (403 role, 404 other dealer) and queries."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from operaciones import mensajes, services
from operaciones.models import SolicitudDescuento, SolicitudFinanciamiento
from tests.ayudas import afirmar_404_para
from tests.operaciones import fixtures_negociacion
from tests.operaciones.factories import ConcesionarioFactory, RedFactory, UnidadFactory

pytestmark = pytest.mark.django_db

operacion = fixtures_negociacion.operacion


def mensajes_de(respuesta):
    """The messages this request added (earlier unread ones stay in the session: keep only the last)."""
    return [str(m) for m in get_messages(respuesta.wsgi_request)][-1:]


def url(nombre, *args):
    return reverse(f"operaciones:{nombre}", args=args)


@pytest.fixture
def descuento(operacion, asesor):
    return services.descuento_solicitar(
        actor=asesor, apartado=operacion, tipo="monto", valor=Decimal("8000"), motivo="Cliente frecuente"
    )


@pytest.fixture
def financiamiento(operacion, asesor):
    return services.financiamiento_enviar(
        actor=asesor,
        apartado=operacion,
        financiera="BBVA",
        tipo_financiera="banco",
        monto_solicitado=Decimal("200000"),
        plazo_meses=48,
    )


def test_la_pagina_del_apartado_muestra_la_negociacion_por_rol(
    client, operacion, descuento, financiamiento, cop, asesor, gerente_ventas
):
    client.force_login(cop)
    html = client.get(url("apartado", operacion.pk)).content.decode()
    assert "$289.900,00 MXN" in html and "BBVA (Banco)" in html and "Cliente frecuente" in html
    assert url("descuento_negociar", operacion.pk, descuento.pk) in html
    assert url("financiamiento_responder", operacion.pk, financiamiento.pk) in html
    client.force_login(asesor)
    html = client.get(url("apartado", operacion.pk)).content.decode()
    assert "Cliente frecuente" in html and url("descuento_negociar", operacion.pk, descuento.pk) not in html
    assert url("descuento_solicitar", operacion.pk) not in html  # one open request already
    client.force_login(gerente_ventas)
    assert client.get(url("apartado", operacion.pk)).status_code == 200


def test_el_asesor_solicita_un_descuento_desde_su_pagina(client, operacion, asesor):
    client.force_login(asesor)
    assert client.get(url("descuento_solicitar", operacion.pk)).status_code == 200
    respuesta = client.post(
        url("descuento_solicitar", operacion.pk), {"tipo": "porcentaje", "valor": "10", "motivo": "Pago de contado"}
    )
    assert respuesta.status_code == 302 and respuesta.url == url("apartado", operacion.pk)
    assert mensajes_de(respuesta) == [mensajes.OK_DESCUENTO_SOLICITADO]
    assert SolicitudDescuento.objects.get().monto_solicitado == Decimal("28990.00")


def test_un_descuento_invalido_muestra_el_mensaje_y_no_guarda(client, operacion, asesor):
    client.force_login(asesor)
    respuesta = client.post(url("descuento_solicitar", operacion.pk), {"tipo": "monto", "valor": "0", "motivo": "x"})
    assert respuesta.status_code == 200 and mensajes.DESCUENTO_MONTO_INVALIDO in respuesta.content.decode()
    assert not SolicitudDescuento.objects.exists()


def test_el_cop_negocia_y_aprueba_desde_sus_paginas(client, operacion, descuento, cop):
    client.force_login(cop)
    assert client.get(url("descuento_negociar", operacion.pk, descuento.pk)).status_code == 200
    respuesta = client.post(url("descuento_negociar", operacion.pk, descuento.pk))
    assert mensajes_de(respuesta) == [mensajes.OK_DESCUENTO_NEGOCIACION]
    datos = {"resultado": "aprobada", "monto_aprobado": "6000", "acordado_con": "Jorge"}
    respuesta = client.post(url("descuento_resolver", operacion.pk, descuento.pk), datos)
    assert respuesta.url == url("apartado", operacion.pk)
    assert mensajes_de(respuesta) == [mensajes.OK_DESCUENTO_APROBADO]
    html = client.get(url("apartado", operacion.pk)).content.decode()
    assert "$283.900,00 MXN" in html  # final price


def test_el_cop_registra_la_respuesta_y_confirma_el_credito(client, operacion, financiamiento, cop):
    client.force_login(cop)
    datos = {"resultado": "aprobada", "condiciones": "48 meses", "monto_aprobado": "200000", "tasa": "13.9"}
    respuesta = client.post(url("financiamiento_responder", operacion.pk, financiamiento.pk), datos)
    assert mensajes_de(respuesta) == [mensajes.OK_FINANCIAMIENTO_RESPUESTA]
    respuesta = client.post(url("financiamiento_confirmar", operacion.pk, financiamiento.pk))
    assert mensajes_de(respuesta) == [mensajes.OK_CREDITO_CONFIRMADO]
    assert SolicitudFinanciamiento.objects.get().credito_confirmado


def test_el_asesor_envia_el_financiamiento(client, operacion, asesor):
    client.force_login(asesor)
    assert 'value="BBVA"' in client.get(url("financiamiento_enviar", operacion.pk)).content.decode()
    datos = {
        "financiera": "Caja Popular Mexicana",
        "tipo_financiera": "caja_popular",
        "monto_solicitado": "150000",
        "plazo_meses": "36",
    }
    respuesta = client.post(url("financiamiento_enviar", operacion.pk), datos)
    assert mensajes_de(respuesta) == [mensajes.OK_FINANCIAMIENTO_ENVIADO]
    assert SolicitudFinanciamiento.objects.get().tipo_financiera == "caja_popular"


def test_permisos_403_por_rol_y_404_para_otro_concesionario(
    client, operacion, descuento, financiamiento, asesor, otro_asesor, gerente_ventas, crear_usuario
):
    solo_cop = [
        url("descuento_negociar", operacion.pk, descuento.pk),
        url("descuento_resolver", operacion.pk, descuento.pk),
        url("financiamiento_responder", operacion.pk, financiamiento.pk),
        url("financiamiento_confirmar", operacion.pk, financiamiento.pk),
        url("negociaciones"),
    ]
    for usuario in (asesor, gerente_ventas):
        client.force_login(usuario)
        for direccion in solo_cop:
            assert client.get(direccion).status_code == 403, direccion
            assert client.post(direccion).status_code == 403, direccion
    client.force_login(gerente_ventas)
    assert client.get(url("descuento_solicitar", operacion.pk)).status_code == 403
    for direccion in (url("descuento_solicitar", operacion.pk), url("financiamiento_enviar", operacion.pk)):
        afirmar_404_para(client, otro_asesor, direccion)
        afirmar_404_para(client, otro_asesor, direccion, metodo="post")
    otra_red = RedFactory(nombre="Otra red", slug="otra-red")
    cop_ajeno = crear_usuario("cop", organizacion=otra_red)
    for direccion in solo_cop[:-1]:
        afirmar_404_para(client, cop_ajeno, direccion)
    assert SolicitudDescuento.objects.get().estado == "solicitada"


def test_un_descuento_de_otra_operacion_da_404(client, operacion, descuento, cop, apartar, concesionario):
    otra = apartar(UnidadFactory(concesionario=concesionario), descuento_solicitado=0)
    afirmar_404_para(client, cop, url("descuento_negociar", otra.pk, descuento.pk))


def test_negociaciones_abiertas_con_consultas_constantes(
    client, cop, red, apartar, django_assert_num_queries, operacion
):
    concesionario = ConcesionarioFactory(padre=red)
    client.force_login(cop)
    apartar(UnidadFactory(concesionario=concesionario))  # with the discount of its Solicitud
    client.get(url("negociaciones"))
    with django_assert_num_queries(5):  # + the menu's 4 counters, in one query
        assert client.get(url("negociaciones")).status_code == 200
    for _ in range(4):
        apartar(UnidadFactory(concesionario=concesionario))
    with django_assert_num_queries(5):  # + the menu's 4 counters, in one query
        respuesta = client.get(url("negociaciones"))
    assert respuesta.content.decode().count("Descuento</span>") == 5  # the operación without a request is not listed
