"""Dates and numbers as people in Mexico, Bolivia and Colombia write them: dd/mm/aaaa, «5.560,00».

Only what differs from Django's ``es`` locale is here (every other format falls back to it). Django looks
here first for every Spanish locale (es-mx, es-bo, es-co fall back to ``es`` in FORMAT_MODULE_PATH before
Django's own modules), so the separators are pinned: Django's ``es_MX`` writes a decimal point and its
``es`` a space between thousands, either of which would break the one format of ``enlace.dinero``.
ISO dates (aaaa-mm-dd) are still accepted: Django adds them to every input format list."""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
