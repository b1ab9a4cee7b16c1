# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_comisiones
"""Comisiones pages: who sees which line (404 / 403), the COP's actions, query counts and the PDF figures."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from enlace.acciones import NO_DISPONIBLE
from operaciones import mensajes
from operaciones.models import LineaComision
from tests.ayudas import afirmar_404_para
from tests.operaciones.factories import ConcesionarioFactory, RedFactory
from tests.operaciones.fixtures_comisiones import cerrar_operacion, regla  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
Rol = LineaComision.Rol
TABLERO_CONSULTAS = 8  # + the COP's 4 menu counters, in one query
MIS_COMISIONES_CONSULTAS = 8  # + the asesor's menu counter


@pytest.fixture
def operacion(regla, cerrar_operacion):
    return cerrar_operacion(Decimal("289900.00"))


def linea(operacion, rol):
    return LineaComision.objects.get(apartado=operacion, rol=rol)


def test_asesor_ve_solo_sus_comisiones(client, operacion, asesor, otro_asesor, cerrar_operacion):
    ajena = cerrar_operacion(Decimal("100000.00"), asesor=otro_asesor)
    client.force_login(asesor)
    respuesta = client.get(reverse("operaciones:mis_comisiones"))
    assert respuesta.status_code == 200
    assert list(respuesta.context["pagina"]) == [linea(operacion, Rol.ASESOR)]
    assert respuesta.context["totales"]["por_verificar"] == {"lineas": 1, "monto": Decimal("2029.30")}
    propia = reverse("operaciones:comision", args=[linea(operacion, Rol.ASESOR).pk])
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(propia).status_code == 200
    lectura = next(
        c["sql"] for c in consultas.captured_queries if c["sql"].startswith('SELECT "operaciones_lineacomision"')
    )
    assert "LIMIT" not in lectura  # by primary key, without get()'s LIMIT 21 (enlace.models.PorClaveQuerySet)
    for rol in (Rol.CONCESIONARIO_A, Rol.CONCESIONARIO_B):
        afirmar_404_para(client, asesor, reverse("operaciones:comision", args=[linea(operacion, rol).pk]))
    afirmar_404_para(client, asesor, reverse("operaciones:comision", args=[linea(ajena, Rol.ASESOR).pk]))


def test_gerentes_ven_las_de_su_concesionario_y_sus_asesores(
    client, operacion, gerente_otro, gerente_ventas, crear_usuario
):
    # gerente_otro works at A (the asesor's concesionario); gerente_ventas at B (owner of the unit).
    client.force_login(gerente_otro)
    vistas = set(client.get(reverse("operaciones:comisiones")).context["pagina"])
    assert vistas == {linea(operacion, Rol.ASESOR), linea(operacion, Rol.CONCESIONARIO_A)}
    client.force_login(gerente_ventas)
    assert set(client.get(reverse("operaciones:comisiones")).context["pagina"]) == {
        linea(operacion, Rol.CONCESIONARIO_B)
    }
    afirmar_404_para(client, gerente_ventas, reverse("operaciones:comision", args=[linea(operacion, Rol.ASESOR).pk]))
    tercero = crear_usuario("gerente_general", organizacion=ConcesionarioFactory(padre=operacion.concesionario.padre))
    for rol in Rol.values:
        afirmar_404_para(client, tercero, reverse("operaciones:comision", args=[linea(operacion, rol).pk]))
    client.force_login(tercero)
    assert list(client.get(reverse("operaciones:comisiones")).context["pagina"]) == []


def test_roles_sin_acceso_reciben_403(client, operacion, asesor, crear_usuario, concesionario):
    pk = linea(operacion, Rol.ASESOR).pk
    client.force_login(asesor)
    for nombre in ("comisiones_verificar", "comisiones_pagar"):
        assert client.post(reverse(f"operaciones:{nombre}"), {"lineas": [pk]}).status_code == 403
    for nombre in ("comisiones", "comisiones_reporte"):
        assert client.get(reverse(f"operaciones:{nombre}")).status_code == 403
    client.force_login(crear_usuario("webmaster", organizacion=concesionario))
    assert client.get(reverse("operaciones:comisiones")).status_code == 403
    assert client.get(reverse("operaciones:mis_comisiones")).status_code == 403
    client.force_login(crear_usuario("agente"))
    assert client.get(reverse("operaciones:comision", args=[pk])).status_code == 403
    assert LineaComision.objects.filter(estado="por_verificar").count() == 3


def test_el_cop_verifica_y_paga_desde_el_tablero(client, operacion, cop, crear_usuario):
    client.force_login(cop)
    tablero = reverse("operaciones:comisiones")
    assert client.get(tablero).status_code == 200
    todas = list(LineaComision.objects.values_list("pk", flat=True))
    filtrado = f"{tablero}?estado=por_verificar"
    respuesta = client.post(
        reverse("operaciones:comisiones_pagar"),
        {"lineas": todas, "fecha": "", "referencia": "SPEI 9", "siguiente": filtrado},
    )
    # The board again (200) with its filter, the selection still checked, what was typed and the error.
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and mensajes.COMISION_PAGO_INCOMPLETO in contenido
    assert respuesta.context["filtro"].form.cleaned_data["estado"] == "por_verificar"
    assert respuesta.context["seleccion"] == set(todas) and 'value="SPEI 9"' in contenido
    respuesta = client.post(
        reverse("operaciones:comisiones_pagar"),
        {"lineas": todas, "fecha": timezone.localdate().isoformat(), "referencia": "SPEI 9"},
    )
    assert respuesta.status_code == 200
    assert [str(m) for m in respuesta.context["messages"]] == [
        NO_DISPONIBLE.format(accion="Registrar pago de la comisión", estado="Por verificar")
    ]  # every line refused for the same reason
    otra_red = RedFactory(nombre="Otra red", slug="otra-red")
    client.force_login(crear_usuario("cop", organizacion=otra_red))
    respuesta = client.post(reverse("operaciones:comisiones_verificar"), {"lineas": todas})
    assert respuesta.status_code == 200
    assert [str(m) for m in respuesta.context["messages"]] == [mensajes.COMISION_NO_ENCONTRADA]
    assert set(LineaComision.objects.values_list("estado", flat=True)) == {"por_verificar"}
    client.force_login(cop)
    respuesta = client.post(
        reverse("operaciones:comisiones_verificar"), {"lineas": todas, "siguiente": tablero}, follow=True
    )
    assert [str(m) for m in respuesta.context["messages"]] == [mensajes.OK_COMISIONES_VERIFICADAS.format(n=3)]
    respuesta = client.post(
        reverse("operaciones:comisiones_pagar"),
        {"lineas": todas, "fecha": timezone.localdate().isoformat(), "referencia": "SPEI 9"},
        follow=True,
    )
    assert [str(m) for m in respuesta.context["messages"]] == [mensajes.OK_COMISIONES_PAGADAS.format(n=3)]
    assert set(LineaComision.objects.values_list("estado", flat=True)) == {"pagada"}


def test_filtros_del_tablero(client, operacion, cop, otro_asesor, cerrar_operacion, concesionario):
    otra = cerrar_operacion(Decimal("100000.00"), asesor=otro_asesor)
    client.force_login(cop)
    url = reverse("operaciones:comisiones")
    assert len(client.get(url).context["pagina"]) == 5
    assert {lc.apartado_id for lc in client.get(url, {"asesor": otro_asesor.pk}).context["pagina"]} == {otra.pk}
    por_conc = client.get(url, {"concesionario": concesionario.pk}).context["pagina"]
    assert {lc.beneficiario_concesionario for lc in por_conc} == {concesionario}
    assert len(client.get(url, {"estado": "pagada"}).context["pagina"]) == 0
    assert len(client.get(url, {"mes": "2001-01"}).context["pagina"]) == 0


@pytest.mark.parametrize("operaciones", [1, 4])
def test_consultas_del_tablero_y_de_mis_comisiones_no_crecen(
    client, regla, cerrar_operacion, cop, asesor, operaciones, django_assert_num_queries
):
    for _ in range(operaciones):
        cerrar_operacion()
    client.force_login(cop)
    with django_assert_num_queries(TABLERO_CONSULTAS):
        assert len(client.get(reverse("operaciones:comisiones")).context["pagina"]) == 3 * operaciones
    client.force_login(asesor)
    with django_assert_num_queries(MIS_COMISIONES_CONSULTAS):
        assert len(client.get(reverse("operaciones:mis_comisiones")).context["pagina"]) == operaciones


def test_el_apartado_muestra_sus_comisiones(client, operacion, asesor, cop):
    client.force_login(asesor)
    respuesta = client.get(reverse("operaciones:apartado", args=[operacion.pk]))
    assert respuesta.context["comisiones_lineas"] == [linea(operacion, Rol.ASESOR)]
    assert "$2.029,30 MXN" in respuesta.content.decode()
    client.force_login(cop)
    assert len(client.get(reverse("operaciones:apartado", args=[operacion.pk])).context["comisiones_lineas"]) == 3


def texto_pdf(respuesta):
    assert respuesta["Content-Type"] == "application/pdf"
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(respuesta.content)).pages)


def test_reporte_pdf_con_totales_por_estado_y_asesor(
    client, operacion, cop, asesor, gerente_otro, otro_asesor, cerrar_operacion
):
    cerrar_operacion(Decimal("100000.00"), asesor=otro_asesor)
    from operaciones import services

    services.comision_verificar(actor=cop, lineas=[linea(operacion, Rol.ASESOR)])
    client.force_login(cop)
    mes = timezone.localdate().strftime("%Y-%m")
    texto = texto_pdf(client.get(reverse("operaciones:comisiones_reporte"), {"mes": mes, "asesor": asesor.pk}))
    assert str(asesor) in texto
    assert "Verificadas 1 $2.029,30 MXN" in texto
    assert "Por verificar 2 $3.043,95 MXN" in texto
    assert "Total 3 $5.073,25 MXN" in texto
    assert str(otro_asesor) not in texto
    # A gerente of A gets their own view of the period: the asesor's line and A's.
    client.force_login(gerente_otro)
    texto = texto_pdf(client.get(reverse("operaciones:comisiones_reporte"), {"mes": mes}))
    assert "Total 2 $3.551,28 MXN" in texto
    afirmar_404_para(client, gerente_otro, reverse("operaciones:comisiones_reporte") + f"?asesor={otro_asesor.pk}")
