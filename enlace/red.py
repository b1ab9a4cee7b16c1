"""The client's real address behind the proxies this deployment trusts."""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import UNSAFE
from django_ratelimit.decorators import ratelimit


def ip_cliente(request):
    """REMOTE_ADDR, or with NUM_PROXIES trusted proxies the address the outermost of them saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so only the
    last NUM_PROXIES entries are trustworthy; anything to their left may be forged by the client.
    """
    if settings.NUM_PROXIES:
        reenviadas = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if ip.strip()]
        if len(reenviadas) >= settings.NUM_PROXIES:
            return reenviadas[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR")


def clave_ip(grupo, request):
    """django-ratelimit key: the real client address."""
    return ip_cliente(request)


def limitar(ajuste, *, metodo=UNSAFE):
    """View decorator: at most ``settings.<ajuste>`` requests (django-ratelimit's "20/m") per client address.

    Over the limit django-ratelimit raises ``Ratelimited`` and its middleware answers with
    ``demasiadas_solicitudes`` (429; a webhook's provider retries later). The rate is read per request,
    so it is a setting like any other. ``metodo`` limits only those methods (default: the writes).
    """
    return ratelimit(group=ajuste, key=clave_ip, rate=lambda grupo, request: getattr(settings, ajuste), method=metodo)


def demasiadas_solicitudes(request, exception):
    respuesta = render(request, "429.html", status=429)
    respuesta["Retry-After"] = "60"
    return respuesta
