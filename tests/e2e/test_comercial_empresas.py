"""Browser: an empresas sale from the proyecto de venta to the monthly reports (GC-PRC-OPE-CUM-07).

Every step of the flow is a click or a form submission by the role that does it; only the
organisation, users, coverage zone, catalogue and the prospect company are created with factories.
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from comercial.empresas.models import Derivacion, Empresa, Estado, InformeResponsable, TipoOrden, Venta
from enlace import dinero
from enlace.models import CorreoSaliente
from tests.comercial.empresas.conftest import PDF
from tests.comercial.empresas.factories import EmpresaFactory, ProductoFactory, ZonaFactory
from tests.enlace.factories import CONTRASENA, OrganizacionFactory, UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)


def accion(pagina, titulo):
    """The form of one 'Siguiente paso' action, found by its heading."""
    return pagina.locator("#acciones form", has=pagina.get_by_role("heading", name=titulo))


def como(pagina, entrar, usuario):
    """Log out (fresh cookies) and log in as another user through the real form."""
    pagina.context.clear_cookies()
    entrar(usuario.email, CONTRASENA)
    assert pagina.get_by_role("button", name="Entrar").count() == 0, f"no pudo entrar {usuario.email}"
    return pagina


def estado(pagina):
    return pagina.locator("#estado").inner_text()


def mensajes(pagina):
    return " ".join(pagina.locator("p.mensaje").all_inner_texts())


def hecho(pagina, titulo, etiqueta):
    """After an action the page says what was done and the state it left the sale in."""

    def frase(texto):  # one closing period, also after an abbreviation («Con Vo.Bo.»)
        return texto if texto.endswith(".") else f"{texto}."

    assert f"Hecho: {frase(titulo)} Estado: {frase(etiqueta)}" in mensajes(pagina)
    assert estado(pagina) == etiqueta


def texto_pdf(pagina, ruta):
    respuesta = pagina.request.get(ruta)
    assert respuesta.status == 200 and respuesta.headers["content-type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(respuesta.body())).pages)


def test_venta_empresas_del_proyecto_al_informe_mensual(pagina, entrar):
    org = OrganizacionFactory(slug="comteco-e2e", nombre="COMTECO", zona_horaria="America/La_Paz")

    def usuario(rol, nombre, apellido):
        return UsuarioFactory(rol=rol, organizacion=org, first_name=nombre, last_name=apellido)

    ejecutivo = usuario("ejecutivo_empresas", "Eva", "Rojas")
    responsable = usuario("responsable_empresas", "Raúl", "Mendoza")
    gestor = usuario("gestor_comercial", "Gina", "Vargas")
    gestor2 = usuario("gestor_comercial", "Gabriel", "Quispe")
    tecnico = usuario("gestor_tecnico", "Tomás", "Flores")
    recursos = usuario("gestion_recursos", "Rita", "Choque")
    territorios = usuario("gestion_territorios", "Teresa", "Arce")
    ZonaFactory(organizacion=org, localidades="Cala Cala")
    producto = ProductoFactory(organizacion=org, codigo="EMP-FIB-100", nombre="Fibra 100 Mbps")
    empresa = EmpresaFactory(organizacion=org, ejecutivo=ejecutivo, razon_social="Clínica Los Andes S.A.")
    hoy = timezone.localdate()
    manana = hoy + timedelta(days=1)
    TipoOrden.objects.create(organizacion=org, nombre="Instalación de fibra", dias_estandar=3)

    # --- Ejecutiva: starts the sale from the company's page and builds the proyecto de venta -----
    como(pagina, entrar, ejecutivo)
    pagina.goto(f"/comercial/empresas/empresas/{empresa.pk}/")
    pagina.get_by_label("flujo").select_option(label="A · Nueva captación")
    pagina.get_by_label("información recabada").fill("Clínica con 3 sucursales en Cochabamba")
    pagina.get_by_role("button", name="Iniciar venta").click()
    assert re.search(r"Venta \S+ iniciada \(A · Nueva captación\)\.", mensajes(pagina))
    assert estado(pagina) == "Recopilación de información"
    ruta = pagina.url
    venta_pk = Venta.objects.get(empresa=empresa).pk
    assert ruta.endswith(f"/comercial/empresas/ventas/{venta_pk}/")

    titulo = "Analizar el perfil del cliente por tipo de actividad (paso 3)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("perfil por tipo de actividad").fill("Salud, 3 sucursales")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, titulo, "Perfil analizado")

    titulo = "Identificar necesidades y plantear el proyecto de venta (paso 4)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("necesidades del cliente").fill("Fibra entre sucursales")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, titulo, "Proyecto de venta")

    pagina.get_by_label("producto o paquete").select_option(label="EMP-FIB-100 · Fibra 100 Mbps")
    pagina.get_by_role("button", name="Agregar al proyecto").click()
    assert "Agregado: EMP-FIB-100" in mensajes(pagina)
    titulo = "Presentar al Encargado y solicitar el Vo.Bo. (paso 4.1)"
    accion(pagina, titulo).get_by_role("button", name="Solicitar Vo.Bo.").click()
    hecho(pagina, titulo, "En Vo.Bo. del Encargado")
    assert pagina.locator("#acciones").count() == 0  # nothing left for her until the Vo.Bo.

    # --- Encargado (Responsable Equipo Empresas): Vo.Bo. ------------------------------------------
    como(pagina, entrar, responsable)
    pagina.goto(ruta)
    formulario = accion(pagina, "Dar el Vo.Bo.")
    formulario.get_by_label("observaciones").fill("Aprobado con la tarifa corporativa")
    formulario.get_by_role("button", name="Dar Vo.Bo.").click()
    hecho(pagina, "Dar el Vo.Bo.", "Con Vo.Bo.")
    assert "Raúl Mendoza" in pagina.locator("article").first.inner_text()

    # --- Ejecutiva: GIS feasibility, visit, oferta comercial, acceptance, derivation ------------
    como(pagina, entrar, ejecutivo)
    pagina.goto(ruta)
    titulo = "Verificar en el GIS la factibilidad técnica y los requisitos (paso 5)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("cumple con los requisitos").check()
    formulario.get_by_role("button", name="Consultar GIS").click()
    hecho(pagina, titulo, "Factible")

    titulo = "Coordinar la visita: Cronograma de Visitas (paso 6)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("fecha").fill(manana.isoformat())
    formulario.get_by_label("hora").fill("10:30")
    formulario.get_by_label("persona a entrevistar").fill("Dr. Paz")
    formulario.get_by_label("ubicación").fill("Cala Cala, Av. América 100")
    formulario.get_by_role("button", name="Programar visita").click()
    hecho(pagina, titulo, "Visita programada")
    assert f"{manana:%d/%m/%Y} 10:30 · Dr. Paz" in pagina.locator("section", has_text="Visitas").last.inner_text()

    titulo = "Registrar la visita: asesoramiento, información y requisitos (paso 6)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("asesoramiento comercial realizado").fill("Planes empresariales")
    formulario.get_by_label("información comercial brindada").fill("Tarifas y promociones")
    formulario.get_by_label("explicación de requisitos para el trámite").fill("Documentos del trámite")
    formulario.get_by_label("requisitos para el trámite (uno por línea)").fill("NIT\nPoder del representante")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, titulo, "Cliente visitado")

    titulo = "Enviar la oferta comercial (paso 7 · B: paso 3)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("medio").select_option(label="Correo electrónico")
    formulario.get_by_role("button", name="Enviar oferta").click()
    # Refused without the client's address: the same form again, with her choice and the reason.
    formulario = accion(pagina, titulo)
    assert "Indique el correo del cliente" in formulario.inner_text()
    assert formulario.get_by_label("medio").input_value() == "correo"
    assert estado(pagina) == "Cliente visitado"
    formulario.get_by_label("medio").select_option(label="Carta escrita (entregada en mano)")
    formulario.get_by_role("button", name="Enviar oferta").click()
    hecho(pagina, titulo, "Oferta comercial enviada")
    oferta = texto_pdf(pagina, f"/comercial/empresas/ventas/{venta_pk}/oferta.pdf")
    assert "Clínica Los Andes S.A." in oferta and "Fibra 100 Mbps" in oferta

    titulo = "El cliente acepta la oferta"
    accion(pagina, titulo).get_by_role("button", name="Registrar aceptación").click()
    hecho(pagina, titulo, "Oferta aceptada")

    documentos = pagina.locator("section", has=pagina.get_by_role("heading", name="Documentación de respaldo"))
    documentos.get_by_label("documento").fill("NIT")
    documentos.get_by_label("archivo (PDF o imagen)").set_input_files(
        {"name": "nit.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    documentos.get_by_role("button", name="Adjuntar").click()
    assert "Documento adjuntado." in mensajes(pagina)
    assert documentos.get_by_role("link", name="NIT").count() == 1

    titulo = "Derivar para digitación a la Gestora Comercial, con documentación de respaldo (paso 8)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("Gestor(a) Comercial").select_option(label="Gina Vargas")
    formulario.get_by_role("button", name="Derivar").click()
    hecho(pagina, titulo, "Derivada a Gestor(a) Comercial")

    # --- Gestora Comercial (Gina): feasibility re-check for the record, digitación --------------
    como(pagina, entrar, gestor)
    pagina.goto(ruta)
    titulo = "Verificar en el GIS la factibilidad técnica y requisitos, para respaldo"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("la documentación cumple con los requisitos").check()
    formulario.get_by_role("button", name="Consultar GIS").click()
    hecho(pagina, titulo, "Factibilidad de respaldo verificada")
    assert "Factibilidad (gestor comercial) Factible" in pagina.locator("article").first.inner_text()

    titulo = "Digitar en Smartflex e imprimir la Solicitud de Pedido"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("N.º de solicitud en Smartflex").fill("SF-7788")
    formulario.get_by_role("button", name="Registrar digitación").click()
    hecho(pagina, titulo, "Digitada en Smartflex")
    assert "SF-7788 · digitada por Gina Vargas" in pagina.locator("article").first.inner_text()
    # Who typed it cannot control it: the quality-control step is not offered to her.
    assert accion(pagina, re.compile("Control de calidad de la digitación")).count() == 0
    solicitud = texto_pdf(pagina, f"/comercial/empresas/ventas/{venta_pk}/solicitud-pedido.pdf")
    assert "SF-7788" in solicitud and "Clínica Los Andes S.A." in solicitud

    # --- Another gestor comercial (Gabriel): quality control of the typing -----------------------
    como(pagina, entrar, gestor2)
    pagina.goto(ruta)
    titulo = "Control de calidad de la digitación (por otra persona)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("resultado del control").select_option(label="Digitación correcta")
    formulario.get_by_label("observaciones").fill("Datos conformes con el proyecto")
    formulario.get_by_role("button", name="Registrar").click()
    # He is told the result and still sees the sale he controlled, with nothing left for him to do.
    hecho(pagina, titulo, "Digitación controlada")
    assert pagina.locator("#acciones").count() == 0

    # --- Gina sees the control and derives it to the Gestor(a) Técnico Comercial ------------------
    como(pagina, entrar, gestor)
    pagina.goto(ruta)
    assert estado(pagina) == "Digitación controlada"
    assert "controlada por Gabriel Quispe" in pagina.locator("article").first.inner_text()
    titulo = "Derivar a la Gestora Técnico Comercial (órdenes de trabajo)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("Gestor(a) Técnico Comercial").select_option(label="Tomás Flores")
    formulario.get_by_role("button", name="Derivar").click()
    hecho(pagina, titulo, "Con Gestor(a) Técnico Comercial")

    # --- Gestor Técnico Comercial: requests the work order with its due date -------------------
    como(pagina, entrar, tecnico)
    pagina.goto(ruta)
    titulo = "Solicitar una orden de trabajo a Gestión de Recursos"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("trabajo solicitado").fill("Instalación de fibra en 3 sucursales")
    formulario.get_by_label("tipo de orden (tiempo estándar)").select_option(label="Instalación de fibra (3 días)")
    formulario.get_by_role("button", name="Solicitar").click()
    hecho(pagina, titulo, "Órdenes de trabajo solicitadas")
    ordenes = pagina.locator("section", has=pagina.get_by_role("heading", name="Órdenes de trabajo"))
    fila = ordenes.get_by_role("row", name=re.compile("Instalación de fibra en 3 sucursales"))
    assert "Solicitada" in fila.inner_text()
    numero = re.search(r"OT-\d+", fila.inner_text()).group()

    # --- Gestión de Recursos: closes the work order ---------------------------------------------
    como(pagina, entrar, recursos)
    pagina.goto("/comercial/empresas/ordenes/")
    pagina.get_by_label(f"Observaciones de cierre {numero}").fill("Instalado y probado")
    pagina.get_by_role("button", name=f"Cerrar {numero}").click()
    assert f"{numero} cerrada." in mensajes(pagina)
    assert pagina.get_by_role("button", name=f"Cerrar {numero}").count() == 0

    # --- Técnico: verifies the closing and hands the documents back to the ejecutiva ------------
    como(pagina, entrar, tecnico)
    pagina.goto(ruta)
    assert f"Cerrada el {hoy:%d/%m/%Y}" in ordenes.inner_text()
    titulo = "Verificar el cierre de las órdenes y entregar la documentación a la ejecutiva"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("resultado").fill("Órdenes cerradas, documentación completa")
    formulario.get_by_role("button", name="Entregar").click()
    hecho(pagina, titulo, "Documentación con la ejecutiva")

    # --- Ejecutiva: the QC call, then her monthly report -----------------------------------------
    como(pagina, entrar, ejecutivo)
    pagina.goto(ruta)
    titulo = "Control de calidad: llamar al cliente para verificar el funcionamiento"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("¿el servicio funciona?").select_option("1")
    formulario.get_by_label("observaciones").fill("Funciona correctamente")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, titulo, "Venta completada")
    assert "funciona. Funciona correctamente" in pagina.locator("article").first.inner_text()
    assert Empresa.objects.get(pk=empresa.pk).situacion == "cliente"
    assert Derivacion.objects.get(venta_id=venta_pk).estado == "recibida"  # handed to CUM-04

    facturacion = dinero.formatear(producto.tarifa_mensual, "BOB")
    pagina.goto(f"/comercial/empresas/informes/?mes={hoy:%Y-%m}")
    fila = pagina.get_by_role("row", name=re.compile("Eva Rojas"))
    assert "1 / 0" in fila.inner_text() and facturacion in fila.inner_text()
    pagina.get_by_label("comportamiento y comentarios").fill("Primera captación del mes")
    pagina.get_by_role("button", name="Enviar informe").click()
    assert "Informe mensual enviado al Responsable Equipo Empresas." in mensajes(pagina)
    assert "Clientes nuevos captados: 1 de 0" in pagina.locator("article").inner_text()

    # --- Responsable: analyses it and issues the monthly report to Div. Gestión Integral Territorios
    como(pagina, entrar, responsable)
    pagina.goto(f"/comercial/empresas/informes/?mes={hoy:%Y-%m}")
    # The month in progress is shown «en curso», with no verdict and no report to issue yet.
    assert pagina.locator("#mes-en-curso").count() == 1
    assert pagina.get_by_role("button", name="Emitir y enviar informe").count() == 0
    assert empresa.razon_social not in pagina.content()  # aggregated, no client names
    pagina.get_by_role("link", name=re.compile("Eva Rojas")).click()
    pagina.get_by_label("análisis").fill("Meta por asignar")
    pagina.get_by_role("button", name="Registrar análisis").click()
    assert "Análisis registrado." in mensajes(pagina)
    informe_ejecutivo = texto_pdf(pagina, pagina.get_by_role("link", name="PDF").get_attribute("href"))
    assert "Eva Rojas" in informe_ejecutivo and "Clientes nuevos captados 1 0" in informe_ejecutivo
    pagina.goto("/comercial/empresas/informes/")  # by default the last closed month
    pagina.get_by_label("análisis y conclusiones").fill("Mes de arranque.")
    pagina.get_by_role("button", name="Emitir y enviar informe").click()
    assert "Informe mensual enviado a la Div. Gestión Integral Territorios." in mensajes(pagina)
    enlace_pdf = pagina.get_by_role("link", name="Informe a Div. Gestión Integral Territorios (PDF)")
    informe = texto_pdf(pagina, enlace_pdf.get_attribute("href"))
    assert "clientes nuevos" in informe.lower() and "captados en el mes" in informe  # a key-figure tile; 0 below
    assert "Eva Rojas" in informe and "Mes de arranque." in informe

    informe_db = InformeResponsable.objects.get()
    assert informe_db.captaciones == 0 and informe_db.mes < hoy.replace(day=1)
    assert CorreoSaliente.objects.filter(para=territorios.email, asunto__contains="Informe mensual").exists()
    assert Venta.objects.get(pk=venta_pk).estado == Estado.COMPLETADA
