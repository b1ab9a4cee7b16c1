"""IMAP plumbing (``imaplib``): connect with TLS or STARTTLS, read UIDVALIDITY, list new UIDs and fetch them in
batches without marking them read. No database here: ``atencion.services.correo`` decides what to do with them."""

import imaplib
import re
import ssl
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime

UID_RE = re.compile(rb"\bUID (\d+)")
TAMANO_RE = re.compile(rb"\bRFC822\.SIZE (\d+)")
FECHA_RE = re.compile(rb'\bINTERNALDATE "([^"]+)"')


class ErrorImap(Exception):
    """The server refused or failed (login, select, fetch); the message is safe to show to an admin."""


@dataclass
class Recibido:
    """One fetched message: the whole raw bytes, or only its header when it is over the size limit."""

    uid: int
    tamano: int
    fecha: datetime | None
    crudo: bytes
    completo: bool = True


@contextmanager
def conectar(*, servidor, puerto, seguridad, usuario, clave, timeout):
    """A logged-in connection (certificates verified for SSL/TLS and STARTTLS); logged out at the end."""
    try:
        if seguridad == "ssl":
            conexion = imaplib.IMAP4_SSL(servidor, puerto, ssl_context=ssl.create_default_context(), timeout=timeout)
        else:
            conexion = imaplib.IMAP4(servidor, puerto, timeout=timeout)
            if seguridad == "starttls":
                conexion.starttls(ssl_context=ssl.create_default_context())
        conexion.login(usuario, clave)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ErrorImap(_explicar(exc)) from exc
    try:
        yield conexion
    finally:
        with suppress(OSError, imaplib.IMAP4.error):
            conexion.logout()


def _explicar(exc):
    texto = exc.args[0] if exc.args else exc
    if isinstance(texto, bytes):
        texto = texto.decode("utf-8", "replace")
    return f"{type(exc).__name__}: {texto}"[:500]


def _comando(conexion, *argumentos):
    try:
        tipo, datos = conexion.uid(*argumentos)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ErrorImap(_explicar(exc)) from exc
    if tipo != "OK":
        raise ErrorImap(f"{argumentos[0]}: {datos!r}"[:500])
    return datos


def seleccionar(conexion, carpeta):
    """Open the folder read-only and return its UIDVALIDITY."""
    try:
        tipo, datos = conexion.select(f'"{carpeta}"', readonly=True)
        if tipo != "OK":
            raise ErrorImap(f"SELECT {carpeta}: {datos!r}"[:500])
        return int(conexion.response("UIDVALIDITY")[1][0])
    except (OSError, imaplib.IMAP4.error, TypeError, ValueError) as exc:
        raise ErrorImap(_explicar(exc)) from exc


def uids_nuevos(conexion, ultimo_uid):
    """UIDs above the last one read, ascending («n:*» also answers the highest UID even when it is lower)."""
    datos = _comando(conexion, "SEARCH", None, "UID", f"{ultimo_uid + 1}:*")
    return sorted(uid for uid in (int(x) for x in (datos[0] or b"").split()) if uid > ultimo_uid)


def conjunto(uids):
    """An IMAP sequence set with runs collapsed: 1,2,3,7 → «1:3,7»."""
    tramos, inicio, anterior = [], None, None
    for uid in sorted(uids):
        if anterior is not None and uid == anterior + 1:
            anterior = uid
            continue
        if inicio is not None:
            tramos.append(f"{inicio}:{anterior}" if anterior != inicio else str(inicio))
        inicio = anterior = uid
    if inicio is not None:
        tramos.append(f"{inicio}:{anterior}" if anterior != inicio else str(inicio))
    return ",".join(tramos)


def _literales(datos):
    """{uid: bytes} of a FETCH answer whose items carry one literal each."""
    resultado = {}
    for i, item in enumerate(datos):
        if not isinstance(item, tuple):
            continue
        encontrado = UID_RE.search(item[0])
        if encontrado is None and i + 1 < len(datos) and isinstance(datos[i + 1], bytes):
            encontrado = UID_RE.search(datos[i + 1])  # a server may send UID after the literal
        if encontrado:
            resultado[int(encontrado.group(1))] = item[1]
    return resultado


def traer(conexion, uids, *, max_bytes):
    """Fetch the messages of ``uids`` (ascending) with two or three commands whatever their number: sizes and
    arrival dates, the bodies within ``max_bytes``, the headers of the larger ones. Nothing is marked read."""
    tamanos, fechas = {}, {}
    for item in _comando(conexion, "FETCH", conjunto(uids), "(RFC822.SIZE INTERNALDATE)"):
        linea = item[0] if isinstance(item, tuple) else item
        uid = UID_RE.search(linea or b"")
        if uid is None:
            continue
        uid = int(uid.group(1))
        tamano = TAMANO_RE.search(linea)
        tamanos[uid] = int(tamano.group(1)) if tamano else 0
        fecha = FECHA_RE.search(linea)
        fechas[uid] = _fecha(fecha.group(1)) if fecha else None
    normales = [uid for uid in tamanos if tamanos[uid] <= max_bytes]
    grandes = [uid for uid in tamanos if tamanos[uid] > max_bytes]
    cuerpos = _literales(_comando(conexion, "FETCH", conjunto(normales), "(BODY.PEEK[])")) if normales else {}
    cabeceras = _literales(_comando(conexion, "FETCH", conjunto(grandes), "(BODY.PEEK[HEADER])")) if grandes else {}
    recibidos = [Recibido(u, tamanos[u], fechas[u], cuerpos[u]) for u in normales if u in cuerpos]
    recibidos += [Recibido(u, tamanos[u], fechas[u], cabeceras.get(u, b""), completo=False) for u in grandes]
    return sorted(recibidos, key=lambda r: r.uid)


def _fecha(texto):
    try:
        return datetime.strptime(texto.decode(), "%d-%b-%Y %H:%M:%S %z").astimezone(UTC)
    except ValueError:
        return None
