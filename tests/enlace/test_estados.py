"""The state columns: FSM fields on the models, plain CharFields in the migrations (enlace.estados)."""

import pytest
from django.apps import apps
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django_fsm import FSMFieldMixin

from atencion.models import Ticket
from enlace.estados import CampoEstado


def _campos_de_migraciones():
    for migracion in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.values():
        for operacion in migracion.operations:
            for _nombre, campo in getattr(operacion, "fields", []):
                yield migracion, campo
            if hasattr(operacion, "field"):
                yield migracion, operacion.field


def test_cada_columna_de_estado_es_un_campo_estado():
    estados = [f for m in apps.get_models() for f in m._meta.concrete_fields if isinstance(f, FSMFieldMixin)]
    assert len(estados) > 20
    assert [str(f) for f in estados if not isinstance(f, CampoEstado)] == []


def test_las_migraciones_no_conectan_senales_de_la_maquina_de_estados():
    """An FSMField in a migration connects a class_prepared receiver every time migrate renders its model."""
    con_fsm = [f"{m.app_label}.{m.name}" for m, campo in _campos_de_migraciones() if isinstance(campo, FSMFieldMixin)]
    assert con_fsm == []


def test_en_migraciones_es_un_charfield_con_sus_opciones():
    nombre, ruta, args, kwargs = Ticket._meta.get_field("estado").deconstruct()
    assert (nombre, ruta) == ("estado", "django.db.models.CharField")
    assert "protected" not in kwargs
    assert kwargs["default"] == Ticket.Estado.ABIERTO and kwargs["choices"] == Ticket.Estado.choices
    # What a migration rebuilds from those arguments is the same column with the same options.
    assert models.CharField(*args, **kwargs).deconstruct()[1:] == (ruta, args, kwargs)


def test_en_el_modelo_sigue_protegida():
    ticket = Ticket()
    with pytest.raises(AttributeError):
        ticket.estado = Ticket.Estado.CERRADO
