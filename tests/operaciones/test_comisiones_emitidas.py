# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_comisiones
"""Paying commissions issues a frozen report of the lines paid, mailed to the asesor as an attachment."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from enlace.documentos import services as documentos
from enlace.models import AdjuntoCorreo, DocumentoEmitido, Evento
from enlace.notificaciones.services import barrer_bandeja_salida
from operaciones import services
from operaciones.models import LineaComision
from tests.operaciones.fixtures_comisiones import (  # noqa: F401 - fixtures
    cerrar_operacion,
    crear_lineas,
    crear_regla,
    marcar_cerrado,
    regla,
)
from tests.smtp_local import adjuntos_de

pytestmark = pytest.mark.django_db


def test_pagar_emite_el_reporte_congelado_y_lo_envia_adjunto_al_asesor(smtp, regla, cerrar_operacion, cop, asesor):
    operacion = cerrar_operacion()
    lineas = list(LineaComision.objects.filter(apartado=operacion).order_by("pk"))
    services.comision_verificar(actor=cop, lineas=lineas)
    services.comision_pagar(actor=cop, lineas=lineas, fecha=timezone.localdate(), referencia="SPEI 77")

    documento = DocumentoEmitido.objects.get(tipo=services.TIPO_COMPROBANTE_PAGO)
    assert documento.organizacion == asesor.organizacion
    assert documento.emitido_por == cop
    congelado = documentos.contenido(documento)
    # a table cell may wrap «SPEI 77» over two lines, depending on the width of the names around it
    texto = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(congelado)).pages).split())
    assert "SPEI 77" in texto and operacion.folio in texto and documento.codigo_legible in texto
    assert Evento.objects.get(tipo="enlace.documento.emitido").datos["sha256"] == documento.sha256

    # the data changes afterwards; the stored report does not
    LineaComision.objects.filter(apartado=operacion).update(referencia_pago="CAMBIADA")
    assert documentos.contenido(DocumentoEmitido.objects.get(pk=documento.pk)) == congelado

    assert AdjuntoCorreo.objects.get().sha256 == documento.sha256
    assert barrer_bandeja_salida() >= 1  # the closing's own notices go out too
    (mensaje,) = [m for m in smtp.buzon.mensajes if adjuntos_de(m)]
    assert mensaje["To"] == asesor.email
    assert adjuntos_de(mensaje) == [(documento.nombre_archivo, "application/pdf", congelado)]
