"""Migration operations shared by the apps."""

from django.db import migrations


class AddIndexSoloPostgres(migrations.AddIndex):
    """An index PostgreSQL can build and SQLite cannot (``NULLS LAST`` in CREATE INDEX, refused by SQLite
    3.40): created only on PostgreSQL, the tested database; the embedded SQLite default runs without it.
    The model state is the same on both, so ``makemigrations`` sees no change."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RunSQLSoloPostgres(migrations.RunSQL):
    """SQL that only PostgreSQL understands (extended statistics, for one): run there; the embedded SQLite
    default does without it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
