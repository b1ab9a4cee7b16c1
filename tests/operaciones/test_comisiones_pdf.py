# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_comisiones
"""The COP's commission reports as PDFs: the controlled header filled on every page, the COP staff in the
signature block (never the asesor paid), ink on page 1, the verification code on the issued payment report
and a last page that is never just the signatures."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from enlace.documentos import services as documentos
from enlace.models import DocumentoEmitido
from enlace.pdf import renderizar_pdf
from operaciones import selectors, services
from operaciones.models import LineaComision
from tests.operaciones.fixtures_comisiones import cerrar_operacion, regla  # noqa: F401 - fixtures
from tests.pdf_inspeccion import fraccion_con_tinta, pagina_png, texto_paginas

pytestmark = pytest.mark.django_db
# Measured: an empty controlled page inks 1.5 %; a report with a few lines about 12 %.
TINTA_MINIMA = 0.05
COP = "Coordinador de Operaciones (COP), Enl@ceGrup"


def leer(pdf):
    paginas = texto_paginas(pdf)
    assert fraccion_con_tinta(pagina_png(pdf)) > TINTA_MINIMA
    for numero, pagina in enumerate(paginas, start=1):
        assert "CÓDIGO EG-COM-01" in pagina and "VERSIÓN 1" in pagina and "FECHA DE VIGENCIA 01/01/2026" in pagina
        assert f"Página {numero} de {len(paginas)}" in pagina
    return paginas


def firmas(texto):
    return texto[texto.index("ELABORÓ") :].split("Página")[0]


@pytest.fixture
def pagada(regla, cerrar_operacion, cop, asesor):
    """An operación of ``asesor`` whose lines the COP verified and paid."""
    operacion = cerrar_operacion(Decimal("289900.00"), asesor=asesor)
    lineas = list(LineaComision.objects.filter(apartado=operacion))
    services.comision_verificar(actor=cop, lineas=lineas)
    services.comision_pagar(actor=cop, lineas=lineas, fecha=timezone.localdate(), referencia="SPEI 77")
    return operacion


def test_reporte_del_periodo_firmado_por_el_cop(client, pagada, cop, asesor):
    client.force_login(cop)
    respuesta = client.get(reverse("operaciones:comisiones_reporte"), {"mes": timezone.localdate().strftime("%Y-%m")})
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    (texto,) = leer(respuesta.content)
    assert "REPORTE DE COMISIONES" in texto and pagada.folio in texto
    bloque = firmas(texto)
    assert f"ELABORÓ REVISÓ (VERIFICACIÓN) APROBÓ (PAGO) {cop} Coordinador de Operaciones (COP)" in bloque
    assert bloque.count(f"{cop} {COP}") == 2  # verified and paid by the COP
    assert str(asesor) not in bloque
    assert "MXN MXN" not in texto and "$2.029,30 MXN" in texto


def test_reporte_de_pago_emitido_lleva_codigo_y_firmas_del_cop(pagada, cop, asesor):
    documento = DocumentoEmitido.objects.get(tipo=services.TIPO_COMPROBANTE_PAGO)
    (texto,) = leer(documentos.contenido(documento))
    assert "REPORTE DE COMISIONES PAGADAS" in texto and documento.codigo_legible in texto
    assert f"{cop} {COP}" in firmas(texto) and str(asesor) not in firmas(texto)


def test_reporte_largo_termina_con_filas_y_firmas_juntas(pagada, cop):
    consulta = LineaComision.objects.filter(apartado=pagada)
    contexto = selectors.comisiones_reporte_contexto(
        consulta,
        titulo="Reporte de comisiones",
        desde=date(2026, 1, 1),
        hasta=date(2026, 1, 31),
        asesor=None,
        autor=cop,
    )
    contexto["lineas"] = contexto["lineas"] * 14  # 42 rows: three landscape pages
    paginas = leer(renderizar_pdf("operaciones/comisiones/reporte_pdf.html", contexto))
    assert len(paginas) >= 2
    ultima = paginas[-1]
    assert "ELABORÓ" in ultima and "ELABORÓ" not in " ".join(paginas[:-1])
    assert ultima[: ultima.index("ELABORÓ")].count(pagada.folio) >= 2
