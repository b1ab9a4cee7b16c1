from atencion.models import Encuesta, Guion, PerfilPyme, ReporteEjecutivo, Ticket


def conteos():
    return {m.__name__: m.objects.count() for m in (PerfilPyme, Ticket, Encuesta, ReporteEjecutivo, Guion)}


def test_demo_idempotente(cargar_demo_de):
    cargar_demo_de("atencion.demo")
    primera = conteos()
    cargar_demo_de("atencion.demo")
    assert conteos() == primera
    assert primera["Ticket"] > 40 and primera["PerfilPyme"] == 4  # two active, one in diagnosis, one suspended
    assert ReporteEjecutivo.objects.filter(estado="publicado").count() == 2
    assert Encuesta.objects.filter(respondida_en__isnull=False).exists()
    assert set(Ticket.objects.values_list("canal", flat=True)) == {"llamada", "whatsapp", "correo"}
    assert Ticket.objects.filter(escalado_en__isnull=False).exists()
