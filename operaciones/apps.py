from django.apps import AppConfig


class OperacionesConfig(AppConfig):
    name = "operaciones"
    verbose_name = "Operaciones (Enl@ceGrup)"

    def ready(self):
        from enlace import bitacora
        from operaciones.services.actividad import eventos_registrados

        bitacora.al_registrar(eventos_registrados)
