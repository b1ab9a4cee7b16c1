"""The shared cache: with Redis, one cache for every process on its own database; a Redis that refuses
connections, or accepts them and never answers, is a miss and never an error, and pages keep working.

Real Redis and real faults (a closed port, a silent TCP server); nothing mocked.
"""

import logging
import subprocess
import sys

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from comercial.digitales.models import SolicitudDigital
from enlace import cache as cache_enlace
from enlace.cache import RedisTolerante
from tests.broker_caido import FALLOS
from tests.comercial.digitales.test_publico import URL_CONTACTO, comteco, datos_contacto  # noqa: F401
from tests.test_infraestructura import RAIZ, _entorno

con_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="Sin REDIS_URL la caché es local al proceso")


def _configuracion(ubicacion):
    """The production cache settings (enlace/settings.py) at another Redis."""
    limite = settings.REDIS_CACHE_TIMEOUT_S
    opciones = {"socket_connect_timeout": limite, "socket_timeout": limite}
    backend = "enlace.cache.RedisTolerante"
    return {"BACKEND": backend, "LOCATION": ubicacion, "KEY_PREFIX": "enlace", "OPTIONS": opciones}


def _cache_en(ubicacion):
    """A cache backend of its own (its own connection pool, as another process has) at ``ubicacion``."""
    return RedisTolerante(ubicacion, _configuracion(ubicacion))


@pytest.fixture(autouse=True)
def _sin_caidas_previas(monkeypatch):
    monkeypatch.setattr(cache_enlace, "_caido_hasta", {})


@pytest.fixture(params=sorted(FALLOS))
def redis_caido(request):
    """The URL of a Redis that refuses connections, or accepts them and never answers."""
    with FALLOS[request.param]() as url:
        yield url


@con_redis
def test_lo_que_guarda_un_proceso_lo_lee_otro():
    uno, otro = _cache_en(settings.REDIS_CACHE_URL), _cache_en(settings.REDIS_CACHE_URL)
    uno.set("compartida", {"kpis": [1, 2]}, timeout=60)
    assert otro.get("compartida") == {"kpis": [1, 2]}
    assert cache.get("compartida") == {"kpis": [1, 2]}


@con_redis
def test_incr_de_una_clave_ausente_sigue_siendo_value_error():
    assert cache.add("envios", 0)
    assert cache.incr("envios") == 1
    with pytest.raises(ValueError):
        cache.incr("nunca-guardada")


@con_redis
def test_vaciar_la_cache_no_toca_la_base_del_broker():
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.set("enlace-prueba-centinela", "cola", ex=60)
    try:
        cache.set("efimera", 1)
        assert cache.clear()
        assert cache.get("efimera") is None
        assert broker.get("enlace-prueba-centinela") == b"cola"
    finally:
        broker.delete("enlace-prueba-centinela")


def _settings(entorno, codigo="pass"):
    """Import enlace.settings in a fresh interpreter with ``entorno`` and run ``codigo`` (``s`` is the module)."""
    return subprocess.run(  # noqa: S603 - fixed argv, our own settings
        [sys.executable, "-c", f"import enlace.settings as s; {codigo}"],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
        check=False,
    )


def test_la_cache_en_la_base_del_broker_no_arranca():
    res = _settings(_entorno(REDIS_URL="redis://127.0.0.1:6379/4", REDIS_CACHE_URL="redis://127.0.0.1:6379/4"))
    assert res.returncode != 0
    assert "REDIS_CACHE_URL debe usar otra base de Redis que REDIS_URL (la del broker)." in res.stderr


def test_por_defecto_la_cache_usa_la_base_siguiente_a_la_del_broker():
    entorno = {k: v for k, v in _entorno(REDIS_URL="redis://10.0.0.5:6380/4").items() if k != "REDIS_CACHE_URL"}
    res = _settings(entorno, "print(s.CACHES['default']['LOCATION'])")
    assert res.stdout.strip() == "redis://10.0.0.5:6380/5"


def test_con_redis_caido_la_cache_falla_como_vacia_y_avisa_una_vez(redis_caido, caplog):
    caida = _cache_en(redis_caido)
    with caplog.at_level(logging.WARNING, logger="enlace.cache"):
        assert caida.get("clave", "por defecto") == "por defecto"
        assert caida.get_or_set("grafica", lambda: "<svg/>") == "<svg/>"
        assert caida.add("envios", 0) is False
        assert caida.incr("envios") == 1
        assert caida.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert caida.get_many(["a", "b"]) == {}
        assert caida.delete("a") is False
    avisos = [r for r in caplog.records if r.name == "enlace.cache"]
    assert len(avisos) == 1
    assert "Caché Redis inaccesible" in avisos[0].getMessage()


@pytest.mark.django_db
def test_con_redis_caido_el_formulario_publico_sigue_atendiendo(redis_caido, comteco, client, settings):  # noqa: F811
    settings.CACHES = {"default": _configuracion(redis_caido)}
    assert client.get(URL_CONTACTO).status_code == 200
    respuesta = client.post(URL_CONTACTO, datos_contacto())
    assert respuesta.status_code == 302
    assert SolicitudDigital.objects.get().telefono == "79988776"


def test_sin_redis_la_cache_es_local():
    entorno = {k: v for k, v in _entorno().items() if k not in {"REDIS_URL", "REDIS_CACHE_URL"}}
    res = _settings(entorno, "print(s.CACHES['default']['BACKEND'])")
    assert res.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
