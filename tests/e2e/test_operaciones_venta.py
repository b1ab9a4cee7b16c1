"""Browser walk of a whole sale, each step through the pages as the role that takes it: apartado →
validación → Trade-In declined by A → Segunda Oferta accepted by B → descuento answered by B's gerente de ventas →
financiamiento recorded by B's gerente de financiera →
expediente, pago, factura, entrega, traslado (the client receives the unit at A) and seguro → cierre → the
client's survey → the commission paid."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

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
