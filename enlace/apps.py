from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def asegurar_datos_base(sender, **kwargs):
    """Role groups and the event-log seal exist after every migrate and flush."""
    from enlace import bitacora, roles
    from enlace.models import SelloBitacora

    roles.sincronizar_grupos()
    SelloBitacora.objects.get_or_create(pk=1, defaults={"ultima_secuencia": 0, "ultimo_hash": bitacora.HASH_INICIAL})


class EnlaceConfig(AppConfig):
    name = "enlace"
    verbose_name = "Enlace"

    def ready(self):
        # sincronizar_grupos creates every app's permissions itself, so hooking our own app is enough.
        post_migrate.connect(asegurar_datos_base, sender=self, dispatch_uid="enlace-datos-base")
        from enlace.agregados import registrar_en_sqlite

        connection_created.connect(registrar_en_sqlite, dispatch_uid="enlace-percentil-sqlite")
        from enlace import busqueda

        connection_created.connect(busqueda.registrar_en_sqlite, dispatch_uid="enlace-busqueda-sqlite")
        from enlace.postgres import registrar_cargador_fechas

        connection_created.connect(registrar_cargador_fechas, dispatch_uid="enlace-fechas-postgres")
