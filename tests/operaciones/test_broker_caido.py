"""A dead broker does not hold writes: with Redis refusing connections, or accepting them and never
answering, a Cierre de Operación (the action with the most notices) and a password reset save their
data, leave every email pending in the outbox, and the sweep delivers each one exactly once after.

Real faults (a closed port, a silent TCP server), a real SMTP listener; nothing mocked. Timings are
measured in tests/benchmarks/test_broker_caido.py; the bound here is only a generous outcome.
"""

import time

import pytest
from django.urls import reverse

from enlace.celery import app
from enlace.models import CorreoSaliente
from enlace.notificaciones.services import barrer_bandeja_salida
from operaciones import services
from operaciones.models import Apartado
from tests.broker_caido import FALLOS, apuntar_broker
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.fixtures_entrega import (  # noqa: F401
    SOLICITUD_DE_CONTADO,
    almacen_temporal,
    operacion,
    operacion_lista,
    pdf,
    pendiente_de_contado,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=sorted(FALLOS))
def broker_caido(request):
    """The broker replaced by a fault, keeping the worker's transport options (5 s timeouts): the
    request path must not inherit them. The real broker is back afterwards."""
    original = (app.conf.broker_url, app.conf.broker_transport_options)
    with FALLOS[request.param]() as url:
        apuntar_broker(url, dict(original[1] or {}))
        yield
    apuntar_broker(*original)


def test_cierre_y_restablecer_con_el_broker_caido_guardan_y_el_barrido_entrega_una_vez(
    broker_caido,
    smtp,
    operacion_lista,  # noqa: F811
    cop,
    client,
    django_capture_on_commit_callbacks,
):
    UsuarioFactory(rol="cop", email="olvido@ejemplo.test")
    inicio = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        services.operacion_cerrar(actor=cop, apartado=operacion_lista)
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(reverse("password_reset"), {"email": "olvido@ejemplo.test"})
    assert time.monotonic() - inicio < 5

    assert respuesta.url == reverse("password_reset_done")
    assert Apartado.objects.get(pk=operacion_lista.pk).estado == Apartado.Estado.CERRADO
    correos = CorreoSaliente.objects.all()
    assert correos.count() >= 5  # the client, the asesor, the gerentes and the reset
    assert set(correos.values_list("estado", flat=True)) == {CorreoSaliente.Estado.PENDIENTE}
    assert smtp.recibidos == 0

    apuntar_broker(*_broker_real())
    assert barrer_bandeja_salida() == correos.count()
    assert barrer_bandeja_salida() == 0
    assert set(correos.values_list("estado", flat=True)) == {CorreoSaliente.Estado.ENVIADO}
    destinatarios = sorted(m["To"] for m in smtp.buzon.mensajes)
    assert destinatarios == sorted(correos.values_list("para", flat=True))
    assert "olvido@ejemplo.test" in destinatarios


def _broker_real():
    from django.conf import settings

    return settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS
