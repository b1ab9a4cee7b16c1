"""Notifications and the email outbox.

Writers (``notificar``, ``encolar_correo``) only insert rows, inside the
caller's transaction, and register the Celery publish with ``on_commit``: a
rolled-back change notifies nobody and nothing leaves before commit.

Dispatch (``enviar_correos``, ``barrer_bandeja_salida``) claims rows with one
conditional UPDATE (pendiente → enviando) before talking to SMTP and marks it
enviado afterwards, so two dispatchers never both send it. When the broker is
down the publish is skipped with a warning and the periodic sweep sends the
row; when SMTP is down the row goes back to pendiente with an exponential
backoff.

The one case where a message can go out twice: the worker dies (or loses the
database) after SMTP accepted the message and before the row is marked
enviado. The row stays ``enviando`` until the lease expires and the sweep puts
it back to pendiente. The ``Message-ID`` header is derived from the row, so
both copies carry the same id and a receiving MTA or client can drop the
duplicate.
"""

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone

from enlace.celery import publicar
from enlace.errores import ErrorNegocio
from enlace.models import AdjuntoCorreo, CorreoSaliente, Notificacion

logger = logging.getLogger(__name__)

Estado = CorreoSaliente.Estado

# A row claimed (enviando) for longer than this is assumed to belong to a dead worker.
ARRIENDO_ENVIO = timedelta(minutes=15)


class NotificacionNoEncontrada(Exception):
    """The notification does not exist or belongs to another user."""


MSG_ADJUNTOS_GRANDES = (
    "Los adjuntos del correo pesan {tamano}; el máximo es {maximo}. Descárguelo desde Enlace en lugar de enviarlo."
)
MSG_ADJUNTO_VACIO = "El adjunto «{nombre}» está vacío."


class AdjuntoRechazado(ErrorNegocio):
    """An attachment is empty or the attachments of one email exceed ``ENLACE_CORREO_ADJUNTOS_MAX_BYTES``."""


@dataclass(frozen=True)
class Adjunto:
    """A file to attach to an outbox email: its name as the recipient sees it, its bytes and MIME type."""

    nombre: str
    contenido: bytes
    tipo_mime: str = "application/pdf"


# --- Settings, read at call time ---------------------------------------------


def _max_intentos():
    return settings.ENLACE_BANDEJA_MAX_INTENTOS


def espera_tras_fallo(intentos):
    """Exponential backoff of every outbox: base, 2·base, 4·base … capped (default 1 h)."""
    base = settings.ENLACE_BANDEJA_REINTENTO_SEGUNDOS
    tope = settings.ENLACE_BANDEJA_REINTENTO_MAX_SEGUNDOS
    return timedelta(seconds=min(base * 2 ** max(intentos - 1, 0), tope))


def _url_absoluta(enlace):
    if not enlace:
        return ""
    return urljoin(settings.ENLACE_URL_BASE.rstrip("/") + "/", enlace)


# --- Writing to the outbox ----------------------------------------------------


@dataclass(frozen=True)
class Aviso:
    """One notification for some users: in-app always, and by email with ``por_correo``."""

    destinatarios: Any
    titulo: str
    cuerpo: str
    enlace: str = ""
    por_correo: bool = True
    clave: str = ""
    adjuntos: tuple = ()  # Adjunto, sent with each email


def notificar(*, destinatarios, titulo, cuerpo, enlace="", por_correo=True, clave="", adjuntos=()):
    """Create one in-app notification per user and, with ``por_correo``, one outbox email per active user.

    ``adjuntos`` (a list of Adjunto) go with every email; raises AdjuntoRechazado when they are too big.

    Joins the caller's transaction (or opens its own); emails are published to Celery only after commit.
    With ``clave``, a user who already has a notification with that key gets nothing new (idempotent).
    Returns the notifications created; raises ValueError if ``enlace`` is not a path on this site.
    """
    return notificar_varios([Aviso(destinatarios, titulo, cuerpo, enlace, por_correo, clave, tuple(adjuntos))])


