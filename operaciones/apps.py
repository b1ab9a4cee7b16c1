from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The lead channels the catalogue starts with (migration 0014 seeded the same ones).
CANALES_INICIALES = (
    "Piso de venta (visita al concesionario)",
    "Llamada telefónica",
    "WhatsApp",
    "Redes sociales",
    "Sitio web o portal de autos",
    "Recomendación de otro cliente",
    "Cliente recurrente",
    "Evento o exhibición",
    "Otro",
)


def asegurar_canales(sender, **kwargs):
    """The lead channels' initial catalogue after every migrate and flush (transactional tests empty the
    tables); the COP edits it in the admin."""
    from enlace.migraciones import modelo_migrado

    if (CanalLead := modelo_migrado(kwargs, "operaciones", "CanalLead")) is None:
        return
    for orden, nombre in enumerate(CANALES_INICIALES, start=1):
        CanalLead.objects.get_or_create(nombre=nombre, defaults={"orden": orden})


class OperacionesConfig(AppConfig):
    name = "operaciones"
    verbose_name = "Operaciones (Enl@ceGrup)"

    def ready(self):
        from enlace import bitacora
        from operaciones.services.actividad import eventos_registrados

        bitacora.al_registrar(eventos_registrados)
        post_migrate.connect(asegurar_canales, sender=self, dispatch_uid="operaciones-canales")
