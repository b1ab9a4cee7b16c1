"""Rate limits per client address (django-ratelimit through enlace.red.limitar) on every public entry point."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (setting, method, URL) — each request is refused or answered for its own reason; only the limit gives 429.
LIMITADAS = [
    ("LIMITE_INICIO_SESION", "post", reverse("login")),
    ("LIMITE_RESTABLECER", "post", reverse("password_reset")),
    ("LIMITE_WEBHOOK", "post", reverse("atencion:webhook_whatsapp")),
    ("LIMITE_WEBHOOK", "post", reverse("atencion:webhook_correo")),
    ("LIMITE_WEBHOOK", "post", reverse("comercial:digitales:webhook_leads")),
    ("LIMITE_ENCUESTA", "get", reverse("atencion:encuesta", args=["token-adivinado"])),
    ("LIMITE_ENCUESTA", "get", reverse("operaciones:encuesta", args=["token-adivinado"])),
    ("LIMITE_VERIFICAR", "get", reverse("verificar", args=["ADIVINADO000"])),
    ("LIMITE_VERIFICAR", "post", reverse("verificar", args=["ADIVINADO000"])),
]


@pytest.mark.parametrize(("ajuste", "metodo", "url"), LIMITADAS)
def test_pasado_el_limite_la_misma_direccion_recibe_429_en_espanol_y_otra_no(client, settings, ajuste, metodo, url):
    setattr(settings, ajuste, "2/m")
    pedir = getattr(client, metodo)

    antes = [pedir(url, {"username": "x@ejemplo.mx", "email": "x@ejemplo.mx"}, REMOTE_ADDR="203.0.113.7") for _ in "ab"]
    tercera = pedir(url, {"username": "x@ejemplo.mx", "email": "x@ejemplo.mx"}, REMOTE_ADDR="203.0.113.7")
    otra = pedir(url, {"username": "x@ejemplo.mx", "email": "x@ejemplo.mx"}, REMOTE_ADDR="198.51.100.9")

    assert 429 not in [r.status_code for r in antes]
    assert tercera.status_code == 429
    assert tercera["Retry-After"] == "60"
    assert "Demasiadas solicitudes" in tercera.content.decode()
    assert otra.status_code != 429


def test_detras_del_proxy_el_limite_cuenta_la_direccion_real_no_la_del_proxy(client, settings):
    settings.NUM_PROXIES = 1
    settings.LIMITE_RESTABLECER = "1/m"
    url = reverse("password_reset")

    primera = client.post(url, {"email": "a@ejemplo.mx"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    otro_cliente = client.post(
        url, {"email": "a@ejemplo.mx"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    mismo_cliente = client.post(
        url, {"email": "a@ejemplo.mx"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )

    assert (primera.status_code, otro_cliente.status_code, mismo_cliente.status_code) == (302, 302, 429)


def test_la_encuesta_solo_cuenta_su_grupo(client, settings):
    settings.LIMITE_ENCUESTA = "1/m"
    client.get(reverse("atencion:encuesta", args=["t"]), REMOTE_ADDR="203.0.113.7")

    assert client.get(reverse("login"), REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get(reverse("atencion:encuesta", args=["t"]), REMOTE_ADDR="203.0.113.7").status_code == 429
