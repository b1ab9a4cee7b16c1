"""Mailboxes read by IMAP: each new message fetched once, parsed (atencion.correo_mime), threaded into its ticket
as the JSON webhook does (``correo_enhebrar``), its attachments validated and kept; a refused one quarantined."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from atencion import correo_imap
from atencion.correo_mime import CorreoMalformado, leer_correo
from atencion.mensajes import (
    MSG_ADJUNTO_NO_GUARDADO,
    MSG_BUZON_ERROR,
    MSG_BUZON_SIN_CLAVE,
    MSG_CORREO_ERROR,
    MSG_CORREO_GRANDE,
)
from atencion.models import AdjuntoCorreo, BuzonImap, CorreoRecibido
from atencion.services.canales import correo_enhebrar
from enlace import bitacora
from enlace.archivos import validar_subida
from enlace.celery import publicar

logger = logging.getLogger(__name__)

# What a customer may attach and we keep: the kinds the project accepts as uploads (enlace.archivos.TIPOS).
TIPOS_ADJUNTO = ("pdf", "imagen", "xlsx", "xls", "csv", "xml")


@dataclass
class Sondeo:
    """What one poll did; ``error`` is the Spanish reason it stopped early (also kept on the mailbox)."""

    ingresados: int = 0
    duplicados: int = 0
    cuarentena: int = 0
    error: str = ""


def buzones_sondear():
    """Beat: queue one poll per active mailbox (each poll takes its own lock). Returns how many were queued."""
    ids = list(BuzonImap.objects.filter(activo=True).values_list("pk", flat=True))
    return publicar("atencion.tasks.sondear_buzon", ids)


def buzon_sondear(*, buzon, ahora=None):
    """Fetch and ingest the mailbox's messages above its last UID, in batches of ``ATENCION_IMAP_LOTE``.

    Each batch is one transaction holding the mailbox row lock: a concurrent poller waits, re-reads the last UID
    and goes on with what is left, so no message is ingested twice (and (mailbox, UIDVALIDITY, UID) is unique).
    A malformed message is quarantined with its raw bytes and the poll goes on. A connection or server error
    is kept on the mailbox and returned in ``Sondeo.error``, never raised. Nothing is marked read or deleted.
    """
    resultado = Sondeo()
    clave = buzon.clave()
    if not clave:
        return _fallo(buzon, resultado, MSG_BUZON_SIN_CLAVE.format(variable=buzon.clave_variable))
    try:
        with correo_imap.conectar(
            servidor=buzon.servidor,
            puerto=buzon.puerto,
            seguridad=buzon.seguridad,
            usuario=buzon.usuario,
            clave=clave,
            timeout=settings.ATENCION_IMAP_TIMEOUT,
        ) as conexion:
            uidvalidity = correo_imap.seleccionar(conexion, buzon.carpeta)
            pendientes = None
            while True:
                with transaction.atomic():
                    fila = BuzonImap.objects.select_for_update().select_related("pyme").get(pk=buzon.pk)
                    if fila.uidvalidity != uidvalidity:  # the folder was rebuilt: its UIDs start over
                        fila.uidvalidity, fila.ultimo_uid, pendientes = uidvalidity, 0, None
                    if pendientes is None:
                        pendientes = correo_imap.uids_nuevos(conexion, fila.ultimo_uid)
                    lote = [uid for uid in pendientes if uid > fila.ultimo_uid][: settings.ATENCION_IMAP_LOTE]
                    if lote:
                        recibidos = correo_imap.traer(conexion, lote, max_bytes=settings.ATENCION_IMAP_MAX_BYTES)
                        _ingresar_lote(fila, uidvalidity, recibidos, resultado, ahora=ahora or timezone.now())
                        fila.ultimo_uid = lote[-1]
                    fila.ultimo_sondeo, fila.ultimo_error = timezone.now(), ""
                    fila.save(update_fields=["uidvalidity", "ultimo_uid", "ultimo_sondeo", "ultimo_error"])
                if not lote:
                    return resultado
    except correo_imap.ErrorImap as exc:
        return _fallo(buzon, resultado, MSG_BUZON_ERROR.format(error=exc))


def correo_ingresar_crudo(*, buzon, crudo, uidvalidity, uid, fecha=None):
    """Ingest one raw message as if fetched from ``buzon`` (the demo's sample .eml, a message saved by hand).

    Same parser, threading and quarantine as a poll; a (UIDVALIDITY, UID) already recorded changes nothing.
    Returns the CorreoRecibido."""
    with transaction.atomic():
        fila = BuzonImap.objects.select_for_update().select_related("pyme").get(pk=buzon.pk)
        existente = CorreoRecibido.objects.filter(buzon=fila, uidvalidity=uidvalidity, uid=uid).first()
        if existente:
            return existente
        recibido = correo_imap.Recibido(uid=uid, tamano=len(crudo), fecha=fecha, crudo=crudo)
        _ingresar_lote(fila, uidvalidity, [recibido], Sondeo(), ahora=timezone.now())
        return CorreoRecibido.objects.get(buzon=fila, uidvalidity=uidvalidity, uid=uid)


def _fallo(buzon, resultado, mensaje):
    logger.warning("Buzón IMAP %s: %s", buzon.pk, mensaje)
    BuzonImap.objects.filter(pk=buzon.pk).update(ultimo_error=mensaje, ultimo_sondeo=timezone.now())
    resultado.error = mensaje
    return resultado


def _ingresar_lote(buzon, uidvalidity, recibidos, resultado, *, ahora):
    registros = [_ingresar(buzon, uidvalidity, recibido, ahora=ahora) for recibido in recibidos]
    CorreoRecibido.objects.bulk_create(registros)
    for registro in registros:
        if registro.estado == CorreoRecibido.Estado.INGRESADO:
            resultado.ingresados += 1
        elif registro.estado == CorreoRecibido.Estado.DUPLICADO:
            resultado.duplicados += 1
        else:
            resultado.cuarentena += 1
    cuarentena = [r for r in registros if r.estado == CorreoRecibido.Estado.CUARENTENA]
    if cuarentena:
        bitacora.registrar_varios(
            [
                bitacora.NuevoEvento(
                    "atencion.correo.cuarentena",
                    None,
                    buzon,
                    buzon.pyme,
                    {"uidvalidity": uidvalidity, "uid": r.uid, "motivo": r.motivo},
                )
                for r in cuarentena
            ]
        )


def _ingresar(buzon, uidvalidity, recibido, *, ahora):
    """The CorreoRecibido (unsaved) of one fetched message, threaded into its ticket or quarantined."""
    registro = CorreoRecibido(buzon=buzon, uidvalidity=uidvalidity, uid=recibido.uid, tamano=recibido.tamano)
    if not recibido.completo:
        maximo = settings.ATENCION_IMAP_MAX_BYTES
        motivo = MSG_CORREO_GRANDE.format(tamano=filesizeformat(recibido.tamano), maximo=filesizeformat(maximo))
        return _cuarentena(registro, motivo, recibido.crudo)
    try:
        leido = leer_correo(recibido.crudo)
    except CorreoMalformado as exc:
        return _cuarentena(registro, exc.motivo, recibido.crudo)
    # No Message-ID: one made of the bytes, so the same message read again is still recognised.
    registro.message_id = (leido.message_id or _id_sin_cabecera(recibido.crudo))[:250]
    fecha = min(recibido.fecha, ahora) if recibido.fecha else ahora
    try:
        with transaction.atomic():
            interaccion = correo_enhebrar(
                pyme=buzon.pyme,
                de=leido.de,
                nombre=leido.nombre,
                asunto=leido.asunto,
                message_id=registro.message_id,
                in_reply_to=leido.in_reply_to,
                references=leido.references,
                texto=leido.texto,
                ahora=fecha,
            )
            if interaccion is not None:
                _guardar_adjuntos(interaccion, leido.adjuntos)
    except Exception as exc:  # a message that breaks the threading is kept for review; the poll goes on
        logger.exception("Buzón IMAP %s: UID %s no se pudo ingresar.", buzon.pk, recibido.uid)
        motivo = MSG_CORREO_ERROR.format(error=f"{type(exc).__name__}: {exc}"[:300])
        return _cuarentena(registro, motivo, recibido.crudo)
    registro.interaccion = interaccion
    registro.estado = CorreoRecibido.Estado.INGRESADO if interaccion else CorreoRecibido.Estado.DUPLICADO
    return registro


def _cuarentena(registro, motivo, crudo):
    registro.estado, registro.motivo, registro.crudo = CorreoRecibido.Estado.CUARENTENA, motivo, crudo
    return registro


def _id_sin_cabecera(crudo):
    return f"<sin-message-id.{hashlib.sha256(crudo).hexdigest()[:40]}@{settings.ATENCION_CORREO_DOMINIO}>"


def _guardar_adjuntos(interaccion, adjuntos):
    """Keep each attachment that passes the upload checks; name the refused ones (and why) in the message."""
    rechazos = []
    for adjunto in adjuntos:
        archivo = ContentFile(adjunto.contenido, name=adjunto.nombre)
        try:
            validar_subida(archivo, tipos=TIPOS_ADJUNTO, max_bytes=settings.ATENCION_CORREO_ADJUNTO_MAX_BYTES)
        except ValidationError as exc:
            rechazos.append(MSG_ADJUNTO_NO_GUARDADO.format(motivo=" ".join(exc.messages)))
            continue
        AdjuntoCorreo.objects.create(
            interaccion=interaccion,
            pyme_id=interaccion.pyme_id,
            archivo=archivo,
            nombre=adjunto.nombre,
            tipo_mime=adjunto.tipo_mime[:100],
            tamano=archivo.size,
        )
    if rechazos:
        interaccion.contenido = "\n\n".join([interaccion.contenido, *rechazos]).strip()
        interaccion.save(update_fields=["contenido"])
