"""Raw RFC 822 messages to what a ticket needs, with the standard library's ``email`` package (policy=default).

No database here: ``leer_correo`` returns a ``CorreoLeido`` or raises ``CorreoMalformado`` with the Spanish reason
the message is kept in quarantine for. Encoded headers (RFC 2047) and file names (RFC 2231) are decoded by the
policy; an HTML-only body becomes text; the quoted part of a reply is trimmed.
"""

import re
from dataclasses import dataclass, field
from email import errors, message_from_bytes, policy
from html.parser import HTMLParser

from atencion.mensajes import MSG_CORREO_ESTRUCTURA, MSG_CORREO_ILEGIBLE, MSG_CORREO_SIN_REMITENTE

# Defects after which the parts cannot be trusted (where one ends, what it holds): such a message is refused.
DEFECTOS_GRAVES = {
    errors.NoBoundaryInMultipartDefect: "multiparte sin frontera",
    errors.StartBoundaryNotFoundDefect: "frontera de multiparte ausente",
    errors.MultipartInvariantViolationDefect: "multiparte sin partes",
    errors.MissingHeaderBodySeparatorDefect: "cabeceras sin separación del cuerpo",
    errors.InvalidBase64LengthDefect: "base64 truncado",
}


class CorreoMalformado(Exception):
    """The message cannot be ingested; ``motivo`` says why in Spanish."""

    def __init__(self, motivo):
        super().__init__(motivo)
        self.motivo = motivo


@dataclass
class Adjunto:
    nombre: str
    tipo_mime: str
    contenido: bytes


@dataclass
class CorreoLeido:
    de: str
    nombre: str
    asunto: str
    message_id: str
    in_reply_to: str
    references: str
    texto: str
    adjuntos: list[Adjunto] = field(default_factory=list)


def leer_correo(crudo: bytes) -> CorreoLeido:
    """Parse one raw message. Raises CorreoMalformado (no sender, broken structure, unreadable headers)."""
    try:
        mensaje = message_from_bytes(crudo, policy=policy.default)
        de, nombre = _remitente(mensaje)
        cuerpo = mensaje.get_body(preferencelist=("plain", "html"))
        texto = _texto_de(cuerpo) if cuerpo is not None else ""
        adjuntos = [a for parte in mensaje.walk() if parte is not cuerpo and (a := _adjunto(parte))]
        # Checked after decoding: a broken base64 body or attachment only shows its defect once read.
        defectos = {type(defecto) for parte in mensaje.walk() for defecto in parte.defects}
        graves = sorted(DEFECTOS_GRAVES[d] for d in defectos if d in DEFECTOS_GRAVES)
        if graves:
            raise CorreoMalformado(MSG_CORREO_ESTRUCTURA.format(defectos=", ".join(graves)))
        return CorreoLeido(
            de=de,
            nombre=nombre,
            asunto=_cabecera(mensaje, "Subject"),
            message_id=_cabecera(mensaje, "Message-ID"),
            in_reply_to=_cabecera(mensaje, "In-Reply-To"),
            references=_cabecera(mensaje, "References"),
            texto=recortar_citas(texto),
            adjuntos=adjuntos,
        )
    except CorreoMalformado:
        raise
    except Exception as exc:  # the email package raises many kinds on hostile input; the message is kept anyway
        raise CorreoMalformado(MSG_CORREO_ILEGIBLE.format(error=f"{type(exc).__name__}: {exc}"[:300])) from exc


def _limpio(texto):
    """Undeclared 8-bit bytes come back as surrogates: read them as UTF-8 (what such mailers send), else replace."""
    return str(texto).encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\x00", "")


def _cabecera(mensaje, nombre):
    valor = mensaje.get(nombre)
    return " ".join(_limpio(valor).split()) if valor is not None else ""


def _remitente(mensaje):
    cabecera = mensaje.get("From")
    direcciones = getattr(cabecera, "addresses", ()) if cabecera is not None else ()
    for direccion in direcciones:
        if direccion.username and direccion.domain:
            return _limpio(direccion.addr_spec).lower(), _limpio(direccion.display_name)[:200]
    raise CorreoMalformado(MSG_CORREO_SIN_REMITENTE)


def _texto_de(parte):
    try:
        contenido = parte.get_content()
    except LookupError:  # an unknown charset: the bytes as UTF-8 with replacements
        contenido = (parte.get_payload(decode=True) or b"").decode("utf-8", "replace")
    contenido = _limpio(contenido)
    return html_a_texto(contenido) if parte.get_content_subtype() == "html" else contenido.strip()


def _adjunto(parte):
    if parte.is_multipart():
        return None
    nombre = parte.get_filename()
    if not nombre and parte.get_content_disposition() != "attachment":
        return None
    contenido = parte.get_payload(decode=True) or b""
    return Adjunto(nombre=_limpio(nombre or "adjunto")[:200], tipo_mime=parte.get_content_type(), contenido=contenido)


# --- HTML to text --------------------------------------------------------------------------------

BLOQUES = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr", "pre"}
CIERRAN_BLOQUE = BLOQUES - {"br", "li", "tr", "hr"}  # these only start a line
OCULTOS = {"script", "style", "head", "title", "blockquote"}  # blockquote: the quoted message of a reply


class _Texto(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.partes = []
        self.oculto = 0

    def handle_starttag(self, tag, attrs):
        if tag in OCULTOS:
            self.oculto += 1
        elif tag in BLOQUES:
            self.partes.append("\n")
        if tag == "li" and not self.oculto:
            self.partes.append("• ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOQUES:
            self.partes.append("\n")

    def handle_endtag(self, tag):
        if tag in OCULTOS:
            self.oculto = max(self.oculto - 1, 0)
        elif tag in CIERRAN_BLOQUE:
            self.partes.append("\n")

    def handle_data(self, data):
        if not self.oculto:
            self.partes.append(re.sub(r"\s+", " ", data))


def html_a_texto(html):
    """The readable text of an HTML body: blocks on their own lines, scripts, styles and quotes left out."""
    lector = _Texto()
    lector.feed(html)
    lector.close()
    lineas = [linea.strip() for linea in "".join(lector.partes).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lineas)).strip()


# --- Quoted replies ----------------------------------------------------------------------------

ATRIBUCION = re.compile(r"^(El|On)\s.*(escribió|wrote)\s*:$", re.IGNORECASE)
SEPARADOR = re.compile(r"^-{2,}\s*(Original Message|Mensaje original|Forwarded message|Mensaje reenviado)", re.I)
ENCABEZADO_OUTLOOK = re.compile(r"^(De|From)\s*:\s")
SIGUE_OUTLOOK = re.compile(r"^(Enviado|Sent|Fecha|Date|Para|To)\s*:\s", re.IGNORECASE)


def recortar_citas(texto):
    """The new part of a reply: cut at the attribution line («El … escribió:», «On … wrote:»), at an
    «Original Message» separator or an Outlook header block, and drop «>» lines. Whole text if nothing is left."""
    lineas = texto.splitlines()
    corte = len(lineas)
    for i, linea in enumerate(lineas):
        actual = linea.strip()
        dos = f"{actual} {lineas[i + 1].strip()}" if i + 1 < len(lineas) else actual
        siguientes = [s.strip() for s in lineas[i + 1 : i + 4]]
        if (
            ATRIBUCION.match(actual)
            or (actual[:2].lower() in ("el", "on") and ATRIBUCION.match(dos))
            or SEPARADOR.match(actual)
            or (ENCABEZADO_OUTLOOK.match(actual) and any(SIGUE_OUTLOOK.match(s) for s in siguientes))
        ):
            corte = i
            break
    nuevo = "\n".join(linea for linea in lineas[:corte] if not linea.lstrip().startswith(">"))
    nuevo = re.sub(r"(\n\s*_{5,}\s*)+$", "", nuevo.rstrip()).strip()  # Outlook's rule above its header block
    return nuevo or texto.strip()
