"""Reports: the weekly committee report (PDF/XLSX), the «Reporte de cumplimiento CRM» (page/PDF/XLSX),
GC-FOR-06 with who validated, the forms per period for Quality, notes on false/not contacted calls and
the reminder email's single greeting."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from comercial.crm import selectors, services
from comercial.crm.models import LlamadaVerificacion, Prospecto
from enlace.models import CorreoSaliente
from tests.comercial.crm.factories import ActividadFactory, PerfilAsesorFactory, ProspectoFactory

pytestmark = pytest.mark.django_db
HOY = datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("America/Bogota"))


def _texto_pdf(contenido):
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(contenido)).pages)


def _filas_xlsx(contenido):
    return list(load_workbook(io.BytesIO(contenido)).active.iter_rows(values_only=True))


@pytest.fixture
def marzo(lider, ana, luis, pedro):
    """Ana: 3 leads (1 valid, 1 false, 1 pending without follow-up), 2 activities done (1 valid, 1 not);
    Luis: 1 lead without follow-up since 02/03; Pedro: nothing."""
    with time_machine.travel(HOY, tick=False):
        a1 = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 16), cliente="Cliente Uno")
        a2 = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 10), cliente="Cliente Dos")
        ProspectoFactory(perfil=ana, fecha=date(2026, 3, 18), cliente="Cliente Tres")
        ProspectoFactory(perfil=luis, fecha=date(2026, 3, 2), cliente="Cliente Luis")
        ProspectoFactory(perfil=ana, fecha=date(2026, 2, 20), cliente="Fuera del período")
        services.prospecto_validar(actor=lider, prospecto=a1, resultado="valido", recibio_asesoria=True)
        services.prospecto_validar(actor=lider, prospecto=a2, resultado="falso", notas="No existe")
        buena = ActividadFactory(prospecto=a1, fecha_programada=date(2026, 3, 17), fecha_realizada=date(2026, 3, 17))
        mala = ActividadFactory(prospecto=a2, fecha_programada=date(2026, 3, 11), fecha_realizada=date(2026, 3, 11))
        services.actividad_validar(actor=lider, actividad=buena, valida=True)
        services.actividad_validar(actor=lider, actividad=mala, valida=False, motivo="Sin soporte")
    return {"a1": a1, "a2": a2}


def test_cumplimiento_por_asesor(lider, ana, luis, pedro, marzo):
    datos = selectors.cumplimiento(lider, desde=date(2026, 3, 1), hasta=date(2026, 3, 31), hoy=date(2026, 3, 20))

    filas = {f.asesor: f for f in datos.filas}
    de_ana, de_luis, de_pedro = filas[str(ana.usuario)], filas[str(luis.usuario)], filas[str(pedro.usuario)]
    assert (de_ana.prospectos, de_ana.validos, de_ana.falsos, de_ana.pct_validos) == (3, 1, 1, 33.3)
    assert (de_ana.realizadas, de_ana.validas, de_ana.no_validas, de_ana.pct_validas) == (2, 1, 1, 50.0)
    # The valid activity counts as follow-up, the refused one does not: two leads of Ana without follow-up.
    assert (de_ana.sin_seguimiento, de_ana.ultimo_seguimiento) == (2, date(2026, 3, 17))
    assert (de_ana.max_dias, de_ana.en_rojo) == (10, 1)  # Cliente Dos, traffic 10/03, nothing valid since
    assert (de_luis.prospectos, de_luis.sin_seguimiento, de_luis.max_dias, de_luis.en_rojo) == (1, 1, 18, 1)
    assert (de_pedro.prospectos, de_pedro.pct_validos, de_pedro.max_dias) == (0, None, None)
    assert (datos.total.prospectos, datos.total.sin_seguimiento, datos.total.max_dias) == (4, 3, 18)


def test_cumplimiento_por_marca_y_alcance_del_gerente(lider, gerente, ana, pedro, marzo):
    datos = selectors.cumplimiento(
        lider, desde=date(2026, 3, 1), hasta=date(2026, 3, 31), hoy=date(2026, 3, 20), marca=pedro.marca_id
    )
    assert [f.asesor for f in datos.filas] == [str(pedro.usuario)]
    del_gerente = selectors.cumplimiento(
        gerente, desde=date(2026, 3, 1), hasta=date(2026, 3, 31), hoy=date(2026, 3, 20)
    )
    assert str(pedro.usuario) not in {f.asesor for f in del_gerente.filas}


def test_cumplimiento_pagina_pdf_y_excel(client, lider, ana, marzo):
    client.force_login(lider)
    consulta = "?desde=2026-03-01&hasta=2026-03-31"
    with time_machine.travel(HOY, tick=False):
        pagina = client.get(reverse("comercial:crm:cumplimiento") + consulta)
        pdf = client.get(reverse("comercial:crm:cumplimiento_pdf") + consulta)
        xlsx = client.get(reverse("comercial:crm:cumplimiento_xlsx") + consulta)

    assert pagina.status_code == 200
    assert "33.3 %" in pagina.content.decode() or "33,3 %" in pagina.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="cumplimiento_crm_2026-03-01_2026-03-31.pdf"' in pdf["Content-Disposition"]
    texto = _texto_pdf(pdf.content)
    assert "REPORTE DE CUMPLIMIENTO CRM" in texto.upper() and str(ana.usuario) in texto
    assert "01/03/2026 – 31/03/2026" in texto
    filas = _filas_xlsx(xlsx.content)
    assert filas[3][:4] == ("Asesor", "Marca", "Prospectos", "Válidos")
    (de_ana,) = [f for f in filas if f[0] == str(ana.usuario)]
    assert de_ana[2:13] == (3, 1, 33.3, 1, 2, 1, 50.0, 1, 2, 1, 10)
    assert filas[-1][0] == "Total"


def test_cumplimiento_periodo_al_reves_se_explica_y_usa_el_mes(client, lider, marzo):
    client.force_login(lider)
    with time_machine.travel(HOY, tick=False):
        pagina = client.get(reverse("comercial:crm:cumplimiento") + "?desde=2026-03-20&hasta=2026-03-01")
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert "La fecha «hasta» es anterior a «desde»." in html
    assert "01/03/2026 – 20/03/2026" in html


@pytest.mark.parametrize("ruta", ["cumplimiento", "cumplimiento_pdf", "cumplimiento_xlsx", "comite_pdf", "comite_xlsx"])
def test_el_asesor_no_descarga_los_reportes(client, ana, ruta):
    client.force_login(ana.usuario)
    assert client.get(reverse(f"comercial:crm:{ruta}")).status_code == 403


def test_otra_organizacion_no_ve_nada_de_carrazos(client, crear_usuario, otra_organizacion, ana, marzo):
    client.force_login(crear_usuario("lider_crm", organizacion=otra_organizacion))
    with time_machine.travel(HOY, tick=False):
        html = client.get(reverse("comercial:crm:cumplimiento") + "?desde=2026-03-01&hasta=2026-03-31")
        xlsx = client.get(reverse("comercial:crm:comite_xlsx") + "?semana=2026-03-16")
    assert str(ana.usuario) not in html.content.decode()
    assert all(str(ana.usuario) not in str(f) for f in _filas_xlsx(xlsx.content))


def test_cumplimiento_consultas_constantes(client, lider, renault, marzo, django_assert_num_queries):
    client.force_login(lider)
    url = reverse("comercial:crm:cumplimiento") + "?desde=2026-03-01&hasta=2026-03-31"
    with time_machine.travel(HOY, tick=False):
        with CaptureQueriesContext(connection) as antes:
            client.get(url)
        for _ in range(4):
            perfil = PerfilAsesorFactory(marca=renault)
            prospecto = ProspectoFactory(perfil=perfil, fecha=date(2026, 3, 5))
            ActividadFactory(prospecto=prospecto, fecha_programada=date(2026, 3, 6), fecha_realizada=date(2026, 3, 6))
        with django_assert_num_queries(len(antes)):
            client.get(url)


def test_comite_pdf_y_excel_con_totales(client, lider, ana, luis, marzo):
    client.force_login(lider)
    with time_machine.travel(HOY, tick=False):
        pagina = client.get(reverse("comercial:crm:comite") + "?semana=2026-03-16")
        pdf = client.get(reverse("comercial:crm:comite_pdf") + "?semana=2026-03-16")
        xlsx = client.get(reverse("comercial:crm:comite_xlsx") + "?semana=2026-03-16")
    assert 'href="/comercial/crm/comite.pdf?semana=2026-03-16"' in pagina.content.decode()
    texto = _texto_pdf(pdf.content)
    assert "Semana del 16/03/2026 al 22/03/2026" in texto and str(ana.usuario) in texto
    assert 'filename="comite_crm_2026-03-16.pdf"' in pdf["Content-Disposition"]
    filas = _filas_xlsx(xlsx.content)
    (de_ana,) = [f for f in filas if f[0] == str(ana.usuario)]
    # Week 16–22/03: Cliente Uno (valid) and Tres (pending); the valid activity of 17/03.
    assert de_ana[2:] == (2, 1, 0, 1, 1, 1, 1, 0, 0)
    assert filas[-1][0] == "Total" and filas[-1][2] == 2


def test_comite_consultas_constantes(client, lider, renault, django_assert_num_queries):
    client.force_login(lider)
    url = reverse("comercial:crm:comite_xlsx") + "?semana=2026-03-16"
    with CaptureQueriesContext(connection) as antes:
        client.get(url)
    for _ in range(3):
        ProspectoFactory(perfil=PerfilAsesorFactory(marca=renault), fecha=date(2026, 3, 17))
    with django_assert_num_queries(len(antes)):
        client.get(url)


def test_gc_for_06_dice_quien_valido_y_cuando(client, lider, marzo):
    lider.zona_horaria = "America/Bogota"  # times are shown in the reader's zone
    lider.save(update_fields=["zona_horaria"])
    client.force_login(lider)
    with time_machine.travel(HOY, tick=False):
        pdf = client.get(reverse("comercial:crm:formato_pdf", args=["gc-for-06"]) + "?mes=2026-03")
        xlsx = client.get(reverse("comercial:crm:formato_xlsx", args=["gc-for-06"]) + "?mes=2026-03")
    texto = _texto_pdf(pdf.content)
    assert "Validado por" in texto and str(lider) in texto and "20/03/2026 10:00" in texto
    filas = _filas_xlsx(xlsx.content)
    (uno,) = [f for f in filas if f[4] == "Cliente Uno"]
    assert uno[-2:] == (str(lider), "20/03/2026 10:00")


def test_calidad_ve_los_formatos_por_periodo(client, crear_usuario, carrazos, ana, marzo):
    calidad = crear_usuario("coordinador_calidad", organizacion=carrazos)
    client.force_login(calidad)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse("comercial:crm:formatos_periodo"))
    assert respuesta.status_code == 200
    filas = {f.mes: f for f in respuesta.context["filas"]}
    assert len(filas) == 12
    marzo_, febrero = filas[date(2026, 3, 1)], filas[date(2026, 2, 1)]
    assert (marzo_.prospectos, marzo_.prospectos_validados, marzo_.actividades, marzo_.actividades_validadas) == (
        4,
        2,
        2,
        2,
    )
    assert (febrero.prospectos, febrero.prospectos_validados) == (1, 0)
    html = respuesta.content.decode()
    assert 'href="/comercial/crm/formatos/gc-for-06.pdf?mes=2026-03"' in html


def test_formatos_por_periodo_solo_para_calidad_lider_y_gerencia(client, ana, gerente):
    for usuario in (ana.usuario, gerente):
        client.force_login(usuario)
        assert client.get(reverse("comercial:crm:formatos_periodo")).status_code == 403


def test_formatos_por_periodo_consultas_constantes(client, lider, ana, django_assert_num_queries):
    client.force_login(lider)
    url = reverse("comercial:crm:formatos_periodo") + "?mes=2026-03"
    with CaptureQueriesContext(connection) as antes:
        client.get(url)
    for n in range(1, 4):
        ProspectoFactory(perfil=ana, fecha=date(2026, n, 5))
    with django_assert_num_queries(len(antes)):
        client.get(url)


@pytest.mark.parametrize("resultado", ["falso", "no_contactado"])
def test_falso_o_no_contactado_exige_notas(lider, ana, resultado):
    prospecto = ProspectoFactory(perfil=ana)
    with pytest.raises(services.ErrorCRM) as error:
        services.prospecto_validar(actor=lider, prospecto=prospecto, resultado=resultado, notas="   ")
    assert error.value.mensaje == services.ERROR_FALTA_NOTAS
    prospecto.refresh_from_db()
    assert (prospecto.estado, prospecto.llamadas_verificacion) == ("pendiente", 0)
    assert not LlamadaVerificacion.objects.exists()


def test_la_pagina_pide_notas_para_falso(client, lider, ana):
    prospecto = ProspectoFactory(perfil=ana)
    client.force_login(lider)
    respuesta = client.post(
        reverse("comercial:crm:prospecto_accion", args=[prospecto.pk, "validar"]), {"resultado": "falso", "notas": ""}
    )
    assert services.ERROR_FALTA_NOTAS in respuesta.content.decode()
    assert Prospecto.objects.get(pk=prospecto.pk).estado == "pendiente"


def test_el_aviso_saluda_una_sola_vez(lider, ana):
    prospecto = ProspectoFactory(perfil=ana)
    actividad = ActividadFactory(prospecto=prospecto, estado_spiga="no_realizada", fecha_realizada=None)
    services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="Sin evidencia")
    services.avisos_enviar(actor=lider, organizacion=lider.organizacion)
    correo = CorreoSaliente.objects.get()
    assert correo.cuerpo_texto.count("Hola") == 1
    assert correo.cuerpo_html.count("Hola") == 1
