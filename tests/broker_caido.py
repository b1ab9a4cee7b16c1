"""Real broker faults for tests and benchmarks: a closed port, and a server that accepts and never answers."""

import contextlib
import socket
import threading

import kombu.pools

from enlace.celery import app, olvidar_fallo_del_broker


def apuntar_broker(url, opciones=None):
    """Point the Celery app at ``url`` and drop every cached connection and producer."""
    app.conf.broker_url = url
    app.conf.broker_transport_options = {} if opciones is None else opciones
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    olvidar_fallo_del_broker()


@contextlib.contextmanager
def broker_cerrado():
    """A Redis URL on a local port nobody listens on: connections are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    yield f"redis://127.0.0.1:{puerto}/0"


@contextlib.contextmanager
def broker_mudo():
    """A Redis URL on a threaded TCP server that accepts every connection and never answers."""
    servidor = socket.create_server(("127.0.0.1", 0))
    abiertas = []

    def aceptar():
        while True:
            try:
                conexion, _ = servidor.accept()
            except OSError:  # closed at the end
                return
            abiertas.append(conexion)  # held open, silent

    hilo = threading.Thread(target=aceptar, daemon=True)
    hilo.start()
    try:
        yield f"redis://127.0.0.1:{servidor.getsockname()[1]}/0"
    finally:
        with contextlib.suppress(OSError):
            servidor.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        servidor.close()
        for conexion in abiertas:
            conexion.close()
        hilo.join(timeout=2)


FALLOS = {"cerrado": broker_cerrado, "mudo": broker_mudo}
