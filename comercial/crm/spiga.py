"""Reading SPIGA's two reports (CSV, XLS or XLSX) into checked rows, without touching the database.

SPIGA's exports carry title rows (report name, dates, merged cells) and blank rows above the
table: the header row is the first of the first ``FILAS_BUSQUEDA_ENCABEZADOS`` rows that names
every required column; its number is reported to the user (``Lectura.fila_encabezados``).

Each report is a list of ``Columna``: the canonical header written in our sample files and
the synonyms seen in SPIGA exports. Headers are compared normalised (accents stripped, lower
case, spaces/underscores/dots collapsed) and, failing an exact match, by similarity, so
"Telefno", "TELÉFONO" and "telefono_cliente" all find the phone column.

``leer`` returns ``Lectura`` (the column mapping and the raw rows with their file row
numbers) or raises ``ArchivoIlegible``; ``convertir_*`` check and convert one row and return
its errors. The services own the lookups (asesores, marcas, prospects) and the writes.
"""

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from python_calamine import CalamineError, CalamineWorkbook

from enlace.archivos import leer_texto_csv, limitar_filas
from enlace.errores import ErrorNegocio
from enlace.telefonos import normalizar as normalizar_telefono

# --- Messages (tests reuse them) -----------------------------------------------------

ERROR_ILEGIBLE = "No se pudo leer el archivo: {detalle}."
DETALLE_XLSX_DANADO = "no es un libro de Excel (.xlsx o .xls) válido o está dañado"
ERROR_SIN_FILAS = "El archivo no tiene filas de datos debajo de los encabezados."
ERROR_FALTA_COLUMNA = "Falta la columna obligatoria «{columna}» (encabezados leídos: {leidos})."
ERROR_EN_FILA = "Fila {fila}, tomada como encabezados: {problema}"
ERROR_SIN_ENCABEZADOS = (
    "No se encontró la fila de encabezados en las primeras {n} filas: ninguna nombra las columnas del informe "
    "({columnas}). ¿Eligió el informe correcto?"
)
ERROR_COLUMNA_REPETIDA = "La columna «{columna}» aparece dos veces («{a}» y «{b}»)."
ERROR_OBLIGATORIO = "Dato obligatorio vacío."
ERROR_FECHA = "«{valor}» no es una fecha válida (use DD/MM/AAAA)."
ERROR_TIPO_ACTIVIDAD = "Tipo de actividad «{valor}» desconocido (se aceptan: {aceptados})."
ERROR_ESTADO = "Estado «{valor}» desconocido (se acepta «Realizada» o «No realizada»)."
ERROR_LARGO = "El texto supera {maximo} caracteres."
ERROR_ID_REPETIDO = "El ID «{valor}» ya aparece en la fila {fila} de este archivo."
ERROR_ASESOR_DESCONOCIDO = "El asesor «{valor}» no tiene perfil de asesor comercial en Enlace."
ERROR_MARCA_DESCONOCIDA = "La marca «{valor}» no está registrada."
ERROR_PROSPECTO_DESCONOCIDO = (
    "El prospecto con ID tráfico «{valor}» no está importado; importe antes el Tráfico de Exposición."
)
ERROR_FECHA_REALIZADA = "La fecha realizada es anterior a la fecha de tráfico del prospecto ({fecha})."


def normalizar(texto):
    """``"  Teléfono_Cliente "`` → ``"telefono cliente"``: no accents, lower case, single spaces."""
    return _normalizar(str(texto or ""))


@lru_cache(maxsize=8192)  # an import repeats the same asesores, marcas, types and states on every row
def _normalizar(texto):
    texto = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    texto = _SEPARADORES.sub(" ", texto.lower())
    return " ".join(texto.split())


_SEPARADORES = re.compile(r"[\s_\-.:/#°º]+")


