import logging
import os
import time

import kombu.pools
from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")

app = Celery("enlace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# Monotonic time until which publishing is skipped after a failure (see ``publicar``).
_broker_caido_hasta = 0.0


def encolar(nombre, *args, **opciones):
    """Queue the task named ``nombre`` ("app.tasks.funcion") with ``args``.

    Services queue tasks by name so that they never import the tasks modules that import them.
    """
    return app.signature(nombre, args=args).apply_async(**opciones)


def publicar(nombre, ids, *, por_tarea=1):
    """Queue ``nombre`` for each id from a request (after commit), ``por_tarea`` ids per task as its arguments;
    return how many ids were queued. Each publish is a round trip to the broker: a batch of a thousand rows
    queued one per task costs the caller close to a second.

    Never raises and costs at most one short attempt: connect and socket timeouts of
    ``CELERY_PUBLICAR_TIMEOUT_S``, no retries, and after a failure every publish in this process is
    skipped for ``CELERY_PUBLICAR_PAUSA_S``, so a request that writes many notices pays one timeout.
    What is not queued stays pending in its outbox and the sweep sends it.
    """
    global _broker_caido_hasta
    if time.monotonic() < _broker_caido_hasta:
        return 0
    publicadas = 0
    try:
        with _productor_con_limite() as productor:
            for inicio in range(0, len(ids), por_tarea):
                grupo = ids[inicio : inicio + por_tarea]
                encolar(nombre, *grupo, producer=productor, retry=False)
                publicadas += len(grupo)
    except Exception as exc:  # broker down or frozen: the sweep sends them
        _broker_caido_hasta = time.monotonic() + settings.CELERY_PUBLICAR_PAUSA_S
        logger.warning(
            "No se pudo publicar %s para %d fila(s) (%s); quedan para el barrido.", nombre, len(ids) - publicadas, exc
        )
    return publicadas


def olvidar_fallo_del_broker():
    """Let the next ``publicar`` try the broker again (the broker is known to be back)."""
    global _broker_caido_hasta
    _broker_caido_hasta = 0.0


def _productor_con_limite():
    """A pooled producer on a connection whose connect and reads time out after ``CELERY_PUBLICAR_TIMEOUT_S``.

    The request-path limits override ``CELERY_BROKER_TRANSPORT_OPTIONS`` (the worker's longer ones):
    kombu's Redis transport otherwise waits that long, or forever, on a frozen server.
    """
    limite = settings.CELERY_PUBLICAR_TIMEOUT_S
    opciones = {
        **(app.conf.broker_transport_options or {}),
        "socket_connect_timeout": limite,
        "socket_timeout": limite,
        "max_retries": 0,  # kombu otherwise sleeps 2 s before retrying a refused connection
    }
    conexion = app.connection_for_write(transport_options=opciones, connect_timeout=limite)
    return kombu.pools.producers[conexion].acquire(block=True, timeout=limite)
