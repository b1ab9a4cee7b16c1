"""``CampoEstado``: the state column of every model that the action layer (``enlace.acciones``) moves.

It is django-fsm-2's ``FSMField`` (protected, transitions declared on the model), written in migrations as the
plain ``CharField`` it is in the database. An ``FSMField`` in a migration connects a ``class_prepared`` receiver
each time ``migrate`` renders its model, about a thousand of them by the last migrations, and every model rendered
then calls them all: a fresh ``migrate`` took 172 s of CPU, 74 s without them.
"""

from django_fsm import FSMField


class CampoEstado(FSMField):
    def deconstruct(self):
        name, _ruta, args, kwargs = super().deconstruct()
        kwargs.pop("protected", None)
        return name, "django.db.models.CharField", args, kwargs
