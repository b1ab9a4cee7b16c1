"""The email outbox against real parts: an SMTP listener on loopback (aiosmtpd), the real
Redis broker and a real Celery worker. Nothing here mocks SMTP or the broker.

Proves the two promises of the outbox: a notification is never lost when Redis or SMTP is
down, and never delivered twice (concurrent dispatchers, repeated sweeps).
"""

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

import pytest
import redis
import time_machine
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from enlace.celery import app as celery_app
from enlace.models import CorreoSaliente
from enlace.notificaciones import services
from tests.broker_caido import apuntar_broker
from tests.enlace.factories import UsuarioFactory
from tests.smtp_local import puerto_libre

Estado = CorreoSaliente.Estado
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
EN_CI = os.environ.get("CI", "").lower() == "true"


_puerto_libre = puerto_libre


def _esperar(condicion, segundos=5.0):
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if condicion():
            return True
        time.sleep(0.02)
    return condicion()


# --- Broker ----------------------------------------------------------------------


@pytest.fixture
def restaurar_broker():
    """Yields a function that re-points the broker; the original one is restored afterwards."""
    original = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    yield apuntar_broker
    apuntar_broker(*original)


@pytest.fixture(params=["cerrado", "mudo"])
def broker_caido(request, restaurar_broker):
    """A broker that is down: a closed port (connection refused), or a frozen server that
    accepts the TCP connection and never answers (publishing must time out, not hang)."""
    if request.param == "cerrado":
        restaurar_broker(f"redis://127.0.0.1:{_puerto_libre()}/0", {})
        yield
        return
    with socket.socket() as mudo:
        mudo.bind(("127.0.0.1", 0))
        mudo.listen(16)  # the kernel completes handshakes; nobody ever reads or replies
        restaurar_broker(f"redis://127.0.0.1:{mudo.getsockname()[1]}/0", {})
        yield


@pytest.fixture
def broker_redis(restaurar_broker):
    """The real Redis broker, isolated under a key prefix of its own that is deleted afterwards."""
    cliente = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        cliente.ping()
    except redis.RedisError as exc:
        mensaje = f"Redis no responde en {REDIS_URL} ({exc}); defina REDIS_URL o arranque Redis."
        if EN_CI:
            pytest.fail(mensaje)
        pytest.skip(mensaje)
    prefijo = f"pruebas-bandeja-{uuid.uuid4().hex[:8]}:"
    restaurar_broker(REDIS_URL, {"global_keyprefix": prefijo, "visibility_timeout": 60})
    yield cliente
    restaurar_broker(REDIS_URL, {"global_keyprefix": prefijo})  # close connections before deleting keys
    claves = list(cliente.scan_iter(f"{prefijo}*"))
    if claves:
        cliente.delete(*claves)
    cliente.close()


def _mensajes_en_cola():
    with celery_app.connection_for_write() as conexion:
        return conexion.default_channel.queue_declare(
            queue=celery_app.conf.task_default_queue, passive=False
        ).message_count


def _atender_cola():
    """Consume what is queued in the broker and run each task here (a one-shot worker, same thread)."""
    celery_app.loader.import_default_modules()  # the tasks modules, as a worker loads them at start
    ejecutadas = 0
    with celery_app.connection_for_read() as conexion:
        cola = conexion.SimpleQueue(celery_app.conf.task_default_queue)
        try:
            while True:
                try:
                    mensaje = cola.get(timeout=0.2)
                except cola.Empty:
                    return ejecutadas
                args, kwargs, _ = mensaje.payload
                celery_app.tasks[mensaje.headers["task"]](*args, **kwargs)
                mensaje.ack()
                ejecutadas += 1
        finally:
            cola.close()


@pytest.fixture
def usuario(crear_usuario):
    return crear_usuario("cop")


def _encolar(n=1):
    return [
        services.encolar_correo(para=f"destino{i}@ejemplo.test", asunto=f"Aviso {i}", cuerpo_texto="Texto")
        for i in range(n)
    ]


# --- 2. nothing before commit, exactly one after ------------------------------------


