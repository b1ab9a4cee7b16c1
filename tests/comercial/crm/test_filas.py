"""The rows of the prospects and activities lists (comercial.crm.templatetags.crm): what each cell shows, the
validation form of a pending row, and that form posted as the page drew it, CSRF token included."""

import html as html_
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from comercial.crm import services
from comercial.crm.models import Prospecto
from tests.comercial.crm.factories import ActividadFactory, ProspectoFactory

pytestmark = pytest.mark.django_db
MES = "?mes=2026-03"


def _fila(html, prefijo, objeto):
    return re.search(rf'<tr id="{prefijo}-{objeto.pk}">.*?</tr>', html, flags=re.DOTALL).group(0)


def _celdas(fila):
    return re.findall(r"<td>(.*?)</td>", re.sub(r"<form.*?</form>", "FORM", fila, flags=re.DOTALL))


def test_la_fila_del_prospecto_muestra_sus_datos_y_las_llamadas(client, lider, ana):
    prospecto = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 3), cliente="Marta <Ruiz>", telefono="3001112233")
    for _ in range(2):
        prospecto = Prospecto.objects.get(pk=prospecto.pk)
        services.prospecto_validar(actor=lider, prospecto=prospecto, resultado="no_contactado", notas="No contesta")
    client.force_login(lider)

    html = client.get(reverse("comercial:crm:prospectos") + MES + "&estado=").content.decode()
    fila = _fila(html, "prospecto", prospecto)

    enlace = f'<a href="{reverse("comercial:crm:prospecto", args=[prospecto.pk])}">{prospecto.id_spiga}</a>'
    assert _celdas(fila) == [
        enlace, "03/03/2026", "Marta &lt;Ruiz&gt;", "3001112233", str(ana.usuario), "Renault",
        "No contactado (reintentar) (2 llamadas)", "FORM",
    ]  # fmt: skip


def test_quien_no_valida_no_tiene_la_columna_ni_formularios(client, gerente, ana):
    prospecto = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 3))
    client.force_login(gerente)

    html = client.get(reverse("comercial:crm:prospectos") + MES + "&estado=").content.decode()

    assert len(_celdas(_fila(html, "prospecto", prospecto))) == 7 and "<form" not in _fila(html, "prospecto", prospecto)
    assert "Llamada de verificación" not in html


def test_la_fila_de_la_actividad_propone_no_valida_si_spiga_dice_no_realizada(client, lider, ana):
    prospecto = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 3), cliente="Luz Díaz")
    realizada = ActividadFactory(prospecto=prospecto, comentario="Agendó prueba de manejo")
    no_realizada = ActividadFactory(prospecto=prospecto, estado_spiga="no_realizada", comentario="")
    client.force_login(lider)

    html = client.get(reverse("comercial:crm:actividades") + MES + "&validacion=").content.decode()

    assert '<option value="no_valida">' in _fila(html, "actividad", realizada)
    assert 'value="Sin evidencia de seguimiento"' not in _fila(html, "actividad", realizada)
    assert '<option value="no_valida" selected>' in _fila(html, "actividad", no_realizada)
    assert 'value="Sin evidencia de seguimiento"' in _fila(html, "actividad", no_realizada)
    celdas = _celdas(_fila(html, "actividad", realizada))
    assert celdas[1:] == [
        f"{prospecto.id_spiga} · Luz Díaz", str(ana.usuario), "Llamada", "04/03/2026", "Realizada",
        "Agendó prueba de manejo", "Por validar", "FORM",
    ]  # fmt: skip


def test_la_actividad_avisada_muestra_el_motivo_y_la_fecha_local_del_aviso(client, lider, ana):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana), estado_spiga="no_realizada")
    services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="Sin evidencia")
    # 00:30 UTC on 10/03 is still 09/03 in Bogotá (UTC-5), the organisation's zone.
    with time_machine.travel(datetime(2026, 3, 10, 0, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        services.avisos_enviar(actor=lider, organizacion=lider.organizacion)
    client.force_login(lider)

    html = client.get(reverse("comercial:crm:actividades") + MES + "&validacion=").content.decode()

    assert _celdas(_fila(html, "actividad", actividad))[-2] == "No válida: Sin evidencia (avisado 09/03/2026)"


def test_el_formulario_de_la_fila_se_envia_tal_como_la_pagina_lo_dibujo(lider, ana):
    prospecto = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 3))
    navegador = Client(enforce_csrf_checks=True)
    navegador.force_login(lider)
    lista = reverse("comercial:crm:prospectos") + MES + "&estado="

    formulario = re.search(r"<form.*?</form>", _fila(navegador.get(lista).content.decode(), "prospecto", prospecto))
    campos = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', formulario.group(0))
    ocultos = {nombre: html_.unescape(valor) for nombre, valor in campos}  # as a browser reads them
    accion = re.search(r'action="([^"]+)"', formulario.group(0)).group(1)
    respuesta = navegador.post(accion, {**ocultos, "recibio_asesoria": "si", "resultado": "valido"})

    assert set(ocultos) == {"csrfmiddlewaretoken", "siguiente"}
    assert respuesta.status_code == 302 and respuesta.url == lista
    assert Prospecto.objects.get(pk=prospecto.pk).estado == "valido"
