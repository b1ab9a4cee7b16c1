"""ENROK's director registers a PYME in the browser, invites its user, who sets a password from the email's
link and reaches the PYME's portal."""

import re
from urllib.parse import urlsplit

import pytest

from enlace.models import CorreoSaliente, Organizacion
from tests.enlace.factories import CONTRASENA, UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_el_director_registra_una_pyme_e_invita_a_su_usuario(pagina, entrar):
    enrok = Organizacion.objects.create(nombre="ENROK", slug="enrok-e2e", tipo="empresa")
    UsuarioFactory(rol="director", organizacion=enrok, email="director@e2e.test")
    entrar("director@e2e.test", CONTRASENA)
    pagina.goto("/atencion/pymes/nueva/")
    pagina.get_by_label("Razón social").fill("Clínica Dental Sonrisa")
    pagina.get_by_label("Giro").select_option(label="Consultorio médico")
    pagina.get_by_label("País").select_option("MX")
    pagina.get_by_label("Zona horaria").select_option("America/Mexico_City")
    pagina.get_by_label("Inicio del contrato").fill("01/12/2026")
    pagina.get_by_label("WhatsApp").check()
    pagina.get_by_label("SLA crítica: primera respuesta (min hábiles)").fill("10")
    pagina.get_by_role("button", name="Registrar PYME").click()
    pagina.wait_for_load_state("domcontentloaded")
    assert pagina.locator("[data-estado-pyme]").inner_text() == "Diagnóstico inicial"
    assert "registrada" in pagina.content()

    pagina.locator("summary", has_text="Invitar a una persona de la PYME").click()
    formulario = pagina.locator('form[data-accion="invitar"]')
    # By name: the page's section forms repeat field ids (id_nombre is also the contact-reason form's), so a
    # label inside this form points at another form's input.
    formulario.locator("input[name=nombre]").fill("Luz Ortega")
    formulario.locator("input[name=correo]").fill("luz@sonrisa.test")
    formulario.get_by_role("button", name="Invitar").click()
    pagina.wait_for_load_state("domcontentloaded")
    assert "invitación pendiente" in pagina.content()

    correo = CorreoSaliente.objects.get(para="luz@sonrisa.test")
    (enlace,) = re.findall(r"https?://\S+/cuentas/reset/\S+/", correo.cuerpo_texto)
    pagina.context.clear_cookies()
    pagina.goto(urlsplit(enlace).path)
    pagina.locator("input[name=new_password1]").fill("Sonrisa-Dental-2026")
    pagina.locator("input[name=new_password2]").fill("Sonrisa-Dental-2026")
    pagina.locator("form button[type=submit], form input[type=submit]").last.click()
    pagina.wait_for_load_state("domcontentloaded")
    entrar("luz@sonrisa.test", "Sonrisa-Dental-2026")
    pagina.goto("/atencion/")
    assert "Portal de Clínica Dental Sonrisa" in pagina.content()
