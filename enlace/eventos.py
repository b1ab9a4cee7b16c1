"""Human names of the event types (``Evento.tipo``) shown in the bitácora and every timeline.

Each app declares its own in ``<app>/eventos.py`` as ``NOMBRES_EVENTO``; this module gathers them.
A type without a name shows its code (tests/enlace/test_eventos.py keeps every declared type named)."""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

NOMBRES_EVENTO = {
    "enlace.documento.emitido": "Documento emitido",
    "enlace.usuario.invitado": "Usuario invitado",
}


@cache
def nombres():
    """{tipo: nombre} of every installed app."""
    todos = {}
    for app in apps.get_app_configs():
        if module_has_submodule(app.module, "eventos"):
            todos.update(getattr(import_module(f"{app.name}.eventos"), "NOMBRES_EVENTO", {}))
    return todos


def nombre_evento(tipo):
    return nombres().get(tipo, tipo)