def notificar_varios(avisos):
    """``notificar`` for many avisos at once, in a number of queries that does not grow with them (sweeps).

    Within one call, a user already given an aviso with the same ``clave`` gets no second one: the first wins.
    """
    destino = []  # (aviso, usuario), one per notification to write
    tomados = set()
    for aviso in avisos:
        if aviso.enlace and (not aviso.enlace.startswith("/") or aviso.enlace.startswith("//")):
            # Rendered as a link in the list and in emails: only paths on this site (reverse(...)).
            raise ValueError(f"notificar(enlace=...) must be a path on this site, got {aviso.enlace!r}")
        usuarios = {u.pk: u for u in aviso.destinatarios}.values()
        if usuarios and aviso.por_correo:
            _validar_adjuntos(aviso.adjuntos)
        for usuario in usuarios:
            if aviso.clave and (usuario.pk, aviso.clave) in tomados:
                continue
            tomados.add((usuario.pk, aviso.clave))
            destino.append((aviso, usuario))
    if not destino:
        return []
    with transaction.atomic():
        nuevas = [
            Notificacion(destinatario=u, titulo=a.titulo, cuerpo=a.cuerpo, enlace=a.enlace, clave=a.clave)
            for a, u in destino
        ]
        guardadas = _insertar_sin_duplicar(Notificacion, nuevas, campo="destinatario_id")
        creadas, correos, adjuntos = [], [], []
        for (aviso, usuario), notificacion in zip(destino, guardadas, strict=True):
            if notificacion is None:
                continue
            creadas.append(notificacion)
            if aviso.por_correo and usuario.email and usuario.is_active:
                correos.append(_correo_de_aviso(aviso, usuario, notificacion))
                adjuntos.append(aviso.adjuntos)
        por_adjuntos = {}
        for correo, archivos in zip(_guardar_correos(correos, todos=True), adjuntos, strict=True):
            if correo is not None and archivos:
                por_adjuntos.setdefault(id(archivos), (archivos, []))[1].append(correo)
        for archivos, grupo in por_adjuntos.values():
            _guardar_adjuntos(grupo, archivos)
        return creadas


def _correo_de_aviso(aviso, usuario, notificacion):
    contexto = {"usuario": usuario, "titulo": aviso.titulo, "cuerpo": aviso.cuerpo, "url": _url_absoluta(aviso.enlace)}
    return _nuevo_correo(
        para=usuario.email,
        asunto=aviso.titulo,
        cuerpo_texto=render_to_string("enlace/notificaciones/correo/notificacion.txt", contexto),
        cuerpo_html=render_to_string("enlace/notificaciones/correo/notificacion.html", contexto),
        clave=aviso.clave,
        notificacion=notificacion,
    )


def encolar_correo(*, para, asunto, cuerpo_texto, cuerpo_html="", clave="", adjuntos=()):
    """Write one email to the outbox for an address that is not a user (a client, a reset link).

    Joins the caller's transaction; published after commit. With ``clave``, a second call for the
    same address and key changes nothing. Returns the outbox row, or None when it already existed.
    ``adjuntos`` (a list of Adjunto) are stored privately; raises AdjuntoRechazado when too big.
    """
    _validar_adjuntos(adjuntos)
    with transaction.atomic():
        correo = _nuevo_correo(
            para=para, asunto=asunto, cuerpo_texto=cuerpo_texto, cuerpo_html=cuerpo_html, clave=clave
        )
        guardados = _guardar_correos([correo])
        if guardados and adjuntos:
            _guardar_adjuntos(guardados, adjuntos)
        return guardados[0] if guardados else None


def _nuevo_correo(*, para, asunto, cuerpo_texto, cuerpo_html="", clave="", notificacion=None):
    return CorreoSaliente(
        para=para,
        # Header injection guard: a subject is one line.
        asunto=" ".join(asunto.split())[:250],
        cuerpo_texto=cuerpo_texto,
        cuerpo_html=cuerpo_html,
        clave=clave,
        notificacion=notificacion,
        estado=Estado.PENDIENTE,
        proximo_intento=timezone.now(),
    )


