"""The one action layer: every state change of every app is an FSM transition run by ``ejecutar``.

A model declares each transition once::

    @transition(field=estado, source=Estado.PENDIENTE, target=Estado.VALIDADO,
                conditions=[disponibilidad_confirmada],      # guards made with ``condicion``
                permission="operaciones.validar_apartado",    # a django-rules rule (rules.add_perm)
                custom={"label": "Validar apartado"})

Services run it with ``ejecutar``; pages offer ``disponibles``; both decide with ``motivo_rechazo``,
so what a user is offered is exactly what the runner would accept, and a refusal always says why.
Only django-fsm-2's public API is used (``can_proceed``, ``Transition.has_perm``, ``get_all_<campo>_transitions``).
"""

from dataclasses import dataclass

from django.db import models, transaction
from django_fsm import ConcurrentTransition, FSMFieldMixin, can_proceed

from enlace import bitacora
from enlace.errores import ErrorNegocio
from enlace.notificaciones.services import Aviso, notificar_varios  # noqa: F401 - Aviso is this layer's API too

NO_DISPONIBLE = "No se puede «{accion}» en el estado «{estado}»."
SIN_PERMISO = "Su usuario no tiene permiso para «{accion}»."
CONCURRENCIA = "Otra persona cambió este registro al mismo tiempo. Recargue la página e intente de nuevo."
SIN_MOTIVO = "No se cumplen las condiciones para «{accion}»."
DESCONOCIDA = "La acción «{accion}» no existe."


class AccionRechazada(ErrorNegocio):
    """The state, the permission or a condition did not allow the transition; nothing was changed."""


def condicion(mensaje, *, con_usuario=False):
    """Declare a pure guard of a transition and the Spanish reason shown when it fails.

    ``mensaje`` is a text, or a callable ``(objeto) -> str`` for a reason that names the row's data.
    With ``con_usuario=True`` the guard is ``(objeto, usuario)``: a rule about who acts that is not a role
    (e.g. "the quality control is done by someone other than who typed it"). django-fsm calls guards with
    the object alone; such a guard then answers True and only this layer, which knows the user, decides.
    """

    def declarar(guarda):
        guarda.mensaje = mensaje
        guarda.con_usuario = con_usuario
        return guarda

    return declarar


# --- Reading the declarations -----------------------------------------------------------------


def campo_de_estado(modelo):
    """The model's one FSM field."""
    campos = [f for f in modelo._meta.concrete_fields if isinstance(f, FSMFieldMixin)]
    if len(campos) != 1:
        raise TypeError(f"{modelo.__name__} debe tener exactamente un campo FSM (tiene {len(campos)}).")
    return campos[0]


def transiciones(modelo):
    """Every declared transition of the model (one per source state)."""
    return list(campo_de_estado(modelo).get_all_transitions(modelo))


def transicion_actual(objeto, nombre):
    """The declaration of ``nombre`` that applies in the object's current state, or None."""
    candidatas = [t for t in transiciones(type(objeto)) if t.name == nombre]
    if not candidatas or not can_proceed(getattr(objeto, nombre), check_conditions=False):
        return None
    estado = getattr(objeto, campo_de_estado(type(objeto)).attname)
    for fuente in (estado, "*", "+"):
        for t in candidatas:
            if t.source == fuente and not (fuente == "+" and t.target == estado):
                return t
    return None


def etiqueta(modelo, nombre):
    """The transition's Spanish label (``custom["label"]``), or its name."""
    for t in transiciones(modelo):
        if t.name == nombre:
            return str(t.custom.get("label", nombre.replace("_", " ")))
    return nombre


def es_interna(t):
    """Run only by the system or as part of another action; never offered on a page."""
    return bool(t.custom.get("interna"))


# --- Deciding ----------------------------------------------------------------------------------


def _texto(mensaje, objeto):
    return str(mensaje(objeto) if callable(mensaje) else mensaje)


def motivo_rechazo(objeto, nombre, usuario):
    """Why ``usuario`` may not run transition ``nombre`` of ``objeto`` now (Spanish), or None if it may.

    ``usuario=None`` is the system: no permission is checked, conditions still are.
    """
    accion = etiqueta(type(objeto), nombre)
    t = transicion_actual(objeto, nombre)
    if t is None:
        if not any(d.name == nombre for d in transiciones(type(objeto))):
            return DESCONOCIDA.format(accion=nombre)
        campo = campo_de_estado(type(objeto))
        return NO_DISPONIBLE.format(accion=accion, estado=getattr(objeto, f"get_{campo.name}_display")())
    if usuario is not None and not t.has_perm(objeto, usuario):
        return _texto(t.custom.get("sin_permiso", SIN_PERMISO.format(accion=accion)), objeto)
    return motivo_condiciones(objeto, t.conditions, usuario, accion=accion)