@pytest.mark.django_db
def test_nada_sale_antes_del_commit_y_llega_un_solo_correo(
    smtp, broker_redis, usuario, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        services.notificar(destinatarios=[usuario], titulo="Unidad disponible", cuerpo="Ya puede apartarla.")
        assert CorreoSaliente.objects.get().estado == Estado.PENDIENTE
    # Committed, callbacks not run yet: nothing published, nothing sent.
    assert len(callbacks) == 1
    assert _mensajes_en_cola() == 0
    assert smtp.recibidos == 0

    callbacks[0]()
    assert _mensajes_en_cola() == 1
    assert smtp.recibidos == 0
    assert _atender_cola() == 1

    correo = CorreoSaliente.objects.get()
    assert correo.estado == Estado.ENVIADO
    assert smtp.recibidos == 1
    recibido = smtp.buzon.mensajes[0]
    assert recibido["To"] == usuario.email
    assert recibido["Subject"] == "Unidad disponible"
    assert recibido["Message-ID"] == services.message_id(correo)
    assert services.barrer_bandeja_salida() == 0
    assert smtp.recibidos == 1


@pytest.mark.django_db
def test_los_correos_de_un_commit_salen_de_a_varios_por_tarea_y_conexion(
    smtp, broker_redis, settings, django_capture_on_commit_callbacks
):
    settings.ENLACE_CORREOS_POR_TAREA = 4
    destinatarios = UsuarioFactory.create_batch(10)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.notificar(destinatarios=destinatarios, titulo="Unidad disponible", cuerpo="Ya puede apartarla.")
    assert _mensajes_en_cola() == 3  # 4 + 4 + 2 correos
    assert _atender_cola() == 3
    assert smtp.recibidos == 10
    assert len(smtp.buzon.conexiones) == 3
    assert sorted(m["To"] for m in smtp.buzon.mensajes) == sorted(u.email for u in destinatarios)
    assert set(CorreoSaliente.objects.values_list("estado", flat=True)) == {Estado.ENVIADO}


@pytest.mark.django_db
def test_enviar_varios_solo_envia_los_pendientes_que_vencieron(smtp):
    enviado, pendiente, futuro = _encolar(3)
    assert services.enviar_correo(enviado.pk) is True
    CorreoSaliente.objects.filter(pk=futuro.pk).update(proximo_intento=timezone.now() + timedelta(minutes=5))
    assert services.enviar_correos([enviado.pk, pendiente.pk, futuro.pk]) == 1
    assert [m["To"] for m in smtp.buzon.mensajes] == [enviado.para, pendiente.para]
    assert CorreoSaliente.objects.get(pk=futuro.pk).estado == Estado.PENDIENTE
    CorreoSaliente.objects.filter(pk=futuro.pk).update(proximo_intento=timezone.now())
    celery_app.loader.import_default_modules()
    celery_app.tasks["enlace.tasks.enviar_correo"](futuro.pk)  # a task queued with one id, as before
    assert smtp.recibidos == 3
    assert CorreoSaliente.objects.get(pk=futuro.pk).estado == Estado.ENVIADO


# --- 3. broker down ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_broker_caido_no_frena_el_commit_y_el_barrido_entrega_una_vez(
    smtp, broker_caido, usuario, restaurar_broker, caplog
):
    inicio = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="enlace.celery"), transaction.atomic():
        services.notificar(destinatarios=[usuario], titulo="Cierre de operación", cuerpo="Firmado.")
    duracion = time.monotonic() - inicio

    assert duracion < 4, f"el commit con el broker caído tardó {duracion:.1f} s"
    assert "quedan para el barrido" in caplog.text
    correo = CorreoSaliente.objects.get()  # committed, on its own connection
    assert correo.estado == Estado.PENDIENTE
    assert correo.intentos == 0
    assert smtp.recibidos == 0

    restaurar_broker(REDIS_URL, {})  # broker back (the sweep itself does not need it)
    assert services.barrer_bandeja_salida() == 1
    assert services.barrer_bandeja_salida() == 0
    assert smtp.recibidos == 1
    correo.refresh_from_db()
    assert correo.estado == Estado.ENVIADO


# --- 4. SMTP down ------------------------------------------------------------------


@pytest.mark.django_db
def test_smtp_caido_deja_pendiente_y_el_barrido_entrega_al_volver(smtp):
    (correo,) = _encolar()
    smtp.detener()

    antes = timezone.now()
    assert services.enviar_correo(correo.pk) is False
    correo.refresh_from_db()
    assert correo.estado == Estado.PENDIENTE
    assert correo.intentos == 1
    assert correo.ultimo_error.startswith("ConnectionRefusedError")
    assert correo.proximo_intento >= antes + timedelta(seconds=60)  # backoff before the next try
    assert services.barrer_bandeja_salida() == 0  # not due yet

    smtp.iniciar()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert services.barrer_bandeja_salida() == 1
        assert services.barrer_bandeja_salida() == 0
    assert smtp.recibidos == 1
    correo.refresh_from_db()
    assert correo.estado == Estado.ENVIADO
    assert correo.intentos == 2
    assert correo.ultimo_error == ""
    assert smtp.buzon.mensajes[0]["Message-ID"] == services.message_id(correo)


