"""The client's real address behind the proxies this deployment trusts."""

from django.conf import settings


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
