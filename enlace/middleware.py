import zoneinfo

from django.conf import settings
from django.utils import timezone

from enlace.menu import olvidar_contadores


class ZonaHorariaMiddleware:
    """Activates the signed-in user's time zone so every page shows local times."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.zona_horaria))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Tells the browser this site never uses the camera, microphone, location or payments."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        respuesta.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return respuesta


class ContadoresDelMenuMiddleware:
    """After a write by a signed-in user (any method but GET, HEAD, OPTIONS, TRACE), their menu's badges are
    counted afresh, so the page they land on shows what they just did; others' work shows within the
    cache's seconds (``enlace.menu``). Forgotten after the response: the write has committed by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and request.user.is_authenticated:
            olvidar_contadores(request.user)
        return respuesta
