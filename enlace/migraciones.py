"""Migration operations shared by the apps."""

from django.apps import apps as registro
from django.db import migrations


class SoloPostgres:
    """Runs the operation on PostgreSQL, the tested database; the embedded SQLite default does without it.
    The model state is the same on both, so ``makemigrations`` sees no change."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexSoloPostgres(SoloPostgres, migrations.AddIndex):
    """An index PostgreSQL can build and SQLite cannot (``NULLS LAST`` in CREATE INDEX, refused by SQLite 3.40)."""


class RunSQLSoloPostgres(SoloPostgres, migrations.RunSQL):
    """SQL that only PostgreSQL understands (extended statistics, for one)."""


def modelo_migrado(senal, app_label, nombre):
    """In a post_migrate handler (``senal``: its keyword arguments), the model as the migrate that just ran left
    it, or None when that migrate stopped before creating it (``migrate app 0003``, a rollback)."""
    try:
        return (senal.get("apps") or registro).get_model(app_label, nombre)
    except LookupError:
        return None
