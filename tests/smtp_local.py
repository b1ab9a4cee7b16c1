"""A real SMTP server on loopback (aiosmtpd) for tests of the outbox and of mailed documents.

Use the ``smtp`` fixture (re-exported by the test modules that need it): Django's SMTP backend
points at it, and ``smtp.buzon.mensajes`` holds every message accepted, parsed.
"""

import email
import logging
import socket
import time

import pytest
from aiosmtpd.controller import Controller


def puerto_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Buzon:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.mensajes = []
        self.conexiones = set()  # the client address of each connection that delivered a message
        self.demora = 0.0
        self.rechazar = 0  # the next N messages get a temporary failure (451), like a busy server

    async def handle_DATA(self, server, session, envelope):
        if self.demora:
            time.sleep(self.demora)  # block the listener: a slow server widens race windows
        if self.rechazar:
            self.rechazar -= 1
            return "451 Requested action aborted: local error in processing"
        self.mensajes.append(email.message_from_bytes(envelope.original_content))
        self.conexiones.add(session.peer)
        return "250 Message accepted for delivery"

    def message_ids(self):
        return [m["Message-ID"] for m in self.mensajes]


class ServidorSmtp:
    """A real SMTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self):
        self.puerto = puerto_libre()
        self.buzon = Buzon()
        self._controlador = None

    def iniciar(self):
        self._controlador = Controller(self.buzon, hostname="127.0.0.1", port=self.puerto)
        self._controlador.start()

    def detener(self):
        if self._controlador is not None:
            self._controlador.stop()
            self._controlador = None

    @property
    def recibidos(self):
        return len(self.buzon.mensajes)


def adjuntos_de(mensaje):
    """[(file name, MIME type, bytes)] of the attachments of a parsed message."""
    return [
        (parte.get_filename(), parte.get_content_type(), parte.get_payload(decode=True))
        for parte in mensaje.walk()
        if parte.get_content_disposition() == "attachment"
    ]


@pytest.fixture
def smtp(settings):
    registro_smtp = logging.getLogger("mail.log")  # aiosmtpd logs every SMTP command at INFO
    nivel = registro_smtp.level
    registro_smtp.setLevel(logging.WARNING)
    servidor = ServidorSmtp()
    servidor.iniciar()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = servidor.puerto
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield servidor
    servidor.detener()
    registro_smtp.setLevel(nivel)