def motivo_condiciones(objeto, guardas, usuario=None, *, accion=""):
    """The reason of the first guard (declared with ``condicion``) that fails for ``objeto``, or None."""
    for guarda in guardas:
        cumple = guarda(objeto, usuario) if getattr(guarda, "con_usuario", False) else guarda(objeto)
        if not cumple:
            return _texto(getattr(guarda, "mensaje", SIN_MOTIVO.format(accion=accion)), objeto)
    return None


@dataclass(frozen=True)
class Escritura:
    """A write that is not a state change (request a discount, add a note, upload a file), declared once:
    who may (``permiso``, a django-rules permission on the object) and when (``condiciones``, guards
    declared with ``condicion``). The service calls ``exigir``; the page offers it when ``motivo`` is None.
    "When" stays out of the rules on purpose: Django lets a superuser pass every permission.
    """

    permiso: str
    condiciones: tuple = ()
    sin_permiso: str = "Su usuario no tiene permiso para esta acción."

    def motivo(self, objeto, usuario):
        if usuario is not None and not usuario.has_perm(self.permiso, objeto):
            return self.sin_permiso
        return motivo_condiciones(objeto, self.condiciones, usuario)

    def exigir(self, objeto, usuario):
        """Raise AccionRechazada with the Spanish reason unless ``usuario`` may do it on ``objeto`` now."""
        motivo = self.motivo(objeto, usuario)
        if motivo:
            raise AccionRechazada(motivo)


def puede(objeto, nombre, usuario):
    return motivo_rechazo(objeto, nombre, usuario) is None


def disponibles(objeto, usuario):
    """The transitions ``usuario`` may run on ``objeto`` now: what a page offers (internal ones never)."""
    vistas = set()
    ofrecidas = []
    for t in transiciones(type(objeto)):
        if t.name in vistas or es_interna(t):
            continue
        vistas.add(t.name)
        if puede(objeto, t.name, usuario):
            ofrecidas.append(t)
    return ofrecidas


def nombres_disponibles(objeto, usuario):
    return {t.name for t in disponibles(objeto, usuario)}


# --- Running -----------------------------------------------------------------------------------


def _valores(objeto):
    return {f.attname: objeto.__dict__.get(f.attname) for f in objeto._meta.concrete_fields if not f.primary_key}


def _campos_cambiados(objeto, antes):
    despues = _valores(objeto)
    cambiados = [campo for campo, valor in despues.items() if antes.get(campo) != valor]
    sello = [
        f.attname
        for f in objeto._meta.concrete_fields
        if isinstance(f, models.DateField | models.DateTimeField) and f.auto_now
    ]
    return [*cambiados, *(c for c in sello if c not in cambiados)]


def ejecutar(
    objeto,
    nombre,
    *,
    actor,
    argumentos=None,
    evento=None,
    datos=None,
    organizacion=None,
    avisos=(),
    bloquear=True,
):
    """Run transition ``nombre`` of ``objeto`` for ``actor`` (None: the system) and return the saved row.

    In one transaction: lock the row (``bloquear=False`` when the caller already locked it in its own
    lock order), refuse with AccionRechazada and the Spanish reason if the state, the permission or a
    condition does not allow it (nothing changed), run the transition, save only the fields it changed,
    record ``evento`` in the bitácora with ``datos`` and the states before and after, and write
    ``avisos`` (a list of Aviso, or a callable of the saved row returning one) to the outbox.
    """
    with transaction.atomic():
        if bloquear:
            objeto = type(objeto)._default_manager.select_for_update().get(pk=objeto.pk)
        motivo = motivo_rechazo(objeto, nombre, actor)
        if motivo:
            raise AccionRechazada(motivo)
        campo = campo_de_estado(type(objeto)).attname
        anterior = getattr(objeto, campo)
        antes = _valores(objeto)
        getattr(objeto, nombre)(**(argumentos or {}))
        try:
            objeto.save(update_fields=_campos_cambiados(objeto, antes))
        except ConcurrentTransition:
            raise AccionRechazada(CONCURRENCIA) from None
        if evento:
            bitacora.registrar(
                tipo=evento,
                actor=actor,
                objeto=objeto,
                organizacion=organizacion or getattr(objeto, "organizacion", None),
                datos={"de": anterior, "a": getattr(objeto, campo), **(datos or {})},
            )
        notificar_varios(avisos(objeto) if callable(avisos) else avisos)
    return objeto
