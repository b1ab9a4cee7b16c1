from django.apps import AppConfig


class OperacionesConfig(AppConfig):
    name = "operaciones"
    verbose_name = "Operaciones (Enl@ceGrup)"
