"""What a page offers equals what the runner accepts: the sale's page and the work orders' list, for every
role along the way (including roles offered nothing) and a superuser."""

import pytest
from django.urls import reverse

from comercial.empresas import services
from comercial.empresas.models import Estado, OrdenTrabajo, Venta
from comercial.empresas.views.acciones_venta import ACCIONES
from comercial.empresas.views.ordenes import ACCIONES_ORDEN
from enlace import acciones
from tests.ayudas import acciones_en_pagina, afirmar_ofrece_lo_permitido
from tests.comercial.empresas.conftest import ORDEN_A, pdf

pytestmark = pytest.mark.django_db

ROLES = ("ejecutivo", "responsable", "gestor", "gestor2", "tecnico", "territorios")


def _pagina(client, usuario, venta):
    client.force_login(usuario)
    respuesta = client.get(reverse("comercial:empresas:venta", args=[venta.pk]))
    return respuesta.status_code, respuesta.content.decode()


@pytest.mark.parametrize(
    ("flujo", "estado"),
    [("a", estado) for estado in ORDEN_A] + [("b", Estado.ANALISIS_CARTERA), ("a", Estado.NO_FACTIBLE)],
)
def test_la_venta_ofrece_lo_que_el_ejecutor_acepta(
    client, equipo, avanzar, venta_a, venta_b, admin_usuario, flujo, estado
):
    if estado == Estado.NO_FACTIBLE:
        venta = avanzar(venta_a, Estado.APROBADA)
        services.venta_verificar_factibilidad(actor=equipo.ejecutivo, venta=venta, requisitos_cumplidos=False)
    else:
        avanzar(venta_a if flujo == "a" else venta_b, estado)
    venta = Venta.objects.get(pk=(venta_a if flujo == "a" else venta_b).pk)
    alguien_actua = False
    for usuario in [getattr(equipo, rol) for rol in ROLES] + [admin_usuario]:
        codigo, html = _pagina(client, usuario, venta)
        if codigo == 404:  # outside the user's scope: nothing to offer
            assert not acciones.nombres_disponibles(venta, usuario)
            continue
        ofrecidas = afirmar_ofrece_lo_permitido(html, ACCIONES, venta, usuario)
        alguien_actua |= bool(ofrecidas) and not usuario.is_superuser
    # Someone has a next step in every state but the end, and those where the ejecutiva first adds the
    # proyecto's products or the documents (not transitions; see the tests below).
    assert alguien_actua == (estado not in (Estado.COMPLETADA, Estado.PROYECTO, Estado.ACEPTADA))


def test_sin_productos_no_se_ofrece_presentar_al_vobo_y_con_ellos_si(client, equipo, avanzar, venta_a, producto):
    venta = avanzar(venta_a, Estado.PROYECTO)
    _, html = _pagina(client, equipo.ejecutivo, venta)
    assert "presentar_vobo" not in acciones_en_pagina(html)
    afirmar_ofrece_lo_permitido(html, ACCIONES, venta, equipo.ejecutivo)
    services.linea_agregar(actor=equipo.ejecutivo, venta=venta, producto=producto)
    venta.refresh_from_db()
    _, html = _pagina(client, equipo.ejecutivo, venta)
    assert "presentar_vobo" in afirmar_ofrece_lo_permitido(html, ACCIONES, venta, equipo.ejecutivo)


def test_quien_digito_no_ve_el_control_y_otro_gestor_si(client, equipo, avanzar, venta_a):
    venta = avanzar(venta_a, Estado.DIGITADA)
    _, html = _pagina(client, equipo.gestor, venta)
    assert afirmar_ofrece_lo_permitido(html, ACCIONES, venta, equipo.gestor) == set()
    _, html = _pagina(client, equipo.gestor2, venta)
    assert afirmar_ofrece_lo_permitido(html, ACCIONES, venta, equipo.gestor2) == {"controlar_digitacion"}


def test_con_ordenes_abiertas_solo_se_ofrece_pedir_otra(client, equipo, avanzar, venta_a):
    venta = avanzar(venta_a, Estado.ORDENES)
    _, html = _pagina(client, equipo.tecnico, venta)
    assert afirmar_ofrece_lo_permitido(html, ACCIONES, venta, equipo.tecnico) == {"solicitar_orden"}
    services.orden_cerrar(actor=equipo.recursos, orden=venta.ordenes.get())
    venta.refresh_from_db()
    _, html = _pagina(client, equipo.tecnico, venta)
    assert afirmar_ofrece_lo_permitido(html, ACCIONES, venta, equipo.tecnico) == {
        "solicitar_orden",
        "entregar_documentos",
    }


def test_venta_de_cartera_aceptada_con_documentos(client, equipo, avanzar, venta_b):
    venta = avanzar(venta_b, Estado.ACEPTADA)
    services.documento_subir(actor=equipo.ejecutivo, venta=venta, archivo=pdf(), descripcion="NIT")
    venta.refresh_from_db()
    _, html = _pagina(client, equipo.ejecutivo, venta)
    assert afirmar_ofrece_lo_permitido(html, ACCIONES, venta, equipo.ejecutivo) == {"derivar"}


def test_las_ordenes_ofrecen_cerrar_solo_a_gestion_de_recursos(client, equipo, avanzar, venta_a, admin_usuario):
    venta = avanzar(venta_a, Estado.ORDENES)
    orden = venta.ordenes.get()
    for usuario, esperado in (
        (equipo.recursos, {"cerrar"}),
        (equipo.tecnico, set()),
        (equipo.responsable, set()),
        (admin_usuario, {"cerrar"}),
    ):
        client.force_login(usuario)
        html = client.get(reverse("comercial:empresas:ordenes")).content.decode()
        assert afirmar_ofrece_lo_permitido(html, ACCIONES_ORDEN, orden, usuario) == esperado
    services.orden_cerrar(actor=equipo.recursos, orden=orden)
    orden.refresh_from_db()
    assert orden.estado == OrdenTrabajo.EstadoOrden.CERRADA
    client.force_login(equipo.recursos)
    html = client.get(reverse("comercial:empresas:ordenes") + "?todas=1").content.decode()
    assert f"OT-{orden.pk}" in html
    assert afirmar_ofrece_lo_permitido(html, ACCIONES_ORDEN, orden, equipo.recursos) == set()
