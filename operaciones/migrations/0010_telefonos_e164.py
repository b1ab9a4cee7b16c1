from django.db import migrations

from enlace.telefonos import migracion_a_e164


class Migration(migrations.Migration):
    dependencies = [("operaciones", "0009_supervision_tramos")]

    operations = [
        migracion_a_e164("operaciones", "Cliente", "organizacion__pais"),
        migracion_a_e164("operaciones", "Contacto", "organizacion__pais"),
    ]
