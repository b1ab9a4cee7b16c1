"""Pages: smoke per role, who sees what (403 / 404), refusals through the views and exact query counts."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.meses import mes_anterior
from comercial.empresas.models import NIT_PERSONA_NATURAL, Empresa, Estado, FacturacionMensual, Interaccion, Venta
from enlace.acciones import NO_DISPONIBLE
from tests.ayudas import afirmar_404_para
from tests.comercial.empresas.factories import EmpresaFactory

pytestmark = pytest.mark.django_db


def url(nombre, *args):
    return reverse(f"comercial:empresas:{nombre}", args=args)


def mensajes(respuesta):
    return [str(m) for m in get_messages(respuesta.wsgi_request)]


PAGINAS_TODOS = ["inicio", "empresas", "catalogo", "planes", "ventas"]
PAGINAS_POR_ROL = {
    "responsable": ["informes", "indicador", "facturacion", "cronograma", "ordenes", "empresa_nueva"],
    "territorios": ["informes", "indicador", "cronograma", "ordenes"],
    "ejecutivo": ["informes", "cronograma", "empresa_nueva"],
    "gestor": [],
    "tecnico": ["ordenes"],
    "recursos": ["ordenes"],
}


@pytest.mark.parametrize("rol", list(PAGINAS_POR_ROL))
def test_cada_rol_ve_sus_paginas(client, equipo, venta_a, avanzar, rol):
    venta = avanzar(venta_a, Estado.ORDENES)
    usuario = getattr(equipo, rol)
    client.force_login(usuario)
    for nombre in PAGINAS_TODOS + PAGINAS_POR_ROL[rol]:
        assert client.get(url(nombre)).status_code == 200, nombre
    # every role of the chain sees the sale that reached it, and its company
    assert client.get(url("venta", venta.pk)).status_code == 200
    assert client.get(url("empresa", venta.empresa_id)).status_code == 200


@pytest.mark.parametrize(
    ("rol", "pagina"),
    [
        ("gestor", "indicador"),
        ("gestor", "informes"),
        ("ejecutivo", "facturacion"),
        ("ejecutivo", "indicador"),
        ("recursos", "empresa_nueva"),
        ("territorios", "facturacion"),
    ],
)
def test_paginas_de_otro_rol_dan_403(client, equipo, rol, pagina):
    client.force_login(getattr(equipo, rol))
    assert client.get(url(pagina)).status_code == 403


def test_roles_de_otro_modulo_no_entran(client, crear_usuario, equipo):
    client.force_login(crear_usuario("agente_digital", organizacion=equipo.org))
    assert client.get(url("inicio")).status_code == 403


def test_ejecutiva_solo_ve_su_cartera_y_sus_ventas(client, equipo, venta_a, prospecto):
    ajena = EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo2, razon_social="Ajena S.A.")
    afirmar_404_para(client, equipo.ejecutivo2, url("venta", venta_a.pk))
    afirmar_404_para(client, equipo.ejecutivo2, url("empresa", prospecto.pk))
    afirmar_404_para(client, equipo.ejecutivo2, url("oferta_pdf", venta_a.pk))
    afirmar_404_para(client, equipo.ejecutivo2, url("venta_accion", venta_a.pk, "analizar_perfil"), metodo="post")
    client.force_login(equipo.ejecutivo)
    listado = client.get(url("empresas")).content.decode()
    assert prospecto.razon_social in listado and "Ajena S.A." not in listado
    assert client.get(url("empresa", ajena.pk)).status_code == 404


def test_otra_organizacion_recibe_404(client, equipo, venta_a, avanzar, otra_organizacion, crear_usuario):
    venta = avanzar(venta_a, Estado.DERIVADA)
    ajeno = crear_usuario("responsable_empresas", organizacion=otra_organizacion)
    for direccion in (
        url("venta", venta.pk),
        url("empresa", venta.empresa_id),
        url("oferta_pdf", venta.pk),
        url("documento", venta.documentos.get().pk),
    ):
        afirmar_404_para(client, ajeno, direccion)
    client.force_login(ajeno)
    assert venta.empresa.razon_social not in client.get(url("empresas")).content.decode()


def test_gestor_ve_lo_derivado_a_el_y_lo_pendiente_de_control(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.DERIVADA)
    afirmar_404_para(client, equipo.gestor2, url("venta", venta.pk))
    client.force_login(equipo.gestor)
    assert client.get(url("venta", venta.pk)).status_code == 200
    venta = avanzar(venta, Estado.DIGITADA)
    client.force_login(equipo.gestor2)  # any other gestor comercial may do the quality control
    assert client.get(url("venta", venta.pk)).status_code == 200
    afirmar_404_para(client, equipo.tecnico, url("venta", venta.pk))


def test_quien_controla_la_digitacion_sigue_viendo_la_venta(client, equipo, venta_a, avanzar, crear_usuario):
    venta = avanzar(venta_a, Estado.DIGITADA)
    client.force_login(equipo.gestor2)
    respuesta = client.post(url("venta_accion", venta.pk, "controlar_digitacion"), {"correcta": "1"}, follow=True)
    assert respuesta.status_code == 200  # redirected back to the sale, not to a 404
    assert Venta.objects.get(pk=venta.pk).controlada_por == equipo.gestor2
    otro_gestor = crear_usuario("gestor_comercial", organizacion=equipo.org)
    afirmar_404_para(client, otro_gestor, url("venta", venta.pk))


def test_control_por_quien_digito_se_rechaza_en_la_vista(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.DIGITADA)
    client.force_login(equipo.gestor)
    pagina = client.get(url("venta", venta.pk)).content.decode()
    assert "Control de calidad de la digitación" not in pagina  # not offered to the typist
    respuesta = client.post(
        url("venta_accion", venta.pk, "controlar_digitacion"), {"correcta": "1", "observaciones": "Revisado por mí"}
    )
    assert respuesta.status_code == 200  # the page again, with what was typed and why it was refused
    pagina = respuesta.content.decode()
    assert services.CONTROL_MISMA_PERSONA in pagina and "Revisado por mí" in pagina
    assert Venta.objects.get(pk=venta.pk).estado == Estado.DIGITADA


def test_digitar_sin_factibilidad_se_rechaza_en_la_vista(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.DERIVADA)
    client.force_login(equipo.gestor)
    respuesta = client.post(url("venta_accion", venta.pk, "digitar"), {"numero_smartflex": "SF-1"})
    assert respuesta.status_code == 200
    derivada = NO_DISPONIBLE.format(accion="Digitar en Smartflex", estado="Derivada a Gestor(a) Comercial")
    pagina = respuesta.content.decode()
    assert derivada in pagina and 'value="SF-1"' in pagina
    assert Venta.objects.get(pk=venta.pk).digitada_en is None


def test_formulario_invalido_no_cambia_nada(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    client.force_login(equipo.responsable)
    respuesta = client.post(url("venta_accion", venta.pk, "devolver_vobo"), {"observaciones": ""})
    assert respuesta.status_code == 200
    assert "Este campo es obligatorio." in respuesta.content.decode()
    assert Venta.objects.get(pk=venta.pk).estado == Estado.EN_VOBO


def test_vobo_por_la_vista_con_devolucion(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    client.force_login(equipo.responsable)
    client.post(url("venta_accion", venta.pk, "devolver_vobo"), {"observaciones": "Ajustar tarifa"})
    assert Venta.objects.get(pk=venta.pk).estado == Estado.PROYECTO


def test_registrar_empresa_persona_natural_muestra_el_mensaje(client, equipo):
    client.force_login(equipo.ejecutivo)
    datos = {"razon_social": "Juan Pérez", "nit": "4567890 CB", "giro": "comercio", "localidad": "Sarco"}
    respuesta = client.post(url("empresa_nueva"), datos)
    assert respuesta.status_code == 200
    assert NIT_PERSONA_NATURAL in respuesta.content.decode()
    assert not Empresa.objects.exists()
    datos["nit"] = "1023456019"
    respuesta = client.post(url("empresa_nueva"), datos)
    assert Empresa.objects.get().ejecutivo == equipo.ejecutivo


def test_importar_csv_con_errores_desde_la_vista(client, equipo, prospecto):
    client.force_login(equipo.responsable)
    archivo = SimpleUploadedFile("f.csv", b"nit,mes,monto\n999,2026-01,5\n", content_type="text/csv")
    respuesta = client.post(url("facturacion"), {"accion": "importar", "archivo": archivo})
    assert respuesta.status_code == 200
    assert "No se importó nada. Fila 2: no existe una empresa con NIT 999." in respuesta.content.decode()
    assert not FacturacionMensual.objects.exists()


def test_interaccion_se_registra_y_aparece_en_la_linea_de_tiempo(client, equipo, prospecto):
    client.force_login(equipo.ejecutivo)
    client.post(url("empresa_interaccion", prospecto.pk), {"canal": "llamada", "resultado": "Pidió cotización"})
    pagina = client.get(url("empresa", prospecto.pk)).content.decode()
    assert "Pidió cotización" in pagina and "Llamada telefónica" in pagina


def _sembrar(equipo, n):
    empresas = [
        Empresa(
            organizacion=equipo.org,
            razon_social=f"Masiva {i}",
            nit=f"{1100000000 + i}",
            giro="comercio",
            localidad="Sarco",
            ejecutivo=equipo.ejecutivo if i % 2 else equipo.ejecutivo2,
        )
        for i in range(n)
    ]
    Empresa.objects.bulk_create(empresas)
    ahora = timezone.now()
    Interaccion.objects.bulk_create(
        Interaccion(
            organizacion=equipo.org, empresa=e, usuario=equipo.ejecutivo, fecha=ahora, canal="llamada", resultado="x"
        )
        for e in Empresa.objects.filter(organizacion=equipo.org)
    )
    mes = timezone.localdate().replace(day=1)
    FacturacionMensual.objects.bulk_create(
        FacturacionMensual(organizacion=equipo.org, empresa=e, mes=m, monto=100, origen="importacion")
        for e in Empresa.objects.filter(organizacion=equipo.org)
        for m in (mes, mes_anterior(mes))
    )


@pytest.mark.parametrize(
    ("rol", "pagina", "consultas"),
    [
        ("responsable", "empresas", 5),  # + the count per giro
        ("ejecutivo", "ventas", 4),
        ("responsable", "informes", 10),
        ("responsable", "indicador", 4),
        ("ejecutivo", "informes", 8),
    ],
)
def test_consultas_no_crecen_con_los_datos(client, equipo, venta_a, django_assert_num_queries, rol, pagina, consultas):
    client.force_login(getattr(equipo, rol))
    _sembrar(equipo, 3)
    with django_assert_num_queries(consultas):
        assert client.get(url(pagina)).status_code == 200
    otra = EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo)
    services.venta_iniciar(actor=equipo.ejecutivo, empresa=otra, flujo="captacion")
    _sembrar_extra(equipo, 30)
    with django_assert_num_queries(consultas):
        assert client.get(url(pagina)).status_code == 200


def _sembrar_extra(equipo, n):
    empresas = Empresa.objects.bulk_create(
        Empresa(
            organizacion=equipo.org,
            razon_social=f"Extra {i}",
            nit=f"{1200000000 + i}",
            giro="salud",
            localidad="Lacma",
            ejecutivo=equipo.ejecutivo,
        )
        for i in range(n)
    )
    Interaccion.objects.bulk_create(
        Interaccion(
            organizacion=equipo.org,
            empresa=e,
            usuario=equipo.ejecutivo2,
            fecha=timezone.now(),
            canal="visita",
            resultado="y",
        )
        for e in empresas
    )
