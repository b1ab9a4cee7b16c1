"""The operaciones home of each concesionario role: its own pending work, nothing of another, flat queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from operaciones.models import Apartado, SolicitudDescuento, SolicitudFinanciamiento, TareaProveedor
from tests.operaciones.factories import AlertaFactory, ApartadoFactory, UnidadFactory

pytestmark = pytest.mark.django_db


def _apartado(concesionario, **campos):
    return ApartadoFactory(unidad=UnidadFactory(concesionario=concesionario), **campos)


def _financiamiento(concesionario):
    apartado = _apartado(
        concesionario, forma_pago=Apartado.FormaPago.FINANCIADO, financiera="BBVA", tipo_financiera="banco"
    )
    return SolicitudFinanciamiento.objects.create(
        apartado=apartado,
        financiera="BBVA",
        tipo_financiera="banco",
        monto_solicitado=Decimal("200000"),
        plazo_meses=48,
    )


def _descuento(concesionario):
    return SolicitudDescuento.objects.create(
        apartado=_apartado(concesionario), valor=Decimal("5000"), monto_solicitado=Decimal("5000"), motivo="Cliente"
    )


def _foto(concesionario, cop):
    return TareaProveedor.objects.create(
        unidad=UnidadFactory(concesionario=concesionario, marca="Kia"),
        tipo=TareaProveedor.Tipo.FOTOS_VIDEOS,
        fecha_compromiso=timezone.localdate(),
        creada_por=cop,
    )


def _url_apartado(objeto):
    return reverse("operaciones:apartado", args=[getattr(objeto, "apartado_id", objeto.pk)])


def _html(client, usuario):
    client.force_login(usuario)
    respuesta = client.get(reverse("operaciones:inicio"))
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def test_asesor_ve_sus_apartados_con_el_tiempo_que_les_queda(client, asesor, otro_asesor, concesionario):
    ahora = timezone.now()
    mio = _apartado(concesionario, asesor=asesor, creado=ahora, vence=ahora + timedelta(minutes=30))
    ajeno = _apartado(concesionario, asesor=otro_asesor)
    html = _html(client, asesor)
    assert "Mis apartados activos" in html and _url_apartado(mio) in html
    assert "<mark>vence en" in html  # under 6 hours: marked
    assert _url_apartado(ajeno) not in html


def test_gerente_de_financiera_ve_las_solicitudes_de_su_concesionario(
    client, crear_usuario, concesionario, otro_concesionario
):
    gerente = crear_usuario("gerente_financiera", organizacion=concesionario)
    mia, ajena = _financiamiento(concesionario), _financiamiento(otro_concesionario)
    html = _html(client, gerente)
    assert "Solicitudes de financiamiento" in html and "esperando respuesta" in html
    assert _url_apartado(mia) in html and _url_apartado(ajena) not in html


def test_gerente_de_ventas_ve_disponibilidad_y_descuentos_de_su_concesionario(
    client, gerente_ventas, concesionario, otro_concesionario
):
    por_confirmar, ajeno = _apartado(concesionario), _apartado(otro_concesionario)
    descuento, descuento_ajeno = _descuento(concesionario), _descuento(otro_concesionario)
    html = _html(client, gerente_ventas)
    assert "Disponibilidad por confirmar" in html and "Solicitudes de descuento" in html
    for propio in (por_confirmar, descuento):
        assert _url_apartado(propio) in html
    for otro in (ajeno, descuento_ajeno):
        assert _url_apartado(otro) not in html


def test_webmaster_ve_fotos_por_entregar_y_unidades_sin_fotos(
    client, webmaster, cop, concesionario, otro_concesionario
):
    _foto(concesionario, cop)
    _foto(otro_concesionario, cop)
    sin_fotos = UnidadFactory(concesionario=concesionario)
    ajena = UnidadFactory(concesionario=otro_concesionario)
    client.force_login(webmaster)
    secciones = {s.titulo: s for s in client.get(reverse("operaciones:inicio")).context["secciones"]}
    assert secciones["Fotos y videos por entregar"].total == 1
    html = _html(client, webmaster)
    assert reverse("operaciones:unidad", args=[sin_fotos.pk]) in html
    assert reverse("operaciones:unidad", args=[ajena.pk]) not in html


def test_gerente_general_ve_alertas_sin_estrategia(client, gerente_general, concesionario, otro_concesionario):
    """Once per unit: a unit past 90 days shows its 90-day alert, not also the 60-day one it left behind."""
    a_los_90 = UnidadFactory(concesionario=concesionario)
    AlertaFactory(unidad=a_los_90, umbral=60)
    AlertaFactory(unidad=a_los_90, umbral=90)
    AlertaFactory(unidad=UnidadFactory(concesionario=concesionario), umbral=60)
    AlertaFactory(unidad=UnidadFactory(concesionario=otro_concesionario))
    client.force_login(gerente_general)
    secciones = {s.titulo: s for s in client.get(reverse("operaciones:inicio")).context["secciones"]}
    seccion = secciones["Unidades de 60/90 días sin estrategia"]
    assert seccion.total == 2
    assert [item.detalle for item in seccion.items].count("90 días sin venderse") == 1
    assert [item.urgente for item in seccion.items].count(True) == 1


def test_secciones_vacias_dicen_que_hacer(client, asesor):
    assert "busque una unidad en el inventario de la red" in _html(client, asesor)


def _sembrar(concesionario, asesor, cop, n):
    for _ in range(n):
        _apartado(concesionario, asesor=asesor)
        _financiamiento(concesionario)
        _descuento(concesionario)
        _foto(concesionario, cop)
        AlertaFactory(unidad=UnidadFactory(concesionario=concesionario))


@pytest.mark.parametrize("rol", ["asesor", "gerente_general", "gerente_ventas", "gerente_financiera", "webmaster"])
def test_las_consultas_del_inicio_no_crecen_con_las_filas(client, crear_usuario, cop, concesionario, rol):
    usuario = crear_usuario(rol, organizacion=concesionario)
    asesor = usuario if rol == "asesor" else crear_usuario("asesor", organizacion=concesionario)
    client.force_login(usuario)
    url = reverse("operaciones:inicio")
    _sembrar(concesionario, asesor, cop, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as pocas:
        client.get(url)
    _sembrar(concesionario, asesor, cop, 7)
    with CaptureQueriesContext(connection) as muchas:
        assert client.get(url).status_code == 200
    assert len(muchas) == len(pocas)
