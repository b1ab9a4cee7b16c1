from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The giros the catalogue starts with (the migration seeds the same ones; the admin edits them after).
GIROS_INICIALES = (
    ("estetica", "Estética"),
    ("veterinaria", "Veterinaria"),
    ("abogados", "Despacho de abogados"),
    ("otro", "Otro"),
    ("consultorio", "Consultorio médico"),
    ("restaurante", "Restaurante"),
)


def asegurar_giros(sender, **kwargs):
    """The initial giros exist after every migrate and flush (transactional tests empty the tables)."""
    from enlace.migraciones import modelo_migrado

    if (Giro := modelo_migrado(kwargs, "atencion", "Giro")) is None:
        return
    for codigo, nombre in GIROS_INICIALES:
        Giro.objects.get_or_create(codigo=codigo, defaults={"nombre": nombre})


class AtencionConfig(AppConfig):
    name = "atencion"
    verbose_name = "Atención a clientes (ENROK)"

    def ready(self):
        post_migrate.connect(asegurar_giros, sender=self, dispatch_uid="atencion-giros")
