"""Each empresas role's home shows its own pending work with counts (a fixed number of queries)."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from comercial.empresas.meses import mes_anterior
from comercial.empresas.models import Estado, InformeEjecutivo, InformeResponsable, OrdenTrabajo, Visita
from tests.comercial.empresas.factories import EmpresaFactory, VentaFactory

pytestmark = pytest.mark.django_db

INICIO = "comercial:empresas:inicio"


def _ventas(equipo, estado, n, **campos):
    ventas = []
    for _ in range(n):
        empresa = EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo)
        ventas.append(VentaFactory(empresa=empresa, estado=estado, **campos))
    return ventas


def _cargar(equipo, n):
    e = equipo
    hoy = timezone.localdate()
    _ventas(e, Estado.EN_VOBO, n)
    _ventas(e, Estado.GESTION_TECNICA, n, gestor_tecnico=e.tecnico, gestor_comercial=e.gestor)
    _ventas(e, Estado.DERIVADA, n, gestor_comercial=e.gestor)
    _ventas(e, Estado.SEGUIMIENTO, n, gestor_tecnico=e.tecnico, gestor_comercial=e.gestor)
    for venta in _ventas(e, Estado.ORDENES, n, gestor_tecnico=e.tecnico, gestor_comercial=e.gestor):
        OrdenTrabajo.objects.create(
            venta=venta, descripcion="Instalación", fecha_compromiso=hoy - timedelta(days=1), solicitada_por=e.tecnico
        )
        Visita.objects.create(
            organizacion=e.org,
            ejecutivo=e.ejecutivo,
            venta=venta,
            empresa=venta.empresa,
            fecha=hoy + timedelta(days=2),
            hora=time(9),
            persona="Gerencia",
            ubicacion="Centro",
        )
    _ventas(
        e,
        Estado.DIGITADA,
        n,
        gestor_comercial=e.gestor2,
        factible_gestor=True,
        digitada_por=e.gestor2,
        digitada_en=timezone.now(),
    )
    mes = hoy.replace(day=1)
    for _ in range(n):
        mes = mes_anterior(mes)
        while InformeEjecutivo.objects.filter(ejecutivo=e.ejecutivo, mes=mes).exists():
            mes = mes_anterior(mes)
        InformeEjecutivo.objects.create(
            organizacion=e.org,
            ejecutivo=e.ejecutivo,
            mes=mes,
            captaciones=0,
            ventas_cartera=0,
            meta_captaciones=0,
            meta_ventas_cartera=0,
            facturacion_nueva=0,
            meta_facturacion=0,
            interacciones=0,
            emitido_en=timezone.now(),
        )


def _cola(html, codigo):
    return html.split(f'id="cola-{codigo}"')[1].split("</section>")[0]


COLAS = {
    "tecnico": {"ordenes_por_emitir": 2, "ordenes_en_curso": 2},
    "recursos": {"ordenes_por_ejecutar": 2},
    "gestor": {"por_verificar": 2, "digitaciones_por_controlar": 2, "por_derivar_tecnico": 0},
    "ejecutivo": {"visitas": 2, "llamadas_calidad": 2},
    "responsable": {"vobo": 2, "informes_por_analizar": 2},
}


@pytest.mark.parametrize("rol", list(COLAS))
def test_el_inicio_de_cada_rol_muestra_su_trabajo_con_conteos(client, equipo, rol, django_assert_num_queries):
    _cargar(equipo, 1)
    client.force_login(getattr(equipo, rol))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse(INICIO))  # the KPI tiles are in the cache from here on (ENLACE_KPIS_CACHE_S)
    with CaptureQueriesContext(connection) as con_uno:
        client.get(reverse(INICIO))
    _cargar(equipo, 1)
    # The query count does not grow with the rows.
    with django_assert_num_queries(len(con_uno.captured_queries)):
        html = client.get(reverse(INICIO)).content.decode()
    for codigo, total in COLAS[rol].items():
        assert f'<span class="contador-cola">({total})</span>' in _cola(html, codigo), codigo


def test_el_gestor_tecnico_ya_no_ve_no_hay_ventas_con_una_orden_esperando(client, equipo):
    _ventas(equipo, Estado.GESTION_TECNICA, 1, gestor_tecnico=equipo.tecnico)
    client.force_login(equipo.tecnico)
    html = client.get(reverse(INICIO)).content.decode()
    assert "No hay ventas a su cargo" not in html
    assert '<span class="contador-cola">(1)</span>' in _cola(html, "ordenes_por_emitir")


def test_la_gestora_no_ve_su_propia_digitacion_por_controlar(client, equipo):
    _ventas(
        equipo,
        Estado.DIGITADA,
        1,
        gestor_comercial=equipo.gestor,
        factible_gestor=True,
        digitada_por=equipo.gestor,
        digitada_en=timezone.now(),
    )
    client.force_login(equipo.gestor)
    assert "(0)" in _cola(client.get(reverse(INICIO)).content.decode(), "digitaciones_por_controlar")
    client.force_login(equipo.gestor2)
    assert "(1)" in _cola(client.get(reverse(INICIO)).content.decode(), "digitaciones_por_controlar")


def test_el_inicio_no_muestra_trabajo_de_otra_organizacion(client, equipo, otra_organizacion, crear_usuario):
    _cargar(equipo, 1)
    ajeno = crear_usuario("responsable_empresas", organizacion=otra_organizacion)
    client.force_login(ajeno)
    html = client.get(reverse(INICIO)).content.decode()
    assert '<span class="contador-cola">(0)</span>' in _cola(html, "vobo")
    assert '<span class="contador-cola">(0)</span>' in _cola(html, "informes_por_analizar")


def _informe_responsable(organizacion, emisor, mes):
    return InformeResponsable.objects.create(
        organizacion=organizacion,
        mes=mes,
        facturacion_mes=Decimal("1200.00"),
        facturacion_anterior=Decimal("1000.00"),
        variacion_pct=Decimal("20.00"),
        banda="aprobado",
        captaciones=1,
        ventas_cartera=1,
        analisis="Mes de crecimiento.",
        emitido_por=emisor,
        emitido_en=timezone.now(),
    )


def test_gestion_territorios_ve_los_informes_del_responsable_recibidos(
    client, equipo, crear_usuario, otra_organizacion, django_assert_num_queries
):
    territorios = crear_usuario("gestion_territorios", organizacion=equipo.org)
    mes = mes_anterior(timezone.localdate().replace(day=1))
    propio = _informe_responsable(equipo.org, equipo.responsable, mes)
    otro_responsable = crear_usuario("responsable_empresas", organizacion=otra_organizacion)
    ajeno = _informe_responsable(otra_organizacion, otro_responsable, mes)
    client.force_login(territorios)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse(INICIO))  # the KPI tiles are in the cache from here on (ENLACE_KPIS_CACHE_S)
    with CaptureQueriesContext(connection) as con_uno:
        client.get(reverse(INICIO))
    for _ in range(3):
        mes = mes_anterior(mes)
        _informe_responsable(equipo.org, equipo.responsable, mes)
    with django_assert_num_queries(len(con_uno.captured_queries)):
        html = client.get(reverse(INICIO)).content.decode()
    cola = _cola(html, "informes_responsable")
    assert '<span class="contador-cola">(4)</span>' in cola
    assert reverse("comercial:empresas:informe_responsable_pdf", args=[propio.pk]) in cola
    assert "20,00 %" in cola or "20.00 %" in cola
    assert reverse("comercial:empresas:informe_responsable_pdf", args=[ajeno.pk]) not in html
