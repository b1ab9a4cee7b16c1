"""Console mail for development: one line per mail, so `make run` stays readable."""

from django.core.mail.backends.console import EmailBackend as BackendConsola


class EmailBackend(BackendConsola):
    def write_message(self, message):
        adjuntos = len(message.attachments)
        nota = f" ({adjuntos} adjunto{'s' if adjuntos != 1 else ''})" if adjuntos else ""
        destinatarios = ", ".join(message.recipients())
        self.stream.write(f"Correo a {destinatarios}: {message.subject}{nota}\n")
