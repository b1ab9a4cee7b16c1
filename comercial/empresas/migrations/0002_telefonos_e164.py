from django.db import migrations

from enlace.telefonos import migracion_a_e164


class Migration(migrations.Migration):
    dependencies = [("comercial_empresas", "0001_initial")]

    operations = [
        migracion_a_e164("comercial_empresas", "Empresa", "organizacion__pais"),
        migracion_a_e164("comercial_empresas", "ContactoEmpresa", "empresa__organizacion__pais"),
    ]
