import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")

app = Celery("enlace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
