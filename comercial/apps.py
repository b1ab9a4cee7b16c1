from django.apps import AppConfig


class ComercialConfig(AppConfig):
    name = "comercial"
    verbose_name = "Comercial (COMTECO y Carrazos)"
