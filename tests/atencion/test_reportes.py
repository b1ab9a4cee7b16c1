"""Executive report workflow (draft → validation → published / returned) and its PDF."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.formats import number_format
from pypdf import PdfReader

from atencion import reportes, services
from atencion.models import Canal, Encuesta, ReporteEjecutivo
from enlace.acciones import NO_DISPONIBLE, AccionRechazada
from enlace.models import Notificacion
from tests.ayudas import afirmar_404_para


@pytest.fixture
def con_datos(pyme, agente, motivo):
    for i in range(3):
        t = services.ticket_crear(
            actor=agente, pyme=pyme, canal=Canal.WHATSAPP, asunto="x", telefono=str(i), motivo=motivo
        )
        services.ticket_responder(actor=agente, ticket=t, texto="hola")
        services.ticket_resolver(actor=agente, ticket=t)
    for n, e in enumerate(Encuesta.objects.all()):
        services.encuesta_responder(token=services.token_encuesta(e), csat=5 - n, nps=10 - 3 * n)
    return pyme


def borrador(pyme, analista):
    from django.utils import timezone

    hoy = timezone.localdate()
    return services.reporte_crear(actor=analista, pyme=pyme, periodicidad="mensual", inicio=hoy.replace(day=1), fin=hoy)


def test_flujo_completo(con_datos, analista, gerente, usuario_pyme):
    reporte = borrador(con_datos, analista)
    assert reporte.estado == ReporteEjecutivo.Estado.BORRADOR
    assert reporte.kpis["csat"] == 4.0 and reporte.kpis["cerrados"] == 3
    assert reporte.recomendaciones.startswith("- ")
    reporte = services.reporte_editar(actor=analista, reporte=reporte, recomendaciones="- Ampliar horario sábado")
    reporte = services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    assert Notificacion.objects.filter(destinatario=gerente).exists()
    reporte = services.reporte_devolver(actor=gerente, reporte=reporte, observacion="Agregar motivo principal")
    assert reporte.estado == ReporteEjecutivo.Estado.DEVUELTO
    assert Notificacion.objects.filter(destinatario=analista, titulo__startswith="Reporte devuelto").exists()
    services.reporte_editar(actor=analista, reporte=reporte, recomendaciones="- Ampliar horario\n- Publicar FAQ")
    reporte = services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    reporte = services.reporte_validar(actor=gerente, reporte=reporte)
    assert reporte.estado == ReporteEjecutivo.Estado.PUBLICADO and reporte.validado_por == gerente
    aviso = Notificacion.objects.get(destinatario=usuario_pyme)
    assert aviso.enlace == reverse("atencion:reporte", args=[reporte.pk])
    assert usuario_pyme.email in list(aviso.correos.values_list("para", flat=True))
    with pytest.raises(AccionRechazada) as error:
        services.reporte_editar(actor=analista, reporte=reporte, recomendaciones="cambio")
    assert error.value.mensaje == services.MSG_REPORTE_NO_EDITABLE.format(estado="Validado y publicado")


def test_guardas_del_flujo(con_datos, analista, gerente):
    reporte = borrador(con_datos, analista)
    services.reporte_editar(actor=analista, reporte=reporte, recomendaciones="  ")
    with pytest.raises(AccionRechazada) as error:
        services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    assert error.value.mensaje == services.MSG_REPORTE_SIN_RECOMENDACIONES
    with pytest.raises(AccionRechazada) as error:
        services.reporte_validar(actor=gerente, reporte=reporte)  # not in validation
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Validar y enviar a la PYME", estado="Borrador")
    services.reporte_editar(actor=analista, reporte=reporte, recomendaciones="- algo")
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    with pytest.raises(services.ErrorAtencion) as error:
        services.reporte_devolver(actor=gerente, reporte=reporte, observacion=" ")
    assert error.value.mensaje == services.MSG_DEVOLUCION_SIN_OBSERVACION
    with pytest.raises(services.ErrorAtencion) as error:
        borrador(con_datos, analista)
    assert error.value.mensaje == services.MSG_REPORTE_DUPLICADO.format(periodicidad="mensual")


def test_recomendaciones_por_reglas():
    texto = services.recomendaciones_de(
        {
            "sla": 70.0,
            "csat": 3.2,
            "nps": 10.0,
            "fcr": 50.0,
            "abiertos": 9,
            "cerrados": 4,
            "por_motivo": [{"motivo__nombre": "Citas", "total": 7}],
        }
    )
    assert texto.count("\n- ") == 5 and "«Citas»" in texto
    assert "cumplieron las metas" in services.recomendaciones_de(
        {"sla": 95.0, "csat": 4.6, "nps": 60.0, "fcr": 85.0, "abiertos": 1, "cerrados": 2}
    )


def test_pdf_con_kpis_y_graficas(client, con_datos, analista, gerente, usuario_pyme):
    reporte = borrador(con_datos, analista)
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    services.reporte_validar(actor=gerente, reporte=reporte)
    client.force_login(usuario_pyme)
    respuesta = client.get(reverse("atencion:reporte_pdf", args=[reporte.pk]))
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    lector = PdfReader(BytesIO(respuesta.content))
    texto = " ".join(p.extract_text() for p in lector.pages)
    reporte.refresh_from_db()
    k = {
        kpi.clave: number_format(reporte.kpis[kpi.clave], kpi.decimales) + kpi.unidad
        for kpi in reportes.KPIS
        if reporte.kpis[kpi.clave] is not None
    }
    assert k["csat"] == "4,00 / 5"  # 5, 4, 3 → 4.0, written the Mexican-Spanish way
    for etiqueta in ("sla", "csat", "nps", "fcr"):
        if etiqueta in k:
            assert f"{etiqueta.upper()}\n{k[etiqueta]}" in texto, etiqueta
    for titulo in (
        "Tiempos de respuesta",
        "Backlog",
        "Satisfacción (CSAT)",
        "Lealtad (NPS)",
        "Motivos de contacto",
        "Tickets por canal",
    ):
        assert titulo in texto
    # The charts are vector drawings: page content streams carry many path operators.
    trazos = sum(
        p.get_contents().get_data().count(b" l\n") + p.get_contents().get_data().count(b" re\n") for p in lector.pages
    )
    assert trazos > 50


def test_pyme_solo_ve_sus_reportes_publicados(client, con_datos, analista, gerente, otra_pyme, usuario_pyme):
    reporte = borrador(con_datos, analista)
    afirmar_404_para(client, usuario_pyme, reverse("atencion:reporte", args=[reporte.pk]))  # still a draft
    ajeno = services.reporte_crear(
        actor=analista, pyme=otra_pyme, periodicidad="semanal", inicio=date(2026, 1, 5), fin=date(2026, 1, 11)
    )
    services.reporte_enviar_a_validacion(actor=analista, reporte=ajeno)
    services.reporte_validar(actor=gerente, reporte=ajeno)
    afirmar_404_para(client, usuario_pyme, reverse("atencion:reporte", args=[ajeno.pk]))
    afirmar_404_para(client, usuario_pyme, reverse("atencion:reporte_pdf", args=[ajeno.pk]))
