"""A form of more rows than ENLACE_PDF_FILAS_EN_FONDO is rendered by the worker: the request only asks for it,
the user follows its progress page and downloads the same document the request would have rendered."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comercial.crm import services
from enlace.documentos import preparados
from enlace.models import Notificacion, PdfPreparado
from tests.ayudas import afirmar_404_para
from tests.comercial.crm.factories import ProspectoFactory
from tests.pdf_inspeccion import texto

pytestmark = pytest.mark.django_db
MARZO = datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("America/Bogota"))
Estado = PdfPreparado.Estado


@pytest.fixture
def prospectos(lider, ana):
    with time_machine.travel(MARZO, tick=False):
        rojo = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 2), cliente="Cliente Rojo")
        ProspectoFactory(perfil=ana, fecha=date(2026, 3, 18), cliente="Cliente Verde")
        ProspectoFactory(perfil=ana, fecha=date(2026, 3, 19), cliente="Cliente Nuevo")
        services.prospecto_validar(actor=lider, prospecto=rojo, resultado="falso", notas="No existe")


def _pedir(client, usuario, clave="gc-for-21"):
    client.force_login(usuario)
    with time_machine.travel(MARZO, tick=False):
        return client.get(reverse("comercial:crm:formato_pdf", args=[clave]) + "?mes=2026-03")


def test_pocas_filas_se_descargan_en_la_misma_peticion(client, lider, prospectos, settings):
    settings.ENLACE_PDF_FILAS_EN_FONDO = 3
    respuesta = _pedir(client, lider)
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    assert not PdfPreparado.objects.exists()


def test_muchas_filas_las_prepara_el_worker_y_el_dueno_las_descarga(
    client, lider, prospectos, settings, django_capture_on_commit_callbacks
):
    settings.ENLACE_PDF_FILAS_EN_FONDO = 2
    with django_capture_on_commit_callbacks() as publicaciones:
        respuesta = _pedir(client, lider)
    pdf = PdfPreparado.objects.get()
    assert respuesta.status_code == 302 and respuesta.url == pdf.get_absolute_url()
    assert len(publicaciones) == 1  # queued once, after commit
    assert (pdf.usuario, pdf.estado, pdf.filas) == (lider, Estado.PENDIENTE, 3)
    assert pdf.titulo == "GC-FOR-21 Registro semáforo de seguimiento, marzo 2026"

    pagina = client.get(pdf.get_absolute_url())
    assert "Preparando el documento" in pagina.content.decode() and 'hx-trigger="every 2s"' in pagina.content.decode()
    assert client.get(reverse("pdf_preparado_descargar", args=[pdf.pk])).status_code == 404  # not ready yet

    with time_machine.travel(MARZO, tick=False):
        preparados.generar(pdf.pk)
    pdf.refresh_from_db()
    assert pdf.estado == Estado.LISTO and pdf.nombre_archivo == "GC-FOR-21_2026-03.pdf"
    estado = client.get(pdf.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "Descargar GC-FOR-21_2026-03.pdf" in estado and "hx-trigger" not in estado  # polling stops
    descarga = client.get(reverse("pdf_preparado_descargar", args=[pdf.pk]))
    contenido = b"".join(descarga.streaming_content)
    assert descarga.status_code == 200 and "GC-FOR-21_2026-03.pdf" in descarga["Content-Disposition"]
    leido = texto(contenido)
    for fragmento in [
        "REGISTRO SEMÁFORO DE SEGUIMIENTO",
        "Cliente Rojo",
        "Cliente Verde",
        "Cliente Nuevo",
        "Líder CRM",
    ]:
        assert fragmento in leido, fragmento
    aviso = Notificacion.objects.get(destinatario=lider)
    assert aviso.titulo.startswith("PDF listo: GC-FOR-21") and aviso.enlace == pdf.get_absolute_url()


def test_el_worker_lee_como_quien_lo_pidio(client, pedro, ana, prospectos, settings):
    with time_machine.travel(MARZO, tick=False):
        ProspectoFactory(perfil=pedro, fecha=date(2026, 3, 18), cliente="Cliente De Pedro")
        ProspectoFactory(perfil=pedro, fecha=date(2026, 3, 19), cliente="Otro De Pedro")
    settings.ENLACE_PDF_FILAS_EN_FONDO = 1
    _pedir(client, pedro.usuario)
    pdf = PdfPreparado.objects.get()
    with time_machine.travel(MARZO, tick=False):
        preparados.generar(pdf.pk)
    pdf.refresh_from_db()
    leido = texto(pdf.archivo.read())
    assert "Cliente De Pedro" in leido and "Cliente Rojo" not in leido


def test_solo_el_dueno_ve_y_descarga(client, lider, ana, prospectos, settings):
    settings.ENLACE_PDF_FILAS_EN_FONDO = 2
    _pedir(client, lider)
    pdf = PdfPreparado.objects.get()
    with time_machine.travel(MARZO, tick=False):
        preparados.generar(pdf.pk)
    for url in (pdf.get_absolute_url(), reverse("pdf_preparado_descargar", args=[pdf.pk])):
        afirmar_404_para(client, ana.usuario, url)
    client.logout()
    assert client.get(pdf.get_absolute_url()).status_code == 302  # to the login


def test_generar_dos_veces_no_repite_ni_avisa_dos_veces(client, lider, prospectos, settings):
    settings.ENLACE_PDF_FILAS_EN_FONDO = 2
    _pedir(client, lider)
    pdf = PdfPreparado.objects.get()
    with time_machine.travel(MARZO, tick=False):
        preparados.generar(pdf.pk)
        terminado = PdfPreparado.objects.get().terminado
        preparados.generar(pdf.pk)
    assert PdfPreparado.objects.get().terminado == terminado
    assert Notificacion.objects.filter(destinatario=lider).count() == 1


def test_un_fallo_queda_dicho_en_la_pagina(client, lider):
    pdf = preparados.preparar(lider, titulo="Roto", generador="no.existe.funcion", parametros={}, filas=500)
    preparados.generar(pdf.pk)
    pdf.refresh_from_db()
    assert pdf.estado == Estado.FALLIDO
    client.force_login(lider)
    assert "No se pudo preparar el documento" in client.get(pdf.get_absolute_url()).content.decode()
    assert not Notificacion.objects.exists()


def test_el_barrido_borra_los_viejos_con_su_archivo(client, lider, prospectos, settings):
    settings.ENLACE_PDF_FILAS_EN_FONDO = 2
    _pedir(client, lider)
    pdf = PdfPreparado.objects.get()
    with time_machine.travel(MARZO, tick=False):
        preparados.generar(pdf.pk)
    pdf.refresh_from_db()
    almacen, nombre = pdf.archivo.storage, pdf.archivo.name
    reciente = preparados.preparar(lider, titulo="Reciente", generador="x.y", parametros={}, filas=500)
    PdfPreparado.objects.filter(pk=pdf.pk).update(
        creado=timezone.now() - timedelta(days=settings.ENLACE_PDF_PREPARADO_DIAS + 1)
    )
    preparados.barrer()
    assert list(PdfPreparado.objects.all()) == [reciente]
    assert not almacen.exists(nombre)
