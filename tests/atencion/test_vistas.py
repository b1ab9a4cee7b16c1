"""Pages: smoke per role, 403 for other roles, 404 for another PYME, constant query counts, onboarding."""

import pytest
from django.urls import reverse

from atencion import services
from atencion.models import Canal, HorarioAtencion, ObjetivoSla, PerfilPyme, Ticket
from enlace.acciones import SIN_PERMISO
from tests.ayudas import afirmar_404_para


def crear_tickets(pyme, agente, n, motivo=None):
    tickets = []
    for i in range(n):
        t = services.ticket_crear(
            actor=agente,
            pyme=pyme,
            canal=Canal.WHATSAPP,
            asunto=f"Caso {i}",
            telefono=f"52{pyme.pk}{Ticket.objects.count()}",
            motivo=motivo,
        )
        Ticket.objects.filter(pk=t.pk).update(agente=agente)
        tickets.append(t)
    return tickets


PAGINAS_PERSONAL = ["inicio", "tickets", "metricas", "reportes", "pymes"]


@pytest.mark.parametrize("rol", ["director", "gerente_operaciones", "agente", "analista"])
def test_smoke_personal(client, crear_usuario, enrok, pyme, rol, motivo):
    usuario = crear_usuario(rol, organizacion=enrok)
    ticket = crear_tickets(pyme, None, 1, motivo)[0]
    client.force_login(usuario)
    urls = [reverse(f"atencion:{p}") for p in PAGINAS_PERSONAL]
    urls += [reverse("atencion:ticket", args=[ticket.pk]), reverse("atencion:pyme", args=[pyme.slug])]
    if rol in ("agente", "gerente_operaciones"):
        urls += [reverse("atencion:tablero"), reverse("atencion:llamada")]
    if rol in ("gerente_operaciones", "director"):
        urls += [reverse("atencion:escalamientos")]
    if rol in ("gerente_operaciones", "analista"):
        urls += [reverse("atencion:campanas"), reverse("atencion:campana_nueva")]
    if rol == "analista":
        urls += [reverse("atencion:reporte_nuevo")]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_smoke_pyme_y_prohibidos(client, usuario_pyme, pyme, agente, motivo):
    ticket = crear_tickets(pyme, agente, 1, motivo)[0]
    services.ticket_nota(actor=agente, ticket=ticket, texto="Nota interna de ENROK")
    client.force_login(usuario_pyme)
    for url in ["inicio", "tickets", "metricas", "reportes"]:
        assert client.get(reverse(f"atencion:{url}")).status_code == 200
    pagina = client.get(reverse("atencion:ticket", args=[ticket.pk]))
    assert pagina.status_code == 200 and "Principios comunes" not in pagina.content.decode()
    assert "Nota interna de ENROK" not in pagina.content.decode()
    for url in ["tablero", "escalamientos", "llamada", "pymes", "campanas", "reporte_nuevo"]:
        assert client.get(reverse(f"atencion:{url}")).status_code == 403, url
    assert client.post(reverse("atencion:ticket_accion", args=[ticket.pk, "resolver"])).status_code == 403


def test_pyme_404_en_ticket_de_otra_pyme(client, usuario_pyme, otra_pyme, agente):
    ajeno = crear_tickets(otra_pyme, agente, 1)[0]
    afirmar_404_para(client, usuario_pyme, reverse("atencion:ticket", args=[ajeno.pk]))
    assert ajeno.pk not in [t.pk for t in client.get(reverse("atencion:tickets")).context["pagina"].object_list]


def test_otra_organizacion_404(client, crear_usuario, otra_organizacion, pyme, agente):
    ticket = crear_tickets(pyme, agente, 1)[0]
    ajeno = crear_usuario("agente", organizacion=otra_organizacion)
    afirmar_404_para(client, ajeno, reverse("atencion:ticket", args=[ticket.pk]))
    afirmar_404_para(client, ajeno, reverse("atencion:pyme", args=[pyme.slug]))


def test_otro_rol_403(client, crear_usuario, organizacion):
    cop = crear_usuario("cop", organizacion=organizacion)
    client.force_login(cop)
    assert client.get(reverse("atencion:inicio")).status_code == 403
    assert client.get(reverse("atencion:tickets")).status_code == 403