@dataclass(frozen=True)
class Columna:
    campo: str
    titulo: str  # the header of our sample files and of the error report
    sinonimos: tuple = ()
    obligatoria: bool = True
    maximo: int = 150

    def nombres(self):
        return {normalizar(self.titulo), *(normalizar(s) for s in self.sinonimos)}


ASESOR = Columna("asesor", "Asesor", ("asesor comercial", "nombre asesor", "vendedor", "ejecutivo comercial"))
CODIGO_ASESOR = Columna(
    "codigo_asesor", "Código asesor", ("cod asesor", "id asesor", "codigo vendedor", "usuario asesor"), False, 40
)

COLUMNAS_TRAFICO = (
    Columna(
        "id_spiga",
        "ID Tráfico",
        ("id", "id trafico exposicion", "no trafico", "numero trafico", "consecutivo"),
        maximo=40,
    ),
    Columna(
        "fecha", "Fecha", ("fecha trafico", "fecha exposicion", "fecha de visita", "fecha creacion", "fecha ingreso")
    ),
    Columna("marca", "Marca", ("marca vehiculo", "linea marca"), False, 80),
    Columna("sede", "Sede", ("vitrina", "sala", "punto de venta", "concesionario"), False, 80),
    ASESOR,
    CODIGO_ASESOR,
    Columna(
        "cliente", "Cliente", ("nombre cliente", "nombre del cliente", "nombres y apellidos", "prospecto", "nombre")
    ),
    Columna("documento", "Documento", ("cedula", "nit", "identificacion", "numero documento", "cc"), False, 30),
    Columna("telefono", "Teléfono", ("celular", "telefono cliente", "movil", "tel", "numero de contacto"), maximo=30),
    Columna("correo", "Correo", ("email", "e mail", "correo electronico", "mail"), False),
    Columna("vehiculo", "Vehículo de interés", ("vehiculo", "modelo", "modelo de interes", "referencia"), False, 120),
    Columna("medio", "Medio", ("origen", "fuente", "canal", "medio de contacto"), False, 60),
)

COLUMNAS_ACTIVIDADES = (
    Columna("id_spiga", "ID Actividad", ("id", "id visita", "codigo actividad", "id seguimiento"), maximo=40),
    Columna("id_trafico", "ID Tráfico", ("id prospecto", "trafico", "id cliente"), maximo=40),
    ASESOR,
    CODIGO_ASESOR,
    Columna("tipo", "Tipo de actividad", ("tipo", "actividad", "tipo actividad", "tipo de seguimiento", "tipo visita")),
    Columna("fecha_programada", "Fecha programada", ("fecha", "fecha actividad", "fecha agenda", "fecha planeada")),
    Columna("fecha_realizada", "Fecha realizada", ("fecha de realizacion", "fecha ejecucion", "realizada el"), False),
    Columna("estado", "Estado", ("estado actividad", "estado visita", "resultado", "realizada no realizada")),
    Columna(
        "comentario", "Comentario", ("comentarios", "observacion", "observaciones", "detalle", "notas"), False, 4000
    ),
)

# Activity types as SPIGA writes them (normalised) → Actividad.Tipo values.
TIPOS_ACTIVIDAD = {
    "llamada": "llamada",
    "llamada telefonica": "llamada",
    "llamada de seguimiento": "llamada",
    "cotizacion": "cotizacion",
    "cotizacion enviada": "cotizacion",
    "visita": "visita",
    "visita showroom": "visita",
    "visita cliente": "visita",
    "visita a cliente": "visita",
    "prueba de manejo": "prueba_manejo",
    "prueba manejo": "prueba_manejo",
    "test drive": "prueba_manejo",
    "testdrive": "prueba_manejo",
    "matricula": "matricula",
    "entrega": "entrega",
    "entrega de vehiculo": "entrega",
    "whatsapp": "whatsapp",
    "whats app": "whatsapp",
    "mensaje whatsapp": "whatsapp",
    "wsp": "whatsapp",
    "otro": "otro",
    "otros": "otro",
    "otro seguimiento": "otro",
    "correo": "otro",
    "correo electronico": "otro",
}
ESTADOS = {
    "realizada": "realizada",
    "realizado": "realizada",
    "si": "realizada",
    "cumplida": "realizada",
    "ejecutada": "realizada",
    "no realizada": "no_realizada",
    "no realizado": "no_realizada",
    "no": "no_realizada",
    "pendiente": "no_realizada",
    "incumplida": "no_realizada",
    "vencida": "no_realizada",
}
FILAS_BUSQUEDA_ENCABEZADOS = 20  # SPIGA puts a title block (name, dates, filters) above the table
DELIMITADORES_CSV = ";,\t|"
FORMATOS_FECHA = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y", "%Y/%m/%d", "%d.%m.%Y")
EPOCA_EXCEL = date(1899, 12, 30)


