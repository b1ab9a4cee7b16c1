"""List tools and record fields of Ventas Equipo Empresas: priorities, counts per giro, the cartera export,
the visit's activities, visits never in the past, work-order due dates from standard times, flow B's services."""

import csv
import io
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from comercial.empresas import services
from comercial.empresas.models import Empresa, Estado, Giro, LineaVenta, OrdenTrabajo, TipoOrden, Visita
from enlace.acciones import AccionRechazada
from tests.comercial.empresas.conftest import tipo_orden
from tests.comercial.empresas.factories import EmpresaFactory, VentaFactory

pytestmark = pytest.mark.django_db


def url(nombre, *args):
    return reverse(f"comercial:empresas:{nombre}", args=args)


# --- Visits -------------------------------------------------------------------------------------------


def test_una_visita_en_el_pasado_se_rechaza_en_espanol_y_no_cambia_nada(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.FACTIBLE)
    ayer = timezone.localdate() - timedelta(days=1)
    with pytest.raises(services.ErrorEmpresas, match=services.VISITA_EN_EL_PASADO):
        services.visita_programar(
            actor=equipo.ejecutivo, venta=venta, fecha=ayer, hora=time(10), persona="Gerencia", ubicacion="Centro"
        )
    client.force_login(equipo.ejecutivo)
    datos = {"fecha": ayer.isoformat(), "hora": "10:00", "persona": "Lic. Pardo", "ubicacion": "Av. Heroínas"}
    html = client.post(url("venta_accion", venta.pk, "programar_visita"), datos).content.decode()
    assert services.VISITA_EN_EL_PASADO in html and "Lic. Pardo" in html
    venta.refresh_from_db()
    assert venta.estado == Estado.FACTIBLE and not Visita.objects.exists()


def test_la_visita_registra_sus_tres_actividades_y_los_requisitos(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.VISITA_PROGRAMADA)
    client.force_login(equipo.ejecutivo)
    datos = {
        "asesoramiento": "Planes empresariales",
        "informacion_comercial": "Tarifas y promociones",
        "requisitos_explicados": "Documentos del trámite",
        "requisitos": "NIT\n\nPoder del representante\n",
    }
    assert client.post(url("venta_accion", venta.pk, "registrar_visita"), datos).status_code == 302
    visita = Visita.objects.get(venta=venta)
    assert visita.realizada and visita.asesoramiento == "Planes empresariales"
    assert visita.informacion_comercial == "Tarifas y promociones"
    assert visita.requisitos_explicados == "Documentos del trámite"
    assert visita.requisitos == ["NIT", "Poder del representante"]
    html = client.get(url("venta", venta.pk)).content.decode()
    assert "Poder del representante</li>" in html and "Asesoramiento comercial" in html


def test_registrar_la_visita_exige_las_tres_actividades(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.VISITA_PROGRAMADA)
    client.force_login(equipo.ejecutivo)
    respuesta = client.post(url("venta_accion", venta.pk, "registrar_visita"), {"asesoramiento": "Solo esto"})
    assert respuesta.status_code == 200
    venta.refresh_from_db()
    assert venta.estado == Estado.VISITA_PROGRAMADA


# --- Work orders: due date from the type's standard time -----------------------------------------------


def test_la_fecha_de_la_orden_se_calcula_del_tiempo_estandar(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.GESTION_TECNICA)
    tipo = tipo_orden(equipo.org, nombre="Configurar IP fija", dias=2)
    client.force_login(equipo.tecnico)
    html = client.get(url("venta", venta.pk)).content.decode()
    assert 'name="fecha_compromiso"' not in html and "Configurar IP fija" in html
    datos = {"tipo": tipo.pk, "descripcion": "IP fija", "fecha_compromiso": "2000-01-01"}
    assert client.post(url("venta_accion", venta.pk, "solicitar_orden"), datos).status_code == 302
    orden = OrdenTrabajo.objects.get(venta=venta)
    assert orden.tipo == tipo and orden.fecha_compromiso == timezone.localdate() + timedelta(days=2)


def test_tiempos_estandar_los_define_el_responsable(client, equipo, otra_organizacion, crear_usuario):
    client.force_login(equipo.responsable)
    datos = {"nombre": "Instalación de fibra", "dias_estandar": 4, "activo": "on"}
    assert client.post(url("tipos_orden"), datos).status_code == 302
    datos["dias_estandar"] = 6
    client.post(url("tipos_orden"), datos)
    assert TipoOrden.objects.get(organizacion=equipo.org).dias_estandar == 6
    for usuario in (equipo.tecnico, equipo.ejecutivo):
        client.force_login(usuario)
        assert client.post(url("tipos_orden"), {**datos, "dias_estandar": 1}).status_code in (403, 404)
    with pytest.raises(AccionRechazada, match="tiempos estándar"):
        services.tipo_orden_guardar(actor=equipo.territorios, organizacion=equipo.org, nombre="X", dias_estandar=1)
    ajeno = crear_usuario("responsable_empresas", organizacion=otra_organizacion)
    client.force_login(ajeno)
    assert "Instalación de fibra" not in client.get(url("tipos_orden")).content.decode()
    assert TipoOrden.objects.get(organizacion=equipo.org).dias_estandar == 6


# --- Cartera: priority, counts per giro, sorting, export ----------------------------------------------


