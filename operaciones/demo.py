"""Demo data of this app for ``manage.py demo`` (idempotent)."""


def cargar(*, organizaciones, stdout):
    """Nothing yet: this app has no data of its own."""
