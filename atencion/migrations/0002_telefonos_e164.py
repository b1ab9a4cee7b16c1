from django.db import migrations

from enlace.telefonos import migracion_a_e164


class Migration(migrations.Migration):
    dependencies = [("atencion", "0001_initial")]

    operations = [
        migracion_a_e164("atencion", "Cliente", "pyme__pais"),
    ]