def test_prioridad_de_la_empresa_y_orden_de_la_cartera(client, equipo):
    alfa = EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, razon_social="Alfa S.A.")
    zeta = EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, razon_social="Zeta S.A.")
    client.force_login(equipo.ejecutivo)
    assert client.post(url("empresa_prioridad", zeta.pk), {"prioridad": 1}).status_code == 302
    zeta.refresh_from_db()
    assert zeta.prioridad == 1
    html = client.get(url("empresas"), {"orden": "prioridad"}).content.decode()
    assert html.index("Zeta S.A.") < html.index("Alfa S.A.")
    html = client.get(url("empresas")).content.decode()
    assert html.index("Alfa S.A.") < html.index("Zeta S.A.")
    # Another ejecutivo does not reach the company; a gestor may not change the priority.
    client.force_login(equipo.ejecutivo2)
    assert client.post(url("empresa_prioridad", alfa.pk), {"prioridad": 1}).status_code == 404
    with pytest.raises(AccionRechazada, match="prioridad"):
        services.empresa_priorizar(actor=equipo.gestor, empresa=alfa, prioridad=1)
    alfa.refresh_from_db()
    assert alfa.prioridad == 2


def test_conteo_por_giro_y_consultas_fijas(client, equipo, django_assert_num_queries):
    for giro in (Giro.SALUD, Giro.SALUD, Giro.COMERCIO):
        EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, giro=giro)
    client.force_login(equipo.responsable)
    html = client.get(url("empresas")).content.decode()
    bloque = html.split('id="por-giro"')[1].split("</details>")[0]
    assert "Salud: 2" in bloque and "Comercio: 1" in bloque
    with CaptureQueriesContext(connection) as antes:
        client.get(url("empresas"), {"orden": "prioridad"})
    for _ in range(4):
        EmpresaFactory(organizacion=equipo.org, giro=Giro.TURISMO)
    with django_assert_num_queries(len(antes.captured_queries)):
        client.get(url("empresas"), {"orden": "prioridad"})


def test_exportar_cartera_xlsx_y_csv_a_prueba_de_formulas(client, equipo, otra_organizacion):
    peligrosa = '=HYPERLINK("http://malo.test","clic")'
    EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, razon_social=peligrosa)
    EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo2, razon_social="De otra ejecutiva")
    EmpresaFactory(organizacion=otra_organizacion, razon_social="Ajena S.A.")
    client.force_login(equipo.ejecutivo)
    respuesta = client.get(url("empresas_exportar", "csv"))
    texto = b"".join(respuesta.streaming_content).decode("utf-8-sig")
    filas = list(csv.reader(io.StringIO(texto)))
    assert filas[0][0] == "Razón social" and [f[0] for f in filas[1:]] == ["'" + peligrosa]
    respuesta = client.get(url("empresas_exportar", "xlsx"))
    hoja = load_workbook(io.BytesIO(respuesta.content)).active
    valores = [fila[0] for fila in hoja.iter_rows(values_only=True)]
    assert valores == ["Razón social", "'" + peligrosa]
    client.force_login(equipo.responsable)
    respuesta = client.get(url("empresas_exportar", "csv"), {"q": "otra"})
    texto = b"".join(respuesta.streaming_content).decode("utf-8-sig")
    assert "De otra ejecutiva" in texto and "Ajena" not in texto and "HYPERLINK" not in texto
    assert client.get(url("empresas_exportar", "pdf")).status_code == 404
    client.force_login(equipo.tecnico)  # sees no company of the cartera
    texto = b"".join(client.get(url("empresas_exportar", "csv")).streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(texto)))) == 1


# --- Flow B shows the client's services ---------------------------------------------------------------


def test_flujo_b_muestra_los_servicios_que_el_cliente_ya_tiene(client, equipo, producto):
    cliente = EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, situacion=Empresa.Situacion.CLIENTE)
    anterior = VentaFactory(empresa=cliente, estado=Estado.COMPLETADA, completada_en=timezone.now())
    LineaVenta.objects.create(
        venta=anterior, producto=producto, cantidad=2, costo_instalacion=0, tarifa_mensual=producto.tarifa_mensual
    )
    nueva = services.venta_iniciar(actor=equipo.ejecutivo, empresa=cliente, flujo="cartera")
    client.force_login(equipo.ejecutivo)
    html = client.get(url("venta", nueva.pk)).content.decode()
    bloque = html.split('id="servicios-del-cliente"')[1].split("</section>")[0]
    assert f"2 × {producto}" in bloque


# --- Small defects ------------------------------------------------------------------------------------


def test_el_mensaje_del_vobo_no_lleva_doble_punto(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    client.force_login(equipo.responsable)
    respuesta = client.post(url("venta_accion", venta.pk, "aprobar_vobo"), {"observaciones": ""}, follow=True)
    html = respuesta.content.decode()
    assert "Hecho: Dar el Vo.Bo. Estado: Con Vo.Bo." in html and "Vo.Bo.." not in html


def test_el_rechazo_del_gis_nombra_la_caracteristica_y_no_su_codigo(equipo, zona):
    from comercial.factibilidad import consultar_factibilidad

    resultado = consultar_factibilidad(
        organizacion=equipo.org, localidad="Cala Cala", velocidad_mbps=1, caracteristicas=["ip_fija", "simetrico"]
    )
    assert not resultado.factible
    assert "no ofrece: velocidad simétrica" in resultado.motivo and "simetrico" not in resultado.motivo