class ArchivoIlegible(ErrorNegocio):
    """The file cannot be read as a report at all (not a table, missing columns).

    ``fila`` is the row taken as the header when the problem is in it (else None)."""

    def __init__(self, mensaje, *, fila=None):
        super().__init__(mensaje)
        self.fila = fila


@dataclass(frozen=True)
class ErrorFila:
    fila: int  # as the spreadsheet numbers it: the header is row 1
    columna: str
    problema: str


@dataclass
class Lectura:
    columnas: dict  # campo → index in the row
    filas: list  # (row number, tuple of values)
    encabezados: list = field(default_factory=list)
    titulos: dict = field(default_factory=dict)  # campo → Columna (built once, read by every Fila)
    fila_encabezados: int = 1  # the spreadsheet row taken as the header (title rows above it skipped)


def leer(archivo, columnas, *, tipo_archivo):
    """Read an uploaded CSV/XLS/XLSX: find the header row among the first rows, map it to ``columnas``
    and return every non-empty data row below it, numbered as the spreadsheet numbers them."""
    archivo.seek(0)
    try:
        if tipo_archivo in ("xlsx", "xls"):
            numero, encabezados, mapa, filas = _con_encabezados(_filas_libro(archivo), columnas)
        else:
            numero, encabezados, mapa, filas = _leer_csv(archivo.read(), columnas)
        datos = [(n, fila) for n, fila in enumerate(limitar_filas(filas), start=numero + 1) if _con_datos(fila)]
    except ArchivoIlegible:
        raise
    except ValidationError as exc:  # text in neither UTF-8 nor Windows-1252, or too many rows
        raise ArchivoIlegible(exc.messages[0]) from exc
    except Exception as exc:  # a corrupt zip or OLE file, bad XML, undecodable text…: one clear message
        detalle = DETALLE_XLSX_DANADO if isinstance(exc, CalamineError) else type(exc).__name__
        raise ArchivoIlegible(ERROR_ILEGIBLE.format(detalle=detalle)) from exc
    if not datos:
        raise ArchivoIlegible(ERROR_SIN_FILAS)
    return Lectura(
        columnas=mapa,
        filas=datos,
        encabezados=[str(e or "") for e in encabezados],
        titulos={c.campo: c for c in columnas},
        fila_encabezados=numero,
    )


