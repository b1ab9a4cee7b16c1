import io

from django.core.mail import EmailMessage

from enlace.notificaciones.consola import EmailBackend


def test_la_consola_imprime_una_linea_por_correo():
    salida = io.StringIO()
    backend = EmailBackend(stream=salida)
    con_pdf = EmailMessage("Reporte de noviembre", "cuerpo\nlargo\n" * 50, to=["a@x.mx", "b@x.mx"])
    con_pdf.attach("reporte.pdf", b"%PDF-1.7", "application/pdf")
    enviados = backend.send_messages([EmailMessage("Apartado validado", "cuerpo", to=["c@x.mx"]), con_pdf])
    assert enviados == 2
    assert salida.getvalue().splitlines() == [
        "Correo a c@x.mx: Apartado validado",
        "Correo a a@x.mx, b@x.mx: Reporte de noviembre (1 adjunto)",
    ]
