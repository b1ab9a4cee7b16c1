"""Browser: one Ventas Digitales sale walked by the demo logins only, through its hand-off to Instalaciones y
Traslados (OPR-PAS-P02): the agent's console with the client lookup and the read-back the client confirms,
digitación, the digitación check by the second gestor(a) comercial (which opens the installation order),
the order closed by Gestión de Recursos, and the follow-up the order allows."""

import io

import pytest

from comercial.digitales.models import Estado, OrdenInstalacion, SolicitudDigital
from comercial.empresas.demo import GESTOR_COMERCIAL_2
from enlace.management.commands.demo import CONTRASENA_DEMO, cargar_app, cargar_base, correo_demo
from tests.comercial.digitales.conftest import PDF

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    organizaciones = cargar_base()
    for app in ("comercial.empresas.demo", "comercial.digitales.demo"):
        cargar_app(app, organizaciones=organizaciones, stdout=io.StringIO())
    return organizaciones["comteco"]


def como(pagina, entrar, correo):
    pagina.context.clear_cookies()
    entrar(correo, CONTRASENA_DEMO)
    assert pagina.get_by_role("button", name="Entrar").count() == 0, f"no pudo entrar {correo}"
    return pagina


def test_venta_digital_de_la_consola_a_la_orden_de_instalacion(demo, pagina, entrar, tmp_path):
    # The agent's home shows the demo's overdue work with counts.
    como(pagina, entrar, correo_demo("agente_digital"))
    pagina.goto("/comercial/digitales/")
    pagina.get_by_text("Órdenes de instalación vencidas").wait_for()

    # 1. A call comes in; the agent follows Anexo 1 and looks the client up by phone.
    pagina.goto("/comercial/digitales/llamadas/nueva/")
    pagina.get_by_label("Teléfono del cliente").fill("72223344")
    pagina.get_by_label("Nombre del cliente").fill("Ana Mamani Choque")
    pagina.get_by_role("button", name="Registrar").click()
    solicitud = SolicitudDigital.objects.filter(organizacion=demo, lead_id="").latest("pk")
    pagina.get_by_label("Teléfono, carnet, número de contrato o nombre").fill("72223344")
    pagina.get_by_role("button", name="Buscar", exact=True).click()
    pagina.get_by_role("cell", name="CT-100231").wait_for()  # an existing COMTECO client
    pagina.get_by_role("button", name="Siguiente fase del protocolo").click()
    pagina.get_by_role("button", name="Siguiente fase del protocolo").click()
    pagina.get_by_label("Servicio requerido").select_option(label="Internet hogar")
    pagina.get_by_label("Velocidad requerida (Mbps)").fill("100")
    pagina.get_by_label("Carnet de identidad").fill("3344556 CB")
    pagina.get_by_role("button", name="Guardar servicio y carnet").click()
    pagina.get_by_role("button", name="Consultar impedimentos del carnet 3344556 CB").click()

    # Explorar y resolver: the notes and the phrases to avoid.
    pagina.locator(".dig-lista-evitar").first.get_by_text("«¡No sé!»").wait_for()
    pagina.get_by_label("Notas de la llamada (explorar y resolver)").fill("Internet para teletrabajo, 100 Mbps.")
    pagina.get_by_role("button", name="Guardar notas").click()
    pagina.get_by_text("Notas guardadas.").wait_for()
    pagina.get_by_label("Dirección del domicilio").fill("Calle Jordán 450")
    pagina.get_by_label("Zona o barrio").fill("Zona Central")
    pagina.get_by_role("button", name="Consultar capacidad técnica en el GIS").click()
    pagina.get_by_text("Existe capacidad técnica").wait_for()

    # The read-back: the client confirms before digitación.
    pagina.locator("#lectura").get_by_text("Calle Jordán 450, Zona Central").wait_for()
    pagina.get_by_label("Cliente confirmó el resumen leído").check()
    pagina.get_by_role("button", name="Registrar: cliente confirmó").click()
    pagina.get_by_text("Lectura confirmada por el cliente.").wait_for()
    pagina.get_by_role("button", name="Requisitos solicitados al cliente por WhatsApp").click()
    archivo = tmp_path / "requisito.pdf"
    archivo.write_bytes(PDF)
    for requisito in ["ci_anverso", "ci_reverso", "factura_luz"]:
        pagina.locator("select[name=requisito]").select_option(requisito)
        pagina.get_by_label("Archivo recibido por WhatsApp").set_input_files(str(archivo))
        pagina.get_by_role("button", name="Adjuntar requisito").click()
        pagina.get_by_text("Requisito adjuntado.").wait_for()
    pagina.get_by_label("Referencia en Smartflex").fill("SF-2026-77")
    pagina.get_by_role("button", name="Digitar venta").click()
    pagina.get_by_role("link", name="Imprimir Solicitud de Servicio (PDF)").wait_for()
    pagina.get_by_label("Contrato firmado por el cliente (PDF o imagen)").set_input_files(str(archivo))
    pagina.get_by_role("button", name="Adjuntar contrato firmado").click()
    pagina.get_by_text("Contrato firmado adjuntado.").wait_for()

    # 2. The second gestor(a) comercial checks the digitación: the installation order opens.
    como(pagina, entrar, GESTOR_COMERCIAL_2[0])
    pagina.goto("/comercial/digitales/?bandeja=control")
    pagina.get_by_role("link", name=solicitud.numero).click()
    pagina.get_by_label("Tiempo estimado de instalación (días)").fill("5")
    pagina.get_by_label("Verifiqué en Smartflex").check()
    pagina.get_by_role("button", name="Digitación correcta: abrir la orden de instalación").click()
    orden = OrdenInstalacion.objects.get(solicitud=solicitud)
    pagina.get_by_text(f"orden {orden.codigo} abierta").wait_for()

    # 3. The agent tells the client the date; the follow-up waits for the order.
    como(pagina, entrar, correo_demo("agente_digital"))
    pagina.goto(f"/comercial/digitales/solicitudes/{solicitud.pk}/")
    pagina.get_by_role("button", name="Registrar comunicación").click()
    pagina.get_by_text(f"cuando Instalaciones cierre la orden {orden.codigo}").wait_for()
    assert pagina.locator('form[data-accion="seguimiento"]').count() == 0

    # 4. Gestión de Recursos closes the order as installed.
    como(pagina, entrar, correo_demo("gestion_recursos"))
    pagina.goto("/comercial/digitales/ordenes/")
    pagina.get_by_role("link", name=orden.codigo).click()
    pagina.get_by_role("button", name="Servicio instalado: cerrar la orden").click()
    pagina.get_by_text(f"Orden {orden.codigo} cerrada: servicio instalado.").wait_for()

    # 5. Now the order allows the follow-up, then the quality-control call.
    como(pagina, entrar, correo_demo("agente_digital"))
    pagina.goto(f"/comercial/digitales/solicitudes/{solicitud.pk}/")
    pagina.get_by_text(f"Instalaciones cerró la orden {orden.codigo}").wait_for()
    pagina.get_by_role("button", name="Registrar seguimiento").click()
    pagina.get_by_label("Sí").check()
    pagina.get_by_role("button", name="Registrar control de calidad").click()
    pagina.get_by_text("procedimiento concluido").wait_for()

    solicitud.refresh_from_db()
    assert (solicitud.estado, solicitud.servicio_instalado, solicitud.notas) == (
        Estado.CONCLUIDA,
        True,
        "Internet para teletrabajo, 100 Mbps.",
    )
    assert solicitud.controlada_por.email == GESTOR_COMERCIAL_2[0]
