from django.apps import AppConfig


class DigitalesConfig(AppConfig):
    name = "comercial.digitales"
    label = "comercial_digitales"
    verbose_name = "COMTECO · Ventas Digitales"
