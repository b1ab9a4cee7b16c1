"""The event table refuses UPDATE and DELETE in PostgreSQL itself, so raw SQL cannot rewrite it either.

TRUNCATE stays allowed (a statement trigger would be needed to block it): pytest-django's
transactional tests flush the database with TRUNCATE, and a TRUNCATE empties the seal's
chain too, which ``verificar_bitacora`` reports.
"""

from django.db import migrations

CREAR = """
CREATE FUNCTION enlace_evento_inmutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'La bitácora no admite % (evento %).', TG_OP, OLD.secuencia;
END;
$$;
CREATE TRIGGER enlace_evento_inmutable
    BEFORE UPDATE OR DELETE ON enlace_evento
    FOR EACH ROW EXECUTE FUNCTION enlace_evento_inmutable();
"""

BORRAR = """
DROP TRIGGER IF EXISTS enlace_evento_inmutable ON enlace_evento;
DROP FUNCTION IF EXISTS enlace_evento_inmutable();
"""


def _solo_postgresql(sql):
    def ejecutar(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return ejecutar


class Migration(migrations.Migration):
    dependencies = [("enlace", "0002_roles_y_sello")]

    operations = [migrations.RunPython(_solo_postgresql(CREAR), _solo_postgresql(BORRAR))]
