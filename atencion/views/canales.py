"""Webhooks of the channels: WhatsApp Cloud API and the inbound email gateway."""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from atencion import canales, services
from enlace.red import limitar

logger = logging.getLogger(__name__)


@csrf_exempt
@limitar("LIMITE_WEBHOOK")
@require_http_methods(["GET", "POST"])
def webhook_whatsapp(request):
    """WhatsApp Cloud API: GET verification handshake; POST signed with the app secret (else 403)."""
    if request.method == "GET":
        token = settings.ATENCION_WHATSAPP_VERIFY_TOKEN
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and constant_time_compare(request.GET.get("hub.verify_token", ""), token)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("Token de verificación inválido.")
    cuerpo = request.body
    if not canales.firma_valida(cuerpo, request.headers.get("X-Hub-Signature-256")):
        logger.warning("Webhook de WhatsApp con firma inválida rechazado.")
        return HttpResponseForbidden("Firma inválida.")
    try:
        payload = json.loads(cuerpo)
    except ValueError:
        return HttpResponse("JSON inválido.", status=400)
    if not isinstance(payload, dict):
        return HttpResponse("Se esperaba un objeto JSON.", status=400)
    services.whatsapp_procesar(payload=payload)
    services.whatsapp_estados_registrar(payload=payload)
    return HttpResponse("ok")


@csrf_exempt
@limitar("LIMITE_WEBHOOK")
@require_POST
def webhook_correo(request):
    """Inbound email (JSON from the mail gateway), authenticated by the shared token header."""
    token = settings.ATENCION_CORREO_WEBHOOK_TOKEN
    if not token or not constant_time_compare(request.headers.get("X-Atencion-Token", ""), token):
        return HttpResponseForbidden("Token inválido.")
    try:
        datos = json.loads(request.body)
    except ValueError:
        return HttpResponse("JSON inválido.", status=400)
    campos = ("para", "de", "nombre", "asunto", "message_id", "in_reply_to", "references", "texto")
    ticket = services.correo_procesar(**{c: str(datos.get(c, "") or "") for c in campos})
    return HttpResponse(json.dumps({"ticket": ticket.pk if ticket else None}), content_type="application/json")