def _con_encabezados(filas, columnas):
    """``(row number, header row, mapping, iterator over the rows below it)``: the header is the first
    of the first ``FILAS_BUSQUEDA_ENCABEZADOS`` non-empty rows naming every required column. Title rows,
    blank rows and merged cells (their value sits in the first cell, the others read empty) above it are
    skipped. When no row qualifies, the row naming most columns explains what is missing."""
    filas = iter(filas)
    mejor = None  # (columns recognised, row number, the error of that row)
    vista = False
    for numero in range(1, FILAS_BUSQUEDA_ENCABEZADOS + 1):
        fila = next(filas, None)
        if fila is None:
            break
        if not _con_datos(fila):
            continue
        vista = True
        try:
            return numero, fila, mapear_encabezados(fila, columnas), filas
        except ArchivoIlegible as exc:
            reconocidas = _reconocidas(fila, columnas)
            if reconocidas and (mejor is None or reconocidas > mejor[0]):
                mejor = (reconocidas, numero, exc)
    if not vista:
        raise ArchivoIlegible(ERROR_SIN_FILAS)
    if mejor is None:
        obligatorias = ", ".join(f"«{c.titulo}»" for c in columnas if c.obligatoria)
        raise ArchivoIlegible(ERROR_SIN_ENCABEZADOS.format(n=FILAS_BUSQUEDA_ENCABEZADOS, columnas=obligatorias))
    _, numero, error = mejor
    raise ArchivoIlegible(ERROR_EN_FILA.format(fila=numero, problema=error.mensaje), fila=numero)


def _reconocidas(fila, columnas):
    """How many cells of ``fila`` name a column of the report exactly (normalised)."""
    nombres = set().union(*(c.nombres() for c in columnas))
    return sum(1 for celda in fila if normalizar(celda) in nombres)


def _con_datos(fila):
    for valor in fila:
        if valor is None or valor == "":  # calamine gives "" for an empty cell
            continue
        if not isinstance(valor, str) or not valor.isspace():
            return True
    return False


def _filas_libro(archivo):
    """The first sheet's rows of an .xlsx or a legacy .xls (BIFF) workbook (python-calamine, Rust-backed,
    reads both: no second reader needed), numbered as the spreadsheet numbers them.

    ``skip_empty_area=False`` keeps leading empty rows and columns, so row numbers and column
    positions are those the user sees. Dates come as ``date``/``datetime``, numbers as ``float``
    (or ``int``), empty cells as ``""``.
    """
    with CalamineWorkbook.from_filelike(archivo) as libro:
        filas = libro.get_sheet_by_index(0).to_python(skip_empty_area=False)
    return iter(filas)


def _leer_csv(contenido, columnas):
    """``_con_encabezados`` for a CSV. Title lines above the table fool the delimiter sniffer, so when
    the sniffed dialect finds no header row each usual delimiter is tried in turn (the first that finds
    one wins); the error reported is the sniffed dialect's."""
    texto = leer_texto_csv(contenido)
    try:
        sniffed = csv.Sniffer().sniff(texto[:4096], delimiters=DELIMITADORES_CSV)
    except csv.Error:
        sniffed = csv.excel
    primero = None
    for delimitador in [sniffed.delimiter, *DELIMITADORES_CSV.replace(sniffed.delimiter, "")]:
        dialecto = sniffed if delimitador == sniffed.delimiter else _dialecto(delimitador)
        try:
            return _con_encabezados(csv.reader(io.StringIO(texto), dialecto), columnas)
        except ArchivoIlegible as exc:
            primero = primero or exc
    raise primero


def _dialecto(delimitador):
    class Dialecto(csv.excel):
        delimiter = delimitador

    return Dialecto


def mapear_encabezados(encabezados, columnas):
    """``{campo: index}``: exact normalised matches first, then close spellings; raises on missing ones."""
    normalizados = [normalizar(e) for e in encabezados]
    mapa, origen = {}, {}
    for indice, nombre in enumerate(normalizados):
        if not nombre:
            continue
        for columna in columnas:
            if nombre in columna.nombres():
                if columna.campo in mapa:
                    raise ArchivoIlegible(
                        ERROR_COLUMNA_REPETIDA.format(
                            columna=columna.titulo, a=encabezados[origen[columna.campo]], b=encabezados[indice]
                        )
                    )
                mapa[columna.campo], origen[columna.campo] = indice, indice
                break
    usados = set(mapa.values())
    for indice, nombre in enumerate(normalizados):
        if not nombre or indice in usados:
            continue
        candidatos = {n: c for c in columnas if c.campo not in mapa for n in c.nombres()}
        parecido = difflib.get_close_matches(nombre, list(candidatos), n=1, cutoff=0.8)
        if parecido:
            columna = candidatos[parecido[0]]
            mapa[columna.campo] = indice
    faltan = [c.titulo for c in columnas if c.obligatoria and c.campo not in mapa]
    if faltan:
        leidos = ", ".join(f"«{e}»" for e in encabezados if e not in (None, "")) or "ninguno"
        raise ArchivoIlegible(" ".join(ERROR_FALTA_COLUMNA.format(columna=c, leidos=leidos) for c in faltan))
    return mapa


