"""Extended statistics on the apartado's state and its availability confirmation (PostgreSQL only).

The COP tray's «Disponibilidad sin confirmar» asks for pending apartados with no confirmation. Counted apart,
the two conditions look rare together (PostgreSQL multiplies their selectivities and expected 3 rows of 1,500
at 100k units), so it joined the concesionarios in a nested loop: 11.7 ms. Knowing how the two columns go
together, it hashes the join: 1.2 ms.
"""

from django.db import migrations

from enlace.migraciones import RunSQLSoloPostgres

NOMBRE = "operaciones_apartado_estado_confirmada_stx"


class Migration(migrations.Migration):
    dependencies = [("operaciones", "0017_fusion_actividad_busqueda")]

    operations = [
        RunSQLSoloPostgres(
            [
                f"CREATE STATISTICS IF NOT EXISTS {NOMBRE} (mcv) ON estado, disponibilidad_confirmada_en "
                "FROM operaciones_apartado",
                "ANALYZE operaciones_apartado",  # gathered now, not at autovacuum's next pass
            ],
            f"DROP STATISTICS IF EXISTS {NOMBRE}",
        )
    ]
