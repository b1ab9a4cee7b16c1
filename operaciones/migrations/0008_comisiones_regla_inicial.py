"""Default commission rule so every cierre has one from day one (the COP edits or replaces it in the admin):
2 % of the precio final; one concesionario: 50 % asesor / 50 % concesionario; two: 40 % asesor /
30 % concesionario A / 30 % concesionario B; in force since 2020-01-01."""

import datetime
from decimal import Decimal

from django.db import migrations

NOMBRE = "Regla general (2 % del precio final)"


def crear_regla(apps, schema_editor):
    ReglaComision = apps.get_model("operaciones", "ReglaComision")
    ReglaComision.objects.get_or_create(
        nombre=NOMBRE,
        defaults={
            "tipo": "porcentaje",
            "valor": Decimal("2.00"),
            "vigente_desde": datetime.date(2020, 1, 1),
            "activa": True,
            "asesor_un_concesionario": Decimal("50.00"),
            "asesor_dos_concesionarios": Decimal("40.00"),
            "concesionario_a": Decimal("30.00"),
            "concesionario_b": Decimal("30.00"),
        },
    )


def borrar_regla(apps, schema_editor):
    apps.get_model("operaciones", "ReglaComision").objects.filter(nombre=NOMBRE, lineas__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("operaciones", "0007_comisiones_desempeno"),
    ]

    operations = [migrations.RunPython(crear_regla, borrar_regla)]
