"""Browser: an empresas sale from the proyecto de venta to the monthly reports (GC-PRC-OPE-CUM-07)."""

import re

import pytest
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.models import Empresa, Estado, InformeResponsable, Venta
from enlace.models import CorreoSaliente
from tests.comercial.empresas.conftest import pdf
from tests.comercial.empresas.factories import EmpresaFactory, ProductoFactory, ZonaFactory
from tests.enlace.factories import CONTRASENA, OrganizacionFactory, UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)


def accion(pagina, titulo):
    """The form of one 'Siguiente paso' action, found by its heading."""
    return pagina.locator("form", has=pagina.get_by_role("heading", name=titulo))


def como(pagina, entrar, usuario):
    pagina.context.clear_cookies()
    return entrar(usuario.email, CONTRASENA)


def test_venta_empresas_del_proyecto_al_informe_mensual(pagina, entrar):
    org = OrganizacionFactory(slug="comteco-e2e", nombre="COMTECO", zona_horaria="America/La_Paz")
    ejecutivo = UsuarioFactory(rol="ejecutivo_empresas", organizacion=org, first_name="Eva", last_name="Rojas")
    responsable = UsuarioFactory(rol="responsable_empresas", organizacion=org)
    gestor = UsuarioFactory(rol="gestor_comercial", organizacion=org)
    gestor2 = UsuarioFactory(rol="gestor_comercial", organizacion=org)
    tecnico = UsuarioFactory(rol="gestor_tecnico", organizacion=org)
    recursos = UsuarioFactory(rol="gestion_recursos", organizacion=org)
    territorios = UsuarioFactory(rol="gestion_territorios", organizacion=org)
    ZonaFactory(organizacion=org, localidades="Cala Cala")
    ProductoFactory(organizacion=org, codigo="EMP-FIB-100", nombre="Fibra 100 Mbps")
    empresa = EmpresaFactory(organizacion=org, ejecutivo=ejecutivo, razon_social="Clínica Los Andes S.A.")
    venta = services.venta_iniciar(actor=ejecutivo, empresa=empresa, flujo="captacion")
    services.venta_analizar_perfil(actor=ejecutivo, venta=venta, perfil_actividad="Salud, 3 sucursales")
    services.venta_plantear_proyecto(actor=ejecutivo, venta=venta, necesidades="Fibra entre sucursales")
    ruta = f"/comercial/empresas/ventas/{venta.pk}/"

    # Ejecutiva: proyecto de venta with a product, presented for the Vo.Bo.
    como(pagina, entrar, ejecutivo)
    pagina.goto(ruta)
    pagina.get_by_label("producto o paquete").select_option(label="EMP-FIB-100 · Fibra 100 Mbps")
    pagina.get_by_role("button", name="Agregar al proyecto").click()
    assert "Agregado: EMP-FIB-100" in pagina.content()
    accion(pagina, re.compile("solicitar el Vo.Bo.")).get_by_role("button").click()
    assert pagina.locator("#estado").inner_text() == "En Vo.Bo. del Encargado"

    # Encargado: Vo.Bo.
    como(pagina, entrar, responsable)
    pagina.goto(ruta)
    accion(pagina, "Dar el Vo.Bo.").get_by_role("button").click()
    assert pagina.locator("#estado").inner_text() == "Con Vo.Bo."

    # Ejecutiva: GIS feasibility and requirements
    como(pagina, entrar, ejecutivo)
    pagina.goto(ruta)
    formulario = accion(pagina, re.compile("factibilidad técnica y los requisitos"))
    formulario.get_by_label("cumple con los requisitos").check()
    formulario.get_by_role("button", name="Consultar GIS").click()
    assert pagina.locator("#estado").inner_text() == "Factible"

    # Visit, offer, acceptance, derivation, typing, QC, work orders (the other roles, through the services)
    venta = Venta.objects.get(pk=venta.pk)
    services.visita_programar(
        actor=ejecutivo,
        venta=venta,
        fecha=timezone.localdate(),
        hora=timezone.now().time(),
        persona="Dr. Paz",
        ubicacion="Cala Cala",
    )
    services.venta_registrar_visita(actor=ejecutivo, venta=venta, resultado="Asesoramiento")
    services.venta_enviar_oferta(actor=ejecutivo, venta=venta, medio="escrita")
    services.venta_aceptar(actor=ejecutivo, venta=venta)
    services.documento_subir(actor=ejecutivo, venta=venta, archivo=pdf(), descripcion="NIT")
    services.venta_derivar(actor=ejecutivo, venta=venta, gestor=gestor)
    services.venta_verificar_respaldo(actor=gestor, venta=venta, requisitos_cumplidos=True)
    services.venta_digitar(actor=gestor, venta=venta, numero_smartflex="SF-7788")
    services.venta_controlar_digitacion(actor=gestor2, venta=venta, correcta=True)
    services.venta_derivar_tecnico(actor=gestor, venta=venta, gestor=tecnico)
    orden = services.orden_solicitar(
        actor=tecnico, venta=venta, descripcion="Instalación", fecha_compromiso=timezone.localdate()
    )

    # Gestión de Recursos closes the work order in the browser; the técnico hands the documents back
    como(pagina, entrar, recursos)
    pagina.goto("/comercial/empresas/ordenes/")
    pagina.get_by_role("button", name=f"Cerrar OT-{orden.pk}").click()
    assert f"OT-{orden.pk} cerrada." in pagina.content()
    services.venta_entregar_documentos(actor=tecnico, venta=Venta.objects.get(pk=venta.pk))

    # Ejecutiva: the QC call, then her monthly report
    como(pagina, entrar, ejecutivo)
    pagina.goto(ruta)
    formulario = accion(pagina, re.compile("llamar al cliente"))
    formulario.get_by_label("¿el servicio funciona?").select_option("1")
    formulario.get_by_label("observaciones").fill("Funciona correctamente")
    formulario.get_by_role("button").click()
    assert pagina.locator("#estado").inner_text() == "Venta completada"
    assert Empresa.objects.get(pk=empresa.pk).situacion == "cliente"
    pagina.goto("/comercial/empresas/informes/")
    pagina.get_by_label("comportamiento y comentarios").fill("Primera captación del mes")
    pagina.get_by_role("button", name="Enviar informe").click()
    assert "Clientes nuevos captados: 1 de 0" in pagina.locator("article").inner_text()

    # Responsable: analyses it and issues the monthly report to Div. Gestión Integral Territorios
    como(pagina, entrar, responsable)
    pagina.goto("/comercial/empresas/informes/")
    assert venta.empresa.razon_social not in pagina.content()  # aggregated, no client names
    pagina.get_by_role("link", name=re.compile("Eva Rojas")).click()
    pagina.get_by_label("análisis").fill("Meta por asignar")
    pagina.get_by_role("button", name="Registrar análisis").click()
    assert "Análisis registrado." in pagina.content()
    pagina.goto("/comercial/empresas/informes/")
    pagina.get_by_label("análisis y conclusiones").fill("Mes de arranque.")
    pagina.get_by_role("button", name="Emitir y enviar informe").click()
    assert "Informe mensual enviado a la Div. Gestión Integral Territorios." in pagina.content()
    informe = InformeResponsable.objects.get()
    assert informe.captaciones == 1
    assert CorreoSaliente.objects.filter(para=territorios.email, asunto__contains="Informe mensual").exists()
    respuesta = pagina.request.get(f"/comercial/empresas/informes/responsable/{informe.pk}/pdf/")
    assert respuesta.status == 200 and respuesta.headers["content-type"] == "application/pdf"
    assert Venta.objects.get(pk=venta.pk).estado == Estado.COMPLETADA
