from django.db import migrations

from enlace.telefonos import migracion_a_e164


class Migration(migrations.Migration):
    dependencies = [("comercial_crm", "0001_initial")]

    operations = [
        migracion_a_e164("comercial_crm", "Prospecto", "organizacion__pais"),
    ]
