"""An operación's last activity (``Apartado.ultima_actividad`` and ``ultimo_evento_tipo``), kept as it happens.

Every ``operaciones.*`` event on an apartado and every event on one of its escalations moves it, through
``enlace.bitacora``'s hook (registered in ``OperacionesConfig.ready``), so no writer of events can forget it (the
release sweep writes it with each apartado's new state instead, ``campos_de_actividad``);
every message of its conversation moves it too (``mensaje_enviar``, the one writer of messages). The
«Operaciones sin movimiento» section of the COP's tray reads it through one partial index instead of
searching the event log for each operación's last event.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from enlace.historial import actualizar_con_historial
from operaciones.models import Apartado, Escalamiento

__all__ = ["actividad_registrar", "campos_de_actividad", "eventos_registrados"]

PREFIJO_EVENTOS = "operaciones."
_LOTE = 1000


def campos_de_actividad(cuando, tipo=""):
    """The apartado fields that say it had activity at ``cuando``; ``tipo``, the event type of that activity when
    it was a step of theirs, is also their last step."""
    return {"ultima_actividad": cuando, **({"ultimo_evento_tipo": tipo} if tipo else {})}


def actividad_registrar(apartado_ids, cuando, *, tipo=""):
    """Those apartados had activity at ``cuando`` (``campos_de_actividad``). One UPDATE per 1,000 apartados."""
    campos = campos_de_actividad(cuando, tipo)
    ids = sorted(set(apartado_ids))  # one lock order between concurrent writers
    for inicio in range(0, len(ids), _LOTE):
        # Both fields are left out of the history: this is a plain UPDATE.
        actualizar_con_historial(Apartado.objects.filter(pk__in=ids[inicio : inicio + _LOTE]), campos)


def eventos_registrados(registrados):
    """``enlace.bitacora``'s hook: the ``(objeto, evento)`` pairs just appended (one time, one transaction).

    The apartado instances at hand get the new values too, so a later ``save()`` does not write back old ones."""
    tipos = ContentType.objects.get_for_models(Apartado, Escalamiento)
    apartado_ct, escalamiento_ct = tipos[Apartado].pk, tipos[Escalamiento].pk
    ultimo_tipo = {}  # apartado id → its last step in this batch ("" when only its escalation moved)
    instancias = []
    for objeto, evento in registrados:
        if evento.objeto_tipo_id == apartado_ct and evento.tipo.startswith(PREFIJO_EVENTOS):
            ultimo_tipo[objeto.pk] = evento.tipo
            instancias.append(objeto)
        elif evento.objeto_tipo_id == escalamiento_ct:
            ultimo_tipo.setdefault(objeto.apartado_id, "")
            if Escalamiento.apartado.is_cached(objeto):
                instancias.append(objeto.apartado)
    if not ultimo_tipo:
        return
    cuando = registrados[0][1].creado
    por_tipo = defaultdict(list)
    for apartado_id, tipo in ultimo_tipo.items():
        por_tipo[tipo].append(apartado_id)
    for tipo, ids in por_tipo.items():
        actividad_registrar(ids, cuando, tipo=tipo)
    for apartado in instancias:
        apartado.ultima_actividad = cuando
        apartado.ultimo_evento_tipo = ultimo_tipo[apartado.pk] or apartado.ultimo_evento_tipo