def _validar_adjuntos(adjuntos):
    for adjunto in adjuntos:
        if not adjunto.contenido:
            raise AdjuntoRechazado(MSG_ADJUNTO_VACIO.format(nombre=adjunto.nombre))
    total = sum(len(a.contenido) for a in adjuntos)
    maximo = settings.ENLACE_CORREO_ADJUNTOS_MAX_BYTES
    if total > maximo:
        raise AdjuntoRechazado(MSG_ADJUNTOS_GRANDES.format(tamano=filesizeformat(total), maximo=filesizeformat(maximo)))


def _guardar_adjuntos(correos, adjuntos):
    """Store each attachment once in the private storage (by its SHA-256) and link it to every email."""
    filas = []
    for adjunto in adjuntos:
        sha256 = hashlib.sha256(adjunto.contenido).hexdigest()
        fila = AdjuntoCorreo(
            nombre=" ".join(adjunto.nombre.split())[:200],  # a header parameter: one line
            tipo_mime=adjunto.tipo_mime,
            tamano=len(adjunto.contenido),
            sha256=sha256,
        )
        ruta = fila.archivo.field.generate_filename(fila, adjunto.nombre)
        if not default_storage.exists(ruta):
            ruta = default_storage.save(ruta, ContentFile(adjunto.contenido))
        filas.extend(
            AdjuntoCorreo(
                correo=correo,
                nombre=fila.nombre,
                tipo_mime=fila.tipo_mime,
                tamano=fila.tamano,
                sha256=sha256,
                archivo=ruta,
            )
            for correo in correos
        )
    AdjuntoCorreo.objects.bulk_create(filas)


def _guardar_correos(correos, *, todos=False):
    """Insert outbox rows (skipping existing (para, clave) pairs); publish the new ones after commit.

    Returns the saved rows; with ``todos``, one entry per input row (None where it was skipped).
    """
    guardados = _insertar_sin_duplicar(CorreoSaliente, correos, campo="para")
    ids = [c.pk for c in guardados if c is not None and c.estado == Estado.PENDIENTE]
    if ids:
        transaction.on_commit(partial(publicar_envios, ids), robust=True)
    return guardados if todos else [c for c in guardados if c is not None]


def _insertar_sin_duplicar(modelo, filas, *, campo):
    """Bulk-insert rows and return, for each input row, the row as stored or None where it was skipped.

    Rows with a ``clave`` whose (``campo``, clave) already exists are skipped, and a concurrent duplicate
    is dropped by the unique constraint instead of failing the caller's transaction. Constant queries.
    """
    sin_clave = [fila for fila in filas if not fila.clave]
    con_clave = [fila for fila in filas if fila.clave]
    guardadas = {id(fila): fila for fila in modelo.objects.bulk_create(sin_clave)} if sin_clave else {}
    if con_clave:
        tomados = {_par(fila, campo) for fila in _con_pares(modelo, con_clave, campo).only(campo, "clave")}
        nuevas = []
        for fila in con_clave:
            if _par(fila, campo) not in tomados:
                tomados.add(_par(fila, campo))
                nuevas.append(fila)
        if nuevas:
            modelo.objects.bulk_create(nuevas, ignore_conflicts=True)
            # ignore_conflicts does not return primary keys: read the rows back.
            releidas = {_par(fila, campo): fila for fila in _con_pares(modelo, nuevas, campo)}
            guardadas.update((id(fila), releidas.get(_par(fila, campo))) for fila in nuevas)
    return [guardadas.get(id(fila)) for fila in filas]


def _par(fila, campo):
    return getattr(fila, campo), fila.clave


def _con_pares(modelo, filas, campo):
    """The stored rows that may share a (campo, clave) pair with ``filas`` (a superset: compare pairs after)."""
    return modelo.objects.filter(
        **{f"{campo}__in": {getattr(f, campo) for f in filas}}, clave__in={f.clave for f in filas}
    )


def publicar_envios(correo_ids):
    """Queue the outbox rows for the worker, ``ENLACE_CORREOS_POR_TAREA`` per task; called after commit.
    Returns how many rows were queued."""
    return publicar("enlace.tasks.enviar_correo", correo_ids, por_tarea=settings.ENLACE_CORREOS_POR_TAREA)


# --- Dispatch -----------------------------------------------------------------

