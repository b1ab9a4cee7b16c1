"""The console that follows Anexo 1 (client lookup, notes, «evitar» list, read-back before digitación, where
to direct a client), the installation orders on the trays with what is overdue, the origin-channel filter,
the signed contract and the two copies of VD-F-01 and VD-F-02."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from comercial.digitales import models, selectors, services
from comercial.digitales.models import Canal, ClienteComteco, Estado
from comercial.digitales.protocolo import FASES
from enlace import acciones
from tests.ayudas import afirmar_404_para
from tests.comercial.digitales.conftest import archivo_pdf
from tests.comercial.digitales.factories import (
    SolicitudFactory,
    adjuntar_todo,
    orden_para,
    producto_de,
    solicitud_en,
)
from tests.comercial.digitales.flujo import llevar_hasta
from tests.enlace.factories import OrganizacionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gestor(crear_usuario, organizacion):
    return crear_usuario("gestor_comercial", organizacion=organizacion)


@pytest.fixture
def recursos(crear_usuario, organizacion):
    return crear_usuario("gestion_recursos", organizacion=organizacion)


# --- Read-back before digitación ---------------------------------------------------------------------


def test_sin_la_confirmacion_del_cliente_no_se_digita(agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente, lectura_confirmada_en=None)
    adjuntar_todo(s, agente)
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.solicitud_digitar(actor=agente, solicitud=s, referencia="SF-1")
    assert rechazo.value.mensaje == models.LECTURA_SIN_CONFIRMAR
    s.refresh_from_db()
    assert (s.estado, s.digitada_en) == (Estado.ESPERANDO_REQUISITOS, None)
    services.solicitud_confirmar_lectura(actor=agente, solicitud=s)
    services.solicitud_digitar(actor=agente, solicitud=s, referencia="SF-1")
    s.refresh_from_db()
    assert s.estado == Estado.DIGITADA
    assert "Carnet de identidad: 7788990 CB" in s.lectura_resumen
    assert "Domicilio de instalación: Av. Heroínas 123, Cala Cala" in s.lectura_resumen


def test_cambiar_el_servicio_o_el_domicilio_anula_la_confirmacion(agente, organizacion, zona):
    s = solicitud_en(Estado.EN_ATENCION, organizacion=organizacion, agente=agente, fase_protocolo=3)
    s.lectura_confirmada_en = timezone.now()
    s.save()
    services.solicitud_identificar(
        actor=agente, solicitud=s, producto=producto_de(organizacion, "tv"), carnet="1234567"
    )
    s.refresh_from_db()
    assert s.lectura_confirmada_en is None


def test_la_consola_pide_confirmar_la_lectura_antes_de_digitar(client, agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente, lectura_confirmada_en=None)
    adjuntar_todo(s, agente)
    client.force_login(agente)
    url = reverse("comercial:digitales:solicitud", args=[s.pk])
    html = client.get(url).content.decode()
    assert "Cliente confirmó el resumen leído" in html
    respuesta = client.post(reverse("comercial:digitales:accion", args=[s.pk, "digitar"]), {"referencia": "SF"})
    assert models.LECTURA_SIN_CONFIRMAR in respuesta.content.decode()
    sin_marcar = client.post(reverse("comercial:digitales:accion", args=[s.pk, "lectura"]), {})
    assert "Marque «Cliente confirmó»" in sin_marcar.content.decode()
    client.post(reverse("comercial:digitales:accion", args=[s.pk, "lectura"]), {"confirmo": "on"})
    s.refresh_from_db()
    assert s.lectura_confirmada_en is not None


# --- Notes, «evitar», direction text ---------------------------------------------------------------------


def test_las_notas_de_explorar_y_resolver(client, agente, organizacion):
    s = solicitud_en(Estado.SIN_IMPEDIMENTO, organizacion=organizacion, agente=agente)
    with pytest.raises(services.ErrorDigitales) as error:
        services.solicitud_anotar(actor=agente, solicitud=s, notas="   ")
    assert error.value.mensaje == services.NOTAS_VACIAS
    client.force_login(agente)
    client.post(reverse("comercial:digitales:accion", args=[s.pk, "notas"]), {"notas": "Quiere 100 Mbps."})
    s.refresh_from_db()
    assert s.notas == "Quiere 100 Mbps."
    html = client.get(reverse("comercial:digitales:solicitud", args=[s.pk])).content.decode()
    assert 'class="dig-lista-evitar"' in html
    for frase in FASES[3].evitar:
        assert f"«{frase}»" in html


def test_la_consola_dice_donde_dirigir_los_productos_que_no_se_venden(client, agente, organizacion):
    s = solicitud_en(Estado.EN_ATENCION, organizacion=organizacion, agente=agente, fase_protocolo=2)
    producto_de(organizacion, "no_digital")
    client.force_login(agente)
    html = client.get(reverse("comercial:digitales:solicitud", args=[s.pk])).content.decode()
    assert "Ventas Empresas, oficina central." in html


# --- Client lookup ------------------------------------------------------------------------------------


@pytest.fixture
def base_de_clientes(organizacion, otra_organizacion):
    ClienteComteco.objects.create(
        organizacion=organizacion,
        nombre="Lucía Fernández",
        carnet="5544332 CB",
        telefono="70123456",
        numero_contrato="CT-100233",
    )
    ClienteComteco.objects.create(
        organizacion=otra_organizacion,
        nombre="Lucía Ajena",
        carnet="5544332 LP",
        telefono="70123456",
        numero_contrato="CT-100233",
    )


@pytest.mark.parametrize("termino", ["70123456", "5544332", "CT-100233", "fernán"])
def test_la_busqueda_encuentra_por_telefono_carnet_contrato_y_nombre(termino, agente, organizacion, base_de_clientes):
    SolicitudFactory(
        organizacion=organizacion,
        telefono="70123456",
        carnet="5544332 CB",
        nombre_cliente="Lucía Fernández",
        referencia_smartflex="CT-100233",
    )
    solicitudes, clientes = selectors.buscar_cliente(agente, termino)
    assert [c.nombre for c in clientes] == ["Lucía Fernández"]  # never the other organisation's
    assert len(solicitudes) == 1


def test_la_busqueda_pide_tres_caracteres(agente, base_de_clientes):
    assert selectors.buscar_cliente(agente, "70") == ([], [])


def test_la_busqueda_hace_dos_consultas_con_cualquier_cantidad(agente, organizacion, django_assert_num_queries):
    for i in range(15):
        SolicitudFactory(organizacion=organizacion, telefono=f"7012{i:04d}")
        ClienteComteco.objects.create(
            organizacion=organizacion,
            nombre=f"Cliente {i}",
            carnet=f"55{i:05d}",
            telefono=f"7012{i:04d}",
            numero_contrato=f"CT-{i}",
        )
    with django_assert_num_queries(3):  # the agent's role (its scope), then one query per table
        solicitudes, clientes = selectors.buscar_cliente(agente, "7012")
    assert (len(solicitudes), len(clientes)) == (selectors.BUSQUEDA_LIMITE, selectors.BUSQUEDA_LIMITE)


def test_la_pagina_de_busqueda_y_la_consola_muestran_los_resultados(client, agente, organizacion, base_de_clientes):
    client.force_login(agente)
    html = client.get(reverse("comercial:digitales:buscar"), {"q": "CT-100233"}).content.decode()
    assert "Lucía Fernández" in html and "Lucía Ajena" not in html
    s = solicitud_en(Estado.EN_ATENCION, organizacion=organizacion, agente=agente)
    html = client.get(reverse("comercial:digitales:solicitud", args=[s.pk]), {"q": "70123456"}).content.decode()
    assert "Lucía Fernández" in html


# --- Trays: origin channel, control, overdue orders and follow-ups -------------------------------------


def test_la_bandeja_filtra_por_canal_de_origen(client, responsable, organizacion):
    SolicitudFactory(organizacion=organizacion, canal=Canal.FACEBOOK, nombre_cliente="Por Facebook")
    SolicitudFactory(organizacion=organizacion, canal=Canal.WEB, nombre_cliente="Por la web")
    client.force_login(responsable)
    html = client.get(reverse("comercial:digitales:inicio"), {"bandeja": "cola", "canal": "facebook"}).content.decode()
    assert "Por Facebook" in html and "Por la web" not in html
    assert "Contactos por atender (1)" in html


def test_vencidos_resaltados_para_el_agente_y_el_responsable(client, agente, otro_agente, responsable, organizacion):
    vencida = solicitud_en(Estado.COMUNICADA, organizacion=organizacion, agente=agente, nombre_cliente="Orden vencida")
    orden_para(vencida, vence_hace=2)
    por_seguir = solicitud_en(
        Estado.COMUNICADA,
        organizacion=organizacion,
        agente=agente,
        seguimiento_programado=timezone.now() - timedelta(days=1),
    )
    orden_para(por_seguir, estado="instalada")
    al_dia = solicitud_en(Estado.DERIVADA, organizacion=organizacion, agente=otro_agente)
    orden_para(al_dia, dias=5)
    assert selectors.vencidos(agente) == {"ordenes": 1, "seguimientos": 1}
    assert selectors.vencidos(otro_agente) == {"ordenes": 0, "seguimientos": 0}
    assert selectors.vencidos(responsable) == {"ordenes": 1, "seguimientos": 1}
    for usuario in (agente, responsable):
        client.force_login(usuario)
        html = client.get(reverse("comercial:digitales:inicio"), {"bandeja": "seguimiento"}).content.decode()
        assert "Órdenes de instalación vencidas" in html and "Seguimientos vencidos" in html
        assert html.count('class="fila-vencida"') == 2


def test_el_gestor_comercial_ve_las_digitaciones_por_controlar(client, gestor, agente, organizacion):
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    client.force_login(gestor)
    html = client.get(reverse("comercial:digitales:inicio"), {"bandeja": "control"}).content.decode()
    assert s.numero in html and "Digitaciones por controlar (1)" in html
    html = client.get(reverse("comercial:digitales:solicitud", args=[s.pk])).content.decode()
    assert "Digitación correcta: abrir la orden de instalación" in html
    client.post(reverse("comercial:digitales:accion", args=[s.pk, "control"]), {"dias": "6", "verificada": "on"})
    s.refresh_from_db()
    assert (s.estado, s.orden_instalacion.dias_estimados) == (Estado.DERIVADA, 6)


def test_paginas_de_ordenes_por_rol(client, crear_usuario, agente, recursos, organizacion):
    orden = orden_para(solicitud_en(Estado.DERIVADA, organizacion=organizacion, agente=agente), vence_hace=1)
    client.force_login(recursos)
    lista = client.get(reverse("comercial:digitales:ordenes"), {"vencidas": "1"}).content.decode()
    assert orden.codigo in lista and "fila-vencida" in lista
    url = reverse("comercial:digitales:orden", args=[orden.pk])
    assert "Servicio instalado: cerrar la orden" in client.get(url).content.decode()
    client.post(reverse("comercial:digitales:accion_orden", args=[orden.pk, "instalar"]), {"observaciones": ""})
    orden.refresh_from_db()
    assert orden.estado == "instalada"
    client.force_login(agente)
    html = client.get(url).content.decode()
    assert "Servicio instalado: cerrar la orden" not in html  # the agent sees it, Instalaciones closes it
    client.force_login(crear_usuario("ejecutivo_empresas", organizacion=organizacion))
    assert client.get(reverse("comercial:digitales:ordenes")).status_code == 403
    ajeno = crear_usuario("gestion_recursos", organizacion=OrganizacionFactory())
    afirmar_404_para(client, ajeno, url)


def test_la_consola_muestra_la_orden_y_lo_que_el_agente_puede_cerrar(client, agente, organizacion):
    s = solicitud_en(Estado.COMUNICADA, organizacion=organizacion, agente=agente)
    orden = orden_para(s, vence_hace=3)
    client.force_login(agente)
    url = reverse("comercial:digitales:solicitud", args=[s.pk])
    html = client.get(url).content.decode()
    assert orden.codigo in html and "La orden está vencida" in html
    assert 'data-accion="seguimiento"' not in html
    type(orden).objects.filter(pk=orden.pk).update(estado="instalada", cerrada_en=timezone.now())
    html = client.get(url).content.decode()
    assert 'data-accion="seguimiento"' in html


# --- Signed contract and the two copies -----------------------------------------------------------------


def test_el_contrato_firmado_se_valida_como_toda_subida(client, crear_usuario, agente, organizacion):
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    falso = SimpleUploadedFile("contrato.pdf", b"MZ ejecutable", content_type="application/pdf")
    with pytest.raises(services.ErrorDigitales):
        services.solicitud_adjuntar_contrato(actor=agente, solicitud=s, archivo=falso)
    s.refresh_from_db()
    assert not s.contrato_firmado
    services.solicitud_adjuntar_contrato(actor=agente, solicitud=s, archivo=archivo_pdf("firmado.pdf"))
    client.force_login(agente)
    respuesta = client.get(reverse("comercial:digitales:contrato_firmado", args=[s.pk]))
    assert respuesta.status_code == 200
    ajeno = crear_usuario("agente_digital", organizacion=OrganizacionFactory())
    afirmar_404_para(client, ajeno, reverse("comercial:digitales:contrato_firmado", args=[s.pk]))


@pytest.mark.parametrize("nombre", ["solicitud_pdf", "contrato_pdf"])
def test_los_documentos_salen_en_original_y_copia(nombre, client, agente, zona):
    s = llevar_hasta(agente, Estado.DIGITADA)
    client.force_login(agente)
    respuesta = client.get(reverse(f"comercial:digitales:{nombre}", args=[s.pk]))
    paginas = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(respuesta.content)).pages]
    originales = [i for i, texto in enumerate(paginas) if "ORIGINAL" in texto]
    copias = [i for i, texto in enumerate(paginas) if "COPIA" in texto]
    assert originales and copias and max(originales) < min(copias)
    assert len(originales) == len(copias)
