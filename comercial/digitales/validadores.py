"""Bolivian identity card and phone numbers: normalisation and validation (Spanish messages)."""

import re

from django.core.exceptions import ValidationError

# Carnet de identidad: 5 to 10 digits, optional duplicate complement ("-1A") and optional
# department of issue (LP, CB, SC, OR, PT, TJ, CH, BE, PD).
DEPARTAMENTOS = ("LP", "CB", "SC", "OR", "PT", "TJ", "CH", "BE", "PD")
_CARNET = re.compile(
    r"^(?P<numero>\d{5,10})(?:-(?P<complemento>\d[A-Z]))?(?: (?P<expedido>" + "|".join(DEPARTAMENTOS) + r"))?$"
)
# Landlines have 7 digits (2, 3 or 4 first: the department's code), mobiles 8 (6 or 7 first).
_TELEFONO = re.compile(r"^(?:\+?591)?(?P<numero>[234]\d{6}|[67]\d{7})$")

CARNET_INVALIDO = (
    "El carnet de identidad «{valor}» no es válido: escriba de 5 a 10 dígitos, con el complemento si lo tiene "
    "(por ejemplo 1234567-1A) y, opcionalmente, el departamento de expedición (por ejemplo 1234567 CB)."
)
TELEFONO_INVALIDO = (
    "El teléfono «{valor}» no es válido: escriba un fijo de 7 dígitos (por ejemplo 4200400) "
    "o un celular de 8 dígitos que empiece con 6 o 7."
)


def normalizar_carnet(valor):
    """Upper-case, dots removed, single spaces, the department separated by one space."""
    texto = " ".join((valor or "").upper().replace(".", "").split())
    return re.sub(r"^([\dA-Z-]+?)(" + "|".join(DEPARTAMENTOS) + r")$", r"\1 \2", texto)


def validar_carnet(valor):
    """Return the normalised carnet or raise ValidationError."""
    normalizado = normalizar_carnet(valor)
    if not _CARNET.match(normalizado):
        raise ValidationError(CARNET_INVALIDO.format(valor=valor), code="carnet")
    return normalizado


def clave_carnet(valor):
    """The key that identifies a person in NAF: the number and complement, without the department."""
    coincidencia = _CARNET.match(normalizar_carnet(valor))
    if not coincidencia:
        return normalizar_carnet(valor)
    numero, complemento = coincidencia.group("numero"), coincidencia.group("complemento")
    return f"{numero}-{complemento}" if complemento else numero


def validar_telefono(valor):
    """Return the phone as bare digits (no country code) or raise ValidationError."""
    limpio = re.sub(r"[\s\-().]", "", valor or "")
    coincidencia = _TELEFONO.match(limpio)
    if not coincidencia:
        raise ValidationError(TELEFONO_INVALIDO.format(valor=valor), code="telefono")
    return coincidencia.group("numero")
