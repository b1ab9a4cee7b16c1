import json

import pytest
from django.urls import reverse

from enlace.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_salud_informa_base_de_datos_y_broker(client):
    respuesta = client.get(reverse("salud"))
    assert respuesta.status_code == 200
    assert json.loads(respuesta.content) == {"base_de_datos": "ok", "broker": "ok", "estado": "ok"}
    assert "no-cache" in respuesta["Cache-Control"]


def test_salud_responde_503_si_el_broker_no_contesta(client):
    anterior = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        respuesta = client.get(reverse("salud"))
    finally:
        celery_app.conf.broker_url = anterior
    assert respuesta.status_code == 503
    assert json.loads(respuesta.content) == {"base_de_datos": "ok", "broker": "error", "estado": "error"}


def test_salud_no_acepta_post(client):
    assert client.post(reverse("salud")).status_code == 405
