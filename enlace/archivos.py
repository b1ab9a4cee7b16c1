"""Private uploads: validation on the way in, permission-checked serving on the way out.

Files live in the ``default`` storage (local disk, or an S3-compatible bucket
when configured) with no public URL. A view first finds the owning record
through ``visibles_para(request.user)`` and then calls ``servir_archivo``.
"""

import mimetypes
import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat

from enlace.dinero import miles

# kind → (allowed extensions, magic-byte prefixes); a file must match both.
TIPOS = {
    "pdf": ({".pdf"}, (b"%PDF-",)),
    "imagen": ({".jpg", ".jpeg", ".png", ".webp"}, (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")),
    "xlsx": ({".xlsx"}, (b"PK\x03\x04",)),
    "xls": ({".xls"}, (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),  # Excel 97-2003 (OLE2 compound file)
    "csv": ({".csv", ".txt"}, ()),
    "xml": ({".xml"}, (b"<?xml", b"\xef\xbb\xbf<?xml")),
    "video": ({".mp4", ".webm"}, (b"\x1a\x45\xdf\xa3",)),  # WebM (EBML); MP4 is matched by its ftyp box
    # Ogg (WhatsApp's voice notes), MP3 (ID3 tag or frame sync), AAC (ADTS), AMR; M4A is matched by its ftyp box.
    "audio": (
        {".ogg", ".mp3", ".m4a", ".aac", ".amr"},
        (b"OggS", b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9", b"#!AMR"),
    ),
}
NOMBRES = {
    "pdf": "PDF",
    "imagen": "imagen JPG, PNG o WEBP",
    "xlsx": "Excel (.xlsx)",
    "xls": "Excel 97-2003 (.xls)",
    "csv": "CSV",
    "xml": "XML",
    "video": "video MP4 o WebM",
    "audio": "audio OGG, MP3, M4A, AAC o AMR",
}

ERROR_TAMANO = "El archivo «{nombre}» pesa {tamano}; el máximo permitido es {maximo}."
ERROR_TIPO = "El archivo «{nombre}» no es de un tipo permitido ({permitidos})."
ERROR_CONTENIDO = "El contenido de «{nombre}» no corresponde a su extensión; no se guardó."
ERROR_VACIO = "El archivo «{nombre}» está vacío."
ERROR_CODIFICACION_CSV = "No se pudo leer el archivo: guárdelo como CSV en UTF-8."
ERROR_XLSX_DANADO = "El archivo «{nombre}» no es un libro de Excel (.xlsx) válido o está dañado."
ERROR_DESCOMPRIMIDO = (
    "El archivo «{nombre}» ocupa más de {maximo} una vez descomprimido; no se procesó. Divídalo en partes más pequeñas."
)
ERROR_PROPORCION = "El archivo «{nombre}» está comprimido de forma anómala (posible bomba zip); no se procesó."
ERROR_FILAS = "El archivo tiene más de {maximo} filas; no se importó nada. Divídalo en partes de hasta {maximo} filas."

_BLOQUE = 1024 * 1024


def _coincide_contenido(tipo, cabecera):
    if tipo == "csv":
        # Text in any 8-bit encoding (UTF-8 or the Latin-1 that spreadsheets export); binaries carry NULs.
        return b"\x00" not in cabecera
    if tipo == "imagen" and cabecera.startswith(b"RIFF"):
        return cabecera[8:12] == b"WEBP"
    if tipo in ("video", "audio") and cabecera[4:8] == b"ftyp":  # ISO base media (MP4): a size, then the ftyp box
        return True
    return cabecera.startswith(TIPOS[tipo][1])


def validar_subida(archivo, *, tipos, max_bytes=None):
    """Check an uploaded file's size, extension and content; raise ValidationError in Spanish.

    ``tipos`` names the allowed kinds (keys of ``TIPOS``), in the order the message lists them.
    ``max_bytes`` is one limit, or ``{kind: limit}`` when kinds differ (a video may be larger than a photo;
    a kind missing from it gets ``ENLACE_SUBIDA_MAX_BYTES``). Returns the kind found.
    """
    nombre = PurePath(archivo.name or "").name
    if archivo.size == 0:
        raise ValidationError(ERROR_VACIO.format(nombre=nombre), code="vacio")
    extension = PurePath(nombre).suffix.lower()
    tipo = next((tipo for tipo in tipos if extension in TIPOS[tipo][0]), None)
    por_tipo = isinstance(max_bytes, dict)
    maximo = (max_bytes.get(tipo) if por_tipo else max_bytes) or settings.ENLACE_SUBIDA_MAX_BYTES
    if archivo.size > maximo and not (por_tipo and tipo is None):  # an unknown kind has no limit: its error is the kind
        raise ValidationError(
            ERROR_TAMANO.format(nombre=nombre, tamano=filesizeformat(archivo.size), maximo=filesizeformat(maximo)),
            code="tamano",
        )
    if tipo is None:
        permitidos = ", ".join(NOMBRES[t] for t in tipos)
        raise ValidationError(ERROR_TIPO.format(nombre=nombre, permitidos=permitidos), code="tipo")
    archivo.seek(0)
    cabecera = archivo.read(2048)
    archivo.seek(0)
    if not _coincide_contenido(tipo, cabecera):
        raise ValidationError(ERROR_CONTENIDO.format(nombre=nombre), code="contenido")
    if tipo == "xlsx":
        _validar_zip(archivo, nombre)
    return tipo


def _validar_zip(archivo, nombre):
    """Refuse a zip bomb before any reader opens it: a total uncompressed size over
    ``IMPORTACION_MAX_DESCOMPRIMIDO_MB`` or a large member compressed more than ``IMPORTACION_MAX_PROPORCION``
    times. The sizes are counted by decompressing, since a crafted archive can declare false ones."""
    maximo = settings.IMPORTACION_MAX_DESCOMPRIMIDO_MB * _BLOQUE
    total = 0
    try:
        with zipfile.ZipFile(archivo) as libro:
            for miembro in libro.infolist():
                leidos = 0
                with libro.open(miembro) as contenido:
                    while bloque := contenido.read(_BLOQUE):
                        leidos += len(bloque)
                        total += len(bloque)
                        if total > maximo:
                            maximo_texto = filesizeformat(maximo)
                            raise ValidationError(
                                ERROR_DESCOMPRIMIDO.format(nombre=nombre, maximo=maximo_texto), code="descomprimido"
                            )
                if leidos > _BLOQUE and leidos > settings.IMPORTACION_MAX_PROPORCION * max(miembro.compress_size, 1):
                    raise ValidationError(ERROR_PROPORCION.format(nombre=nombre), code="proporcion")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ValidationError(ERROR_XLSX_DANADO.format(nombre=nombre), code="contenido") from exc
    finally:
        archivo.seek(0)


def limitar_filas(filas):
    """Yield an import's data rows; raise ValidationError past ``IMPORTACION_MAX_FILAS`` of them."""
    maximo = settings.IMPORTACION_MAX_FILAS
    for numero, fila in enumerate(filas, start=1):
        if numero > maximo:
            raise ValidationError(ERROR_FILAS.format(maximo=miles(maximo)), code="filas")
        yield fila


def leer_texto_csv(contenido):
    """The text of an uploaded CSV: UTF-8 (with or without BOM), else Windows-1252, which is what
    spreadsheet programs save in Mexico, Bolivia and Colombia. Raises ValidationError otherwise."""
    for codificacion in ("utf-8-sig", "cp1252"):
        try:
            return contenido.decode(codificacion)
        except UnicodeDecodeError:
            continue
    raise ValidationError(ERROR_CODIFICACION_CSV)


def separador_csv(texto):
    """``;`` or ``,``: whichever the header line uses more (Spanish-locale spreadsheets save with ``;``)."""
    cabecera = texto.split("\n", 1)[0]
    return ";" if cabecera.count(";") > cabecera.count(",") else ","


def servir_archivo(campo, *, nombre=None, adjunto=True):
    """Stream a stored private file. The caller has already checked the user may see its owner."""
    nombre = nombre or PurePath(campo.name).name
    tipo_mime = mimetypes.guess_type(nombre)[0] or "application/octet-stream"
    respuesta = FileResponse(campo.open("rb"), as_attachment=adjunto, filename=nombre, content_type=tipo_mime)
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta
