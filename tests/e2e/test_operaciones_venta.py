"""Browser walk of a whole sale, each step through the pages as the role that takes it: apartado →
validación → Trade-In declined by A → Segunda Oferta accepted by B → descuento answered by B's gerente de ventas →
financiamiento recorded by B's gerente de financiera → B's webmaster imports an inventory file and the asesor
finds the new units → the asesor asks for photos and video, B's webmaster uploads them → the COP escalates a
delay, B's gerente general resolves it → expediente, pago, factura, entrega, traslado (the client receives the
unit at A) and seguro → cierre → the client's survey → the commission paid → every message and the escalation
on the operación's timeline."""

import io
import re
import struct
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image

from enlace.models import CorreoSaliente
from operaciones.models import Apartado, Contacto, LineaComision, PuntoChecklistTradeIn, TipoDocumento, Unidad
from tests.enlace.factories import CONTRASENA, UsuarioFactory
from tests.operaciones.factories import ConcesionarioFactory, RedFactory, UnidadFactory
from tests.operaciones.semillas import sembrar_configuracion

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fin\n"
CORREO_CLIENTE = "laura.mendez@cliente.test"


def cambiar_a(pagina, entrar, usuario):
    pagina.context.clear_cookies()
    return entrar(usuario.email, CONTRASENA)


def confirmar(pagina, mensaje):
    """Submit the action page («Confirmar: …») and wait for the confirmation message."""
    pagina.get_by_role("button", name=re.compile("^Confirmar:")).click()
    pagina.get_by_text(mensaje).first.wait_for()


def archivo(nombre, contenido, tipo):
    return {"name": nombre, "mimeType": tipo, "buffer": contenido}


def jpeg():
    """A real 8×8 JPEG."""
    salida = io.BytesIO()
    Image.new("RGB", (8, 8), (180, 20, 20)).save(salida, format="JPEG")
    return salida.getvalue()


def _caja(tipo, contenido):
    return struct.pack(">I", 8 + len(contenido)) + tipo + contenido


def mp4():
    """A tiny well-formed MP4 (ISO base media): an ftyp box and a moov box with its movie header, no tracks."""
    matriz = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = struct.pack(">I4I", 0, 0, 0, 1000, 0) + struct.pack(">IH10x", 0x10000, 0x100) + matriz
    mvhd += bytes(24) + struct.pack(">I", 1)
    return _caja(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isomiso2mp41") + _caja(b"moov", _caja(b"mvhd", mvhd))


def inventario_xlsx(filas):
    """The dealer's inventory export: a title row above the headers, as their systems write it."""
    libro = Workbook()
    hoja = libro.active
    hoja.append(["Inventario de seminuevos · Autos del Norte"])
    hoja.append(["VIN", "Marca", "Modelo", "Año", "Versión", "Kilometraje", "Precio", "Color"])
    for fila in filas:
        hoja.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def abrir_notificacion(pagina, titulo):
    """The bell → the notification list → «Abrir» on the notification with that title."""
    pagina.locator("#campana").click()
    pagina.locator("article.notificacion", has_text=titulo).get_by_role("button", name="Abrir").click()


@pytest.fixture
def configuracion():
    """The checklist, commission rule and lead channels the migrations seed (a browser test's flush deletes them)."""
    sembrar_configuracion()


def test_venta_completa_de_apartado_a_comision_pagada(pagina, entrar, configuracion):
    red = RedFactory()
    concesionario_a = ConcesionarioFactory(padre=red, nombre="Seminuevos del Sur")
    concesionario_b = ConcesionarioFactory(padre=red, nombre="Autos del Norte")
    cop = UsuarioFactory(rol="cop", organizacion=red, email="cop@ejemplo.test")
    asesor = UsuarioFactory(rol="asesor", organizacion=concesionario_a, email="asesor@ejemplo.test")
    gerente_a = UsuarioFactory(rol="gerente_ventas", organizacion=concesionario_a, email="gerente.a@ejemplo.test")
    gerente_b = UsuarioFactory(rol="gerente_ventas", organizacion=concesionario_b, email="gerente.b@ejemplo.test")
    gerente_financiera_b = UsuarioFactory(
        rol="gerente_financiera", organizacion=concesionario_b, email="financiera.b@ejemplo.test"
    )
    webmaster_b = UsuarioFactory(rol="webmaster", organizacion=concesionario_b, email="webmaster.b@ejemplo.test")
    gerente_general_b = UsuarioFactory(
        rol="gerente_general", organizacion=concesionario_b, email="general.b@ejemplo.test"
    )
    unidad = UnidadFactory(concesionario=concesionario_b, marca="Mazda", modelo="CX-5", precio=Decimal("350000"))
    Contacto.objects.create(organizacion=red, tipo="traslados", nombre="Logística", empresa="Traslados Express")
    Contacto.objects.create(organizacion=red, tipo="aseguradora", nombre="Agencias", empresa="Qualitas")

    # 1. The asesor reserves the unit with the Solicitud de Intención de Compra: financed by a bank,
    #    a unit a cuenta and a discount requested.
    entrar(asesor.email, CONTRASENA)
    pagina.goto(f"/operaciones/unidades/{unidad.pk}/")
    pagina.get_by_role("button", name="Apartar esta unidad").click()
    pagina.get_by_label("Cliente (nombre o razón social)").fill("Laura Méndez")
    pagina.get_by_label("Persona física o moral").select_option("fisica")
    pagina.get_by_label("Correo del cliente").fill(CORREO_CLIENTE)
    pagina.get_by_label("Forma de pago").select_option("financiado")
    pagina.get_by_label("Enganche (MXN)").fill("80000")
    pagina.get_by_label("Financiera", exact=True).fill("Banorte")
    pagina.get_by_label("Tipo de financiera").select_option("banco")
    pagina.get_by_label("El cliente entrega una unidad a cuenta (Trade-In)").check()
    pagina.get_by_label("Unidad a cuenta (marca, modelo, año)").fill("Honda City 2017")
    pagina.get_by_label("Descuento solicitado (MXN)").fill("15000")
    pagina.get_by_label("Canal por el que llegó el cliente").select_option(label="WhatsApp")
    pagina.get_by_label("Lugar de entrega preferido").select_option("concesionario_asesor")
    pagina.get_by_role("button", name="Apartar unidad").click()
    pagina.get_by_text("Unidad apartada").wait_for()
    apartado = Apartado.objects.get(unidad=unidad)
    operacion = f"/operaciones/apartados/{apartado.pk}/"

    # 2. B's gerente de ventas confirms availability from his list; the COP validates.
    cambiar_a(pagina, entrar, gerente_b)
    pagina.goto("/operaciones/apartados/")
    pagina.get_by_role("link", name=str(apartado.pk), exact=True).click()
    pagina.get_by_role("button", name="Confirmar disponibilidad").click()
    confirmar(pagina, "Disponibilidad confirmada.")
    cambiar_a(pagina, entrar, cop)
    pagina.goto(operacion)
    pagina.get_by_role("button", name="Validar apartado").click()
    confirmar(pagina, "Apartado validado")

    # 3. The COP activates the Trade-In with the unit a cuenta, fills the checklist and uploads a photo.
    pagina.get_by_role("button", name="Activar Trade-In").click()
    pagina.get_by_label("Marca").fill("Honda")
    pagina.get_by_label("Modelo").fill("City")
    pagina.get_by_label("Año").fill("2017")
    pagina.get_by_label("Kilometraje").fill("98000")
    pagina.get_by_label("Color").fill("Gris")
    confirmar(pagina, "Trade-In activado")
    for punto in PuntoChecklistTradeIn.objects.filter(activo=True):
        pagina.get_by_role("link", name="Registrar punto del checklist").click()
        pagina.get_by_label("Punto del checklist").select_option(label=punto.nombre)
        pagina.get_by_label("Resultado").select_option("cumple")
        confirmar(pagina, "Punto del checklist registrado.")
    pagina.get_by_role("link", name="Agregar foto o documento").click()
    pagina.get_by_label("Tipo").select_option("foto")
    pagina.get_by_label("Archivo").set_input_files(archivo("frente.png", PNG, "image/png"))
    pagina.get_by_label("Descripción").fill("Frente")
    confirmar(pagina, "Archivo agregado al Trade-In.")
    assert pagina.get_by_role("link", name="Foto: Frente").is_visible()

    # 4. A's gerente opens the notification, sees the same checklist and declines.
    cambiar_a(pagina, entrar, gerente_a)
    abrir_notificacion(pagina, "Trade-In: ¿toma la unidad Honda City 2017?")
    assert pagina.get_by_role("row", name=re.compile("Llantas y frenos")).get_by_text("Cumple", exact=True).is_visible()
    pagina.get_by_role("button", name="Responder al Trade-In").click()
    pagina.get_by_label("Declinamos").check()
    pagina.get_by_label("Comentario").fill("No manejamos esa marca.")
    confirmar(pagina, "Respuesta al Trade-In registrada.")

    # 5. The COP activates the Trade-In Segunda Oferta; B's gerente accepts with an offer.
    cambiar_a(pagina, entrar, cop)
    pagina.goto(f"{operacion}trade-in/")
    pagina.get_by_role("button", name="Activar Segunda Oferta").click()
    confirmar(pagina, "Segunda Oferta activada")
    cambiar_a(pagina, entrar, gerente_b)
    pagina.goto(operacion)
    pagina.get_by_role("button", name="Responder al Trade-In").click()
    pagina.get_by_label("Tomamos la unidad").check()
    pagina.get_by_label("Oferta (MXN)").fill("120000")
    confirmar(pagina, "Respuesta al Trade-In registrada.")
    pagina.get_by_text(re.compile(r"Ofrece \$120\.000,00 MXN")).wait_for()

    # 6. B's gerente de ventas answers the requested discount in the app: approved for less than requested.
    cambiar_a(pagina, entrar, gerente_b)
    pagina.goto(operacion)
    pagina.locator("#negociacion").get_by_role("link", name="Responder", exact=True).click()
    pagina.get_by_label("Aprobar", exact=True).check()
    pagina.get_by_label("Monto aprobado o de la contraoferta (MXN)").fill("10000")
    confirmar(pagina, "Descuento aprobado")
    assert pagina.locator("[data-precio-final]").inner_text() == "$340.000,00 MXN"

    # 7. Financing: the COP records the request sent; B's gerente de financiera records the bank's approval
    #    with conditions and confirms the credit.
    cambiar_a(pagina, entrar, cop)
    pagina.goto(operacion)
    pagina.get_by_role("button", name="Registrar solicitud de financiamiento").click()
    pagina.get_by_label("Plazo (meses)").fill("48")
    confirmar(pagina, "Solicitud de financiamiento registrada como enviada.")
    cambiar_a(pagina, entrar, gerente_financiera_b)
    pagina.goto("/operaciones/financiamientos/")
    pagina.get_by_role("link", name="Ver y registrar").click()
    pagina.get_by_role("link", name="Registrar respuesta").click()
    pagina.get_by_label("Aprobada").check()
    pagina.get_by_label("Condiciones").fill("Seguro de vida obligatorio.")
    pagina.get_by_label("Monto aprobado (MXN)").fill("260000")
    pagina.get_by_label("Tasa anual (%)").fill("13.9")
    confirmar(pagina, "Respuesta de la financiera registrada.")
    pagina.get_by_role("link", name="Confirmar crédito").click()
    confirmar(pagina, "Disponibilidad de crédito confirmada.")

    # 7b. B's webmaster imports the dealer's inventory file; the asesor, at A, finds the new units.
    importar_inventario_y_buscarlo(pagina, entrar, webmaster_b, asesor)
    # 7c. The asesor asks for photos and a video on the conversation; B's webmaster uploads them.
    pedir_y_subir_fotos_y_video(pagina, entrar, apartado, asesor, webmaster_b)
    # 7d. The delivery is late: the COP escalates it; B's gerente general resolves it.
    escalar_y_resolver_retraso(pagina, entrar, apartado, cop, gerente_general_b)

    cambiar_a(pagina, entrar, cop)
    pagina.goto(operacion)

    # 8. The expediente is completed and the payment confirmed, but without the factura the cierre is blocked.
    for tipo in (
        TipoDocumento.IDENTIFICACION,
        TipoDocumento.COMPROBANTE_DOMICILIO,
        TipoDocumento.CONSTANCIA_FISCAL,
        TipoDocumento.CONTRATO_COMPRAVENTA,
        TipoDocumento.SOLICITUD_CREDITO,
    ):
        pagina.get_by_label("Tipo de documento").select_option(tipo)
        pagina.get_by_label("Archivo (PDF o imagen)").set_input_files(archivo(f"{tipo}.pdf", PDF, "application/pdf"))
        pagina.get_by_role("button", name="Agregar al expediente").click()
        pagina.get_by_text("Documento agregado al expediente.").wait_for()
    pagina.get_by_role("link", name="Confirmar pago").click()
    pagina.get_by_label("Referencia del pago").fill("SPEI-778812")
    pagina.get_by_label("Monto pagado (MXN)").fill("80000")
    confirmar(pagina, "Pago confirmado.")
    pagina.get_by_role("button", name="Ir al Cierre de Operación").click()
    faltante = pagina.locator("#condiciones > li[data-cumplida='no']")
    assert faltante.count() == 4
    assert "Factura registrada" in faltante.first.inner_text()
    assert "Registrar la factura." in faltante.first.inner_text()
    assert "Programar la entrega." in faltante.nth(1).inner_text()
    # The client receives the unit at A, not at B who owns it: a traslado; and every purchase has its seguro.
    assert "Completar el traslado de la unidad (el cliente la recibe en el concesionario del asesor)." in (
        faltante.nth(2).inner_text()
    )
    assert "Activar el seguro" in faltante.nth(3).inner_text()
    assert pagina.get_by_role("button", name="Activar Cierre de Operación").count() == 0

    # 9. The COP records the factura and schedules the delivery.
    pagina.get_by_role("link", name="Volver a la operación").click()
    pagina.get_by_role("link", name="Registrar factura").click()
    pagina.get_by_label("Folio fiscal (UUID)").fill("6F1C2A3B-1234-4CDE-9ABC-0123456789AB")
    pagina.get_by_label("Fecha de la factura").fill(timezone.localdate().isoformat())
    confirmar(pagina, "Factura registrada.")
    pagina.get_by_role("link", name="Programar entrega").click()
    manana = timezone.localdate() + timedelta(days=1)
    pagina.get_by_label("Fecha y hora").fill(f"{manana.isoformat()}T17:30")
    confirmar(pagina, "Entrega programada.")

    # 9b. The COP sends the unit from B to A with the directory's traslados company and completes it, and
    #     records the policy of the insurance.
    pagina.get_by_role("link", name="Programar traslado").click()
    assert pagina.get_by_label("Destino (dirección de entrega)").input_value() == "Seminuevos del Sur"
    pagina.get_by_label("Empresa de traslados").select_option(label="Logística · Traslados Express")
    pagina.get_by_label("Fecha del traslado").fill(timezone.localdate().strftime("%d/%m/%Y"))
    confirmar(pagina, "Traslado registrado.")
    pagina.locator("[data-traslado='pendiente']").wait_for()
    pagina.locator("form[data-accion='completar']").get_by_role("button", name="Completar").click()
    pagina.locator("[data-traslado='completada']").wait_for()
    pagina.locator("#traslado-y-seguro").get_by_role("link", name="Registrar póliza").click()
    pagina.get_by_label("Aseguradora").select_option(label="Agencias · Qualitas")
    pagina.get_by_label("Número de póliza").fill("QLT-778812")
    pagina.get_by_label("Fecha de activación").fill(timezone.localdate().strftime("%d/%m/%Y"))
    confirmar(pagina, "Póliza registrada")
    assert "QLT-778812" in pagina.locator("[data-seguro='completada']").inner_text()

    # 10. Every condition holds; the COP closes the operación and the unit is sold.
    pagina.get_by_role("button", name="Ir al Cierre de Operación").click()
    assert pagina.locator("#condiciones > li[data-cumplida='no']").count() == 0
    assert pagina.locator("#condiciones > li[data-cumplida='si']").count() == 8
    pagina.get_by_role("button", name="Activar Cierre de Operación").click()
    pagina.get_by_text("Cierre de Operación registrado").wait_for()
    assert pagina.locator("h1 [data-estado]").inner_text() == "Operación cerrada"
    pagina.get_by_role("link", name=re.compile("Mazda CX-5")).first.click()
    assert pagina.locator("h1 [data-estado]").inner_text() == "Vendida"
    assert Unidad.objects.get(pk=unidad.pk).estado == Unidad.Estado.VENDIDA
    correo = CorreoSaliente.objects.get(para=CORREO_CLIENTE)
    assert apartado.folio in correo.asunto

    # 11. The asesor finds «Operación concretada» in the bell.
    cambiar_a(pagina, entrar, asesor)
    pagina.locator("#campana .contador").wait_for()
    pagina.locator("#campana").click()
    pagina.get_by_text("Operación concretada: Mazda CX-5").wait_for()

    # 12. The client follows the survey link in the email, without logging in, and answers 4 with a comment.
    pagina.context.clear_cookies()
    pagina.goto(re.search(r"/operaciones/encuesta/[^/\s]+/", correo.cuerpo_texto).group(0))
    pagina.get_by_label("4", exact=True).check()
    pagina.get_by_label("Comentario (opcional)").fill("Buena atención; la entrega tardó un poco.")
    pagina.get_by_role("button", name="Enviar respuesta").click()
    pagina.get_by_text("¡Gracias por su opinión!").wait_for()

    # 13. The COP sees the answer, verifies the commission lines and records their payment.
    cambiar_a(pagina, entrar, cop)
    pagina.goto(operacion)
    assert pagina.locator("[data-calificacion]").inner_text() == "4 de 5"
    pagina.get_by_role("link", name="Comisiones", exact=True).click()
    lineas = pagina.get_by_role("checkbox", name=re.compile(f"Seleccionar {apartado.folio}"))
    assert lineas.count() == 3
    for i in range(3):
        lineas.nth(i).check()
    pagina.get_by_role("button", name="Verificar", exact=True).click()
    pagina.get_by_text("3 línea(s) de comisión verificada(s).").wait_for()
    for i in range(3):
        lineas.nth(i).check()
    pagina.get_by_label("Fecha de pago").fill(timezone.localdate().isoformat())
    pagina.get_by_label("Referencia").fill("TRANS-2026-0042")
    pagina.get_by_role("button", name="Registrar pago").click()
    pagina.get_by_text("3 línea(s) de comisión marcada(s) como pagada(s).").wait_for()
    assert set(LineaComision.objects.filter(apartado=apartado).values_list("estado", flat=True)) == {"pagada"}

    # 14. The asesor sees his commission «Pagada» in «Mis comisiones».
    cambiar_a(pagina, entrar, asesor)
    pagina.goto("/operaciones/")
    pagina.get_by_role("link", name="Mis comisiones").click()
    fila = pagina.get_by_role("row", name=re.compile(apartado.folio))
    assert fila.locator(".op-estado").inner_text() == "Pagada"
    assert "$2.720,00 MXN" in fila.inner_text()  # 40 % of 2 % of the final price, $340,000.00
    assert "TRANS-2026-0042" in fila.inner_text()

    # 15. Each message and the escalation, opened and resolved, are on the operación's timeline.
    revisar_linea_de_tiempo(pagina, entrar, apartado, cop, asesor, webmaster_b, gerente_general_b)


# --- The steps of the webmaster, the conversation and the escalation (7b–7d) and the timeline (15) -----------


def importar_inventario_y_buscarlo(pagina, entrar, webmaster, asesor):
    """The webmaster imports the dealer's inventory export (XLSX) from the menu; the asesor of another
    concesionario finds the new units in the network's inventory."""
    cambiar_a(pagina, entrar, webmaster)
    pagina.get_by_role("link", name="Importar inventario").first.click()
    pagina.get_by_label("Archivo de inventario (CSV, XLSX o XLS)").set_input_files(
        archivo(
            "inventario-norte.xlsx",
            inventario_xlsx(
                [
                    ["3KPA24AD5NE000101", "Kia", "Rio", 2022, "LX", 31000, "$259,900", "Blanco"],
                    ["3KPA24AD5NE000102", "Kia", "Seltos", 2023, "EX", 18500, "389000", "Rojo"],
                ]
            ),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    )
    pagina.get_by_role("button", name="Importar").click()
    pagina.get_by_text("Inventario importado: 2 nuevas, 0 actualizadas, 0 sin cambios.").wait_for()
    assert pagina.locator("dt:has-text('Unidades nuevas') + dd").inner_text() == "2"

    cambiar_a(pagina, entrar, asesor)
    pagina.get_by_role("link", name="Inventario de la red").first.click()
    pagina.get_by_label("Marca").fill("Kia")
    pagina.get_by_role("button", name="Buscar").click()
    pagina.wait_for_url(re.compile(r"marca=Kia"))  # the unfiltered list has the same rows: read the results
    seltos = pagina.locator("#resultados").get_by_role("row", name=re.compile("Kia Seltos"))
    seltos.wait_for()
    assert "2023" in seltos.inner_text() and "Autos del Norte" in seltos.inner_text()
    assert pagina.locator("#resultados").get_by_role("row", name=re.compile("Kia Rio")).is_visible()
    seltos.get_by_role("link", name="Kia Seltos").click()
    assert "3KPA24AD5NE000102" in pagina.locator("main").inner_text()


def pedir_y_subir_fotos_y_video(pagina, entrar, apartado, asesor, webmaster):
    """The asesor asks for photos and a video on the operación's conversation; the webmaster of the owning
    concesionario opens the bell and answers with a JPG and an MP4; the asesor opens both from the bell."""
    cambiar_a(pagina, entrar, asesor)
    pagina.goto(f"/operaciones/apartados/{apartado.pk}/")
    pagina.locator("[data-enlace='conversacion']").click()
    pagina.get_by_label("Tipo de mensaje").select_option("fotos_videos")
    pagina.get_by_role("textbox", name="Mensaje").fill(
        "¿Me comparten fotos del interior y un video del motor encendido?"
    )
    pagina.get_by_role("button", name="Enviar mensaje").click()
    pagina.get_by_text("Mensaje enviado.").wait_for()

    cambiar_a(pagina, entrar, webmaster)
    abrir_notificacion(pagina, f"Solicitud de fotos o videos · operación {apartado.pk} (Mazda CX-5)")
    pagina.get_by_text("¿Me comparten fotos del interior").wait_for()
    pagina.get_by_label("Tipo de mensaje").select_option("respuesta")
    pagina.get_by_role("textbox", name="Mensaje").fill("Aquí van el interior y el motor.")
    pagina.get_by_label("Adjuntos (imágenes, videos MP4/WebM o PDF, opcional)").set_input_files(
        [archivo("interior.jpg", jpeg(), "image/jpeg"), archivo("motor.mp4", mp4(), "video/mp4")]
    )
    pagina.get_by_role("button", name="Enviar mensaje").click()
    pagina.get_by_text("Mensaje enviado.").wait_for()

    cambiar_a(pagina, entrar, asesor)
    abrir_notificacion(pagina, f"Respuesta · operación {apartado.pk} (Mazda CX-5)")
    respuesta = pagina.locator("li.op-mensaje[data-tipo='respuesta']")
    assert "Aquí van el interior y el motor." in respuesta.inner_text()
    foto = respuesta.get_by_role("img", name="interior.jpg")
    foto.scroll_into_view_if_needed()
    assert foto.evaluate("img => img.decode().then(() => img.naturalWidth)") == 8  # the JPEG shows in the message
    assert respuesta.locator("video[aria-label='motor.mp4']").is_visible()
    for nombre, tipo in (("interior.jpg", "image/jpeg"), ("motor.mp4", "video/mp4")):
        servido = pagina.request.get(
            respuesta.get_by_role("link", name=re.compile(re.escape(nombre))).get_attribute("href")
        )
        assert servido.ok and servido.headers["content-type"] == tipo


def escalar_y_resolver_retraso(pagina, entrar, apartado, cop, gerente_general):
    """The COP escalates a delay (reason and severity) from the operación; the owning concesionario's gerente
    general gets the bell, opens the escalation and resolves it."""
    cambiar_a(pagina, entrar, cop)
    pagina.goto(f"/operaciones/apartados/{apartado.pk}/")
    pagina.locator("[data-accion='escalar']").click()
    pagina.get_by_label("Severidad").select_option("alta")
    pagina.get_by_label("Problema que escala al gerente general").fill(
        "La unidad lleva 5 días sin salir a traslado; el cliente pregunta por la entrega."
    )
    confirmar(pagina, "Problema escalado al gerente general del concesionario.")

    cambiar_a(pagina, entrar, gerente_general)
    pagina.locator("#campana .contador").wait_for()
    abrir_notificacion(pagina, f"Escalamiento (alta) · operación {apartado.pk} (Mazda CX-5)")
    assert "5 días sin salir a traslado" in pagina.locator("article").first.inner_text()
    pagina.get_by_label("Cómo se resolvió").fill("Se asignó el traslado para hoy; la unidad sale por la tarde.")
    pagina.get_by_role("button", name="Marcar como resuelto").click()
    pagina.get_by_text("Escalamiento resuelto.").wait_for()
    assert pagina.locator("h1 [data-estado]").inner_text() == "Resuelta"


def revisar_linea_de_tiempo(pagina, entrar, apartado, cop, asesor, webmaster, gerente_general):
    """The COP opens the operación: each message and the escalation (opened and resolved) are on its timeline,
    with who did it, in the order they happened."""
    cambiar_a(pagina, entrar, cop)
    pagina.goto(f"/operaciones/apartados/{apartado.pk}/")
    filas = [fila.inner_text() for fila in pagina.locator("#linea-de-tiempo tbody tr").all()]

    def fila_de(detonante, texto):
        return next(i for i, fila in enumerate(filas) if detonante in fila and texto in fila)

    pedido = fila_de("Mensaje · Solicitud de fotos o videos", "¿Me comparten fotos del interior")
    respondido = fila_de("Mensaje · Respuesta", "Aquí van el interior y el motor.")
    escalado = fila_de("Escalamiento al gerente general", "5 días sin salir a traslado")
    resuelto = fila_de("Escalamiento resuelto", "Se asignó el traslado para hoy")
    assert pedido < respondido < escalado < resuelto
    assert str(asesor) in filas[pedido]
    assert str(webmaster) in filas[respondido]
    assert str(cop) in filas[escalado]
    assert str(gerente_general) in filas[resuelto]

    # On a phone each step is a block: its detail is in view, not in a column off to the right.
    tamano = pagina.viewport_size
    pagina.set_viewport_size({"width": 390, "height": 844})
    detalle = pagina.locator("#linea-de-tiempo tbody tr").nth(resuelto).locator("td").nth(3).bounding_box()
    assert detalle["x"] >= 0 and detalle["x"] + detalle["width"] <= 390
    assert pagina.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    pagina.set_viewport_size(tamano)
