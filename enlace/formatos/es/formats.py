"""Dates as people in Mexico, Bolivia and Colombia write them: dd/mm/aaaa, typed and shown.

Only what differs from Django's ``es`` locale is here (every other format falls back to it). ISO dates
(aaaa-mm-dd) are still accepted: Django adds them to every input format list."""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%y %H:%M"]