_ADJUNTOS = Prefetch("adjuntos", queryset=AdjuntoCorreo.objects.order_by("id"))


def enviar_correo(correo_id):
    """Send one outbox email if it is pending and due; return True if this call sent it."""
    return enviar_correos([correo_id]) == 1


def enviar_correos(correo_ids):
    """Send those of ``correo_ids`` that are pending and due, over one SMTP connection; return how many this call sent.

    The claim is one conditional UPDATE, so concurrent callers cannot both send a row. SMTP errors
    put the row back to pendiente with backoff (fallido after ``ENLACE_BANDEJA_MAX_INTENTOS``).
    """
    ahora = timezone.now()
    reclamados = CorreoSaliente.objects.filter(
        pk__in=correo_ids, estado=Estado.PENDIENTE, proximo_intento__lte=ahora
    ).update(estado=Estado.ENVIANDO, reclamado_en=ahora)
    return _enviar_reclamados(correo_ids, ahora) if reclamados else 0


def barrer_bandeja_salida(lote=200):
    """Send the pending emails that are due, at most ``lote``; return how many were sent.

    Rows are claimed in one short transaction (``skip_locked`` where supported, so parallel sweeps
    take disjoint rows) and sent outside it over one SMTP connection. Rows stuck in enviando past
    the lease are released first. Running it again right after sends nothing.
    """
    liberar_envios_vencidos()
    ahora = timezone.now()
    with transaction.atomic():
        candidatos = CorreoSaliente.objects.filter(estado=Estado.PENDIENTE, proximo_intento__lte=ahora).order_by(
            "proximo_intento", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            candidatos = candidatos.select_for_update(skip_locked=True)
        ids = list(candidatos.values_list("id", flat=True)[:lote])
        if not ids:
            return 0
        CorreoSaliente.objects.filter(pk__in=ids, estado=Estado.PENDIENTE).update(
            estado=Estado.ENVIANDO, reclamado_en=ahora
        )
    enviados = _enviar_reclamados(ids, ahora)
    if enviados:
        logger.info("Barrido de la bandeja de salida: %d correo(s) enviados.", enviados)
    return enviados


def _enviar_reclamados(ids, reclamado_en):
    """Send the rows of ``ids`` this process claimed at ``reclamado_en``, over one SMTP connection; return how many
    were sent. When the server is unreachable the rest are put back to pendiente without counting an attempt."""
    correos = list(
        CorreoSaliente.objects.filter(pk__in=ids, estado=Estado.ENVIANDO, reclamado_en=reclamado_en)
        .prefetch_related(_ADJUNTOS)
        .order_by("id")
    )
    sin_intentar = {c.pk for c in correos}
    enviados = 0
    conexion_smtp = get_connection(fail_silently=False)
    try:
        for correo in correos:
            sin_intentar.discard(correo.pk)
            error = _entregar(correo, conexion_smtp)
            if error is None:
                enviados += 1
            elif _es_error_de_conexion(error):
                break  # the server is unreachable: the rest would fail the same way
    finally:
        # Claimed but not attempted (SMTP down, time limit): back to pendiente, no attempt counted.
        if sin_intentar:
            CorreoSaliente.objects.filter(
                pk__in=sin_intentar, estado=Estado.ENVIANDO, reclamado_en=reclamado_en
            ).update(estado=Estado.PENDIENTE, reclamado_en=None)
        try:
            conexion_smtp.close()
        except Exception as exc:  # closing a broken connection must not hide the results
            logger.warning("Bandeja de salida: error al cerrar la conexión SMTP: %s", exc)
    return enviados


def liberar_envios_vencidos():
    """Put rows stuck in enviando longer than the lease back to pendiente (counting an attempt); return how many.

    This is the only path that can resend a message SMTP already accepted (see the module docstring).
    """
    ahora = timezone.now()
    vencidos = CorreoSaliente.objects.filter(estado=Estado.ENVIANDO, reclamado_en__lt=ahora - ARRIENDO_ENVIO)
    agotados = vencidos.filter(intentos__gte=_max_intentos() - 1).update(
        estado=Estado.FALLIDO,
        intentos=F("intentos") + 1,
        reclamado_en=None,
        ultimo_error="Envío interrumpido (arriendo vencido); sin más reintentos.",
    )
    liberados = vencidos.update(
        estado=Estado.PENDIENTE,
        intentos=F("intentos") + 1,
        reclamado_en=None,
        proximo_intento=ahora,
        ultimo_error="Envío interrumpido (arriendo vencido); se reintenta.",
    )
    if agotados or liberados:
        logger.warning("Bandeja de salida: %d envío(s) vencidos liberados, %d fallidos.", liberados, agotados)
    return liberados


def _es_error_de_conexion(error):
    """True when the SMTP server itself is unreachable (as opposed to a refused recipient)."""
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    # SMTPException subclasses OSError; any other OSError is a socket-level failure.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def message_id(correo):
    """A Message-ID fixed by the row (id and creation time), identical on every retry."""
    dominio = urlsplit(settings.ENLACE_URL_BASE).hostname or "enlace.local"
    return f"<correo-{correo.pk}.{correo.creado:%Y%m%d%H%M%S}@{dominio}>"


def _entregar(correo, conexion_smtp):
    """Send a row this process has claimed over ``conexion_smtp``, then mark it enviado or record the failure.

    Returns None when sent, else the exception (the row is back to pendiente, or fallido).
    """
    mensaje = EmailMultiAlternatives(
        subject=correo.asunto,
        body=correo.cuerpo_texto,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[correo.para],
        headers={"Message-ID": message_id(correo)},
        connection=conexion_smtp,
    )
    if correo.cuerpo_html:
        mensaje.attach_alternative(correo.cuerpo_html, "text/html")
    # Every write below is conditional on our claim, so a worker whose lease expired cannot clobber a newer one.
    mi_reclamo = CorreoSaliente.objects.filter(pk=correo.pk, estado=Estado.ENVIANDO, reclamado_en=correo.reclamado_en)
    intentos = correo.intentos + 1
    try:
        for adjunto in correo.adjuntos.all():
            # Read inside the try: a file missing from the storage is a failed attempt, retried like SMTP errors.
            with adjunto.archivo.open("rb") as archivo:
                mensaje.attach(adjunto.nombre, archivo.read(), adjunto.tipo_mime)
        conexion_smtp.open()  # a no-op once open; send() would close a connection it opened itself
        mensaje.send(fail_silently=False)
    except Exception as exc:  # refused connection, timeout, rejected recipient…: the sweep retries
        agotado = intentos >= _max_intentos()
        error = f"{type(exc).__name__}: {exc}"[:2000]
        mi_reclamo.update(
            estado=Estado.FALLIDO if agotado else Estado.PENDIENTE,
            intentos=intentos,
            proximo_intento=timezone.now() + espera_tras_fallo(intentos),
            reclamado_en=None,
            ultimo_error=error,
        )
        registrar = logger.error if agotado else logger.warning
        registrar("Correo %s a %s no enviado (intento %d): %s", correo.pk, correo.para, intentos, error)
        return exc
    if not mi_reclamo.update(estado=Estado.ENVIADO, enviado_en=timezone.now(), intentos=intentos, ultimo_error=""):
        logger.warning("Correo %s enviado después de vencer su arriendo; puede salir dos veces.", correo.pk)
    return None


# --- In-app notifications -----------------------------------------------------


def marcar_leida(*, actor, notificacion_id):
    """Mark one of the actor's notifications as read (idempotent) and return it.

    Raises NotificacionNoEncontrada for a missing id or another user's notification.
    """
    with transaction.atomic():
        try:
            notificacion = Notificacion.objects.visibles_para(actor).select_for_update().get(pk=notificacion_id)
        except Notificacion.DoesNotExist:
            raise NotificacionNoEncontrada(notificacion_id) from None
        if notificacion.leida_en is None:
            notificacion.leida_en = timezone.now()
            notificacion.save(update_fields=["leida_en"])
        return notificacion


def marcar_todas_leidas(*, actor):
    """Mark all the actor's unread notifications as read; return how many changed."""
    with transaction.atomic():
        return Notificacion.objects.visibles_para(actor).no_leidas().update(leida_en=timezone.now())
