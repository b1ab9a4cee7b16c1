"""The configuration operaciones' data migrations seed (Trade-In checklist, default commission rule; the lead
channels come back by themselves: ``operaciones.apps.asegurar_canales`` runs after every flush).

A transactional test (the browser tests) flushes the database when it ends, which removes these rows;
tests that rely on them call ``sembrar_configuracion()`` — the migrations' own idempotent functions.
"""

import importlib

from django.apps import apps


def sembrar_configuracion():
    importlib.import_module("operaciones.migrations.0006_tradein_checklist").sembrar(apps, None)
    importlib.import_module("operaciones.migrations.0008_comisiones_regla_inicial").crear_regla(apps, None)
