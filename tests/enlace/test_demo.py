import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.module_loading import import_string

from enlace import roles
from enlace.management.commands import demo
from enlace.management.commands.demo import CONTRASENA_DEMO, cargar_base, correo_demo, esperar_bandeja_vacia
from enlace.models import CorreoSaliente, Organizacion, Usuario

pytestmark = pytest.mark.django_db


def test_demo_crea_un_usuario_por_rol_y_es_idempotente(capsys):
    call_command("demo")
    usuarios, organizaciones = Usuario.objects.count(), Organizacion.objects.count()
    call_command("demo")
    assert (Usuario.objects.count(), Organizacion.objects.count()) == (usuarios, organizaciones)
    assert usuarios > len(roles.ROLES)  # one login per role and the admin; the apps add their own people
    assert Usuario.objects.filter(is_superuser=True).count() == 1
    for rol in roles.ROLES:
        usuario = Usuario.objects.get(email=correo_demo(rol.codigo))
        assert usuario.check_password(CONTRASENA_DEMO)
        assert list(usuario.groups.values_list("name", flat=True)) == [rol.codigo]
        assert usuario.organizacion.slug == rol.organizacion
    salida = capsys.readouterr().out
    assert CONTRASENA_DEMO in salida
    assert correo_demo("cop") in salida


def test_demo_respeta_las_contrasenas_cambiadas():
    cargar_base()
    cop = Usuario.objects.get(email=correo_demo("cop"))
    cop.set_password("cambiada-por-el-usuario")
    cop.save(update_fields=["password"])
    cargar_base()
    cop.refresh_from_db()
    assert cop.check_password("cambiada-por-el-usuario")


def test_demo_se_niega_en_produccion(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="DJANGO_ENV=production"):
        call_command("demo")
    assert not Usuario.objects.exists()


def test_solo_accesos_imprime_la_direccion_y_no_carga_nada(capsys, settings):
    settings.ENLACE_URL_BASE = "http://127.0.0.1:8123"
    call_command("demo", "--solo-accesos")
    salida = capsys.readouterr().out
    assert correo_demo("cop") in salida
    assert salida.rstrip().endswith("Enlace: http://127.0.0.1:8123/")
    assert not Usuario.objects.exists()


class Reloj:
    """A clock that only moves when the code under test sleeps; ``al_dormir`` plays the Celery worker."""

    def __init__(self, al_dormir=lambda segundo: None):
        self.ahora, self.al_dormir = 0.0, al_dormir

    def __call__(self):
        return self.ahora

    def dormir(self, segundos):
        self.ahora += segundos
        self.al_dormir(self.ahora)


def _correo(**campos):
    return CorreoSaliente.objects.create(
        para="cop@demo.enlace.mx", asunto="Nuevo apartado", cuerpo_texto="x", proximo_intento=timezone.now(), **campos
    )


def test_la_espera_termina_cuando_el_worker_envio_todo_y_no_llegan_mas():
    pendiente = _correo()

    def worker(segundo):
        if segundo == 2:
            CorreoSaliente.objects.filter(pk=pendiente.pk).update(estado=CorreoSaliente.Estado.ENVIADO)
        if segundo == 4:  # a sweep adds one more just after the first burst
            _correo(estado=CorreoSaliente.Estado.ENVIADO)

    reloj = Reloj(worker)
    assert esperar_bandeja_vacia(60, reloj=reloj, dormir=reloj.dormir)
    assert 7 <= reloj.ahora <= 8  # three quiet checks after the last mail, not the whole minute


def test_la_espera_se_rinde_si_el_worker_no_envia():
    _correo()
    reloj = Reloj()
    assert not esperar_bandeja_vacia(30, reloj=reloj, dormir=reloj.dormir)
    assert reloj.ahora == 30


def test_al_arrancar_corre_los_barridos_y_espera_los_correos_antes_de_los_accesos(capsys, settings, monkeypatch):
    settings.ENLACE_URL_BASE = "http://127.0.0.1:8107"
    orden = []
    monkeypatch.setattr(demo, "BARRIDOS_AL_ARRANCAR", ("tests.enlace.test_demo.barrido_de_prueba",))
    monkeypatch.setattr(demo, "esperar_bandeja_vacia", lambda maximo: orden.append(("espera", maximo)) or False)
    barrido_de_prueba.llamadas = orden
    call_command("demo", "--solo-accesos", "--al-arrancar")
    salida = capsys.readouterr().out
    assert orden == ["barrido", ("espera", demo.ESPERA_CORREOS_MAX)]
    assert salida.index("Aún salen correos") < salida.index(correo_demo("cop"))
    assert salida.rstrip().endswith("Enlace: http://127.0.0.1:8107/")


def barrido_de_prueba():
    barrido_de_prueba.llamadas.append("barrido")


def test_los_barridos_al_arrancar_existen():
    for barrido in demo.BARRIDOS_AL_ARRANCAR:
        assert callable(import_string(barrido))


@pytest.mark.parametrize(
    ("entorno", "direccion"),
    [
        ({"ENLACE_PUERTO": "8107"}, "http://127.0.0.1:8107"),  # make run PUERTO=8107
        ({"ENLACE_PUERTO": "8107", "ENLACE_URL_BASE": "https://enlace.ejemplo.mx"}, "https://enlace.ejemplo.mx"),
    ],
)
def test_los_enlaces_de_los_correos_usan_la_direccion_servida(entorno, direccion):
    leer = "import django, os; django.setup(); from django.conf import settings; print(settings.ENLACE_URL_BASE)"
    limpio = {k: v for k, v in os.environ.items() if k not in ("ENLACE_PUERTO", "ENLACE_URL_BASE")}
    salida = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", leer],
        env={**limpio, "DJANGO_SETTINGS_MODULE": "enlace.settings", **entorno},
        capture_output=True,
        text=True,
        check=True,
    )
    assert salida.stdout.strip() == direccion
