import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

# Monotonic time until which each Redis location is not tried again, per process (see ``RedisTolerante``).
_caido_hasta = {}


class RedisTolerante(RedisCache):
    """Django's Redis cache where a Redis that refuses, drops or never answers is a miss, not an error.

    The cache sits in the login path (django-axes and django-ratelimit count attempts in it) and under
    pages that cache their charts: an outage must neither lock everyone out nor answer 500, only cost
    what the cache saves. So on a connection error or timeout a read returns its default, a write
    stores nothing (``add``/``touch``/``delete`` return False, ``set_many`` every key as failed) and
    ``incr`` returns ``delta``, as if the counter started again. A real miss keeps Django's meaning
    (``incr`` of a missing key raises ValueError). After a failure the location is not tried again for
    ``REDIS_CACHE_PAUSA_S``, so a frozen Redis costs one socket timeout per process and pause, not one
    per call, and the warning is logged once per pause.
    """

    def _tolerando(self, en_caida, operacion, *args):
        ubicacion = self._servers[0]
        if time.monotonic() < _caido_hasta.get(ubicacion, 0.0):
            return en_caida
        try:
            return operacion(*args)
        except (ConnectionError, TimeoutError) as exc:
            _caido_hasta[ubicacion] = time.monotonic() + settings.REDIS_CACHE_PAUSA_S
            logger.warning(
                "Caché Redis inaccesible (%s): se trata como vacía durante %s s.", exc, settings.REDIS_CACHE_PAUSA_S
            )
            return en_caida

    def get(self, key, default=None, version=None):
        return self._tolerando(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._tolerando({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._tolerando(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerando(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerando(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerando(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerando(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._tolerando(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._tolerando(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._tolerando(delta, super().incr, key, delta, version)

    def clear(self):
        return self._tolerando(False, super().clear)
