"""ENROK end to end: WhatsApp ticket → agent with the script → survey → monthly report → PYME download."""

import json
import re
from datetime import timedelta
from io import BytesIO

import httpx
import pytest
from django.utils import timezone
from pypdf import PdfReader

from atencion import canales, services
from atencion.models import Encuesta, Guion, Ticket
from enlace.models import Organizacion
from tests.atencion.factories import MotivoFactory, PerfilFactory, PymeFactory, configurar_pyme
from tests.enlace.factories import CONTRASENA, UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)
SECRETO = "secreto-e2e"


@pytest.fixture
def escenario(settings):
    settings.ATENCION_WHATSAPP_APP_SECRET = SECRETO
    settings.ATENCION_WHATSAPP_API_URL = "http://127.0.0.1:9/v21.0"
    enrok = Organizacion.objects.create(nombre="ENROK", slug="enrok-e2e", tipo="empresa")
    perfil = PerfilFactory(pyme=PymeFactory(padre=enrok, nombre="Estética Sol"), whatsapp_phone_number_id="555001")
    configurar_pyme(perfil.pyme, dias=range(7), abre=timezone.datetime.min.time(), cierra=timezone.datetime.max.time())
    motivo = MotivoFactory(pyme=perfil.pyme, nombre="Agendar cita")
    Guion.objects.create(
        giro=perfil.giro,
        pyme=perfil.pyme,
        titulo="Guion de citas Sol",
        saludo="¡Hola! Gracias por escribir a Estética Sol.",
        desarrollo="Ofrece el primer horario disponible.",
        cierre="Confirma y agradece.",
    )
    return {
        "pyme": perfil.pyme,
        "motivo": motivo,
        "agente": UsuarioFactory(rol="agente", organizacion=enrok, email="agente@e2e.test"),
        "gerente": UsuarioFactory(rol="gerente_operaciones", organizacion=enrok, email="gerente@e2e.test"),
        "analista": UsuarioFactory(rol="analista", organizacion=enrok, email="analista@e2e.test"),
        "pyme_usuario": UsuarioFactory(rol="pyme", organizacion=perfil.pyme, email="duena@e2e.test"),
    }


def _webhook(url_base):
    datos = {
        "entry": [
            {
                "changes": [
                    {
                        "value": {
                            "metadata": {"phone_number_id": "555001"},
                            "contacts": [{"wa_id": "5215512345678", "profile": {"name": "Marisol"}}],
                            "messages": [
                                {
                                    "from": "5215512345678",
                                    "id": "wamid.E2E1",
                                    "type": "text",
                                    "text": {"body": "Hola, quiero una cita para manicure"},
                                }
                            ],
                        }
                    }
                ]
            }
        ]
    }
    cuerpo = json.dumps(datos).encode()
    return httpx.post(
        f"{url_base}/atencion/webhooks/whatsapp/",
        content=cuerpo,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": canales.firmar(cuerpo, SECRETO)},
        timeout=60,
    )


def _salir(pagina):
    pagina.context.clear_cookies()


def test_de_whatsapp_al_reporte_descargado(pagina, entrar, live_server, escenario):
    assert _webhook(live_server.url).status_code == 200
    ticket = Ticket.objects.get()

    # The agent handles the ticket with the script and resolves it.
    entrar("agente@e2e.test", CONTRASENA)
    pagina.goto("/atencion/tickets/?estado=abiertos")
    pagina.get_by_role("link", name=f"#{ticket.pk}").click()
    assert pagina.get_by_text("Guion de citas Sol").is_visible()
    assert pagina.get_by_text("Escalar inmediatamente los casos críticos al Gerente.").is_visible()
    assert "Hola, quiero una cita para manicure" in pagina.locator("ol.interacciones").inner_text()
    pagina.locator("form[action$='/clasificar/'] select[name=motivo]").select_option(label="Agendar cita")
    pagina.get_by_role("button", name="Clasificar").click()
    pagina.locator("form[action$='/responder/'] textarea").fill("¡Hola Marisol! Te agendo el jueves a las 11.")
    pagina.get_by_role("button", name="Responder al cliente").click()
    pagina.get_by_role("button", name="Resolver").click()
    assert pagina.locator("#estado-ticket").inner_text() == "Resuelto"

    # The customer answers the survey (the link of the WhatsApp message).
    _salir(pagina)
    encuesta = Encuesta.objects.get(ticket=ticket)
    pagina.goto(f"/atencion/encuesta/{services.token_encuesta(encuesta)}/")
    pagina.locator("input[name=csat][value='5']").check()
    pagina.locator("input[name=nps][value='10']").check()
    pagina.get_by_label("Comentario (opcional)").fill("Súper rápido")
    pagina.get_by_role("button", name="Enviar respuesta").click()
    assert "Gracias" in pagina.locator("#mensaje-publico").inner_text()

    # The analyst drafts the monthly report and sends it to validation.
    entrar("analista@e2e.test", CONTRASENA)
    pagina.goto("/atencion/reportes/nuevo/")
    pagina.get_by_label("PYME").select_option(label="Estética Sol")
    pagina.get_by_label("Periodicidad").select_option("mensual")
    siguiente_mes = (timezone.localdate().replace(day=28) + timedelta(days=4)).replace(day=1)
    pagina.get_by_label("Fecha de referencia").fill(siguiente_mes.isoformat())
    pagina.get_by_role("button", name="Generar borrador").click()
    pagina.wait_for_url(re.compile(r"/atencion/reportes/\d+/$"))
    assert pagina.locator("[data-kpi=csat] .rep-valor").inner_text() == "5,00 / 5"
    pagina.get_by_role("button", name="Enviar a validación").click()
    assert pagina.locator("#estado-reporte").inner_text() == "En validación"
    url_reporte = pagina.url

    # The gerente validates it.
    _salir(pagina)
    entrar("gerente@e2e.test", CONTRASENA)
    pagina.goto(url_reporte)
    pagina.get_by_role("button", name="Validar y enviar a la PYME").click()
    assert pagina.locator("#estado-reporte").inner_text() == "Validado y publicado"

    # The PYME user downloads it from the portal.
    _salir(pagina)
    entrar("duena@e2e.test", CONTRASENA)
    pagina.goto("/atencion/")
    pagina.get_by_role("link", name=re.compile("Reporte mensual")).click()
    with pagina.expect_download() as descarga:
        pagina.locator("#descargar-pdf").click()
    pdf = PdfReader(BytesIO(open(descarga.value.path(), "rb").read()))  # noqa: SIM115
    texto = " ".join(p.extract_text() for p in pdf.pages)
    assert "5,00 / 5" in texto and "100,0" in texto and "Estética Sol" in texto
    assert "Código de verificación" in texto  # the frozen, verifiable copy