# --- Cell conversion ---------------------------------------------------------------------


def texto(valor):
    if valor is None:
        return ""
    if isinstance(valor, str):
        return " ".join(valor.split())
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))  # ids and phones typed as numbers in Excel
    if isinstance(valor, (date, datetime)):  # datetime is a date too
        return valor.strftime("%d/%m/%Y")
    return " ".join(str(valor).split())


def fecha(valor):
    """A date from an Excel date, an Excel serial number or a text in a usual format; None if not one."""
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, date):
        return valor
    if isinstance(valor, bool):
        return None
    if isinstance(valor, (int, float)) and 1 < valor < 100000:
        return EPOCA_EXCEL + timedelta(days=int(valor))
    return _fecha_texto(texto(valor).split(" ")[0])


@lru_cache(maxsize=4096)  # a report has a few dozen distinct dates over thousands of rows
def _fecha_texto(cadena):
    for formato in FORMATOS_FECHA:
        try:
            return datetime.strptime(cadena, formato).date()
        except ValueError:
            continue
    return None


class Fila:
    """Helper to read one row by field name and collect its errors."""

    __slots__ = ("columnas", "errores", "numero", "titulos", "valores")

    def __init__(self, numero, valores, lectura):
        self.numero, self.valores = numero, valores
        self.columnas, self.titulos = lectura.columnas, lectura.titulos
        self.errores = []

    def crudo(self, campo):
        indice = self.columnas.get(campo)
        if indice is None or indice >= len(self.valores):
            return None
        return self.valores[indice]

    def error(self, campo, problema):
        self.errores.append(ErrorFila(self.numero, self.titulos[campo].titulo, problema))

    def texto(self, campo):
        crudo = self.crudo(campo)
        valor = " ".join(crudo.split()) if crudo.__class__ is str else texto(crudo)  # the usual case, inlined
        columna = self.titulos[campo]
        if not valor and columna.obligatoria:
            self.error(campo, ERROR_OBLIGATORIO)
        elif len(valor) > columna.maximo:
            self.error(campo, ERROR_LARGO.format(maximo=columna.maximo))
            valor = valor[: columna.maximo]
        return valor

    def telefono(self, campo, region):
        valor = self.texto(campo)
        try:
            return normalizar_telefono(valor, region)
        except ValidationError as error:
            self.error(campo, error.messages[0])
            return valor

    def fecha(self, campo):
        crudo = self.crudo(campo)
        if crudo in (None, ""):
            if self.titulos[campo].obligatoria:
                self.error(campo, ERROR_OBLIGATORIO)
            return None
        valor = fecha(crudo)
        if valor is None:
            self.error(campo, ERROR_FECHA.format(valor=texto(crudo)))
        return valor

    def opcion(self, campo, opciones, mensaje):
        crudo = self.texto(campo)
        if not crudo:
            return None
        valor = opciones.get(normalizar(crudo))
        if valor is None:
            self.error(campo, mensaje(crudo))
        return valor


def aceptados_tipo():
    return ", ".join(
        sorted(
            {
                "Llamada",
                "Cotización",
                "Visita",
                "Prueba de manejo / Test drive",
                "Matrícula",
                "Entrega",
                "WhatsApp",
                "Otro",
            }
        )
    )
