"""The monthly reports are issued documents: frozen PDFs, versions on re-issue, mailed as attachments."""

import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from comercial.empresas import documentos as informes_pdf
from comercial.empresas import services
from comercial.empresas.meses import mes_siguiente
from comercial.empresas.models import FacturacionMensual, InformeResponsable
from enlace.documentos import services as documentos
from enlace.models import AdjuntoCorreo, DocumentoEmitido
from tests.ayudas import afirmar_404_para
from tests.comercial.empresas import test_informes
from tests.comercial.empresas.test_informes import texto_pdf

pytestmark = pytest.mark.django_db
mes_con_ventas = test_informes.mes_con_ventas  # the fixture: a month with sales and last month's billing


def _cerrar_el_mes(time_machine, mes):
    """The Responsable's report is issued only once its month has closed."""
    time_machine.move_to(datetime.combine(mes_siguiente(mes), datetime.min.time()) + timedelta(days=1))


def test_reemitir_el_informe_del_ejecutivo_crea_la_v2_y_conserva_la_v1(client, equipo, mes_con_ventas):
    informe = services.informe_ejecutivo_emitir(actor=equipo.ejecutivo, mes=mes_con_ventas, comentario="Primera")
    v1 = DocumentoEmitido.objects.de(informe, tipo=informes_pdf.TIPO_INFORME_EJECUTIVO).get()
    bytes_v1 = documentos.contenido(v1)
    services.informe_ejecutivo_emitir(actor=equipo.ejecutivo, mes=mes_con_ventas, comentario="Segunda")
    versiones = list(DocumentoEmitido.objects.de(informe, tipo=informes_pdf.TIPO_INFORME_EJECUTIVO))
    assert [d.version for d in versiones] == [2, 1]
    v2 = versiones[0]

    # each issue mailed the Responsable its own frozen PDF
    adjuntos = AdjuntoCorreo.objects.filter(correo__para=equipo.responsable.email).order_by("id")
    assert [a.sha256 for a in adjuntos] == [v1.sha256, v2.sha256]

    client.force_login(equipo.responsable)
    url = reverse("comercial:empresas:informe_ejecutivo_pdf", args=[informe.pk])
    assert client.get(url).content == documentos.contenido(v2)
    assert client.get(url, {"version": 1}).content == bytes_v1
    assert "Primera" in texto_pdf(client.get(url, {"version": 1}))
    assert "Segunda" in texto_pdf(client.get(url))
    assert client.get(url, {"version": 3}).status_code == 404
    html = client.get(reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk])).content.decode()
    assert "Versiones emitidas" in html and v1.codigo_legible in html and v2.codigo_legible in html


def test_el_pdf_del_responsable_se_sirve_congelado_y_va_adjunto(client, equipo, mes_con_ventas, time_machine):
    _cerrar_el_mes(time_machine, mes_con_ventas)
    informe = services.informe_responsable_emitir(
        actor=equipo.responsable, organizacion=equipo.org, mes=mes_con_ventas, analisis="Crecimiento por cartera."
    )
    documento = DocumentoEmitido.objects.de(informe, tipo=informes_pdf.TIPO_INFORME_RESPONSABLE).get()
    congelado = documentos.contenido(documento)
    assert AdjuntoCorreo.objects.get(correo__para=equipo.territorios.email).sha256 == documento.sha256

    # the data behind the report changes afterwards: the PDF does not
    FacturacionMensual.objects.filter(organizacion=equipo.org).update(monto=1)
    InformeResponsable.objects.filter(pk=informe.pk).update(analisis="Cambiado después")
    client.force_login(equipo.territorios)
    respuesta = client.get(reverse("comercial:empresas:informe_responsable_pdf", args=[informe.pk]))
    assert respuesta.content == congelado
    texto = texto_pdf(respuesta)
    assert "Crecimiento por cartera." in texto and "Cambiado después" not in texto
    assert documento.codigo_legible in texto


def test_otra_organizacion_no_descarga_los_informes(
    client, equipo, mes_con_ventas, crear_usuario, otra_organizacion, time_machine
):
    informe = services.informe_ejecutivo_emitir(actor=equipo.ejecutivo, mes=mes_con_ventas)
    _cerrar_el_mes(time_machine, mes_con_ventas)
    mensual = services.informe_responsable_emitir(
        actor=equipo.responsable, organizacion=equipo.org, mes=mes_con_ventas, analisis="x"
    )
    ajeno = crear_usuario("responsable_empresas", organizacion=otra_organizacion)
    for url in (
        reverse("comercial:empresas:informe_ejecutivo_pdf", args=[informe.pk]) + "?version=1",
        reverse("comercial:empresas:informe_responsable_pdf", args=[mensual.pk]),
    ):
        afirmar_404_para(client, ajeno, url)


def test_la_oferta_por_correo_llega_con_su_pdf_y_la_descarga_es_la_enviada(client, smtp, equipo, venta_a, avanzar):
    from comercial.empresas.models import Estado
    from enlace.notificaciones.services import barrer_bandeja_salida
    from tests.smtp_local import adjuntos_de

    venta = avanzar(venta_a, Estado.VISITADA)
    services.venta_enviar_oferta(actor=equipo.ejecutivo, venta=venta, medio="correo", correo="gerencia@cliente.test")
    documento = DocumentoEmitido.objects.de(venta, tipo=informes_pdf.TIPO_OFERTA).get()
    congelado = documentos.contenido(documento)
    assert documento.codigo_legible in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(congelado)).pages)

    assert barrer_bandeja_salida() >= 1
    (mensaje,) = [m for m in smtp.buzon.mensajes if m["To"] == "gerencia@cliente.test"]
    assert adjuntos_de(mensaje) == [(f"oferta-{venta.codigo}-v1.pdf", "application/pdf", congelado)]

    client.force_login(equipo.ejecutivo)
    assert client.get(reverse("comercial:empresas:oferta_pdf", args=[venta.pk])).content == congelado
