from django.db import migrations


def crear_roles_y_sello(apps, schema_editor):
    from enlace import roles

    roles.sincronizar_grupos(apps)
    apps.get_model("enlace", "SelloBitacora").objects.get_or_create(
        pk=1, defaults={"ultima_secuencia": 0, "ultimo_hash": "0" * 64}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enlace", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(crear_roles_y_sello, migrations.RunPython.noop)]
