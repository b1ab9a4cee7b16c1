"""Browser: both empresas flows of the seed (A · nueva captación, B · cartera) walked by the demo users only.

The demo is loaded (``manage.py demo``'s base and the empresas app); every step is then a click by the
demo login of the role that does it, from the ejecutiva's start to the hand-off to Venta de
Productos/Servicios (GC-PRC-OPE-CUM-04), which the Responsable takes and closes.
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from comercial.empresas.demo import GESTOR_COMERCIAL_2
from comercial.empresas.meses import zona_de
from comercial.empresas.models import Derivacion, Empresa, Estado, OrdenTrabajo, Venta
from enlace.management.commands.demo import CONTRASENA_DEMO, cargar_app, cargar_base, correo_demo
from enlace.models import Usuario
from tests.comercial.empresas.conftest import PDF

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    organizaciones = cargar_base()
    cargar_app("comercial.empresas.demo", organizaciones=organizaciones, stdout=io.StringIO())
    return organizaciones["comteco"]


def accion(pagina, titulo):
    return pagina.locator("#acciones form", has=pagina.get_by_role("heading", name=titulo))


def como(pagina, entrar, correo):
    """Log out (fresh cookies) and log in with a demo login through the real form."""
    pagina.context.clear_cookies()
    entrar(correo, CONTRASENA_DEMO)
    assert pagina.get_by_role("button", name="Entrar").count() == 0, f"no pudo entrar {correo}"
    return pagina


def mensajes(pagina):
    return " ".join(pagina.locator("p.mensaje").all_inner_texts())


def hecho(pagina, etiqueta):
    assert "Hecho: " in mensajes(pagina), mensajes(pagina)
    assert pagina.locator("#estado").inner_text() == etiqueta


def iniciar(pagina, entrar, empresa, flujo):
    como(pagina, entrar, correo_demo("ejecutivo_empresas"))
    pagina.goto(f"/comercial/empresas/empresas/{empresa.pk}/")
    pagina.get_by_label("flujo").select_option(label=flujo)
    pagina.get_by_label("información recabada").fill("Datos del cliente recabados en la demo")
    pagina.get_by_role("button", name="Iniciar venta").click()
    assert "iniciada" in mensajes(pagina)
    venta = Venta.objects.filter(empresa=empresa).latest("pk")
    assert pagina.url.endswith(f"/comercial/empresas/ventas/{venta.pk}/")
    return venta, pagina.url


def agregar(pagina, codigo):
    opcion = pagina.get_by_label("producto o paquete").locator("option", has_text=f"{codigo} · ").first
    pagina.get_by_label("producto o paquete").select_option(value=opcion.get_attribute("value"))
    pagina.get_by_role("button", name="Agregar al proyecto").click()
    assert f"Agregado: {codigo}" in mensajes(pagina)


def oferta_aceptada(pagina):
    titulo = "Enviar la oferta comercial (paso 7 · B: paso 3)"
    formulario = accion(pagina, titulo)
    formulario.get_by_label("medio").select_option(label="Carta escrita (entregada en mano)")
    formulario.get_by_role("button", name="Enviar oferta").click()
    hecho(pagina, "Oferta comercial enviada")
    accion(pagina, "El cliente acepta la oferta").get_by_role("button", name="Registrar aceptación").click()
    hecho(pagina, "Oferta aceptada")


def de_la_aceptacion_a_la_derivacion(pagina, entrar, venta, ruta):
    """Flows A and B share their tail: digitación, work orders, the QC call and the hand-off to CUM-04."""
    gestor = Usuario.objects.get(email=correo_demo("gestor_comercial"))
    tecnico = Usuario.objects.get(email=correo_demo("gestor_tecnico"))
    hoy = timezone.localdate(timezone=zona_de(venta.organizacion))

    # Ejecutiva: backing documents, derivation to the gestora comercial
    documentos = pagina.locator("section", has=pagina.get_by_role("heading", name="Documentación de respaldo"))
    documentos.get_by_label("documento").fill("NIT y poder")
    documentos.get_by_label("archivo (PDF o imagen)").set_input_files(
        {"name": "nit.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    documentos.get_by_role("button", name="Adjuntar").click()
    assert "Documento adjuntado." in mensajes(pagina)
    formulario = accion(pagina, re.compile("Derivar para digitación"))
    formulario.get_by_label("Gestor(a) Comercial").select_option(value=str(gestor.pk))
    formulario.get_by_role("button", name="Derivar").click()
    hecho(pagina, "Derivada a Gestor(a) Comercial")

    # Gestora comercial (demo): GIS for the record, typing in Smartflex
    como(pagina, entrar, correo_demo("gestor_comercial"))
    pagina.goto("/comercial/empresas/")
    assert venta.empresa.razon_social in pagina.locator("#cola-por_verificar").inner_text()
    pagina.goto(ruta)
    formulario = accion(pagina, re.compile("para respaldo"))
    formulario.get_by_label("la documentación cumple con los requisitos").check()
    formulario.get_by_role("button", name="Consultar GIS").click()
    hecho(pagina, "Factibilidad de respaldo verificada")
    formulario = accion(pagina, "Digitar en Smartflex e imprimir la Solicitud de Pedido")
    formulario.get_by_label("N.º de solicitud en Smartflex").fill(f"SF-E2E-{venta.pk}")
    formulario.get_by_role("button", name="Registrar digitación").click()
    hecho(pagina, "Digitada en Smartflex")

    # The demo's second gestora comercial checks the typing
    como(pagina, entrar, GESTOR_COMERCIAL_2[0])
    pagina.goto(ruta)
    formulario = accion(pagina, "Control de calidad de la digitación (por otra persona)")
    formulario.get_by_label("resultado del control").select_option(label="Digitación correcta")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, "Digitación controlada")

    como(pagina, entrar, correo_demo("gestor_comercial"))
    pagina.goto(ruta)
    formulario = accion(pagina, "Derivar a la Gestora Técnico Comercial (órdenes de trabajo)")
    formulario.get_by_label("Gestor(a) Técnico Comercial").select_option(value=str(tecnico.pk))
    formulario.get_by_role("button", name="Derivar").click()
    hecho(pagina, "Con Gestor(a) Técnico Comercial")

    # Gestor técnico (demo): the sale is in his queue; the order's due date comes from its type
    como(pagina, entrar, correo_demo("gestor_tecnico"))
    pagina.goto("/comercial/empresas/")
    assert venta.empresa.razon_social in pagina.locator("#cola-ordenes_por_emitir").inner_text()
    pagina.goto(ruta)
    formulario = accion(pagina, "Solicitar una orden de trabajo a Gestión de Recursos")
    formulario.get_by_label("trabajo solicitado").fill("Instalación y configuración")
    formulario.get_by_label("tipo de orden (tiempo estándar)").select_option(
        label="Instalación de fibra óptica (3 días)"
    )
    formulario.get_by_role("button", name="Solicitar").click()
    hecho(pagina, "Órdenes de trabajo solicitadas")
    orden = OrdenTrabajo.objects.get(venta=venta)
    assert orden.fecha_compromiso == hoy + timedelta(days=3)
    numero = f"OT-{orden.pk}"
    assert f"{orden.fecha_compromiso:%d/%m/%Y}" in pagina.get_by_role("row", name=re.compile(f"^{numero}")).inner_text()

    # Gestión de Recursos (demo): the order waits on its home, and it closes it from the list
    como(pagina, entrar, correo_demo("gestion_recursos"))
    pagina.goto("/comercial/empresas/")
    assert numero in pagina.locator("#cola-ordenes_por_ejecutar").inner_text()
    pagina.goto("/comercial/empresas/ordenes/")
    pagina.get_by_label(f"Observaciones de cierre {numero}").fill("Instalado y probado")
    pagina.get_by_role("button", name=f"Cerrar {numero}").click()
    assert f"{numero} cerrada." in mensajes(pagina)

    como(pagina, entrar, correo_demo("gestor_tecnico"))
    pagina.goto(ruta)
    formulario = accion(pagina, re.compile("entregar la documentación a la ejecutiva"))
    formulario.get_by_label("resultado").fill("Órdenes cerradas")
    formulario.get_by_role("button", name="Entregar").click()
    hecho(pagina, "Documentación con la ejecutiva")

    # Ejecutiva (demo): QC call; the completed sale is handed to CUM-04
    como(pagina, entrar, correo_demo("ejecutivo_empresas"))
    pagina.goto(ruta)
    formulario = accion(pagina, "Control de calidad: llamar al cliente para verificar el funcionamiento")
    formulario.get_by_label("¿el servicio funciona?").select_option("1")
    formulario.get_by_label("observaciones").fill("Conforme")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, "Venta completada")
    derivacion = Derivacion.objects.get(venta=venta)
    assert derivacion.estado == "recibida" and derivacion.servicios and derivacion.documentos
    return derivacion


def la_derivacion_hasta_cerrarla(pagina, entrar, derivacion):
    """The Responsable (demo) sees the hand-off on her home, takes it and closes it."""
    como(pagina, entrar, correo_demo("responsable_empresas"))
    pagina.goto("/comercial/empresas/")
    cola = pagina.locator("#cola-derivaciones")
    assert derivacion.codigo in cola.inner_text()
    assert "vencida" in cola.inner_text()  # the demo's own overdue hand-off stands out beside it
    pagina.goto("/comercial/empresas/derivaciones/")
    pagina.get_by_role("link", name=re.compile(derivacion.codigo)).first.click()
    assert derivacion.venta.empresa.razon_social in pagina.locator("h2").first.inner_text()
    assert re.search(r"Bs \d{1,3}(\.\d{3})*,\d{2} al mes", pagina.locator("#servicios").inner_text())
    formulario = accion(pagina, re.compile("Poner en proceso"))
    formulario.get_by_label("observaciones").fill("Tomada por Venta de Productos/Servicios")
    formulario.get_by_role("button", name="Poner en proceso").click()
    assert f"{derivacion.codigo} en proceso." in mensajes(pagina)
    formulario = accion(pagina, "Cerrar la derivación")
    formulario.get_by_label("cómo se cerró en Venta de Productos/Servicios").fill("Servicio activo y facturando")
    formulario.get_by_role("button", name="Cerrar").click()
    assert f"{derivacion.codigo} cerrada." in mensajes(pagina)
    derivacion.refresh_from_db()
    assert derivacion.estado == "cerrada" and derivacion.atendida_por.email == correo_demo("responsable_empresas")


def test_flujo_a_nueva_captacion_hasta_la_derivacion_con_usuarios_demo(demo, pagina, entrar):
    empresa = Empresa.objects.get(organizacion=demo, razon_social="Supermercado El Prado")
    assert not empresa.ventas.exists()
    venta, ruta = iniciar(pagina, entrar, empresa, "A · Nueva captación")
    formulario = accion(pagina, re.compile("Analizar el perfil"))
    formulario.get_by_label("perfil por tipo de actividad").fill("Comercio minorista, 2 sucursales")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, "Perfil analizado")
    formulario = accion(pagina, re.compile("plantear el proyecto de venta"))
    formulario.get_by_label("necesidades del cliente").fill("Internet y telefonía para cajas")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, "Proyecto de venta")
    agregar(pagina, "EMP-FIB-100")
    accion(pagina, re.compile("solicitar el Vo.Bo.")).get_by_role("button", name="Solicitar Vo.Bo.").click()
    hecho(pagina, "En Vo.Bo. del Encargado")
    assert "Vo.Bo.." not in pagina.content()

    como(pagina, entrar, correo_demo("responsable_empresas"))
    pagina.goto("/comercial/empresas/")
    assert empresa.razon_social in pagina.locator("#cola-vobo").inner_text()
    pagina.goto(ruta)
    accion(pagina, "Dar el Vo.Bo.").get_by_role("button", name="Dar Vo.Bo.").click()
    hecho(pagina, "Con Vo.Bo.")

    como(pagina, entrar, correo_demo("ejecutivo_empresas"))
    pagina.goto(ruta)
    formulario = accion(pagina, re.compile("Verificar en el GIS la factibilidad técnica y los requisitos"))
    formulario.get_by_label("cumple con los requisitos").check()
    formulario.get_by_role("button", name="Consultar GIS").click()
    hecho(pagina, "Factible")
    manana = timezone.localdate(timezone=zona_de(demo)) + timedelta(days=1)
    formulario = accion(pagina, re.compile("Cronograma de Visitas"))
    formulario.get_by_label("fecha").fill(f"{manana:%d/%m/%Y}")
    formulario.get_by_label("hora").fill("09:30")
    formulario.get_by_label("persona a entrevistar").fill("Gerente de tienda")
    formulario.get_by_label("ubicación").fill("Lacma, Cochabamba")
    formulario.get_by_role("button", name="Programar visita").click()
    hecho(pagina, "Visita programada")
    formulario = accion(pagina, re.compile("Registrar la visita"))
    formulario.get_by_label("asesoramiento comercial realizado").fill("Planes empresariales")
    formulario.get_by_label("información comercial brindada").fill("Tarifas y promociones")
    formulario.get_by_label("explicación de requisitos para el trámite").fill("Documentos del trámite")
    formulario.get_by_label("requisitos para el trámite (uno por línea)").fill("NIT\nPoder del representante")
    formulario.get_by_role("button", name="Registrar").click()
    hecho(pagina, "Cliente visitado")
    oferta_aceptada(pagina)

    derivacion = de_la_aceptacion_a_la_derivacion(pagina, entrar, venta, ruta)
    assert Empresa.objects.get(pk=empresa.pk).situacion == "cliente"
    la_derivacion_hasta_cerrarla(pagina, entrar, derivacion)
    assert Venta.objects.get(pk=venta.pk).estado == Estado.COMPLETADA


def test_flujo_b_cartera_hasta_la_derivacion_con_usuarios_demo(demo, pagina, entrar):
    empresa = Empresa.objects.get(organizacion=demo, razon_social="Transportes Cochabamba S.R.L.")
    assert empresa.ventas.filter(estado=Estado.COMPLETADA).exists()  # a client with services already
    venta, ruta = iniciar(pagina, entrar, empresa, "B · Cartera de clientes")
    servicios = pagina.locator("#servicios-del-cliente").inner_text()
    assert "PAQ-OFICINA" in servicios or "Paquete Oficina" in servicios
    agregar(pagina, "EMP-FIB-300")
    formulario = accion(pagina, re.compile("Analizar el cliente de cartera"))
    formulario.get_by_label("perfil por tipo de actividad").fill("Transporte interdepartamental")
    formulario.get_by_label("nuevas necesidades identificadas").fill("IP fija para el rastreo de flota")
    formulario.get_by_role("button", name="Guardar análisis").click()
    assert "Hecho: " in mensajes(pagina)
    oferta_aceptada(pagina)

    derivacion = de_la_aceptacion_a_la_derivacion(pagina, entrar, venta, ruta)
    assert any(s["codigo"] == "EMP-FIB-300" for s in derivacion.servicios)
    la_derivacion_hasta_cerrarla(pagina, entrar, derivacion)
