"""The COP's tray (each counted section, its full list, the change marker), the network dashboard's figures on a
known dataset and the concesionario page's scope; query counts that do not grow with the rows."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace import bitacora
from operaciones import eventos, selectors, services
from operaciones.models import LineaComision, RevisionRetiro
from tests.ayudas import afirmar_404_para
from tests.operaciones.factories import ApartadoFactory, ConcesionarioFactory, RedFactory, UnidadFactory
from tests.operaciones.fixtures_comisiones import crear_lineas, marcar_cerrado, regla  # noqa: F401 - fixture
from tests.operaciones.fixtures_entrega import SOLICITUD_DE_CONTADO, almacen_temporal  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")
MIERCOLES = datetime(2026, 12, 9, 12, 0, tzinfo=MEXICO)  # mid-week: the week's deliveries are unambiguous
BANDEJA = reverse("operaciones:bandeja")
CAMBIOS = reverse("operaciones:bandeja_cambios")


def totales(user):
    return {s.clave: s.total for s in selectors.secciones_bandeja(user)}


def validada(apartar, concesionario, cop, gerente_ventas, **cambios):
    apartado = apartar(UnidadFactory(concesionario=concesionario), **{**SOLICITUD_DE_CONTADO, **cambios})
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    return services.apartado_validar(actor=cop, apartado=apartado)


@pytest.fixture
def trabajo(apartar, concesionario, cop, asesor, gerente_ventas, gerente_general, regla):  # noqa: F811
    """One piece of work per section (two pending validations), all on a Wednesday at noon."""
    with time_machine.travel(MIERCOLES - timedelta(days=5), tick=False):
        estancada = validada(apartar, concesionario, cop, gerente_ventas)
    with time_machine.travel(MIERCOLES, tick=False):
        sin_confirmar = apartar(UnidadFactory(concesionario=concesionario), **SOLICITUD_DE_CONTADO)
        confirmada = apartar(UnidadFactory(concesionario=concesionario), **SOLICITUD_DE_CONTADO)
        services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=confirmada)
        con_descuento = validada(apartar, concesionario, cop, gerente_ventas, descuento_solicitado=Decimal("5000"))
        financiada = validada(
            apartar, concesionario, cop, gerente_ventas, forma_pago="financiado", financiera="BBVA", enganche=50000
        )
        services.financiamiento_enviar(
            actor=cop,
            apartado=financiada,
            financiera="BBVA",
            tipo_financiera="banco",
            monto_solicitado=Decimal("150000"),
            plazo_meses=36,
        )
        con_entrega = validada(apartar, concesionario, cop, gerente_ventas)
        services.entrega_programar(
            actor=cop,
            apartado=con_entrega,
            fecha_programada=MIERCOLES + timedelta(days=1),
        )
        cerrada = marcar_cerrado(
            validada(apartar, concesionario, cop, gerente_ventas), cop=cop, precio_final=Decimal("250000")
        )
        crear_lineas(cerrada, actor=cop)
        services.mensaje_enviar(actor=asesor, apartado=sin_confirmar, tipo="disponibilidad", texto="¿Sigue?")
        services.escalamiento_abrir(
            actor=cop, apartado=financiada, motivo="La financiera no contesta", severidad="alta"
        )
    return {
        "estancada": estancada,
        "sin_confirmar": sin_confirmar,
        "confirmada": confirmada,
        "con_descuento": con_descuento,
        "con_entrega": con_entrega,
        "lineas": LineaComision.objects.filter(apartado=cerrada).count(),
    }


def test_cada_seccion_cuenta_su_trabajo_y_lo_muestra(client, cop, trabajo):
    with time_machine.travel(MIERCOLES + timedelta(minutes=5), tick=False):
        assert totales(cop) == {
            "validaciones": 2,
            "disponibilidad": 1,
            "descuentos": 1,
            "financiamientos": 1,
            "entregas": 1,
            "comisiones": trabajo["lineas"],
            "conversaciones": 1,
            "escalamientos": 1,
            "sin-movimiento": 1,
        }
        assert trabajo["lineas"] >= 2
        client.force_login(cop)
        html = client.get(BANDEJA).content.decode()
    pendientes = 9 + trabajo["lineas"]
    assert f"<title>({pendientes}) Bandeja del COP" in html
    secciones = dict(re.findall(r'<section class="op-bandeja-seccion" id="([\w-]+)">(.*?)</section>', html, re.S))
    assert len(secciones) == 9
    assert 'data-total="2"' in secciones["validaciones"] and "vence en 23 h 55 min" in secciones["validaciones"]
    assert "disponibilidad sin confirmar" in secciones["validaciones"]
    assert reverse("operaciones:apartado", args=[trabajo["sin_confirmar"].pk]) in secciones["disponibilidad"]
    assert "esperando 0,1 h" in secciones["disponibilidad"]
    assert "$5.000,00" in secciones["descuentos"] and "esperando" in secciones["descuentos"]
    assert "BBVA" in secciones["financiamientos"] and "sin respuesta de la financiera" in secciones["financiamientos"]
    assert "10/12/2026 12:00 · programada" in secciones["entregas"]
    assert "por verificar" in secciones["comisiones"]
    assert "¿Sigue?" in secciones["conversaciones"]
    assert "La financiera no contesta" in secciones["escalamientos"] and "severidad alta" in secciones["escalamientos"]
    assert trabajo["estancada"].folio in secciones["sin-movimiento"] and "sin movimiento hace 5" in html


def test_lo_atendido_sale_de_su_seccion(cop, gerente_ventas, trabajo):
    with time_machine.travel(MIERCOLES + timedelta(minutes=5), tick=False):
        services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=trabajo["sin_confirmar"])
        services.apartado_validar(actor=cop, apartado=trabajo["confirmada"])
        cuenta = totales(cop)
    assert cuenta["disponibilidad"] == 0 and cuenta["validaciones"] == 1


def test_entregas_solo_de_esta_semana_y_sin_cerrar(cop, apartar, concesionario, gerente_ventas):
    # Sunday 06/12 (last week), Sunday 13/12 (this one), Monday 14/12 (next), each scheduled the day before
    for dias in (-3, 4, 5):
        with time_machine.travel(MIERCOLES + timedelta(days=dias - 1), tick=False):
            services.entrega_programar(
                actor=cop,
                apartado=validada(apartar, concesionario, cop, gerente_ventas),
                fecha_programada=MIERCOLES + timedelta(days=dias),
            )
    with time_machine.travel(MIERCOLES, tick=False):
        seccion = selectors.seccion_bandeja(cop, "entregas")
    assert seccion.total == 1 and "13/12/2026" in seccion.pagina.object_list[0].detalle


def test_la_lista_completa_de_una_seccion_pagina(client, cop, concesionario):
    for _ in range(30):
        ApartadoFactory(unidad__concesionario=concesionario)
    client.force_login(cop)
    html = client.get(BANDEJA).content.decode()
    validaciones = html.split('id="validaciones"')[1].split("</section>")[0]
    assert validaciones.count("<li") == 5 and "Ver las 30" in validaciones
    url = reverse("operaciones:bandeja_seccion", args=["validaciones"])
    assert url in validaciones
    pagina = client.get(url).content.decode()
    assert len(re.findall(r'<li><a href="/operaciones/apartados/\d+/', pagina)) == 25 and "1–25 de 30" in pagina
    segunda = client.get(url, {"pagina": 2}).content.decode()
    assert len(re.findall(r'<li><a href="/operaciones/apartados/\d+/', segunda)) == 5
    assert client.get(reverse("operaciones:bandeja_seccion", args=["no-existe"])).status_code == 404


def test_solo_el_cop_ve_la_bandeja_y_solo_su_red(client, crear_usuario, asesor, gerente_general, concesionario):
    ApartadoFactory(unidad__concesionario=concesionario)
    urls = [
        BANDEJA,
        CAMBIOS,
        reverse("operaciones:bandeja_seccion", args=["validaciones"]),
        reverse("operaciones:tablero"),
    ]
    for usuario in (asesor, gerente_general):
        client.force_login(usuario)
        assert [client.get(url).status_code for url in urls] == [403] * 4
    otro_cop = crear_usuario("cop", organizacion=RedFactory(slug="otra-red", nombre="Otra red"))
    assert totales(otro_cop)["validaciones"] == 0
    client.force_login(otro_cop)
    assert "No hay apartados pendientes de validación." in client.get(BANDEJA).content.decode()


def test_la_marca_responde_204_sin_cambios_y_las_secciones_con_cambios(client, cop, asesor, apartar, concesionario):
    client.force_login(cop)
    html = client.get(BANDEJA).content.decode()
    marca = re.search(r'data-marca="([^"]+)"', html).group(1)
    assert f'hx-get="{CAMBIOS}?marca={marca}"' in html and 'hx-trigger="every 30s"' in html
    assert client.get(CAMBIOS, {"marca": marca}).status_code == 204
    apartado = apartar(UnidadFactory(concesionario=concesionario), **SOLICITUD_DE_CONTADO)  # a new event
    respuesta = client.get(CAMBIOS, {"marca": marca}, HTTP_HX_REQUEST="true")
    fragmento = respuesta.content.decode()
    assert respuesta.status_code == 200 and fragmento.startswith("<title>(2) Bandeja del COP")
    nueva = re.search(r'data-marca="([^"]+)"', fragmento).group(1)
    assert nueva != marca and client.get(CAMBIOS, {"marca": nueva}).status_code == 204
    services.mensaje_enviar(actor=asesor, apartado=apartado, tipo="otra", texto="Hola")  # a message only
    assert client.get(CAMBIOS, {"marca": nueva}).status_code == 200


def test_consultas_de_la_bandeja_no_crecen(client, cop, trabajo, apartar, concesionario, gerente_ventas, asesor):
    client.force_login(cop)
    with time_machine.travel(MIERCOLES + timedelta(minutes=5), tick=False):
        client.get(BANDEJA)
        with CaptureQueriesContext(connection) as antes:
            client.get(BANDEJA)
        for _ in range(6):
            otra = apartar(UnidadFactory(concesionario=concesionario), **SOLICITUD_DE_CONTADO)
            services.mensaje_enviar(actor=asesor, apartado=otra, tipo="disponibilidad", texto="¿Sigue?")
            validada(apartar, concesionario, cop, gerente_ventas, descuento_solicitado=Decimal("1000"))
        with CaptureQueriesContext(connection) as despues:
            html = client.get(BANDEJA).content.decode()
    assert 'data-total="8"' in html  # validaciones: 2 + 6
    assert len(despues) == len(antes), [q["sql"][:90] for q in despues.captured_queries]


def test_consultas_de_conversaciones_no_crecen(client, cop, asesor, apartar, concesionario, django_assert_num_queries):
    url = reverse("operaciones:conversaciones")
    client.force_login(cop)

    def conversaciones(n):
        for _ in range(n):
            apartado = apartar(UnidadFactory(concesionario=concesionario), **SOLICITUD_DE_CONTADO)
            services.mensaje_enviar(actor=asesor, apartado=apartado, tipo="disponibilidad", texto="¿Sigue?")

    conversaciones(1)
    client.get(url)
    with django_assert_num_queries(5):
        client.get(url)
    conversaciones(8)
    with django_assert_num_queries(5):
        client.get(url)


# --- Tablero de la red ---------------------------------------------------------------


def registrar_en(momento, tipo, apartado):
    with time_machine.travel(momento, tick=False):
        bitacora.registrar(tipo=tipo, objeto=apartado, organizacion=apartado.concesionario)


@pytest.fixture
def periodo_conocido(concesionario, otro_concesionario):
    """Five apartados of December 2026 with known dates and events, one in the other concesionario, one of October."""
    t = datetime(2026, 12, 1, 9, 0, tzinfo=MEXICO)
    horas = timedelta(hours=1)
    filas = [
        {"validado_en": t + 1 * horas},
        {"validado_en": t + 2 * horas, "estado": "cerrado", "cerrado_en": t + 50 * horas, "precio_final": 1},
        {"validado_en": t + 6 * horas, "estado": "cerrado", "cerrado_en": t + 30 * horas, "precio_final": 1},
        {"estado": "liberado", "liberado_en": t + 24 * horas, "liberacion_automatica": True},
        {"estado": "cancelado", "cancelado_en": t + 3 * horas, "motivo_cancelacion": "otro"},
    ]
    apartados = [ApartadoFactory(unidad__concesionario=concesionario, creado=t, **f) for f in filas]
    ApartadoFactory(unidad__concesionario=otro_concesionario, creado=t, estado="liberado", liberado_en=t + horas)
    ApartadoFactory(unidad__concesionario=concesionario, creado=t - timedelta(days=40))  # before the period
    for apartado, validacion, cierre in zip(apartados, (1, 2, 6), (None, 50, 30), strict=False):
        registrar_en(t, eventos.DETONANTE_APARTADO, apartado)
        registrar_en(t + validacion * horas, eventos.DETONANTE_VALIDACION, apartado)
        if cierre:
            registrar_en(t + cierre * horas, eventos.DETONANTE_CIERRE, apartado)
    # discount requests: answered after 1 h, 4 h (a counter-offer) and one never answered
    registrar_en(t + 10 * horas, eventos.EVENTO_DESCUENTO_SOLICITADO, apartados[0])
    registrar_en(t + 11 * horas, eventos.EVENTO_DESCUENTO_RESUELTO, apartados[0])
    registrar_en(t + 12 * horas, eventos.EVENTO_DESCUENTO_SOLICITADO, apartados[1])
    registrar_en(t + 16 * horas, eventos.EVENTO_DESCUENTO_CONTRAOFERTA, apartados[1])
    registrar_en(t + 17 * horas, eventos.EVENTO_DESCUENTO_RESUELTO, apartados[1])
    registrar_en(t + 12 * horas, eventos.EVENTO_DESCUENTO_SOLICITADO, apartados[2])
    RevisionRetiro.objects.create(
        unidad=apartados[3].unidad,
        apartado=apartados[3],
        retirada_por=apartados[3].asesor,
        retirada_en=t + 30 * horas,
        dias_transcurridos=1,
    )
    return t


def test_cifras_y_tiempos_del_periodo_exactos(client, cop, periodo_conocido):
    client.force_login(cop)
    html = client.get(reverse("operaciones:tablero"), {"desde": "01/12/2026", "hasta": "31/12/2026"}).content.decode()

    def cifra(clave):
        return re.search(rf'id="cifra-{clave}"><small>[^<]+</small><strong>(\d+)</strong>', html).group(1)

    assert [cifra(c) for c in ("apartados", "validaciones", "liberaciones", "cancelaciones", "cierres")] == [
        "6",  # five here and one in the other concesionario of the network
        "3",
        "2",
        "1",
        "2",
    ]
    assert cifra("ventas-fuera") == "1" and "1 automáticas · 1 manuales" in html

    def tiempo(clave):
        fila = re.search(rf'id="tiempo-{clave}">(.*?)</tr>', html, re.S).group(1)
        return re.findall(r"<td>([^<]*)</td>", fila)[1:]

    assert tiempo("apartado_validacion") == ["3,0 h", "2,0 h", "3"]  # 1, 2 and 6 h
    assert tiempo("validacion_cierre") == ["36,0 h", "36,0 h", "2"]  # 48 and 24 h
    assert tiempo("descuento_respuesta") == ["2,5 h", "2,5 h", "2"]  # 1 h and 4 h (the counter-offer)


def test_tiempos_por_selector_en_segundos(cop, periodo_conocido):
    desde = periodo_conocido - timedelta(hours=1)
    tiempos = {t.clave: t for t in selectors.tiempos_del_periodo(cop, desde, desde + timedelta(days=30))}
    assert tiempos["apartado_validacion"].media == pytest.approx(3 * 3600)
    assert tiempos["apartado_validacion"].mediana == pytest.approx(2 * 3600)
    assert tiempos["descuento_respuesta"].n == 2


def test_el_periodo_por_omision_son_los_ultimos_30_dias_y_uno_invertido_se_rechaza(client, cop):
    client.force_login(cop)
    hoy = timezone.localdate()
    html = client.get(reverse("operaciones:tablero")).content.decode()
    assert f"Periodo: {hoy - timedelta(days=30):%d/%m/%Y} – {hoy:%d/%m/%Y}" in html
    html = client.get(reverse("operaciones:tablero"), {"desde": "10/12/2026", "hasta": "01/12/2026"}).content.decode()
    assert "La fecha inicial no puede ser posterior a la final." in html and 'id="cifra-apartados"' not in html


# --- Página del concesionario ----------------------------------------------------------


def test_el_cop_ve_cualquier_concesionario_de_su_red(client, cop, concesionario, otro_concesionario, periodo_conocido):
    UnidadFactory(concesionario=concesionario, fecha_ingreso=timezone.localdate() - timedelta(days=75))
    client.force_login(cop)
    url = reverse("operaciones:concesionario", args=[concesionario.pk])
    html = client.get(url, {"desde": "01/12/2026", "hasta": "31/12/2026"}).content.decode()
    assert concesionario.nombre in html and "<strong>75</strong>" in html
    assert re.search(r'id="cifra-apartados"><small>[^<]+</small><strong>5</strong>', html)
    assert re.search(r'id="cifra-cancelaciones"><small>[^<]+</small><strong>1</strong>', html)
    assert 'id="tiempo-descuento_respuesta"' in html and 'id="tiempo-disponibilidad"' in html
    assert client.get(reverse("operaciones:concesionario", args=[otro_concesionario.pk])).status_code == 200
    afuera = RedFactory(slug="otra-red", nombre="Otra red")
    ajeno = ConcesionarioFactory(padre=afuera)
    assert client.get(reverse("operaciones:concesionario", args=[ajeno.pk])).status_code == 404


def test_el_gerente_ve_solo_el_suyo(client, gerente_general, gerente_ventas, concesionario, otro_concesionario, cop):
    propio = reverse("operaciones:concesionario", args=[concesionario.pk])
    ajeno = reverse("operaciones:concesionario", args=[otro_concesionario.pk])
    for gerente in (gerente_general, gerente_ventas):
        client.force_login(gerente)
        html = client.get(propio).content.decode()
        assert "Gerente general" in html and gerente_ventas.email in html and "« Tablero de la red" not in html
        assert client.get(reverse("operaciones:mi_concesionario")).url == propio
        afirmar_404_para(client, gerente, ajeno)


def test_asesor_y_webmaster_no_tienen_pagina_de_concesionario(client, asesor, webmaster, concesionario):
    for usuario in (asesor, webmaster):
        client.force_login(usuario)
        assert client.get(reverse("operaciones:concesionario", args=[concesionario.pk])).status_code == 403


def test_solicitudes_abiertas_del_concesionario(client, gerente_general, apartar, concesionario, otro_concesionario):
    propio = apartar(UnidadFactory(concesionario=concesionario))  # default request: financed, 5,000 discount
    apartar(UnidadFactory(concesionario=otro_concesionario))
    client.force_login(gerente_general)
    html = client.get(reverse("operaciones:concesionario", args=[concesionario.pk])).content.decode()
    disponibilidad = html.split('id="abiertas-disponibilidad"')[1].split("</section>")[0]
    descuentos = html.split('id="abiertas-descuentos"')[1].split("</section>")[0]
    assert disponibilidad.count("<li><a") == 1 and reverse("operaciones:apartado", args=[propio.pk]) in disponibilidad
    assert descuentos.count("<li><a") == 1 and "$5.000,00" in descuentos


def test_menu_tablero_y_mi_concesionario(client, cop, gerente_general, asesor):
    client.force_login(cop)
    html = client.get(BANDEJA).content.decode()
    mio = f'href="{reverse("operaciones:mi_concesionario")}"'
    assert f'href="{reverse("operaciones:tablero")}"' in html and mio not in html
    client.force_login(gerente_general)
    assert mio in client.get(reverse("operaciones:inicio"), follow=True).content.decode()
    client.force_login(asesor)
    assert mio not in client.get(reverse("operaciones:inicio"), follow=True).content.decode()
