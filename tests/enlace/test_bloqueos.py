"""Login lockouts through the real login page: per account across addresses, per address across accounts."""

import re

import pytest
from django.urls import reverse

from enlace.models import CorreoSaliente
from tests.enlace.factories import CONTRASENA, UsuarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sin_limite_de_frecuencia(settings):
    """These tests count axes' failures; the per-address request rate (test_limites.py) would answer 429 first."""
    settings.LIMITE_INICIO_SESION = "1000/m"


def _login(client, email, password=CONTRASENA, ip="198.51.100.1", **cabeceras):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip, **cabeceras)


def _bloqueado(respuesta):
    return respuesta.status_code == 429 and "Acceso bloqueado temporalmente" in respuesta.content.decode()


def test_fallos_desde_veinte_direcciones_bloquean_la_cuenta(client):
    UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for n in range(1, 21):
        _login(client, "cop@ejemplo.test", "mala", ip=f"203.0.113.{n}")
    respuesta = _login(client, "cop@ejemplo.test", ip="192.0.2.99")
    assert _bloqueado(respuesta)
    assert "_auth_user_id" not in client.session


def test_un_intento_en_treinta_cuentas_bloquea_la_direccion(client):
    victima = UsuarioFactory(rol="cop", email="victima@ejemplo.test")
    for n in range(30):
        _login(client, f"usuario{n}@ejemplo.test", "mala", ip="203.0.113.7")
    assert _bloqueado(_login(client, victima.email, ip="203.0.113.7"))
    # the accounts themselves are not locked: their owners still log in from elsewhere
    assert _login(client, victima.email, ip="192.0.2.5").status_code == 302


def test_menos_fallos_que_el_limite_por_direccion_no_bloquean(client, settings):
    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for n in range(settings.AXES_LIMITE_POR_DIRECCION - 1):
        _login(client, f"usuario{n}@ejemplo.test", "mala", ip="203.0.113.7")
    assert _login(client, usuario.email, ip="203.0.113.7").status_code == 302


def test_entrar_bien_borra_los_fallos_de_la_cuenta(client, settings):
    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, usuario.email, "mala")
    assert _login(client, usuario.email).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, usuario.email, "mala")
    assert _login(client, usuario.email).status_code == 302


def test_entrar_bien_con_una_cuenta_no_borra_los_fallos_de_la_direccion(client, settings):
    propia = UsuarioFactory(rol="cop", email="atacante@ejemplo.test")
    for n in range(settings.AXES_LIMITE_POR_DIRECCION - 1):
        _login(client, f"usuario{n}@ejemplo.test", "mala", ip="203.0.113.7")
    assert _login(client, propia.email, ip="203.0.113.7").status_code == 302
    client.logout()
    _login(client, "otro@ejemplo.test", "mala", ip="203.0.113.7")
    assert _bloqueado(_login(client, propia.email, ip="203.0.113.7"))


def test_restablecer_la_contrasena_desbloquea_la_cuenta(client, settings, django_capture_on_commit_callbacks):
    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, usuario.email, "mala")
    pagina = _login(client, usuario.email)
    assert _bloqueado(pagina)
    assert reverse("password_reset") in pagina.content.decode()

    with django_capture_on_commit_callbacks():
        client.post(reverse("password_reset"), {"email": usuario.email})
    enlace = re.search(r"http://testserver(/cuentas/reset/\S+/)", CorreoSaliente.objects.get().cuerpo_texto).group(1)
    formulario = client.get(enlace, follow=True)
    nueva = "contrasena-nueva-789"
    client.post(formulario.redirect_chain[-1][0], {"new_password1": nueva, "new_password2": nueva})

    assert _login(client, usuario.email, nueva).status_code == 302


def test_el_administrador_desbloquea_con_axes_reset(client, settings):
    from django.core.management import call_command

    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, usuario.email, "mala")
    assert _bloqueado(_login(client, usuario.email))
    call_command("axes_reset_username", usuario.email)
    assert _login(client, usuario.email).status_code == 302


def test_la_pagina_de_bloqueo_dice_en_espanol_que_hacer(client, settings):
    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, usuario.email, "mala")
    texto = _login(client, usuario.email).content.decode()
    assert "Restablezca su contraseña" in texto
    assert "pida al administrador que la desbloquee" in texto


def test_sin_proxy_configurado_x_forwarded_for_no_cuenta(client):
    UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for n in range(1, 31):
        _login(client, f"usuario{n}@ejemplo.test", "mala", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    # forged headers do not spread the spray over thirty addresses: the peer is locked
    assert _bloqueado(_login(client, "cop@ejemplo.test", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1"))


def test_detras_del_proxy_configurado_cuenta_la_direccion_real(client, settings):
    settings.NUM_PROXIES = 1
    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for n in range(30):
        # the client forges a left-most entry; the proxy appends the real address
        falsa = f"1.2.3.{n}, 203.0.113.7"
        _login(client, f"usuario{n}@ejemplo.test", "mala", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=falsa)
    assert _bloqueado(_login(client, usuario.email, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"))
    # another client behind the same proxy is not affected
    assert _login(client, usuario.email, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8").status_code == 302
