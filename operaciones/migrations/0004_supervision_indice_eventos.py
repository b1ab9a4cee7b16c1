"""A covering index on the event log for the bottleneck report (PostgreSQL only).

The report walks every operaciones event of each apartado in sequence order; this index gives that
order with everything the report reads, so PostgreSQL answers with an index-only scan and no sort.
``enlace.Evento`` belongs to the foundation, hence the raw SQL here; SQLite does without it.
"""

from django.db import migrations

INDICE = "operaciones_evento_etapas_idx"
CREAR = f"""
    CREATE INDEX IF NOT EXISTS {INDICE} ON enlace_evento (objeto_tipo_id, objeto_id, secuencia)
    INCLUDE (tipo, creado, organizacion_id) WHERE tipo LIKE 'operaciones.%'
"""
BORRAR = f"DROP INDEX IF EXISTS {INDICE}"


def _en_postgresql(sql):
    def ejecutar(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)  # no parameters: the % of LIKE stays as written

    return ejecutar


class Migration(migrations.Migration):
    dependencies = [
        ("enlace", "0002_roles_y_sello"),
        ("operaciones", "0003_supervision_revision_retiro"),
    ]

    operations = [migrations.RunPython(_en_postgresql(CREAR), _en_postgresql(BORRAR))]
