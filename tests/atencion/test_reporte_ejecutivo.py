"""The executive report a PYME owner receives: cover with the four KPIs against their targets and the previous
period, honest charts, reasons with shares, the analyst's text and ENROK's people as signatories; the same
content on the page; a fixed number of queries whatever the volume."""

import io
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from atencion import reportes, selectors, services
from atencion.models import Canal, ReporteEjecutivo
from enlace.acciones import AccionRechazada
from enlace.documentos import services as documentos
from enlace.models import DocumentoEmitido
from tests.atencion.factories import releer
from tests.ayudas import afirmar_404_para
from tests.pdf_inspeccion import fraccion_con_tinta, pagina_png, texto_paginas, tiene_color

INICIO, FIN = date(2026, 10, 1), date(2026, 10, 31)


def kpis_de_ejemplo():
    """A realistic month of a PYME, in the snapshot's form (``selectors.kpis_de_reporte``)."""
    tendencia = [
        {
            "fecha": (INICIO + timedelta(days=d)).isoformat(),
            "abiertos": 8 + d % 5,
            "cerrados": 7 + d % 4,
            "respuesta_min": 12.5 + d % 6,
            "resolucion_min": 180.0 + 15 * (d % 7),
        }
        for d in range(31)
    ]
    return {
        "sla": 92.4,
        "sla_cumplidos": 258,
        "sla_medidos": 279,
        "sla_resolucion": 88.1,
        "csat": 4.12,
        "csat_n": 141,
        "csat_distribucion": [[1, 6], [2, 9], [3, 14], [4, 41], [5, 71]],
        "nps": 25.9,
        "nps_n": 139,
        "promotores": 62,
        "pasivos": 41,
        "detractores": 36,
        "fcr": 61.0,
        "abiertos": 301,
        "cerrados": 279,
        "backlog": 22,
        "respuesta_min": 14.8,
        "resolucion_min": 221.0,
        "por_canal": [
            {"canal": "whatsapp", "total": 170},
            {"canal": "llamada", "total": 91},
            {"canal": "correo", "total": 40},
        ],
        "por_motivo": [
            {"motivo__nombre": "Agendar cita", "total": 120},
            {"motivo__nombre": "Cambiar o cancelar cita", "total": 80},
            {"motivo__nombre": "Precios y promociones", "total": 60},
            {"motivo__nombre": "Queja por servicio", "total": 30},
            {"motivo__nombre": None, "total": 11},
        ],
        "tendencia": tendencia,
        "interacciones": 1180,
        "anterior": {"desde": "2026-09-01", "hasta": "2026-09-30", "sla": 88.0, "csat": 4.3, "nps": 31.5, "fcr": 61.0},
    }


@pytest.fixture
def personas(analista, gerente):
    for usuario, nombre, apellido in ((analista, "Ana", "Analista Ruiz"), (gerente, "Germán", "Gerente Soto")):
        usuario.first_name, usuario.last_name = nombre, apellido
        usuario.save(update_fields=["first_name", "last_name"])
    return analista, gerente


def _reporte(pyme, analista, gerente=None, *, kpis=None, estado=ReporteEjecutivo.Estado.BORRADOR):
    reporte = ReporteEjecutivo.objects.create(
        pyme=pyme,
        periodicidad="mensual",
        inicio=INICIO,
        fin=FIN,
        kpis=kpis_de_ejemplo() if kpis is None else kpis,
        interpretacion="Un mes con más casos y buen SLA.\n\nEl NPS bajó: revisar a los detractores.",
        recomendaciones="- Contactar a los detractores\n- Publicar horarios de citas",
        elaborado_por=analista,
    )
    if estado == ReporteEjecutivo.Estado.PUBLICADO:
        ReporteEjecutivo.objects.filter(pk=reporte.pk).update(estado=estado, validado_por=gerente)
    return releer(reporte)


def _pdf(client, usuario, reporte):
    client.force_login(usuario)
    respuesta = client.get(reverse("atencion:reporte_pdf", args=[reporte.pk]))
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    salida = os.environ.get("REPORTE_PDF_SALIDA")  # to look at it: REPORTE_PDF_SALIDA=/tmp/x.pdf
    if salida:
        Path(salida).write_bytes(respuesta.content)
    return respuesta.content


