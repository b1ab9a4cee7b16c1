"""Issuing a document freezes it: the PDF is rendered once, with a verification code, a link and a QR
code in its footer, and those exact bytes are stored with their SHA-256. Every later download, email
attachment or verification uses the stored bytes, never a new rendering. Issuing the same document of
the same record again adds the next version; earlier versions stay downloadable and verifiable.
"""

import hashlib
import logging
import secrets
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from enlace import bitacora
from enlace.errores import ErrorNegocio
from enlace.models import DocumentoEmitido
from enlace.notificaciones.services import Adjunto
from enlace.pdf import renderizar_pdf

logger = logging.getLogger(__name__)

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not misread.
ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LONGITUD_CODIGO = 12  # 60 random bits: not guessable, short enough to type

MSG_EMISION_CONCURRENTE = "Otra persona emitió este documento al mismo tiempo; vuelva a intentarlo."


class ErrorDocumento(ErrorNegocio):
    """A document could not be issued."""


class DocumentoAlterado(Exception):
    """The stored bytes no longer match the SHA-256 recorded at issue: they are never served."""


def nuevo_codigo():
    return "".join(secrets.choice(ALFABETO) for _ in range(LONGITUD_CODIGO))


def normalizar_codigo(texto):
    """A code as typed (lower case, dashes, spaces, O for 0, I or L for 1) in its stored form."""
    limpio = "".join((texto or "").split()).replace("-", "").upper()
    return limpio.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def codigo_legible(codigo):
    return "-".join(codigo[i : i + 4] for i in range(0, len(codigo), 4))


def url_verificacion(codigo):
    """The absolute public link printed on the document and encoded in its QR code."""
    return urljoin(settings.ENLACE_URL_BASE.rstrip("/") + "/", reverse("verificar", args=[codigo]).lstrip("/"))


def documento_emitir(
    *, actor, objeto, tipo, nombre_tipo, emisora, organizacion, plantilla, contexto, nombre_archivo, ahora=None
):
    """Issue the next version of document ``tipo`` for ``objeto``: render once, store the bytes, record the event.

    Joins the caller's transaction, which should hold the lock on ``objeto`` (two issues of one record
    then take consecutive versions). The bitácora event carries the code, version and SHA-256.
    Raises ErrorDocumento when a concurrent issue took the same version.
    """
    ahora = ahora or timezone.now()
    objeto_tipo = ContentType.objects.get_for_model(objeto, for_concrete_model=False)
    try:
        with transaction.atomic():
            anteriores = DocumentoEmitido.objects.filter(objeto_tipo=objeto_tipo, objeto_id=objeto.pk, tipo=tipo)
            version = (anteriores.aggregate(ultima=Max("version"))["ultima"] or 0) + 1
            codigo = nuevo_codigo()
            verificacion = {
                "codigo": codigo,
                "codigo_legible": codigo_legible(codigo),
                "url": url_verificacion(codigo),
                "version": version,
                "emitido_en": ahora,
            }
            with timezone.override(ZoneInfo(organizacion.zona_horaria)):
                contenido = renderizar_pdf(
                    plantilla, {**contexto, "documento_emitido": verificacion}, verificacion=verificacion
                )
            documento = DocumentoEmitido(
                codigo=codigo,
                tipo=tipo,
                nombre_tipo=nombre_tipo,
                emisora=emisora,
                organizacion=organizacion,
                objeto_tipo=objeto_tipo,
                objeto_id=objeto.pk,
                version=version,
                nombre_archivo=_nombre_con_version(nombre_archivo, version),
                tamano=len(contenido),
                sha256=hashlib.sha256(contenido).hexdigest(),
                emitido_por=actor,
                emitido_en=ahora,
            )
            documento.archivo.save(documento.nombre_archivo, ContentFile(contenido), save=False)
            documento.save(force_insert=True)
            bitacora.registrar(
                tipo="enlace.documento.emitido",
                actor=actor,
                objeto=objeto,
                organizacion=organizacion,
                datos={
                    "documento": tipo,
                    "version": version,
                    "codigo": codigo,
                    "sha256": documento.sha256,
                    "bytes": documento.tamano,
                },
            )
    except IntegrityError:
        raise ErrorDocumento(MSG_EMISION_CONCURRENTE) from None
    return documento


