"""What every service module of operaciones shares: the business error, recipients and the lock order.

Lock order is always unit → apartado → the apartado's dependent rows (descuentos, trade-in,
entrega, comisiones), so a reservation, a validation, a cierre and the sweep never deadlock.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_fsm import ConcurrentTransition

from enlace import bitacora
from enlace.archivos import validar_subida
from enlace.errores import ErrorNegocio
from enlace.models import Organizacion, Usuario
from operaciones import mensajes
from operaciones.models import Apartado, Unidad
from operaciones.rules import GERENTES, ROLES_OPERACIONES, es_cop


class ErrorOperacion(ErrorNegocio):
    """A refused business action; ``mensaje`` is the Spanish text shown to the user."""


def exigir_cop(actor):
    if not es_cop(actor):
        raise ErrorOperacion(mensajes.SOLO_COP)


def validar_archivo(archivo, *, tipos, max_bytes=None):
    """``enlace.archivos.validar_subida`` with its Spanish refusal as an ErrorOperacion."""
    try:
        validar_subida(archivo, tipos=tipos, max_bytes=max_bytes)
    except ValidationError as error:
        raise ErrorOperacion(" ".join(error.messages)) from None


def red_de(user):
    """The network (Organizacion tipo red) a user works in; asesores without concesionario get OPERACIONES_RED."""
    org = getattr(user, "organizacion", None)
    if org is not None:
        if org.tipo == Organizacion.Tipo.RED or org.padre_id is None:
            return org
        return org.padre
    return Organizacion.objects.filter(slug=settings.OPERACIONES_RED).first()


def usuarios(*roles_, **filtros):
    return Usuario.objects.filter(is_active=True, groups__name__in=roles_, **filtros).distinct()


def cop_de(concesionario_id):
    """The COP staff of the network the concesionario belongs to."""
    return usuarios("cop", organizacion__hijas=concesionario_id)


def gerentes_de(concesionario_id, roles_=GERENTES):
    return usuarios(*roles_, organizacion_id=concesionario_id)


def red_completa(concesionario_id):
    """Every operaciones user of the concesionario's network (COP, asesores, every concesionario's staff)."""
    padre = Organizacion.objects.filter(pk=concesionario_id).values("padre_id")
    return usuarios(*ROLES_OPERACIONES).filter(Q(organizacion_id__in=padre) | Q(organizacion__padre_id__in=padre))


def clave_lote(prefijo, ids):
    """Idempotency key of a notification about one or many rows."""
    ids = sorted(ids)
    if len(ids) == 1:
        return f"{prefijo}-{ids[0]}"
    return f"{prefijo}-lote-{hashlib.sha1(','.join(map(str, ids)).encode(), usedforsecurity=False).hexdigest()[:24]}"


def bloquear_apartado(apartado_id):
    """Lock the unit, then the apartado (the one lock order of this app). Returns the apartado."""
    unidad_id = Apartado.objects.filter(pk=apartado_id).values_list("unidad_id", flat=True).first()
    if unidad_id is None:
        raise ErrorOperacion(mensajes.NO_ACTIVO)
    unidad = Unidad.objects.select_for_update().get(pk=unidad_id)
    apartado = (
        Apartado.objects.select_for_update(of=("self",))
        .select_related("asesor", "cliente", "concesionario")
        .get(pk=apartado_id)
    )
    apartado.unidad = unidad
    return apartado


def guardar(obj, *campos):
    """Save the named fields; a concurrent FSM transition becomes a Spanish refusal."""
    try:
        obj.save(update_fields=[*campos])
    except ConcurrentTransition:
        raise ErrorOperacion(mensajes.CONCURRENCIA) from None


def concesionario_a_de(apartado):
    """Concesionario A (received the client): the asesor's concesionario, or None for an independent asesor.

    B is always ``apartado.concesionario`` (owns the unit); A and B may be the same dealer.
    """
    organizacion = apartado.asesor.organizacion
    if organizacion is not None and organizacion.tipo == Organizacion.Tipo.CONCESIONARIO:
        return organizacion
    return None


def datos_apartado(apartado):
    """The fields every event about an apartado carries."""
    unidad = apartado.unidad
    return {
        "apartado_id": apartado.pk,
        "unidad_id": unidad.pk,
        "vin": unidad.vin,
        "asesor_id": apartado.asesor_id,
        "vence": apartado.vence,
    }


def registrar_en_operacion(tipo, *, actor, apartado, condicion, **datos):
    """Record an event of the operación: on its apartado, in the unit's concesionario, with what held."""
    bitacora.registrar(
        tipo=tipo,
        actor=actor,
        objeto=apartado,
        organizacion=apartado.unidad.concesionario,
        datos={**datos_apartado(apartado), "condicion": condicion, **datos},
    )
