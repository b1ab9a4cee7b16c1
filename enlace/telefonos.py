"""Phone numbers: typed in any usual format, stored in E.164 (``+525512345678``).

``region`` is the ISO country a number typed without its country code belongs to: the organisation's ``pais``.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, migrations, transaction

REGION_POR_DEFECTO = "MX"
NO_VALIDO = "Número de teléfono no válido: «{valor}». Escriba el número completo, con su lada o código de país."


def region_de(organizacion):
    return getattr(organizacion, "pais", "") or REGION_POR_DEFECTO


def normalizar(texto, region=REGION_POR_DEFECTO):
    """The E.164 form of ``texto``; an empty text stays empty, anything else not a valid number is refused."""
    texto = (texto or "").strip()
    if not texto:
        return ""
    try:
        numero = _sin_uno_movil(phonenumbers.parse(texto, region))
    except phonenumbers.NumberParseException:
        numero = None
    if numero is None or not phonenumbers.is_valid_number(numero):
        raise ValidationError(NO_VALIDO.format(valor=texto), code="telefono")
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.E164)


def _sin_uno_movil(numero):
    # WhatsApp still writes Mexican mobiles with the "1" Mexico dropped in 2019 (52 1 55 1234 5678).
    nacional = str(numero.national_number)
    if numero.country_code == 52 and len(nacional) == 11 and nacional.startswith("1"):
        numero.national_number = int(nacional[1:])
    return numero


def para_busqueda(texto, region=REGION_POR_DEFECTO):
    """What to look a typed phone up by: its E.164 form when whole, else its digits (a partial number)."""
    try:
        return normalizar(texto, region)
    except ValidationError:
        return "".join(c for c in texto if c.isdigit()) or texto.strip()


def telefono_de_whatsapp(remitente, region):
    """WhatsApp writes the sender with its country code and without "+"; an invalid one stays as sent."""
    try:
        return normalizar(f"+{remitente}", region)
    except ValidationError:
        return remitente


def normalizar_o_igual(texto, region=REGION_POR_DEFECTO):
    """For data already stored: the E.164 form, or the text unchanged when it is not a valid number."""
    try:
        return normalizar(texto, region)
    except ValidationError:
        return texto


def migracion_a_e164(app_label, modelo, ruta_pais):
    """A data migration writing a model's stored ``telefono`` in E.164, read with the country at ``ruta_pais``.

    Values that are not valid numbers, or whose E.164 form another row already holds (a unique phone),
    are kept exactly as they were: nothing is lost, they just stay unnormalised.
    """

    def convertir(apps, schema_editor):
        clase = apps.get_model(app_label, modelo)
        for pk, valor, pais in clase.objects.exclude(telefono="").values_list("pk", "telefono", ruta_pais).iterator():
            nuevo = normalizar_o_igual(valor, pais or REGION_POR_DEFECTO)
            if nuevo != valor:
                try:
                    with transaction.atomic():
                        clase.objects.filter(pk=pk).update(telefono=nuevo)
                except IntegrityError:
                    pass

    return migrations.RunPython(convertir, migrations.RunPython.noop)


class TelefonoField(forms.CharField):
    """A form field cleaning a phone to E.164; set ``region`` to the organisation's country when known."""

    def __init__(self, *, region=REGION_POR_DEFECTO, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.region = region

    def clean(self, value):
        return normalizar(super().clean(value), self.region)
