"""What each object page offers equals what the runner and the rules accept, for every role and state."""

import pytest
from django.urls import reverse

from atencion import services
from atencion.models import Campana, PerfilPyme, ReporteEjecutivo, Ticket
from atencion.views.campanas import ACCIONES_CAMPANA
from atencion.views.pymes import ACCIONES_PYME
from atencion.views.reportes import ACCIONES_REPORTE
from atencion.views.tickets import ACCIONES_TICKET
from tests.atencion.factories import campana_en, perfil_en, reporte_en, ticket_en
from tests.ayudas import afirmar_ofrece_lo_permitido

SIN_ACCIONES = ("director", "analista", "usuario_pyme")


def _pagina(client, usuario, url):
    client.force_login(usuario)
    respuesta = client.get(url)
    assert respuesta.status_code == 200
    return respuesta.content.decode()


@pytest.mark.parametrize("estado", Ticket.Estado.values)
@pytest.mark.parametrize("rol", ["agente", "gerente", "admin_usuario", *SIN_ACCIONES])
def test_ticket(client, request, pyme, motivo, estado, rol):
    ticket = ticket_en(pyme, estado, motivo=motivo)
    usuario = request.getfixturevalue(rol)
    html = _pagina(client, usuario, reverse("atencion:ticket", args=[ticket.pk]))
    ofrecidas = afirmar_ofrece_lo_permitido(html, ACCIONES_TICKET, ticket, usuario)
    if rol in SIN_ACCIONES:
        assert ofrecidas == set()
    elif estado == Ticket.Estado.ABIERTO:  # no agent interaction yet: nothing to resolve
        assert ofrecidas == {"responder", "clasificar", "llamada", "nota", "escalar", "asignar", "cita"}
    elif estado == Ticket.Estado.RESUELTO:
        assert ofrecidas == {"cerrar", "reabrir"}


def test_ticket_abierto_ofrece_resolver_tras_una_interaccion(client, pyme, motivo, agente):
    ticket = ticket_en(pyme, Ticket.Estado.ABIERTO, motivo=motivo, contactos=1)
    html = _pagina(client, agente, reverse("atencion:ticket", args=[ticket.pk]))
    assert "resolver" in afirmar_ofrece_lo_permitido(html, ACCIONES_TICKET, ticket, agente)


def test_ticket_sin_motivo_no_ofrece_resolver_hasta_clasificarlo(client, pyme, motivo, agente):
    ticket = ticket_en(pyme, Ticket.Estado.EN_PROCESO)
    url = reverse("atencion:ticket", args=[ticket.pk])
    assert "resolver" not in afirmar_ofrece_lo_permitido(_pagina(client, agente, url), ACCIONES_TICKET, ticket, agente)
    services.ticket_clasificar(actor=agente, ticket=ticket, motivo=motivo, prioridad="media")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert "resolver" in afirmar_ofrece_lo_permitido(_pagina(client, agente, url), ACCIONES_TICKET, ticket, agente)


@pytest.mark.parametrize("estado", ReporteEjecutivo.Estado.values)
@pytest.mark.parametrize("rol", ["analista", "gerente", "director", "agente", "admin_usuario"])
def test_reporte(client, request, pyme, analista, estado, rol):
    reporte = reporte_en(pyme, analista, estado)
    usuario = request.getfixturevalue(rol)
    html = _pagina(client, usuario, reverse("atencion:reporte", args=[reporte.pk]))
    ofrecidas = afirmar_ofrece_lo_permitido(html, ACCIONES_REPORTE, reporte, usuario)
    esperadas = {
        ("analista", "borrador"): {"editar", "recalcular", "enviar"},
        ("analista", "devuelto"): {"editar", "recalcular", "enviar"},
        ("gerente", "en_validacion"): {"validar", "devolver", "revisar"},
    }
    # A superuser passes every permission, never a condition: a report out of draft is not edited.
    esperadas.update({("admin_usuario", e): esperadas[("analista", e)] for e in ("borrador", "devuelto")})
    esperadas[("admin_usuario", "en_validacion")] = esperadas[("gerente", "en_validacion")]
    assert ofrecidas == esperadas.get((rol, estado), set())


def test_reporte_publicado_no_ofrece_nada_a_la_pyme(client, pyme, analista, usuario_pyme):
    reporte = reporte_en(pyme, analista, ReporteEjecutivo.Estado.PUBLICADO)
    html = _pagina(client, usuario_pyme, reverse("atencion:reporte", args=[reporte.pk]))
    assert afirmar_ofrece_lo_permitido(html, ACCIONES_REPORTE, reporte, usuario_pyme) == set()


@pytest.mark.parametrize("estado", Campana.Estado.values)
@pytest.mark.parametrize("rol", ["gerente", "analista", "director"])
def test_campana(client, request, pyme, gerente, estado, rol):
    campana = campana_en(pyme, gerente, estado)
    usuario = request.getfixturevalue(rol)
    html = _pagina(client, usuario, reverse("atencion:campana", args=[campana.pk]))
    ofrecidas = afirmar_ofrece_lo_permitido(html, ACCIONES_CAMPANA, campana, usuario)
    if rol == "director":
        assert ofrecidas == set()
    else:
        assert ofrecidas == {"borrador": {"programar", "cancelar"}, "programada": {"cancelar"}}.get(estado, set())


CONFIGURACION = {"perfil", "horario", "dia", "sla", "motivo", "guion", "invitar"}


@pytest.mark.parametrize("estado", PerfilPyme.Estado.values)
@pytest.mark.parametrize("rol", ["gerente", "director", "agente", "analista"])
def test_pyme(client, request, enrok, estado, rol):
    perfil = perfil_en(enrok, estado)
    usuario = request.getfixturevalue(rol)
    html = _pagina(client, usuario, reverse("atencion:pyme", args=[perfil.pyme.slug]))
    ofrecidas = afirmar_ofrece_lo_permitido(html, ACCIONES_PYME, perfil, usuario)
    if rol in ("agente", "analista"):
        assert ofrecidas == set()
    else:
        transicion = {"diagnostico": {"diagnostico"}, "configuracion": {"activar"}}.get(estado, set())
        # Only the director suspends (from any onboarding state) and reactivates.
        if rol == "director":
            transicion |= {"reactivar"} if estado == PerfilPyme.Estado.SUSPENDIDA else {"suspender"}
        assert ofrecidas == CONFIGURACION | transicion