@pytest.mark.django_db
def test_barrido_con_smtp_caido_intenta_una_vez_y_no_gasta_intentos_del_resto(smtp):
    correos = _encolar(3)
    smtp.detener()
    assert services.barrer_bandeja_salida() == 0
    intentos = sorted(CorreoSaliente.objects.values_list("intentos", flat=True))
    assert intentos == [0, 0, 1]  # one connection attempt, the others released untouched
    assert not CorreoSaliente.objects.exclude(estado=Estado.PENDIENTE).exists()

    smtp.iniciar()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert services.barrer_bandeja_salida() == 3
        assert services.barrer_bandeja_salida() == 0
    assert sorted(smtp.buzon.message_ids()) == sorted(services.message_id(c) for c in correos)


@pytest.mark.django_db
def test_tras_el_maximo_de_intentos_queda_fallido(smtp, settings):
    settings.ENLACE_BANDEJA_MAX_INTENTOS = 2
    settings.ENLACE_BANDEJA_REINTENTO_SEGUNDOS = 0
    (correo,) = _encolar()
    smtp.detener()
    assert services.enviar_correo(correo.pk) is False
    assert services.enviar_correo(correo.pk) is False
    correo.refresh_from_db()
    assert (correo.estado, correo.intentos) == (Estado.FALLIDO, 2)

    smtp.iniciar()
    assert services.barrer_bandeja_salida() == 0
    assert services.enviar_correo(correo.pk) is False
    assert smtp.recibidos == 0


# --- 5. racing dispatchers ----------------------------------------------------------


def _reintentar_si_bloqueada(execute, sql, params, many, context):
    for intento in range(400):
        try:
            return execute(sql, params, many, context)
        except OperationalError as exc:
            if "locked" not in str(exc) or intento == 399:
                raise
            time.sleep(0.005)
    return None


def _espera_de_sqlite():
    """The test run's in-memory SQLite uses a shared cache, where a busy writer makes the other
    connection fail at once ("database table is locked") instead of waiting as the busy timeout
    makes it do on the real database file. Retrying the failed statement stands in for that wait."""
    if connection.vendor == "sqlite":
        return connection.execute_wrapper(_reintentar_si_bloqueada)
    return contextlib.nullcontext()


@pytest.mark.django_db(transaction=True)
def test_dos_despachadores_a_la_vez_envian_una_sola_vez(smtp):
    smtp.buzon.demora = 0.05
    correos = [
        CorreoSaliente.objects.create(
            para=f"carrera{i}@ejemplo.test", asunto="Carrera", cuerpo_texto="Texto", proximo_intento=timezone.now()
        )
        for i in range(3)
    ]
    for correo in correos:
        salida = threading.Barrier(2)
        resultados, errores = [], []

        def despachar(correo_id=correo.pk, salida=salida, resultados=resultados, errores=errores):
            try:
                with _espera_de_sqlite():
                    salida.wait(timeout=5)
                    resultados.append(services.enviar_correo(correo_id))
            except Exception as exc:  # surfaced below
                errores.append(exc)
            finally:
                connection.close()

        hilos = [threading.Thread(target=despachar) for _ in range(2)]
        for hilo in hilos:
            hilo.start()
        for hilo in hilos:
            hilo.join(timeout=10)
        assert errores == []
        assert sorted(resultados) == [False, True]
    assert smtp.recibidos == 3
    assert sorted(smtp.buzon.message_ids()) == sorted(services.message_id(c) for c in correos)
    assert set(CorreoSaliente.objects.values_list("estado", flat=True)) == {Estado.ENVIADO}


# --- 6. idempotent sweep ------------------------------------------------------------


@pytest.mark.django_db
def test_barrido_es_idempotente(smtp):
    correos = _encolar(3)
    assert services.barrer_bandeja_salida() == 3
    assert services.barrer_bandeja_salida() == 0
    for correo in correos:
        assert services.enviar_correo(correo.pk) is False
    assert smtp.recibidos == 3


# --- 7. end to end: Redis + a real worker --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_de_punta_a_punta_con_redis_y_un_worker(smtp, broker_redis, usuario):
    secuestro = celery_app.conf.worker_hijack_root_logger
    celery_app.conf.worker_hijack_root_logger = False  # keep pytest's and Django's log handlers
    try:
        _entregar_con_worker(smtp, usuario)
    finally:
        celery_app.conf.worker_hijack_root_logger = secuestro
    assert smtp.recibidos == 1
    correo = CorreoSaliente.objects.get()
    assert smtp.buzon.mensajes[0]["Message-ID"] == services.message_id(correo)
    assert services.barrer_bandeja_salida() == 0
    assert smtp.recibidos == 1


def _entregar_con_worker(smtp, usuario):
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            services.notificar(destinatarios=[usuario], titulo="Trade-In", cuerpo="Nueva oferta.", clave="trade-in-1")
            assert smtp.recibidos == 0
        assert _esperar(lambda: smtp.recibidos >= 1), "el worker no entregó el correo"
        assert _esperar(lambda: CorreoSaliente.objects.filter(estado=Estado.ENVIADO).exists())
        time.sleep(0.2)  # a duplicate would arrive now
