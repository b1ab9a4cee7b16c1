"""Browser walk of the apartado lifecycle: reserve, confirm, validate, seen by the network; release at the deadline."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from operaciones import services, tasks
from operaciones.models import Apartado, CanalLead, Unidad
from tests.enlace.factories import CONTRASENA, UsuarioFactory
from tests.operaciones.factories import CLIENTE, ConcesionarioFactory, RedFactory, UnidadFactory, solicitud_completa

pytestmark = pytest.mark.django_db(transaction=True)


def cambiar_a(pagina, entrar, usuario):
    pagina.context.clear_cookies()
    return entrar(usuario.email, CONTRASENA)


def test_apartar_validar_y_liberacion_automatica(pagina, entrar):
    red = RedFactory()
    dueno = ConcesionarioFactory(padre=red, nombre="Autos del Norte")
    otro = ConcesionarioFactory(padre=red, nombre="Seminuevos del Sur")
    cop = UsuarioFactory(rol="cop", organizacion=red, email="cop@ejemplo.test")
    asesor = UsuarioFactory(rol="asesor", organizacion=otro, email="asesor1@ejemplo.test")
    otro_asesor = UsuarioFactory(rol="asesor", organizacion=dueno, email="asesor2@ejemplo.test")
    primera = UnidadFactory(concesionario=dueno, marca="Mazda", modelo="CX-5")
    segunda = UnidadFactory(concesionario=dueno, marca="Kia", modelo="Rio")
    CanalLead.objects.get_or_create(nombre="Redes sociales")

    # 1. The asesor finds the unit and reserves it with the intención de compra.
    entrar(asesor.email, CONTRASENA)
    pagina.goto("/operaciones/")
    pagina.get_by_role("link", name="Buscar en el inventario").click()
    pagina.get_by_label("Marca").fill("Maz")
    pagina.get_by_role("button", name="Buscar").click()
    pagina.wait_for_url(re.compile(r"marca=Maz"))  # the unfiltered list has the same link: click it on the results
    pagina.get_by_role("link", name=re.compile("Mazda CX-5")).click()
    pagina.get_by_role("button", name="Apartar esta unidad").click()
    pagina.get_by_label("Cliente (nombre o razón social)").fill("Laura Méndez")
    pagina.get_by_label("Persona física o moral").select_option("fisica")
    pagina.get_by_label("Forma de pago").select_option("financiado")
    pagina.get_by_label("Enganche (MXN)").fill("80000")
    pagina.get_by_label("Financiera", exact=True).fill("Banorte")
    pagina.get_by_label("Tipo de financiera").select_option("banco")
    pagina.get_by_label("Canal por el que llegó el cliente").select_option(label="Redes sociales")
    pagina.get_by_label("Lugar de entrega preferido").select_option("concesionario_asesor")
    pagina.get_by_role("button", name="Apartar unidad").click()
    pagina.get_by_text("Unidad apartada").wait_for()
    apartado = Apartado.objects.get(unidad=primera)

    # 2. The COP sees it in the tray, records the availability confirmation and validates.
    cambiar_a(pagina, entrar, cop)
    pagina.goto("/operaciones/")
    pagina.locator("section#validaciones").get_by_role("link", name=re.compile("Mazda CX-5")).click()
    pagina.get_by_role("button", name="Confirmar disponibilidad").click()
    pagina.get_by_label("¿Quién confirmó en el concesionario?").fill("Jorge, gerente de ventas")
    pagina.get_by_label("¿Por qué medio?").select_option("telefono")
    pagina.get_by_role("button", name=re.compile("Confirmar:")).click()
    pagina.get_by_text("Disponibilidad confirmada.").wait_for()
    pagina.get_by_role("button", name="Validar apartado").click()
    pagina.get_by_role("button", name=re.compile("Confirmar:")).click()
    pagina.get_by_text("Apartado validado").first.wait_for()
    assert Apartado.objects.get(pk=apartado.pk).estado == Apartado.Estado.VALIDADO

    # 3. Another asesor sees it validated and cannot reserve it.
    cambiar_a(pagina, entrar, otro_asesor)
    pagina.goto("/operaciones/inventario/")
    fila = pagina.get_by_role("row", name=re.compile("Mazda CX-5"))
    assert fila.locator("[data-estado]").inner_text() == "Apartado validado"
    fila.get_by_role("link", name=re.compile("Mazda CX-5")).click()
    pagina.get_by_text("La unidad no está disponible para apartar.").wait_for()
    assert pagina.get_by_role("button", name="Apartar esta unidad").count() == 0
    pagina.goto(f"/operaciones/unidades/{primera.pk}/apartar/")
    pagina.get_by_label("Cliente (nombre o razón social)").fill("Otro cliente")
    pagina.get_by_label("Forma de pago").select_option("contado")
    pagina.get_by_label("Canal por el que llegó el cliente").select_option(label="Redes sociales")
    pagina.get_by_role("button", name="Apartar unidad").click()
    pagina.get_by_text(services.mensajes.UNIDAD_NO_DISPONIBLE).wait_for()

    # 4. A second unit reserved and never validated is released by the scheduler after the deadline.
    vencido = services.apartado_crear(actor=asesor, unidad=segunda, cliente=CLIENTE, solicitud=solicitud_completa())
    pasado = timezone.now() - timedelta(minutes=1)
    Apartado.objects.filter(pk=vencido.pk).update(creado=pasado - timedelta(hours=24), vence=pasado)
    Unidad.objects.filter(pk=segunda.pk).update(reservada_hasta=pasado)
    assert tasks.liberar_apartados_vencidos() == 1
    pagina.goto("/operaciones/inventario/?marca=Kia")
    assert pagina.get_by_role("row", name=re.compile("Kia Rio")).locator("[data-estado]").inner_text() == "Disponible"
    pagina.get_by_role("row", name=re.compile("Kia Rio")).get_by_role("link").click()
    pagina.get_by_role("button", name="Apartar esta unidad").wait_for()