def _nombre_con_version(nombre, version):
    base = nombre[:-4] if nombre.lower().endswith(".pdf") else nombre
    return f"{base}-v{version}.pdf"


def contenido(documento):
    """The stored bytes of an issued document, checked against the SHA-256 recorded at issue."""
    with documento.archivo.open("rb") as archivo:
        datos = archivo.read()
    if hashlib.sha256(datos).hexdigest() != documento.sha256:
        logger.error("Documento emitido %s: el archivo guardado no coincide con su SHA-256.", documento.pk)
        raise DocumentoAlterado(documento.codigo)
    return datos


def respuesta(documento, *, adjunto=True):
    """The stored PDF as a download (the caller already checked the user may see it)."""
    resp = HttpResponse(contenido(documento), content_type="application/pdf")
    resp.headers["Content-Disposition"] = content_disposition_header(adjunto, documento.nombre_archivo)
    resp.headers["Cache-Control"] = "private, no-store"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


def respuesta_emitida(request, objeto, *, tipo):
    """The issued PDF of ``objeto`` as a download (``?version=N`` for an earlier one), or None when it was
    never issued and the caller renders it live. Raises Http404 for a version that does not exist."""
    version = request.GET.get("version")
    documento = version_elegida(objeto, tipo=tipo, version=version)
    if documento is not None:
        return respuesta(documento)
    if version:
        raise Http404("No existe esa versión del documento.")
    return None


def como_adjunto(documento):
    """The stored PDF as an outbox attachment (enlace.notificaciones.services.Adjunto)."""
    return Adjunto(documento.nombre_archivo, contenido(documento))


def adjuntos_para_correo(documento):
    """[the stored PDF as an Adjunto], or [] when it is over ENLACE_CORREO_ADJUNTOS_MAX_BYTES (the email's link
    still leads to the download): an oversized report must not block its issue."""
    if documento.tamano > settings.ENLACE_CORREO_ADJUNTOS_MAX_BYTES:
        logger.warning("Documento %s (%d bytes) no se adjunta: supera el máximo.", documento.codigo, documento.tamano)
        return []
    return [como_adjunto(documento)]


def versiones(objeto, *, tipo, url):
    """Every issued version of a record's document, newest first, each with ``url_descarga`` = ``url(documento)``."""
    lista = list(DocumentoEmitido.objects.de(objeto, tipo=tipo).select_related("emitido_por"))
    for documento in lista:
        documento.url_descarga = url(documento)
    return lista


def version_elegida(objeto, *, tipo, version=None):
    """The issued document of ``objeto`` in that version (the newest when None or not a number), or None."""
    documentos = DocumentoEmitido.objects.de(objeto, tipo=tipo)
    if version not in (None, ""):
        try:
            return documentos.filter(version=int(version)).first()
        except (TypeError, ValueError):
            return None
    return documentos.first()


def por_codigo(texto):
    """The issued document with that code (as typed), or None."""
    codigo = normalizar_codigo(texto)
    if len(codigo) != LONGITUD_CODIGO or set(codigo) - set(ALFABETO):
        return None
    return DocumentoEmitido.objects.select_related("emisora").filter(codigo=codigo).first()


def es_el_original(documento, archivo):
    """True when the uploaded file has exactly the bytes issued (compares SHA-256, read in chunks)."""
    resumen = hashlib.sha256()
    archivo.seek(0)
    for bloque in archivo.chunks():
        resumen.update(bloque)
    return secrets.compare_digest(resumen.hexdigest(), documento.sha256)


def version_vigente(documento):
    """The newest version of the same document of the same record (may be ``documento`` itself)."""
    return (
        DocumentoEmitido.objects.filter(
            objeto_tipo_id=documento.objeto_tipo_id, objeto_id=documento.objeto_id, tipo=documento.tipo
        )
        .order_by("-version")
        .only("version", "emitido_en")
        .first()
    )
