"""Issued documents: frozen bytes, versions, the verification footer and the public /verificar/ page."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.urls import reverse
from pypdf import PdfReader

from enlace.documentos import services
from enlace.models import DocumentoEmitido, Evento, Organizacion
from tests.enlace.factories import OrganizacionFactory

pytestmark = pytest.mark.django_db

PLANTILLA = engines["django"].from_string(
    '{% extends "pdf/base.html" %}{% block contenido %}<h1>Resumen de {{ org.nombre }}</h1>'
    "<p>Total: {{ total }}</p>{% endblock %}"
)


def texto_pdf(contenido):
    return " ".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(contenido)).pages)


@pytest.fixture
def emisora():
    return OrganizacionFactory(nombre="ENROK", slug="enrok-doc")


@pytest.fixture
def pyme(emisora):
    return OrganizacionFactory(nombre="Panadería Sol", padre=emisora, tipo=Organizacion.Tipo.PYME)


@pytest.fixture
def emitir(emisora, pyme, crear_usuario):
    analista = crear_usuario("analista", organizacion=emisora, first_name="Ana", last_name="Secreta")

    def emitir_(total=10, actor=analista):
        return services.documento_emitir(
            actor=actor,
            objeto=pyme,
            tipo="prueba.resumen",
            nombre_tipo="Resumen de prueba",
            emisora=emisora,
            organizacion=pyme,
            plantilla=PLANTILLA,
            contexto={"org": pyme, "total": total},
            nombre_archivo="resumen.pdf",
        )

    return emitir_


def test_emitir_guarda_los_bytes_su_hash_y_el_pie_de_verificacion(emitir, pyme):
    documento = emitir()
    datos = services.contenido(documento)
    assert datos.startswith(b"%PDF-")
    assert documento.sha256 == hashlib.sha256(datos).hexdigest()
    assert documento.tamano == len(datos)
    assert documento.version == 1
    assert documento.nombre_archivo == "resumen-v1.pdf"
    assert len(documento.codigo) == 12
    texto = texto_pdf(datos)
    assert documento.codigo_legible in texto
    assert services.url_verificacion(documento.codigo) in texto.replace("\n", "")
    assert "versión 1" in texto

    evento = Evento.objects.get(tipo="enlace.documento.emitido")
    assert evento.datos["sha256"] == documento.sha256
    assert evento.datos["codigo"] == documento.codigo
    assert evento.organizacion == pyme


def test_el_pie_lleva_el_qr_con_el_enlace_en_cualquier_plantilla():
    import segno

    from enlace import pdf

    verificacion = {
        "codigo": "ABCD2345EFGH",
        "codigo_legible": "ABCD-2345-EFGH",
        "url": "https://enlace.ejemplo/verificar/ABCD2345EFGH/",
        "version": 3,
        "emitido_en": None,
    }
    html = pdf._con_pie_de_verificacion('<html><body class="x"><p>Hola</p></body></html>', verificacion)
    assert html.index('<body class="x">') < html.index("verificacion-documento") < html.index("<p>Hola</p>")
    assert 'src="data:image/svg+xml' in html
    assert pdf.qr_data_uri(verificacion["url"]) == segno.make(verificacion["url"], error="m").svg_data_uri(
        scale=4, border=0, dark="#222"
    )
    assert "ABCD-2345-EFGH" in html and "versión 3" in html
    assert "verificacion-documento" in pdf._con_pie_de_verificacion("<p>sin body</p>", verificacion)


def test_la_descarga_sirve_los_bytes_emitidos_aunque_cambien_los_datos(emitir, pyme):
    documento = emitir(total=10)
    original = services.contenido(documento)
    pyme.nombre = "Panadería Luna"
    pyme.save(update_fields=["nombre"])

    respuesta = services.respuesta(documento)
    assert respuesta.content == original
    assert "Panadería Sol" in texto_pdf(respuesta.content)
    assert respuesta["Content-Type"] == "application/pdf"
    assert 'filename="resumen-v1.pdf"' in respuesta["Content-Disposition"]
    assert respuesta["Cache-Control"] == "private, no-store"


def test_reemitir_crea_la_version_2_y_conserva_la_1(emitir, pyme):
    v1 = emitir(total=10)
    bytes_v1 = services.contenido(v1)
    v2 = emitir(total=99)
    assert (v1.version, v2.version) == (1, 2)
    assert v1.codigo != v2.codigo
    versiones = list(DocumentoEmitido.objects.de(pyme, tipo="prueba.resumen"))
    assert [d.version for d in versiones] == [2, 1]
    assert services.contenido(DocumentoEmitido.objects.get(pk=v1.pk)) == bytes_v1
    assert "Total: 99" in texto_pdf(services.contenido(v2))
    assert "Total: 10" in texto_pdf(bytes_v1)


def test_un_archivo_alterado_en_el_almacen_no_se_sirve(emitir):
    documento = emitir()
    with documento.archivo.storage.open(documento.archivo.name, "wb") as archivo:
        archivo.write(b"%PDF-1.7 otro contenido")
    with pytest.raises(services.DocumentoAlterado):
        services.respuesta(documento)


def test_visibles_para_otra_organizacion_no_ve_el_documento(emitir, crear_usuario):
    documento = emitir()
    ajeno = crear_usuario("pyme", organizacion=OrganizacionFactory())
    propio = crear_usuario("pyme", organizacion=documento.organizacion)
    assert not DocumentoEmitido.objects.visibles_para(ajeno).exists()
    assert DocumentoEmitido.objects.visibles_para(propio).get() == documento


# --- /verificar/ ---------------------------------------------------------------------


def _subir(client, documento, contenido, nombre="recibido.pdf"):
    return client.post(
        reverse("verificar", args=[documento.codigo]),
        {"archivo": SimpleUploadedFile(nombre, contenido, content_type="application/pdf")},
    )


def test_la_pagina_publica_dice_que_documento_es_sin_datos_personales(client, emitir):
    documento = emitir()
    respuesta = client.get(reverse("verificar", args=[documento.codigo]))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    for esperado in ("Resumen de prueba", "ENROK", documento.codigo_legible, "Versión"):
        assert esperado in html
    assert "Secreta" not in html  # who issued it is not shown
    assert "Panadería" not in html  # nor the content
    assert 'enctype="multipart/form-data"' in html


def test_el_original_coincide_y_un_archivo_modificado_no(client, emitir):
    documento = emitir()
    original = services.contenido(documento)

    coincide = _subir(client, documento, original)
    assert coincide.status_code == 200
    assert "El archivo es el original" in coincide.content.decode()

    modificado = original.replace(b"Total: 10", b"Total: 90") if b"Total: 10" in original else original + b"\n%x"
    no_coincide = _subir(client, documento, modificado)
    assert "NO coincide" in no_coincide.content.decode()
    assert "El archivo es el original" not in no_coincide.content.decode()


def test_la_subida_se_valida(client, emitir, settings):
    documento = emitir()
    no_pdf = _subir(client, documento, b"MZ ejecutable", nombre="virus.exe")
    assert "no es de un tipo permitido" in no_pdf.content.decode()
    disfrazado = _subir(client, documento, b"MZ ejecutable", nombre="falso.pdf")
    assert "no corresponde a su extensión" in disfrazado.content.decode()
    settings.ENLACE_VERIFICAR_MAX_BYTES = 100
    grande = _subir(client, documento, b"%PDF-" + b"x" * 200)
    assert "el máximo permitido" in grande.content.decode()
    for respuesta in (no_pdf, disfrazado, grande):
        assert "coincide" not in respuesta.content.decode().lower().replace("no corresponde", "")


def test_una_version_anterior_avisa_que_hay_otra_mas_reciente(client, emitir):
    v1 = emitir()
    emitir()
    html = client.get(reverse("verificar", args=[v1.codigo])).content.decode()
    assert "versión más reciente" in html
    assert "(versión 2" in html


def test_codigo_desconocido_da_404_en_espanol(client):
    respuesta = client.get(reverse("verificar", args=["ZZZZZZZZZZZZ"]))
    assert respuesta.status_code == 404
    assert "No hay ningún documento emitido" in respuesta.content.decode()
    assert client.get(reverse("verificar", args=["corto"])).status_code == 404


def test_el_codigo_tecleado_con_guiones_y_minusculas_lleva_al_documento(client, emitir):
    documento = emitir()
    tecleado = documento.codigo_legible.lower()
    respuesta = client.get(reverse("verificar_inicio"), {"codigo": tecleado})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("verificar", args=[documento.codigo])
    desconocido = client.get(reverse("verificar_inicio"), {"codigo": "ABCD-EFGH-JKMN"})
    assert "No hay ningún documento emitido" in desconocido.content.decode()
