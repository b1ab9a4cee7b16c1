"""Authentication of the lead webhook: HMAC-SHA256 of the raw request body.

The sender computes ``hex(HMAC_SHA256(DIGITALES_WEBHOOK_SECRETO, body))`` and sends it as
``X-Enlace-Firma: sha256=<hex>``. The body is not parsed before the signature is checked.
"""

import hashlib
import hmac

CABECERA = "X-Enlace-Firma"
PREFIJO = "sha256="


def firmar(secreto, cuerpo):
    return PREFIJO + hmac.new(secreto.encode(), cuerpo, hashlib.sha256).hexdigest()


def firma_valida(secreto, cuerpo, firma):
    """Constant-time check; an empty secret (webhook not configured) never validates."""
    if not secreto or not firma:
        return False
    return hmac.compare_digest(firmar(secreto, cuerpo), firma.strip())