def test_portada_del_pdf_con_pyme_periodo_kpis_y_firmas_de_enrok(client, pyme, personas, usuario_pyme):
    analista, gerente = personas
    reporte = _reporte(pyme, analista, gerente, estado=ReporteEjecutivo.Estado.PUBLICADO)
    pdf = _pdf(client, usuario_pyme, reporte)
    paginas = texto_paginas(pdf)
    portada, todo = paginas[0], " ".join(paginas)
    assert pyme.nombre in portada and "Del 1 al 31 de octubre de 2026" in portada
    assert "Con ENROK, tus clientes siempre regresan" in portada
    for etiqueta, valor in (("SLA", "92,4 %"), ("CSAT", "4,12 / 5"), ("NPS", "25,9"), ("FCR", "61,0 %")):
        assert etiqueta in portada and valor in portada
    # Previous period and change, and the colour's meaning in words (not only in colour).
    assert "+4,4 pts vs. anterior (88,0 %)" in portada and "−5,6 pts vs. anterior (31,5)" in portada
    assert "Cumple la meta" in portada and "Por debajo de la meta" in portada and "Cerca de la meta" in portada
    # Who signs: ENROK's analyst and gerente, never the client.
    assert "Ana Analista Ruiz" in todo and "Germán Gerente Soto" in todo
    assert todo.count("Gerente de Operaciones, ENROK") == 2 and "Analista de Customer Success, ENROK" in todo
    ultima = paginas[-1]
    firmas = ultima[ultima.upper().rindex("ELABORÓ") : ultima.rindex("Gerente de Operaciones, ENROK")]
    assert pyme.nombre not in firmas and "Germán Gerente Soto" in firmas
    # Sections: trends, satisfaction and loyalty, channels and reasons with count and %, text of the analyst.
    for texto in (
        "Tiempos de respuesta y resolución",
        "Backlog",
        "Satisfacción (CSAT)",
        "Lealtad (NPS)",
        "Tickets por canal",
        "Agendar cita 120 39,9 %",
        "El NPS bajó: revisar a los detractores.",
        "Publicar horarios de citas",
    ):
        assert texto in todo, texto
    assert "25.9" not in todo  # the chart writes the NPS as the tables do
    imagen = pagina_png(pdf)
    assert fraccion_con_tinta(imagen) > 0.06
    assert tiene_color(imagen, reportes.VERDE) and tiene_color(imagen, reportes.ROJO)


def test_nps_promotores_verdes_pasivos_grises_detractores_rojos(pyme, personas):
    reporte = _reporte(pyme, personas[0])
    svg = reportes.contexto_reporte(reporte)["graficas"]["nps"]
    for color in reportes.COLORES_NPS:
        assert color in svg
    # The green is the promoters' slice (the first one drawn), the red the detractors' (the last one).
    rellenos = re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg)
    assert rellenos.index(reportes.VERDE) < rellenos.index(reportes.GRIS) < rellenos.index(reportes.ROJO)
    assert "25,9" in svg and "25.9" not in svg


def test_periodo_sin_datos_muestra_paneles_y_no_ejes_vacios(client, pyme, personas, gerente):
    vacios = services.selectors.kpis_de_reporte(pyme, INICIO, FIN)  # a PYME with no tickets at all
    assert vacios["abiertos"] == 0 and vacios["anterior"]["sla"] is None
    reporte = _reporte(pyme, personas[0], kpis=vacios)
    graficas = reportes.contexto_reporte(reporte)["graficas"]
    for nombre, svg in graficas.items():
        assert "Sin datos en el periodo" in svg, nombre
        assert "0,06" not in svg and "−0,0" not in svg
    pdf = _pdf(client, gerente, reporte)
    todo = " ".join(texto_paginas(pdf))
    assert todo.count("Sin datos en el periodo") == 6
    assert "Sin mediciones en el periodo" in todo and "Pendiente de validación" in todo
    assert fraccion_con_tinta(pagina_png(pdf)) > 0.03


