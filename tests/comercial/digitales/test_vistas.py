"""Pages of Ventas Digitales: roles, organisations, the console over HTTP, PDFs and query counts."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from comercial.digitales import services
from comercial.digitales.models import Estado, SolicitudDigital
from tests.ayudas import afirmar_404_para
from tests.comercial.digitales.conftest import archivo_pdf
from tests.comercial.digitales.factories import SolicitudFactory, producto_de
from tests.comercial.digitales.flujo import llevar_hasta, nueva_llamada

pytestmark = pytest.mark.django_db


def texto_pdf(respuesta):
    assert respuesta["Content-Type"] == "application/pdf"
    lector = PdfReader(io.BytesIO(respuesta.content))
    return " ".join(" ".join((pagina.extract_text() or "").split()) for pagina in lector.pages)


def test_paginas_por_rol(client, agente, responsable, zona):
    s = llevar_hasta(agente, Estado.DIGITADA)
    for usuario, paginas in [
        (agente, ["inicio", "registrar_llamada"]),
        (responsable, ["inicio", "registrar_llamada", "indicador", "impedimentos"]),
    ]:
        client.force_login(usuario)
        for nombre in paginas:
            assert client.get(reverse(f"comercial:digitales:{nombre}")).status_code == 200, (usuario, nombre)
        for bandeja in ["cola", "devolucion", "atencion", "seguimiento", "cerradas"]:
            assert client.get(reverse("comercial:digitales:inicio"), {"bandeja": bandeja}).status_code == 200
    client.force_login(agente)
    assert client.get(reverse("comercial:digitales:solicitud", args=[s.pk])).status_code == 200
    for nombre in ["indicador", "impedimentos"]:
        assert client.get(reverse(f"comercial:digitales:{nombre}")).status_code == 403


def test_otros_roles_reciben_403_y_anonimos_van_al_login(client, crear_usuario, organizacion):
    s = SolicitudFactory(organizacion=organizacion)
    client.force_login(crear_usuario("ejecutivo_empresas", organizacion=organizacion))
    for url in [
        reverse("comercial:digitales:inicio"),
        reverse("comercial:digitales:solicitud", args=[s.pk]),
        reverse("comercial:digitales:indicador"),
    ]:
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(reverse("comercial:digitales:inicio")).status_code == 302


def test_otra_organizacion_recibe_404(client, agente, crear_usuario, otra_organizacion, zona):
    s = llevar_hasta(agente, Estado.DIGITADA)
    ajeno = crear_usuario("responsable_call_center", organizacion=otra_organizacion)
    for nombre in ["solicitud", "solicitud_pdf", "contrato_pdf"]:
        afirmar_404_para(client, ajeno, reverse(f"comercial:digitales:{nombre}", args=[s.pk]))
    afirmar_404_para(client, ajeno, reverse("comercial:digitales:accion", args=[s.pk, "comunicar"]), metodo="post")
    adjunto = s.adjuntos.first()
    afirmar_404_para(client, ajeno, reverse("comercial:digitales:adjunto", args=[s.pk, adjunto.pk]))
    client.force_login(ajeno)
    assert s.numero not in client.get(reverse("comercial:digitales:inicio"), {"bandeja": "atencion"}).content.decode()


def test_agente_ve_la_cola_sin_asignar_y_lo_suyo_el_responsable_todo(client, agente, otro_agente, responsable):
    libre = SolicitudFactory(organizacion=agente.organizacion, nombre_cliente="Cliente Libre")
    mia = nueva_llamada(agente)
    ajena = nueva_llamada(otro_agente)
    client.force_login(agente)
    html = client.get(reverse("comercial:digitales:inicio"), {"bandeja": "atencion"}).content.decode()
    assert mia.numero in html and ajena.numero not in html
    assert libre.numero in client.get(reverse("comercial:digitales:inicio")).content.decode()
    afirmar_404_para(client, agente, reverse("comercial:digitales:solicitud", args=[ajena.pk]))
    client.force_login(responsable)
    html = client.get(reverse("comercial:digitales:inicio"), {"bandeja": "atencion"}).content.decode()
    assert mia.numero in html and ajena.numero in html


@pytest.mark.parametrize("filas", [3, 30])
def test_consultas_de_la_bandeja_no_crecen(client, agente, responsable, django_assert_num_queries, filas):
    SolicitudDigital.objects.bulk_create(
        [SolicitudDigital(organizacion=agente.organizacion, canal="web", telefono="71234567") for _ in range(filas)]
    )
    for usuario in (agente, responsable):
        client.force_login(usuario)
        # session, user with its organisation, role groups, open counts per tab, the page,
        # the menu's counters (open solicitudes, overdue orders), the two overdue counts of the tray
        # and the KPI aggregate
        with django_assert_num_queries(10):
            assert client.get(reverse("comercial:digitales:inicio")).status_code == 200


def test_registrar_llamada_por_la_pagina(client, agente):
    client.force_login(agente)
    url = reverse("comercial:digitales:registrar_llamada")
    respuesta = client.post(url, {"linea": "4001515", "telefono": "4412233", "nombre_cliente": "Rosa"})
    s = SolicitudDigital.objects.get()
    assert respuesta.url == reverse("comercial:digitales:solicitud", args=[s.pk])
    assert (s.linea, s.estado, s.agente) == ("4001515", Estado.EN_ATENCION, agente)
    respuesta = client.post(url, {"linea": "4001515", "telefono": "12", "perdida": "on"})
    assert "no es válido" in respuesta.content.decode()
    respuesta = client.post(url, {"linea": "4001515", "telefono": "4412233", "perdida": "on"})
    assert SolicitudDigital.objects.filter(perdida=True, estado=Estado.EN_COLA).count() == 1


def test_consola_por_http_de_la_llamada_al_control_de_calidad(client, crear_usuario, agente, zona):
    client.force_login(agente)
    s = nueva_llamada(agente)

    def accion(nombre, datos=None, **kwargs):
        return client.post(reverse("comercial:digitales:accion", args=[s.pk, nombre]), datos or {}, **kwargs)

    consola = client.get(reverse("comercial:digitales:solicitud", args=[s.pk])).content.decode()
    assert "Bienvenido(a) a Ventas Digitales Comteco" in consola
    accion("fase")
    assert (
        "Mi nombre es Ana Agente." in client.get(reverse("comercial:digitales:solicitud", args=[s.pk])).content.decode()
    )
    accion("fase")
    respuesta = accion(
        "identificar", {"producto": producto_de(s.organizacion).pk, "carnet": "12AB", "velocidad_mbps": "50"}
    )
    assert respuesta.status_code == 200 and "no es válido" in respuesta.content.decode()
    assert SolicitudDigital.objects.get(pk=s.pk).carnet == ""
    accion(
        "identificar", {"producto": producto_de(s.organizacion).pk, "carnet": "7788990-1a cb", "velocidad_mbps": "50"}
    )
    assert SolicitudDigital.objects.get(pk=s.pk).carnet == "7788990-1A CB"
    accion("impedimentos")
    accion("factibilidad", {"direccion": "Av. Heroínas 1", "localidad": "cala  cala"})
    accion("lectura", {"confirmo": "on"})
    accion("requisitos")
    respuesta = accion("digitar", follow=True)
    assert "Faltan requisitos por adjuntar" in respuesta.content.decode()
    for codigo in ["ci_anverso", "ci_reverso", "factura_luz"]:
        accion("adjuntar", {"requisito": codigo, "archivo": archivo_pdf(f"{codigo}.pdf")})
    adjunto = SolicitudDigital.objects.get(pk=s.pk).adjuntos.first()
    descarga = client.get(reverse("comercial:digitales:adjunto", args=[s.pk, adjunto.pk]))
    assert descarga.status_code == 200 and descarga["Cache-Control"] == "private, no-store"
    accion("digitar", {"referencia": "SF-77"})
    client.force_login(crear_usuario("gestor_comercial", organizacion=agente.organizacion))
    respuesta = accion("control", {"dias": "16", "verificada": "on"})
    assert respuesta.status_code == 200 and "entre 2 y 15 días" in respuesta.content.decode()
    accion("control", {"dias": "4", "verificada": "on"})
    client.force_login(agente)
    accion("comunicar")
    orden = SolicitudDigital.objects.get(pk=s.pk).orden_instalacion
    client.force_login(crear_usuario("gestion_recursos", organizacion=agente.organizacion))
    client.post(reverse("comercial:digitales:accion_orden", args=[orden.pk, "instalar"]), {"observaciones": ""})
    client.force_login(agente)
    accion("seguimiento", {"nota": "Instalado"})
    respuesta = accion("calidad", {"satisfecho": "si"}, follow=True)
    assert "procedimiento concluido" in respuesta.content.decode()
    s = SolicitudDigital.objects.get(pk=s.pk)
    assert (s.estado, s.dias_estimados, s.referencia_smartflex, s.satisfecho) == (Estado.CONCLUIDA, 4, "SF-77", True)


def test_accion_rechazada_muestra_el_motivo_y_no_cambia_nada(client, agente, zona):
    s = llevar_hasta(agente, Estado.SIN_IMPEDIMENTO)
    client.force_login(agente)
    respuesta = client.post(reverse("comercial:digitales:accion", args=[s.pk, "digitar"]), follow=True)
    assert "sin capacidad técnica confirmada en el GIS" in respuesta.content.decode()
    assert SolicitudDigital.objects.get(pk=s.pk).estado == Estado.SIN_IMPEDIMENTO
    assert client.post(reverse("comercial:digitales:accion", args=[s.pk, "inventada"])).status_code == 404
    assert client.get(reverse("comercial:digitales:accion", args=[s.pk, "digitar"])).status_code == 405


def test_pdf_solicitud_de_servicio_y_contrato(client, agente, zona):
    s = llevar_hasta(agente, Estado.COMUNICADA)
    client.force_login(agente)
    texto = texto_pdf(client.get(reverse("comercial:digitales:solicitud_pdf", args=[s.pk])))
    for esperado in [
        "Solicitud de Servicio",
        "VD-F-01",
        s.numero,
        "7788990 CB",
        "Internet hogar",
        "100 Mbps",
        "Cercado",
        "Av. Heroínas 123",
        "SF-123",
        "5 días",
        "Factura de luz reciente del domicilio",
        "Página 1 de 1",
    ]:
        assert esperado in texto, esperado
    texto = texto_pdf(client.get(reverse("comercial:digitales:contrato_pdf", args=[s.pk])))
    for esperado in ["Contrato de Servicios", "VD-F-02", s.numero, "7788990 CB", "Internet hogar", "El Cliente"]:
        assert esperado in texto, esperado


def test_pdf_antes_de_digitar_redirige_con_mensaje(client, agente):
    s = nueva_llamada(agente)
    client.force_login(agente)
    respuesta = client.get(reverse("comercial:digitales:solicitud_pdf", args=[s.pk]), follow=True)
    assert "disponible una vez digitada la venta" in respuesta.content.decode()


def test_intento_de_contacto_por_la_consola(client, agente):
    s = SolicitudFactory(organizacion=agente.organizacion, perdida=True, canal="llamada", linea="4200400")
    client.force_login(agente)
    client.post(reverse("comercial:digitales:accion", args=[s.pk, "intento"]), {"resultado": "no_contesta"})
    client.post(reverse("comercial:digitales:accion", args=[s.pk, "intento"]), {"resultado": "contesto"})
    s = SolicitudDigital.objects.get(pk=s.pk)
    assert (s.estado, s.agente, s.intentos_contacto) == (Estado.EN_ATENCION, agente, 2)


def test_admin_abre_los_modelos(client, admin_usuario, agente):
    s = nueva_llamada(agente)
    client.force_login(admin_usuario)
    for modelo in ["solicituddigital", "intentocontacto", "requisitoadjunto", "registroimpedimento"]:
        assert client.get(reverse(f"admin:comercial_digitales_{modelo}_changelist")).status_code == 200
    assert client.get(reverse("admin:comercial_digitales_solicituddigital_change", args=[s.pk])).status_code == 200
    services.solicitud_avanzar_fase(actor=agente, solicitud=s)
