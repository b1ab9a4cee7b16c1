"""The published executive report is an issued document: frozen PDF, mailed as an attachment, versions listed."""

from email.header import decode_header, make_header
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from atencion import services
from atencion.models import ReporteEjecutivo
from enlace.documentos import services as documentos
from enlace.models import DocumentoEmitido
from enlace.notificaciones.services import barrer_bandeja_salida
from tests.atencion.test_reportes import borrador
from tests.ayudas import afirmar_404_para
from tests.smtp_local import adjuntos_de


def texto(contenido):
    return " ".join(p.extract_text() for p in PdfReader(BytesIO(contenido)).pages)


@pytest.fixture
def publicado(pyme, analista, gerente, usuario_pyme):
    reporte = borrador(pyme, analista)
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    return services.reporte_validar(actor=gerente, reporte=reporte)


def test_publicar_congela_el_pdf_y_lo_envia_adjunto_a_la_pyme(smtp, publicado, usuario_pyme, gerente, enrok):
    documento = DocumentoEmitido.objects.de(publicado, tipo=services.TIPO_DOCUMENTO).get()
    assert (documento.version, documento.emitido_por, documento.organizacion) == (1, gerente, publicado.pyme)
    assert documento.emisora == enrok
    congelado = documentos.contenido(documento)
    assert documento.codigo_legible in texto(congelado)

    assert barrer_bandeja_salida() >= 1
    (mensaje,) = [m for m in smtp.buzon.mensajes if m["To"] == usuario_pyme.email]
    assert str(make_header(decode_header(mensaje["Subject"]))).strip().startswith("Su reporte ejecutivo está listo")
    assert adjuntos_de(mensaje) == [(documento.nombre_archivo, "application/pdf", congelado)]


def test_la_descarga_sirve_los_bytes_emitidos_aunque_cambien_los_datos(client, publicado, usuario_pyme):
    documento = DocumentoEmitido.objects.de(publicado, tipo=services.TIPO_DOCUMENTO).get()
    congelado = documentos.contenido(documento)
    client.force_login(usuario_pyme)
    url = reverse("atencion:reporte_pdf", args=[publicado.pk])
    assert client.get(url).content == congelado

    ReporteEjecutivo.objects.filter(pk=publicado.pk).update(recomendaciones="- TEXTO CAMBIADO DESPUÉS")
    publicado.pyme.nombre = "Otro nombre de la PYME"
    publicado.pyme.save(update_fields=["nombre"])

    despues = client.get(url)
    assert despues.status_code == 200
    assert despues.content == congelado
    assert "TEXTO CAMBIADO" not in texto(despues.content)
    assert client.get(url, {"version": 1}).content == congelado
    assert client.get(url, {"version": 7}).status_code == 404


def test_la_pagina_lista_las_versiones_y_reemitir_conserva_la_1(client, publicado, gerente, usuario_pyme):
    from django.db import transaction

    v1 = DocumentoEmitido.objects.de(publicado, tipo=services.TIPO_DOCUMENTO).get()
    with transaction.atomic():
        v2 = services.reporte_emitir(actor=gerente, reporte=publicado)
    assert v2.version == 2
    client.force_login(usuario_pyme)
    html = client.get(reverse("atencion:reporte", args=[publicado.pk])).content.decode()
    assert "Versiones emitidas" in html
    assert v1.codigo_legible in html and v2.codigo_legible in html
    url = reverse("atencion:reporte_pdf", args=[publicado.pk])
    assert client.get(url).content == documentos.contenido(v2)
    assert client.get(url, {"version": 1}).content == documentos.contenido(v1)


def test_otra_organizacion_no_descarga_el_documento(client, publicado, otra_pyme, crear_usuario):
    ajeno = crear_usuario("pyme", organizacion=otra_pyme)
    for params in ("", "?version=1"):
        afirmar_404_para(client, ajeno, reverse("atencion:reporte_pdf", args=[publicado.pk]) + params)
