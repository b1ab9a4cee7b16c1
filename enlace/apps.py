from django.apps import AppConfig


class EnlaceConfig(AppConfig):
    name = "enlace"
    verbose_name = "Enlace"
