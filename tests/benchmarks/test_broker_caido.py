"""What a broker outage costs a request: a Cierre de Operación (the action with the most notices)
and a password reset (the page), with the real Redis broker and with two real faults: a closed port
(connection refused) and a TCP server that accepts and never answers. Every request pays the one
publish attempt (the process's "broker down" pause is forgotten before each), so the figure is the
worst case; the promise is ≤ 1 s over the real broker.
"""

import time
import uuid

import pytest
import redis
from django.conf import settings
from django.test import Client
from django.urls import reverse

from enlace.celery import app, olvidar_fallo_del_broker
from enlace.models import CorreoSaliente
from operaciones import services
from operaciones.models import Apartado
from tests.benchmarks.test_bench_operaciones_cierre import preparar_operaciones, sembrar_sedes
from tests.broker_caido import FALLOS, apuntar_broker
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import RedFactory
from tests.operaciones.fixtures_entrega import almacen_temporal  # noqa: F401

REPETICIONES = 3


@pytest.fixture
def broker_aislado():
    """The real Redis broker under a key prefix of its own, deleted afterwards; the original broker after."""
    original = (app.conf.broker_url, app.conf.broker_transport_options)
    prefijo = f"bench-broker-{uuid.uuid4().hex[:8]}:"
    opciones = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": prefijo}
    yield settings.CELERY_BROKER_URL, opciones
    apuntar_broker(*original)
    cliente = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    claves = list(cliente.scan_iter(f"{prefijo}*"))
    if claves:
        cliente.delete(*claves)


def _segundos(funcion, django_capture_on_commit_callbacks):
    olvidar_fallo_del_broker()
    inicio = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        funcion()
    return time.perf_counter() - inicio


@pytest.mark.django_db
@pytest.mark.skipif(not settings.REDIS_URL, reason="necesita REDIS_URL (el broker real)")
def test_broker_caido_cuesta_a_una_peticion(broker_aislado, almacen_temporal, django_capture_on_commit_callbacks):  # noqa: F811
    red = RedFactory()
    cop = UsuarioFactory(rol="cop", organizacion=red)
    sedes = sembrar_sedes(red, 2)
    UsuarioFactory(rol="cop", email="olvido@ejemplo.test")
    cliente = Client()
    modos = {"redis real": None, **FALLOS}
    operaciones = iter(preparar_operaciones(sedes, cop, REPETICIONES * len(modos)))
    for modo, fallo in modos.items():
        if fallo is None:
            apuntar_broker(*broker_aislado)
            medir(modo, cop, operaciones, cliente, django_capture_on_commit_callbacks)
            continue
        with fallo() as url:
            apuntar_broker(url, broker_aislado[1])
            medir(modo, cop, operaciones, cliente, django_capture_on_commit_callbacks)
    assert CorreoSaliente.objects.filter(estado=CorreoSaliente.Estado.PENDIENTE).exists()


def medir(modo, cop, operaciones, cliente, capturar):
    cierres, restablecer = [], []
    for _ in range(REPETICIONES):
        operacion = next(operaciones)
        cierres.append(
            _segundos(lambda operacion=operacion: services.operacion_cerrar(actor=cop, apartado=operacion), capturar)
        )
        assert Apartado.objects.get(pk=operacion.pk).estado == Apartado.Estado.CERRADO
        restablecer.append(
            _segundos(lambda: cliente.post(reverse("password_reset"), {"email": "olvido@ejemplo.test"}), capturar)
        )
    print(
        f"\nBENCH broker {modo}: cierre de operación {max(cierres):.2f} s (peor de {REPETICIONES}), "
        f"restablecer contraseña {max(restablecer):.2f} s"
    )
