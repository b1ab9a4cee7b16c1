from io import StringIO

from django.core.management import call_command

from atencion.models import Encuesta, Guion, PerfilPyme, ReporteEjecutivo, Ticket


def conteos():
    return {m.__name__: m.objects.count() for m in (PerfilPyme, Ticket, Encuesta, ReporteEjecutivo, Guion)}


def test_demo_idempotente(db):
    call_command("demo", stdout=StringIO())
    primera = conteos()
    call_command("demo", stdout=StringIO())
    assert conteos() == primera
    assert primera["Ticket"] > 40 and primera["PerfilPyme"] == 2
    assert ReporteEjecutivo.objects.filter(estado="publicado").count() == 2
    assert Encuesta.objects.filter(respondida_en__isnull=False).exists()
    assert set(Ticket.objects.values_list("canal", flat=True)) == {"llamada", "whatsapp", "correo"}
    assert Ticket.objects.filter(escalado_en__isnull=False).exists()
