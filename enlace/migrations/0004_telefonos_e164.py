from django.db import migrations

from enlace.telefonos import migracion_a_e164


class Migration(migrations.Migration):
    dependencies = [("enlace", "0003_evento_inmutable_en_bd")]

    operations = [
        migracion_a_e164("enlace", "Usuario", "organizacion__pais"),
    ]
