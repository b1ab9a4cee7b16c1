"""The append-only event log: recording and verifying the hash chain.

Every event's hash is SHA-256 over its sequence number, time, actor, type,
organisation, target and data, plus the previous event's hash. Writers lock
the single ``SelloBitacora`` row, so events are chained in one order even with
many writers, and the seal records the head so a truncated tail is detected too.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from enlace.copia import copiar
from enlace.models import Evento, SelloBitacora

HASH_INICIAL = "0" * 64
_AL_REGISTRAR = []


@dataclass(frozen=True)
class NuevoEvento:
    tipo: str
    actor: object = None  # a user, or None for "sistema"
    objeto: object = None
    organizacion: object = None
    datos: dict | None = None


def _normalizar(datos):
    """What the database stores of ``datos``, so the hash covers exactly that: its JSON round trip. A flat dict of
    texts, whole numbers, booleans, dates and Decimals (every event of the release sweep) is converted value by value
    with the same encoder instead, in a third of the time; anything else takes the round trip."""
    plano = _plano(datos or {})
    if plano is not None:
        return plano
    return json.loads(json.dumps(datos, cls=DjangoJSONEncoder), parse_float=_float_como_jsonb)


_TAL_CUAL = frozenset({str, int, bool, type(None)})  # exact types: subclasses (enums, lazy texts) take the round trip
_CODIFICADOS = frozenset({datetime, date, time, timedelta, Decimal, UUID})  # the encoder makes each a str
_CODIFICADOR = DjangoJSONEncoder()


def _plano(datos):
    """``datos`` as its JSON round trip would give it back, when it is a flat dict of those types; else None."""
    if type(datos) is not dict:
        return None
    plano = {}
    for clave, valor in datos.items():
        if type(clave) is not str:
            return None
        if type(valor) in _TAL_CUAL:
            plano[clave] = valor
        elif type(valor) in _CODIFICADOS:
            plano[clave] = _CODIFICADOR.default(valor)
        else:
            return None
    return plano


def _float_como_jsonb(texto):
    # PostgreSQL's jsonb keeps numbers as ``numeric`` and gives 1e+20 back as the
    # integer 100000000000000000000 and -0.0 as 0.0; parse floats the same way
    # on every backend so that reading an event back does not change its hash.
    if "e+" in texto.lower():
        return int(Decimal(texto))  # Python writes only whole floats (>= 1e16) with e+
    return float(texto) or 0.0


def calcular_hash(evento, hash_anterior):
    contenido = json.dumps(
        [
            evento.secuencia,
            evento.creado.isoformat(),
            evento.actor_id,
            evento.tipo,
            evento.organizacion_id,
            evento.objeto_tipo_id,
            evento.objeto_id,
            evento.objeto_repr,
            evento.datos,
            hash_anterior,
        ],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(contenido.encode()).hexdigest()


def al_registrar(funcion):
    """Call ``funcion(registrados)`` after every append, in the same transaction and under the seal's lock,
    with the ``(objeto, evento)`` pairs just written: apps keep per-object summaries of the log with it (an
    operación's last activity), so no writer of events can forget them; ``registrar_varios(avisar=False)`` is the one
    way around them, for a bulk writer that writes the same in its own UPDATE. Returns ``funcion`` (a decorator)."""
    if funcion not in _AL_REGISTRAR:
        _AL_REGISTRAR.append(funcion)
    return funcion


def registrar(*, tipo, actor=None, objeto=None, organizacion=None, datos=None):
    """Append one event and return it. Joins the caller's transaction."""
    return registrar_varios([NuevoEvento(tipo, actor, objeto, organizacion, datos)])[0]


def registrar_varios(nuevos, *, avisar=True):
    """Append many events in one locked step (bulk insert) and return them in order.

    ``avisar=False`` skips the ``al_registrar`` hooks: only for a bulk writer that records what they would in its
    own UPDATE of the same rows (the release sweep writes each apartado's last activity with its new state)."""
    if not nuevos:
        return []
    with transaction.atomic():
        sello = SelloBitacora.objects.select_for_update().get(pk=1)
        ahora = timezone.now()  # taken under the lock, so time never goes back as the sequence goes up
        secuencia, hash_anterior = sello.ultima_secuencia, sello.ultimo_hash
        eventos = []
        for nuevo in nuevos:
            secuencia += 1
            objeto = nuevo.objeto
            evento = Evento(
                secuencia=secuencia,
                creado=ahora,
                actor_id=nuevo.actor.pk if nuevo.actor is not None else None,
                tipo=nuevo.tipo,
                organizacion_id=nuevo.organizacion.pk if nuevo.organizacion is not None else None,
                objeto_tipo_id=ContentType.objects.get_for_model(objeto).pk if objeto is not None else None,
                objeto_id=str(objeto.pk) if objeto is not None else "",
                objeto_repr=str(objeto)[:200] if objeto is not None else "",
                datos=_normalizar(nuevo.datos),
                hash_anterior=hash_anterior,
            )
            evento.hash = hash_anterior = calcular_hash(evento, evento.hash_anterior)
            eventos.append(evento)
        _insertar(eventos)
        SelloBitacora.objects.filter(pk=1).update(ultima_secuencia=secuencia, ultimo_hash=hash_anterior)
        registrados = [(nuevo.objeto, evento) for nuevo, evento in zip(nuevos, eventos, strict=True)]
        for funcion in _AL_REGISTRAR if avisar else ():
            funcion(registrados)
    return eventos


_COPIA_DESDE = 50


def _insertar(eventos):
    """Insert the events and give them their ids: from ``_COPIA_DESDE`` events on by COPY (bulk_create's
    parameter adaptation was a third of a 10,000-apartado sweep); a single action's event keeps its INSERT."""
    if len(eventos) < _COPIA_DESDE:
        Evento.objects.bulk_create(eventos, batch_size=1000)
    else:
        copiar(Evento, eventos)


def verificar(lote=5000):
    """Walk the whole chain and return a list of Spanish problem descriptions (empty when intact)."""
    problemas = []
    # Read the seal first: events appended while we walk are chained after it and
    # verified too; reading it last would take them for a truncated tail.
    sello = SelloBitacora.objects.get(pk=1)
    hash_sellado = HASH_INICIAL if sello.ultima_secuencia == 0 else None
    esperado_secuencia, esperado_hash = 0, HASH_INICIAL
    ultimo_id = 0
    while True:
        eventos = list(Evento.objects.filter(pk__gt=ultimo_id).order_by("pk")[:lote])
        if not eventos:
            break
        for evento in eventos:
            esperado_secuencia += 1
            if evento.secuencia != esperado_secuencia:
                problemas.append(
                    f"Secuencia {evento.secuencia} (id {evento.pk}): se esperaba {esperado_secuencia}; "
                    "faltan o se reordenaron eventos."
                )
                esperado_secuencia = evento.secuencia
            if evento.hash_anterior != esperado_hash:
                problemas.append(
                    f"Secuencia {evento.secuencia}: no encadena con el evento anterior "
                    "(se borró o alteró un evento previo)."
                )
            if calcular_hash(evento, evento.hash_anterior) != evento.hash:
                problemas.append(f"Secuencia {evento.secuencia}: su contenido fue modificado.")
            if evento.secuencia == sello.ultima_secuencia:
                hash_sellado = evento.hash
            esperado_hash = evento.hash
        ultimo_id = eventos[-1].pk
    if esperado_secuencia < sello.ultima_secuencia or hash_sellado != sello.ultimo_hash:
        problemas.append(
            f"El sello indica {sello.ultima_secuencia} eventos y la cadena termina en {esperado_secuencia}: "
            "se borraron o alteraron los últimos eventos."
        )
    return problemas
