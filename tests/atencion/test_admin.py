"""The admin's transition buttons run the services: same guards, events and notifications as the pages."""

from django.urls import reverse

from atencion.models import Encuesta, ReporteEjecutivo, Ticket
from tests.atencion.factories import eventos, releer, reporte_en, ticket_en


def test_el_admin_resuelve_por_el_servicio(client, admin_usuario, pyme, motivo):
    ticket = ticket_en(pyme, Ticket.Estado.EN_PROCESO, motivo=motivo)
    client.force_login(admin_usuario)
    ficha = client.get(reverse("admin:atencion_ticket_change", args=[ticket.pk])).content.decode()
    accion = reverse("admin:atencion_ticket_accion", args=[ticket.pk, "resolver"])
    assert accion in ficha and reverse("admin:atencion_ticket_accion", args=[ticket.pk, "cerrar"]) not in ficha
    assert client.post(accion).status_code == 302
    assert releer(ticket).estado == Ticket.Estado.RESUELTO
    assert eventos(ticket, "atencion.ticket.resuelto").get().actor == admin_usuario
    assert Encuesta.objects.filter(ticket=ticket).exists()  # the survey goes out, as from the page


def test_el_admin_devuelve_con_observacion(client, admin_usuario, pyme, analista):
    reporte = reporte_en(pyme, analista, ReporteEjecutivo.Estado.EN_VALIDACION)
    client.force_login(admin_usuario)
    accion = reverse("admin:atencion_reporteejecutivo_accion", args=[reporte.pk, "devolver"])
    assert client.post(accion, {"observacion": ""}).status_code == 200  # the form asks for it again
    assert releer(reporte).estado == ReporteEjecutivo.Estado.EN_VALIDACION
    assert client.post(accion, {"observacion": "Revisar el NPS"}).status_code == 302
    reporte = releer(reporte)
    assert (reporte.estado, reporte.observacion) == (ReporteEjecutivo.Estado.DEVUELTO, "Revisar el NPS")