def test_analista_no_valida_y_agente_no_atiende_reportes(client, analista, agente, pyme):
    reporte = services.reporte_crear(
        actor=analista,
        pyme=pyme,
        periodicidad="mensual",
        inicio=__import__("datetime").date(2026, 10, 1),
        fin=__import__("datetime").date(2026, 10, 31),
    )
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    client.force_login(analista)
    respuesta = client.post(reverse("atencion:reporte_accion", args=[reporte.pk, "validar"]))
    assert respuesta.status_code == 200
    assert SIN_PERMISO.format(accion="Validar y enviar a la PYME") in respuesta.content.decode()
    reporte.refresh_from_db()
    assert reporte.estado == "en_validacion"
    client.force_login(agente)
    assert client.post(reverse("atencion:reporte_accion", args=[reporte.pk, "validar"])).status_code == 403
    reporte.refresh_from_db()
    assert reporte.estado == "en_validacion"


def _contar(client, django_assert_num_queries, url, n):
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("nombre", "usuario_fixture"),
    [
        ("tickets", "agente"),
        ("tablero", "agente"),
        ("escalamientos", "gerente"),
        ("metricas", "gerente"),
        ("inicio", "usuario_pyme"),
        ("reportes", "analista"),
    ],
)
def test_consultas_constantes(
    client, request, django_assert_num_queries, pyme, agente, motivo, nombre, usuario_fixture
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    usuario = request.getfixturevalue(usuario_fixture)
    client.force_login(usuario)
    url = reverse(f"atencion:{nombre}")
    crear_tickets(pyme, agente, 2, motivo)
    client.get(url)
    with CaptureQueriesContext(connection) as pocas:
        client.get(url)
    tickets = crear_tickets(pyme, agente, 6, motivo)
    services.ticket_escalar(actor=agente, ticket=tickets[0], motivo="x")
    services.ticket_responder(actor=agente, ticket=tickets[1], texto="Listo")
    services.ticket_resolver(actor=agente, ticket=tickets[1])
    _contar(client, django_assert_num_queries, url, len(pocas))


def test_lista_de_tickets_numero_exacto(client, agente, pyme, motivo, django_assert_num_queries):
    client.force_login(agente)
    crear_tickets(pyme, agente, 3, motivo)
    # Session, user, role groups, navigation, bell and one query for the page (no COUNT(*)).
    with django_assert_num_queries(5):  # + 1 menu counter
        client.get(reverse("atencion:tickets"))
    crear_tickets(pyme, agente, 12, motivo)
    with django_assert_num_queries(5):  # + 1 menu counter
        client.get(reverse("atencion:tickets"))


def test_la_tabla_de_tickets_escapa_lo_que_escribe_el_cliente_y_enlaza_cada_ticket(client, agente, pyme):
    ticket = crear_tickets(pyme, agente, 1)[0]
    Ticket.objects.filter(pk=ticket.pk).update(asunto='<script>alert("x")</script> & más')
    client.force_login(agente)
    html = client.get(reverse("atencion:tickets")).content.decode()
    fila = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "<script>" not in fila and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; más" in fila
    assert f'<a href="{reverse("atencion:ticket", args=[ticket.pk])}">#{ticket.pk}</a>' in fila
    assert "WhatsApp" in fila and "No hay tickets" not in fila
    vacia = client.get(reverse("atencion:tickets"), {"q": "zzzz"}).content.decode()
    assert "No hay tickets con esos filtros" in vacia.split("<tbody>")[1]


def test_flujo_de_ticket_por_vistas(client, agente, pyme, motivo):
    ticket = crear_tickets(pyme, None, 1)[0]
    client.force_login(agente)
    url = lambda accion: reverse("atencion:ticket_accion", args=[ticket.pk, accion])  # noqa: E731
    respuesta = client.post(url("resolver"), follow=True)
    assert services.MSG_SIN_MOTIVO in respuesta.content.decode()
    client.post(url("clasificar"), {"motivo": motivo.pk, "prioridad": "alta"})
    client.post(url("responder"), {"texto": "Hola, le ayudo"})
    client.post(url("resolver"))
    ticket.refresh_from_db()
    assert ticket.estado == "resuelto" and ticket.prioridad == "alta" and ticket.agente == agente


def test_registrar_llamada_por_vista(client, agente, pyme, motivo):
    client.force_login(agente)
    respuesta = client.post(
        reverse("atencion:llamada"),
        {
            "pyme": pyme.pk,
            "telefono": "55 1555 0000",
            "nombre": "Rosa",
            "asunto": "Horario",
            "motivo": motivo.pk,
            "prioridad": "baja",
            "notas": "Preguntó el horario",
            "duracion_minutos": "2.5",
            "resuelta": "on",
        },
    )
    ticket = Ticket.objects.get()
    assert respuesta.status_code == 302 and ticket.estado == "resuelto"
    assert ticket.interacciones.get().duracion_segundos == 150


def test_llamada_con_motivo_de_otra_pyme(client, agente, pyme, otra_pyme):
    from tests.atencion.factories import MotivoFactory

    client.force_login(agente)
    ajeno = MotivoFactory(pyme=otra_pyme)
    respuesta = client.post(
        reverse("atencion:llamada"),
        {
            "pyme": pyme.pk,
            "telefono": "1",
            "asunto": "x",
            "motivo": ajeno.pk,
            "prioridad": "baja",
            "notas": "x",
            "duracion_minutos": "1",
        },
    )
    assert "El motivo no es de esa PYME." in respuesta.content.decode()
    assert not Ticket.objects.exists()


def test_onboarding_por_vistas(client, gerente, enrok):
    from tests.atencion.factories import PymeFactory

    nueva = PymeFactory(padre=enrok)
    client.force_login(gerente)
    url = reverse("atencion:pyme", args=[nueva.slug])
    client.get(url)
    perfil = PerfilPyme.objects.get(pyme=nueva)
    respuesta = client.post(url, {"seccion": "diagnostico"}, follow=True)
    assert services.MSG_DIAGNOSTICO_VACIO in respuesta.content.decode()
    client.post(
        url,
        {
            "seccion": "perfil",
            "giro": "veterinaria",
            "diagnostico": "Pierde llamadas en la tarde",
            "canal_llamada": "on",
            "canal_correo": "on",
            "contactos_escalamiento": "no-es-correo",
        },
    )
    perfil.refresh_from_db()
    assert perfil.diagnostico == ""  # invalid escalation contact: nothing saved
    client.post(
        url,
        {
            "seccion": "perfil",
            "giro": "veterinaria",
            "diagnostico": "Pierde llamadas en la tarde",
            "canal_llamada": "on",
            "canal_correo": "on",
            "contactos_escalamiento": "dueno@vet.test",
        },
    )
    client.post(url, {"seccion": "diagnostico"})
    respuesta = client.post(url, {"seccion": "activar"}, follow=True)
    assert services.MSG_ACTIVAR_INCOMPLETO in respuesta.content.decode()
    client.post(
        url, {"seccion": "horario", "abre_0": "09:00", "cierra_0": "18:00", "abre_5": "10:00", "cierra_5": "14:00"}
    )
    client.post(
        url,
        {
            "seccion": "sla",
            "canal": "llamada",
            "prioridad": "alta",
            "primera_respuesta_min": "5",
            "resolucion_min": "60",
        },
    )
    client.post(url, {"seccion": "motivo", "nombre": "Vacunas"})
    client.post(url, {"seccion": "dia", "fecha": "2026-12-12", "descripcion": "Día de la Virgen"})
    client.post(url, {"seccion": "activar"})
    perfil.refresh_from_db()
    assert perfil.estado == "activa" and perfil.giro_id == "veterinaria"
    assert HorarioAtencion.objects.filter(pyme=nueva).count() == 2
    assert ObjetivoSla.objects.get(pyme=nueva).primera_respuesta_min == 5
    # Horario con cierre antes de apertura: error y nada cambia.
    respuesta = client.post(url, {"seccion": "horario", "abre_1": "18:00", "cierra_1": "09:00"})
    assert "el cierre después de la apertura" in respuesta.content.decode()
    assert HorarioAtencion.objects.filter(pyme=nueva).count() == 2


def test_agente_no_configura(client, agente, pyme):
    client.force_login(agente)
    url = reverse("atencion:pyme", args=[pyme.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"seccion": "motivo", "nombre": "X"}).status_code == 403
