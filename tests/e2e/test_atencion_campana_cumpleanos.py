"""ENROK's analyst creates a recurring birthday campaign for a PYME in the browser; on a day when some of its
customers turn years (time-travel) the beat sweep sends it, the page lists exactly those customers, the
local SMTP server receives one email each, and running the sweep again that day adds nothing."""

from collections import Counter
from datetime import date, datetime, timedelta
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from atencion import tasks
from atencion.models import Cliente
from enlace.models import Organizacion
from tests.atencion.factories import PerfilFactory, PymeFactory
from tests.enlace.factories import CONTRASENA, UsuarioFactory

pytestmark = pytest.mark.django_db(transaction=True)

MX = ZoneInfo("America/Mexico_City")
# The clock is moved for the whole process, so the live server's thread reads it too.
CUANDO_SE_CREA = datetime(2027, 3, 10, 12, 0, tzinfo=MX)
EL_CUMPLEANOS = datetime(2027, 3, 14, 10, 0, tzinfo=MX)  # after the campaign's 9:00 in the PYME


@pytest.fixture
def pyme_con_clientes():
    enrok = Organizacion.objects.create(nombre="ENROK", slug="enrok-e2e", tipo="empresa")
    UsuarioFactory(rol="analista", organizacion=enrok, email="analista@e2e.test", zona_horaria="America/Mexico_City")
    perfil = PerfilFactory(pyme=PymeFactory(padre=enrok, nombre="Estética Sol"), canal_whatsapp=False)
    otra = PymeFactory(padre=enrok, nombre="Taller Norte")
    crear = Cliente.objects.create
    crear(pyme=perfil.pyme, nombre="Ana Ruiz", correo="ana@sol.test", fecha_nacimiento=date(1990, 3, 14))
    crear(pyme=perfil.pyme, nombre="Beto Díaz", correo="beto@sol.test", fecha_nacimiento=date(1985, 3, 14))
    crear(pyme=perfil.pyme, nombre="Caro Mena", correo="caro@sol.test", fecha_nacimiento=date(1990, 3, 15))
    crear(pyme=perfil.pyme, nombre="Dani Paz", correo="dani@sol.test", fecha_nacimiento=date(1992, 4, 14))
    crear(pyme=perfil.pyme, nombre="Eva Sin Fecha", correo="eva@sol.test")
    crear(pyme=otra, nombre="Ajena Cumpleañera", correo="ajena@norte.test", fecha_nacimiento=date(1990, 3, 14))
    return perfil.pyme


def _filas_de_entregas(pagina):
    filas = pagina.locator("table tbody tr")
    return sorted(tuple(filas.nth(i).locator("td").all_inner_texts()[:3]) for i in range(filas.count()))


def _barrido_de_beat():
    """What beat runs: the campaigns sweep, then the outbox sweep that sends what is due."""
    tasks.enviar_campanas()
    tasks.barrer_mensajes()


def test_campana_de_cumpleanos_llega_a_quien_cumple_ese_dia_y_una_sola_vez(
    pagina, entrar, pyme_con_clientes, smtp, settings
):
    settings.ATENCION_CAMPANA_MENSAJES_POR_MINUTO = 6000  # all due within the sweep's minute
    with time_machine.travel(CUANDO_SE_CREA) as reloj:
        entrar("analista@e2e.test", CONTRASENA)
        pagina.goto("/atencion/campanas/nueva/")
        # exact: «Hora de envío (hora de la PYME)» is another label with «PYME» in it
        pagina.get_by_label("PYME *", exact=True).select_option(label="Estética Sol")
        pagina.get_by_label("Nombre").fill("Feliz cumpleaños")
        pagina.get_by_label("Tipo").select_option(label="Fecha especial")
        pagina.get_by_label("Asunto").fill("¡Feliz cumpleaños de parte de Estética Sol!")
        pagina.get_by_label("Mensaje").fill("Te regalamos un 20 % en tu próxima visita.")
        pagina.get_by_label("Programada para").fill("2027-03-10T13:00")
        pagina.get_by_label("Se repite en").select_option(label="Cumpleaños")
        pagina.get_by_label("Hora de envío").fill("09:00")
        pagina.get_by_role("button", name="Crear").click()
        expect(pagina.get_by_text("Campaña creada en borrador.")).to_be_visible()
        pagina.locator('form[data-accion="programar"]').get_by_role("button", name="Programar").click()
        expect(pagina.get_by_text("Campaña programada.")).to_be_visible()
        assert "cada cumpleaños de cada cliente a las 09:00" in pagina.content()
        url_campana = pagina.url

        _barrido_de_beat()  # it starts at 13:00, and the 10th is nobody's birthday anyway
        assert smtp.recibidos == 0

        reloj.move_to(EL_CUMPLEANOS)
        pagina.goto(url_campana)
        assert pagina.locator("[data-destinatarios]").inner_text() == "2"  # the preview: who receives it today
        assert "Aún no se envía." in pagina.content()

        _barrido_de_beat()
        pagina.reload()
        esperadas = [("Ana Ruiz", "Correo electrónico", "Encolado"), ("Beto Díaz", "Correo electrónico", "Encolado")]
        assert _filas_de_entregas(pagina) == esperadas
        destinatarios = Counter(m["To"] for m in smtp.buzon.mensajes)
        assert destinatarios == {"ana@sol.test": 1, "beto@sol.test": 1}
        for mensaje in smtp.buzon.mensajes:
            asunto = str(make_header(decode_header(mensaje["Subject"])))
            cuerpo = mensaje.get_payload(decode=True).decode()
            assert asunto == "¡Feliz cumpleaños de parte de Estética Sol!"
            assert cuerpo.startswith(
                {"ana@sol.test": "Hola Ana Ruiz,", "beto@sol.test": "Hola Beto Díaz,"}[mensaje["To"]]
            )

        reloj.shift(timedelta(hours=3))  # the same day, later: the sweep runs again
        _barrido_de_beat()
        pagina.reload()
        assert _filas_de_entregas(pagina) == esperadas
        assert smtp.recibidos == 2
