"""The shared COMTECO product catalogue: who edits it, what the console does with inactive and
non-digital products, and the requirements read from it."""

import pytest
from django.urls import reverse

from comercial.digitales import models, services
from comercial.digitales.models import Estado, SolicitudDigital
from comercial.models import Producto
from enlace.acciones import AccionRechazada
from tests.ayudas import afirmar_404_para
from tests.comercial.digitales.factories import ProductoFactory, producto_de, solicitud_en

pytestmark = pytest.mark.django_db

URL_LISTA = reverse("comercial:digitales:productos")
URL_NUEVO = reverse("comercial:digitales:producto_nuevo")


def formulario(**cambios):
    return {
        "codigo": "fibra_500",
        "nombre": "Fibra 500",
        "activo": "on",
        "canal": "digital",
        "requisitos": "ci_anverso: Carnet (anverso)\nCroquis del domicilio",
        "eta_min_dias": "3",
        "eta_max_dias": "10",
        "vendido_digitalmente": "on",
        "donde_dirigir": "",
        **cambios,
    }


@pytest.mark.parametrize("rol", ["responsable_call_center", "responsable_empresas"])
def test_los_responsables_crean_y_editan_productos_en_la_aplicacion(client, crear_usuario, organizacion, rol):
    client.force_login(crear_usuario(rol, organizacion=organizacion))
    assert client.get(URL_LISTA).status_code == 200
    respuesta = client.post(URL_NUEVO, formulario())
    assert respuesta.status_code == 302
    producto = Producto.objects.get(organizacion=organizacion, codigo="fibra_500")
    assert producto.requisitos == [
        {"codigo": "ci_anverso", "nombre": "Carnet (anverso)"},
        {"codigo": "croquis_del_domicilio", "nombre": "Croquis del domicilio"},
    ]
    assert (producto.eta_min_dias, producto.eta_max_dias) == (3, 10)
    url = reverse("comercial:digitales:producto", args=[producto.pk])
    assert "ci_anverso: Carnet (anverso)" in client.get(url).content.decode()
    client.post(url, formulario(activo="", vendido_digitalmente="", donde_dirigir="Oficina central"))
    producto.refresh_from_db()
    assert (producto.activo, producto.vendido_digitalmente, producto.donde_dirigir) == (False, False, "Oficina central")
    assert producto.history.count() == 2


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"eta_min_dias": "10", "eta_max_dias": "3"}, "El tiempo mínimo no puede ser mayor que el máximo."),
        ({"vendido_digitalmente": ""}, "Indique dónde dirigir al cliente"),
        ({"requisitos": "a: x\na: y"}, "El requisito «a» está repetido."),
    ],
)
def test_el_formulario_rechaza_datos_malos_sin_guardar(client, responsable, cambios, mensaje):
    client.force_login(responsable)
    respuesta = client.post(URL_NUEVO, formulario(**cambios))
    assert respuesta.status_code == 200 and mensaje in respuesta.content.decode()
    assert not Producto.objects.exists()


def test_codigo_repetido_se_rechaza(client, responsable, organizacion):
    producto_de(organizacion, "internet")
    client.force_login(responsable)
    respuesta = client.post(URL_NUEVO, formulario(codigo="internet"))
    assert services.CODIGO_REPETIDO.format(codigo="internet") in respuesta.content.decode()
    assert Producto.objects.count() == 1


def test_agente_no_edita_el_catalogo_y_otra_organizacion_recibe_404(
    client, agente, crear_usuario, organizacion, otra_organizacion
):
    producto = producto_de(organizacion)
    client.force_login(agente)
    assert client.get(URL_LISTA).status_code == 403
    assert client.post(URL_NUEVO, formulario()).status_code == 403
    ajeno = crear_usuario("responsable_call_center", organizacion=otra_organizacion)
    url = reverse("comercial:digitales:producto", args=[producto.pk])
    afirmar_404_para(client, ajeno, url)
    afirmar_404_para(client, ajeno, url, metodo="post")
    client.force_login(ajeno)
    assert producto.nombre not in client.get(URL_LISTA).content.decode()
    producto.refresh_from_db()
    assert producto.nombre == "Internet hogar"


@pytest.mark.parametrize("filas", [2, 12])
def test_consultas_de_la_lista_no_crecen(client, responsable, organizacion, django_assert_max_num_queries, filas):
    ProductoFactory.create_batch(filas, organizacion=organizacion)
    client.force_login(responsable)
    with django_assert_max_num_queries(9):  # + the overdue-orders menu counter
        assert client.get(URL_LISTA).status_code == 200


def identificar(agente, s, producto):
    return services.solicitud_identificar(actor=agente, solicitud=s, producto=producto, carnet="1234567")


def test_producto_inactivo_se_rechaza_con_mensaje_y_no_cambia_nada(agente, organizacion):
    s = solicitud_en(Estado.EN_ATENCION, organizacion=organizacion, agente=agente)
    inactivo = producto_de(organizacion, "inactivo")
    with pytest.raises(services.ErrorDigitales) as error:
        identificar(agente, s, inactivo)
    assert error.value.mensaje == models.PRODUCTO_INACTIVO.format(producto="Producto inactivo")
    s.refresh_from_db()
    assert (s.producto_id, s.carnet) == (None, "")


def test_producto_no_digital_dice_donde_dirigir_al_cliente(client, agente, organizacion):
    s = solicitud_en(Estado.EN_ATENCION, organizacion=organizacion, agente=agente)
    no_digital = producto_de(organizacion, "no_digital")
    with pytest.raises(services.ErrorDigitales) as error:
        identificar(agente, s, no_digital)
    assert "Ventas Empresas, oficina central." in error.value.mensaje
    client.force_login(agente)
    html = client.get(reverse("comercial:digitales:solicitud", args=[s.pk])).content.decode()
    assert "Enlace dedicado" in html and "Ventas Empresas, oficina central." in html


def test_producto_de_otra_organizacion_se_rechaza(agente, organizacion, otra_organizacion):
    s = solicitud_en(Estado.EN_ATENCION, organizacion=organizacion, agente=agente)
    with pytest.raises(services.ErrorDigitales) as error:
        identificar(agente, s, producto_de(otra_organizacion))
    assert error.value.mensaje == services.PRODUCTO_AJENO
    assert SolicitudDigital.objects.get(pk=s.pk).producto_id is None


def test_desactivar_un_producto_detiene_la_venta_en_curso(agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente)
    Producto.objects.filter(pk=s.producto_id).update(activo=False)
    with pytest.raises(AccionRechazada) as rechazo:
        services.solicitud_digitar(actor=agente, solicitud=s)
    assert rechazo.value.mensaje == models.PRODUCTO_INACTIVO.format(producto="Internet hogar")


def test_los_requisitos_se_leen_del_catalogo(agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente)
    Producto.objects.filter(pk=s.producto_id).update(requisitos=[{"codigo": "solo_ci", "nombre": "Solo el CI"}])
    s = SolicitudDigital.objects.get(pk=s.pk)
    assert s.requisitos() == {"solo_ci": "Solo el CI"}
    assert s.requisitos_faltantes() == ["Solo el CI"]


def test_migracion_de_datos_crea_los_cuatro_productos(organizacion):
    """The demo catalogue starts from the same four products the data migration creates."""
    from comercial.digitales.demo import catalogo

    productos = catalogo(organizacion)
    assert {"internet", "telefonia", "tv", "paquete"} <= set(productos)
    assert productos["telefonia"].requisitos_dict()["certificado_socio"]
    assert catalogo(organizacion) == productos  # idempotent
