"""Seed the Trade-In checklist (editable afterwards in the admin)."""

from django.db import migrations

PUNTOS = (
    "Documentación y factura de origen",
    "Tarjeta de circulación vigente",
    "Verificación vehicular al corriente",
    "Tenencias y refrendos pagados",
    "Llaves y duplicado",
    "Reporte de robo limpio (REPUVE)",
    "Estado de la carrocería y pintura",
    "Motor y transmisión",
    "Llantas y frenos",
    "Interiores y tablero",
    "Sistema eléctrico y aire acondicionado",
)


def sembrar(apps, schema_editor):
    Punto = apps.get_model("operaciones", "PuntoChecklistTradeIn")
    for orden, nombre in enumerate(PUNTOS, start=1):
        Punto.objects.get_or_create(nombre=nombre, defaults={"orden": orden * 10})


class Migration(migrations.Migration):
    dependencies = [("operaciones", "0005_negociacion_tradein")]

    operations = [migrations.RunPython(sembrar, migrations.RunPython.noop)]
