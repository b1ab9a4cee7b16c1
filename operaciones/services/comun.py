"""What every service module of operaciones shares: the business error, recipients and the lock order.

Lock order is always unit → apartado → the apartado's dependent rows (descuentos, trade-in,
entrega, comisiones), so a reservation, a validation, a cierre and the sweep never deadlock.
State changes run through ``enlace.acciones.ejecutar`` (refusals are ``AccionRechazada``, an
``ErrorNegocio`` like ``ErrorOperacion``).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from enlace import bitacora
from enlace.archivos import validar_subida
from enlace.errores import ErrorNegocio
from enlace.models import Notificacion, Organizacion
from enlace.notificaciones.services import notificar
from operaciones.models import Apartado, Unidad
from operaciones.rules import GERENTES, ROLES_OPERACIONES
from operaciones.selectors.comun import usuarios


class ErrorOperacion(ErrorNegocio):
    """A refused business action; ``mensaje`` is the Spanish text shown to the user."""


def validar_archivo(archivo, *, tipos, max_bytes=None):
    """``enlace.archivos.validar_subida`` with its Spanish refusal as an ErrorOperacion; returns the kind found."""
    try:
        return validar_subida(archivo, tipos=tipos, max_bytes=max_bytes)
    except ValidationError as error:
        raise ErrorOperacion(" ".join(error.messages)) from None


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


def bloquear_apartado(apartado):
    """Lock the unit, then the apartado (the one lock order of this app). Returns the apartado, re-read."""
    unidad = Unidad.objects.select_for_update().select_related("concesionario").get(pk=apartado.unidad_id)
    apartado = (
        Apartado.objects.select_for_update(of=("self",))
        .select_related("asesor__organizacion", "cliente", "concesionario")
        .get(pk=apartado.pk)
    )
    apartado.unidad = unidad
    return apartado


def datos_del_evento(apartado, condicion, **datos):
    """What an event of the operación carries: the apartado's fields, the condition that held and ``datos``."""
    return {**datos_apartado(apartado), "condicion": condicion, **datos}


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
    """Record an event of the operación: on its apartado, in the unit's concesionario, with what held.

    For a step that is not a transition of the apartado itself (a dependent row's transition runs with
    ``evento=None``: the timeline and the bottleneck report read every step on the apartado)."""
    bitacora.registrar(
        tipo=tipo,
        actor=actor,
        objeto=apartado,
        organizacion=apartado.unidad.concesionario,
        datos=datos_del_evento(apartado, condicion, **datos),
    )
    avisar_si_lista_para_cierre(apartado)


def avisar_si_lista_para_cierre(apartado):
    """Tell the network's COP (bell and email, once per operación) when a step left the validated operación
    meeting every condition of its cierre. Every step is recorded through ``registrar_en_operacion``, so it
    asks here; once told, one indexed lookup is all a later step costs."""
    if apartado.estado != Apartado.Estado.VALIDADO:
        return
    clave = f"operaciones-cierre-listo-{apartado.pk}"
    cop = cop_de(apartado.concesionario_id)
    if Notificacion.objects.filter(destinatario__in=cop, clave=clave).exists():
        return
    actual = Apartado.objects.select_related("asesor", "unidad", "cliente").get(pk=apartado.pk)
    if actual.faltantes_para_cierre():
        return
    unidad = actual.unidad
    notificar(
        destinatarios=cop,
        titulo=f"Lista para el Cierre de Operación: {unidad.marca} {unidad.modelo} {unidad.vin}",
        cuerpo=(
            f"La operación {actual.folio} de {actual.cliente.nombre} (asesor {actual.asesor}) cumple todas las "
            "condiciones del cierre: pago, factura, expediente, entrega, traslado, seguro y negociación. "
            "Ya puede activar el Cierre de Operación."
        ),
        enlace=reverse("operaciones:apartado", args=[actual.pk]),
        clave=clave,
    )