def test_colores_de_las_tarjetas_segun_meta(settings):
    settings.ATENCION_META_SLA, settings.ATENCION_AMBAR_SLA = 90.0, 5.0
    assert selectors.semaforo_kpi("sla", 90.0) == "verde"
    assert selectors.semaforo_kpi("sla", 85.0) == "ambar"
    assert selectors.semaforo_kpi("sla", 84.9) == "rojo"
    assert selectors.semaforo_kpi("sla", None) == "sin_dato"
    tarjetas = {t["clave"]: t for t in reportes.tarjetas_kpi(kpis_de_ejemplo())}
    assert [tarjetas[c]["semaforo"] for c in ("sla", "csat", "nps", "fcr")] == ["verde", "verde", "ambar", "rojo"]
    assert tarjetas["fcr"]["cambio"] == "±0,0 pts" and tarjetas["fcr"]["tendencia"] == "igual"
    assert tarjetas["csat"]["cambio"] == "−0,18" and tarjetas["csat"]["tendencia"] == "baja"


def test_periodo_anterior():
    assert selectors.periodo_anterior(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert selectors.periodo_anterior(date(2026, 1, 1), date(2026, 1, 31)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert selectors.periodo_anterior(date(2026, 1, 12), date(2026, 1, 18)) == (date(2026, 1, 5), date(2026, 1, 11))


def test_pagina_del_reporte_con_el_mismo_contenido(client, pyme, personas, usuario_pyme):
    analista, gerente = personas
    reporte = _reporte(pyme, analista, gerente, estado=ReporteEjecutivo.Estado.PUBLICADO)
    client.force_login(usuario_pyme)
    html = client.get(reverse("atencion:reporte", args=[reporte.pk])).content.decode()
    for texto in (
        "Del 1 al 31 de octubre de 2026",
        "Con ENROK, tus clientes siempre regresan",
        'data-kpi="sla" data-semaforo="verde"',
        'data-kpi="fcr" data-semaforo="rojo"',
        "92,4 %",
        "Agendar cita",
        "39,9 %",
        "Ana Analista Ruiz",
        "Germán Gerente Soto",
        reportes.contexto_reporte(reporte)["graficas"]["nps"][:200],
    ):
        assert texto in html, texto
    assert ' style="' not in html.split("<main", 1)[1]


def test_logo_de_la_pyme_en_la_portada(client, pyme, perfil, personas, gerente, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    png = io.BytesIO()
    Image.new("RGB", (120, 60), "#7b1fa2").save(png, format="PNG")
    perfil.logo.save("logo.png", SimpleUploadedFile("logo.png", png.getvalue()), save=True)
    reporte = _reporte(pyme, personas[0])
    contexto = reportes.contexto_reporte(releer(reporte))
    assert contexto["logo"].startswith("data:image/png;base64,")
    pdf = _pdf(client, gerente, reporte)
    assert tiene_color(pagina_png(pdf), "#7b1fa2", tolerancia=10)


def test_logo_solo_imagenes_validas(client, pyme, perfil, gerente, settings, tmp_path):
    from atencion.forms import PerfilForm

    falso = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    form = PerfilForm({"giro": perfil.giro}, {"logo": falso}, instance=perfil)
    assert not form.is_valid() and "logo" in form.errors
    pdf = SimpleUploadedFile("logo.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    form = PerfilForm({"giro": perfil.giro}, {"logo": pdf}, instance=perfil)
    assert not form.is_valid() and "logo" in form.errors
    perfil.refresh_from_db()
    assert not perfil.logo


def test_gerente_corrige_el_texto_mientras_valida(pyme, personas):
    analista, gerente = personas
    reporte = _reporte(pyme, analista)
    with pytest.raises(AccionRechazada) as error:
        services.reporte_corregir(actor=gerente, reporte=reporte, recomendaciones="- x", interpretacion="y")
    assert error.value.mensaje == services.MSG_REPORTE_NO_EN_VALIDACION.format(estado="Borrador")
    services.reporte_editar(actor=analista, reporte=reporte, recomendaciones="- Una", interpretacion="Lectura")
    reporte = services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    with pytest.raises(AccionRechazada):
        services.reporte_editar(actor=analista, reporte=reporte, recomendaciones="- Otra")
    reporte = services.reporte_corregir(
        actor=gerente, reporte=reporte, recomendaciones="- Una mejor", interpretacion="Lectura corregida"
    )
    reporte = releer(reporte)
    assert reporte.estado == ReporteEjecutivo.Estado.EN_VALIDACION
    assert (reporte.interpretacion, reporte.recomendaciones) == ("Lectura corregida", "- Una mejor")


def test_pagina_ofrece_corregir_al_gerente_en_validacion(client, pyme, personas):
    analista, gerente = personas
    reporte = _reporte(pyme, analista)
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    client.force_login(gerente)
    html = client.get(reverse("atencion:reporte", args=[reporte.pk])).content.decode()
    assert 'data-accion="revisar"' in html and 'data-accion="editar"' not in html
    respuesta = client.post(
        reverse("atencion:reporte_accion", args=[reporte.pk, "revisar"]),
        {"interpretacion": "Corregida por el gerente", "recomendaciones": "- Llamar a detractores"},
    )
    assert respuesta.status_code == 302
    assert releer(reporte).interpretacion == "Corregida por el gerente"
    client.force_login(analista)
    html = client.get(reverse("atencion:reporte", args=[reporte.pk])).content.decode()
    assert 'data-accion="revisar"' not in html and 'data-accion="editar"' not in html


def test_otra_organizacion_no_ve_el_reporte(client, pyme, otra_pyme, personas, crear_usuario):
    reporte = _reporte(pyme, personas[0], personas[1], estado=ReporteEjecutivo.Estado.PUBLICADO)
    ajeno = crear_usuario("pyme", organizacion=otra_pyme)
    afirmar_404_para(client, ajeno, reverse("atencion:reporte", args=[reporte.pk]))
    afirmar_404_para(client, ajeno, reverse("atencion:reporte_pdf", args=[reporte.pk]))


def _tickets(pyme, agente, motivo, n):
    for i in range(n):
        t = services.ticket_crear(
            actor=agente, pyme=pyme, canal=Canal.WHATSAPP, asunto="x", telefono=f"55{i:08d}", motivo=motivo
        )
        services.ticket_responder(actor=agente, ticket=t, texto="hola")
        services.ticket_resolver(actor=agente, ticket=t)


def test_consultas_del_reporte_no_crecen_con_las_filas(client, pyme, agente, motivo, personas, gerente):
    """The snapshot aggregates in the database and the page/PDF read only the snapshot."""
    from django.utils import timezone

    hoy = timezone.localdate()

    def medir():
        with CaptureQueriesContext(connection) as consultas:
            selectors.kpis_de_reporte(pyme, hoy.replace(day=1), hoy)
        return len(consultas)

    _tickets(pyme, agente, motivo, 2)
    pocas = medir()
    _tickets(pyme, agente, motivo, 12)
    assert medir() == pocas
    reporte = services.reporte_crear(
        actor=personas[0], pyme=pyme, periodicidad="mensual", inicio=hoy.replace(day=1), fin=hoy
    )
    assert reporte.kpis["abiertos"] == 14 and "anterior" in reporte.kpis
    client.force_login(gerente)
    with CaptureQueriesContext(connection) as pagina:
        client.get(reverse("atencion:reporte_pdf", args=[reporte.pk]))
    _tickets(pyme, agente, motivo, 5)
    services.reporte_recalcular(actor=personas[0], reporte=reporte)
    with CaptureQueriesContext(connection) as otra:
        client.get(reverse("atencion:reporte_pdf", args=[reporte.pk]))
    assert len(otra) == len(pagina)


def test_encabezado_controlado_y_codigo_de_verificacion_del_reporte_emitido(pyme, personas, settings):
    settings.ATENCION_REPORTE_CODIGO, settings.ATENCION_REPORTE_VERSION = "ENROK-FOR-07", "2.1"
    settings.ATENCION_REPORTE_VIGENCIA = "15/03/2026"
    analista, gerente = personas
    reporte = _reporte(pyme, analista)
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    services.reporte_validar(actor=gerente, reporte=reporte)
    documento = DocumentoEmitido.objects.de(reporte, tipo=services.TIPO_DOCUMENTO).get()
    pdf = documentos.contenido(documento)
    paginas = texto_paginas(pdf)
    assert "Formato controlado ENROK-FOR-07 · versión 2.1 · vigente desde 15/03/2026" in paginas[0]
    for campo in ("CÓDIGO ENROK-FOR-07", "VERSIÓN 2.1", "15/03/2026", f"N.º {reporte.pk}"):
        assert all(campo in p for p in paginas[1:]), campo
    assert all(documento.codigo_legible in p for p in paginas)
    ultima = paginas[-1]
    assert "Recomendaciones accionables" in ultima[: ultima.upper().rindex("ELABORÓ")]  # not the signatures alone
