import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")

app = Celery("enlace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def encolar(nombre, *args, **opciones):
    """Queue the task named ``nombre`` ("app.tasks.funcion") with ``args``.

    Services queue tasks by name so that they never import the tasks modules that import them.
    """
    return app.signature(nombre, args=args).apply_async(**opciones)
