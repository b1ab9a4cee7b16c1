"""Browser: a digital sale from the public web form to the quality-control call."""

import pytest

from comercial.digitales.models import Estado, SolicitudDigital
from tests.comercial.digitales.conftest import PDF
from tests.comercial.digitales.factories import ZonaCoberturaFactory, producto_de
from tests.enlace.factories import CONTRASENA, OrganizacionFactory, UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def comteco(settings):
    settings.DIGITALES_ORGANIZACION = "comteco-e2e"
    organizacion = OrganizacionFactory(slug="comteco-e2e", nombre="COMTECO", zona_horaria="America/La_Paz")
    ZonaCoberturaFactory(organizacion=organizacion, nombre="Cercado", localidades="Cala Cala", velocidad_max_mbps=300)
    producto_de(organizacion, "internet")  # the catalogue
    return organizacion


def test_venta_digital_del_formulario_web_al_control_de_calidad(comteco, pagina, entrar, tmp_path):
    agente = UsuarioFactory(rol="agente_digital", organizacion=comteco, first_name="Ana", last_name="Agente")
    # 1. The client fills the public form (no login).
    pagina.goto("/comercial/digitales/contacto/")
    pagina.get_by_label("Nombre completo").fill("Pedro Gutiérrez")
    pagina.get_by_label("Teléfono o celular").fill("79988776")
    pagina.get_by_label("Servicio que le interesa").select_option(label="Internet hogar")
    pagina.get_by_label("Acepto que Ventas Digitales").check()
    pagina.get_by_role("button", name="Enviar solicitud").click()
    pagina.get_by_text("¡Gracias por contactarnos!").wait_for()
    solicitud = SolicitudDigital.objects.get()
    assert solicitud.numero in pagina.content()

    # 2. The agent finds the lead in the queue and calls the client back.
    entrar(agente.email, CONTRASENA)
    pagina.goto("/comercial/digitales/")
    pagina.get_by_role("link", name=solicitud.numero).click()
    pagina.get_by_label("Resultado de la llamada").select_option("contesto")
    pagina.get_by_role("button", name="Registrar intento").click()

    # 3. The protocol, phase by phase, then service and carnet.
    pagina.get_by_text("Bienvenido(a) a Ventas Digitales Comteco").wait_for()
    pagina.get_by_role("button", name="Siguiente fase del protocolo").click()
    pagina.get_by_text("Mi nombre es Ana Agente.").wait_for()
    pagina.get_by_role("button", name="Siguiente fase del protocolo").click()
    pagina.get_by_label("Servicio requerido").select_option(label="Internet hogar")
    pagina.get_by_label("Velocidad requerida (Mbps)").fill("100")
    pagina.get_by_label("Carnet de identidad").fill("12")
    pagina.get_by_role("button", name="Guardar servicio y carnet").click()
    pagina.get_by_text("no es válido").first.wait_for()
    pagina.get_by_label("Carnet de identidad").fill("7788990 CB")
    pagina.get_by_role("button", name="Guardar servicio y carnet").click()

    # 4–7. Impediments, address and GIS capacity.
    pagina.get_by_role("button", name="Consultar impedimentos del carnet 7788990 CB").click()
    pagina.get_by_label("Dirección del domicilio").fill("Av. Heroínas 123")
    pagina.get_by_label("Zona o barrio").fill("Cala Cala")
    pagina.get_by_role("button", name="Consultar capacidad técnica en el GIS").click()
    pagina.get_by_text("Existe capacidad técnica").wait_for()
    pagina.get_by_label("Cliente confirmó el resumen leído").check()
    pagina.get_by_role("button", name="Registrar: cliente confirmó").click()

    # 8–10. Requirements by WhatsApp, attached, then the sale is digitized.
    pagina.get_by_role("button", name="Requisitos solicitados al cliente por WhatsApp").click()
    archivo = tmp_path / "requisito.pdf"
    archivo.write_bytes(PDF)
    for requisito in ["ci_anverso", "ci_reverso", "factura_luz"]:
        pagina.locator("select[name=requisito]").select_option(requisito)
        pagina.get_by_label("Archivo recibido por WhatsApp").set_input_files(str(archivo))
        pagina.get_by_role("button", name="Adjuntar requisito").click()
        pagina.get_by_text("Requisito adjuntado.").wait_for()
    pagina.get_by_label("Referencia en Smartflex").fill("SF-2026-1")
    pagina.get_by_role("button", name="Digitar venta").click()
    pagina.get_by_role("link", name="Imprimir Solicitud de Servicio (PDF)").wait_for()

    # The digitación check by a gestor(a) comercial opens the installation order (OPR-PAS-P02).
    gestor = UsuarioFactory(rol="gestor_comercial", organizacion=comteco)
    recursos = UsuarioFactory(rol="gestion_recursos", organizacion=comteco)
    url = f"/comercial/digitales/solicitudes/{solicitud.pk}/"
    pagina.context.clear_cookies()
    entrar(gestor.email, CONTRASENA)
    pagina.goto(url)
    pagina.get_by_label("Tiempo estimado de instalación (días)").fill("5")
    pagina.get_by_label("Verifiqué en Smartflex").check()
    pagina.get_by_role("button", name="Digitación correcta: abrir la orden de instalación").click()

    # 11–13. Estimated time, the order closed by Instalaciones, follow-up and the QC call.
    pagina.context.clear_cookies()
    entrar(agente.email, CONTRASENA)
    pagina.goto(url)
    pagina.get_by_role("button", name="Registrar comunicación").click()
    pagina.context.clear_cookies()
    entrar(recursos.email, CONTRASENA)
    pagina.goto(f"/comercial/digitales/ordenes/{solicitud.orden_instalacion.pk}/")
    pagina.get_by_role("button", name="Servicio instalado: cerrar la orden").click()
    pagina.context.clear_cookies()
    entrar(agente.email, CONTRASENA)
    pagina.goto(url)
    pagina.get_by_role("button", name="Registrar seguimiento").click()
    pagina.get_by_label("Sí").check()
    pagina.get_by_role("button", name="Registrar control de calidad").click()
    pagina.get_by_text("procedimiento concluido").wait_for()

    solicitud.refresh_from_db()
    assert (solicitud.estado, solicitud.agente, solicitud.dias_estimados, solicitud.satisfecho) == (
        Estado.CONCLUIDA,
        agente,
        5,
        True,
    )
