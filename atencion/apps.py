from django.apps import AppConfig


class AtencionConfig(AppConfig):
    name = "atencion"
    verbose_name = "Atención a clientes (ENROK)"
