import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from enlace import archivos
from enlace.archivos import servir_archivo, validar_subida

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20


@pytest.mark.parametrize(
    ("nombre", "contenido", "tipos", "esperado"),
    [
        ("factura.pdf", PDF, ("pdf",), "pdf"),
        ("FOTO.PNG", PNG, ("imagen", "pdf"), "imagen"),
        ("unidad.webp", WEBP, ("imagen",), "imagen"),
        ("reporte.csv", "nombre;teléfono\nAna;555\n".encode(), ("csv",), "csv"),
    ],
)
def test_acepta_archivos_validos(nombre, contenido, tipos, esperado):
    assert validar_subida(SimpleUploadedFile(nombre, contenido), tipos=tipos) == esperado


def test_rechaza_extension_no_permitida():
    with pytest.raises(ValidationError) as error:
        validar_subida(SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), tipos=("pdf", "imagen"))
    assert error.value.messages == ["El archivo «virus.exe» no es de un tipo permitido (PDF, imagen JPG, PNG o WEBP)."]


def test_rechaza_contenido_que_no_coincide_con_la_extension():
    with pytest.raises(ValidationError, match="no corresponde a su extensión"):
        validar_subida(SimpleUploadedFile("factura.pdf", b"<html>hola</html>"), tipos=("pdf",))
    with pytest.raises(ValidationError, match="no corresponde a su extensión"):
        validar_subida(SimpleUploadedFile("foto.webp", b"RIFF\x00\x00\x00\x00AVI LIST"), tipos=("imagen",))
    with pytest.raises(ValidationError, match="no corresponde a su extensión"):
        validar_subida(SimpleUploadedFile("datos.csv", b"\x00\x01\x02binario"), tipos=("csv",))


def test_rechaza_archivo_demasiado_grande():
    with pytest.raises(ValidationError) as error:
        validar_subida(SimpleUploadedFile("grande.pdf", PDF + b"0" * 2048), tipos=("pdf",), max_bytes=1024)
    assert error.value.code == "tamano"
    assert "el máximo permitido es 1,0" in error.value.messages[0]


def test_rechaza_archivo_vacio():
    with pytest.raises(ValidationError, match="está vacío"):
        validar_subida(SimpleUploadedFile("vacio.pdf", b""), tipos=("pdf",))


def test_servir_archivo_privado(tmp_path):
    almacen = FileSystemStorage(location=tmp_path, base_url=None)
    nombre = almacen.save("documentos/factura.pdf", ContentFile(PDF))
    campo = type("Campo", (), {"name": nombre, "open": lambda self, modo: almacen.open(nombre, modo)})()
    respuesta = servir_archivo(campo)
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"] == 'attachment; filename="factura.pdf"'
    assert respuesta["Cache-Control"] == "private, no-store"
    assert b"".join(respuesta.streaming_content) == PDF


def test_texto_csv_en_utf8_con_bom_o_windows_1252():
    assert archivos.leer_texto_csv("\ufeffnit;mes\n".encode()) == "nit;mes\n"
    assert archivos.leer_texto_csv("Núñez,€\n".encode("cp1252")) == "Núñez,€\n"


def test_texto_csv_ilegible_se_rechaza_con_mensaje():
    with pytest.raises(ValidationError) as error:
        archivos.leer_texto_csv(b"\x81\x8d\x90")  # bytes that neither UTF-8 nor Windows-1252 define
    assert error.value.messages == [archivos.ERROR_CODIFICACION_CSV]


def test_separador_csv_se_decide_por_la_cabecera():
    assert archivos.separador_csv("nit;mes;monto\n1,5;2;3\n") == ";"
    assert archivos.separador_csv("nit,mes,monto\n1;2;3\n") == ","


def _xlsx(miembros, *, compresion=zipfile.ZIP_DEFLATED):
    """An .xlsx-shaped zip with ``miembros`` (name → bytes)."""
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", compression=compresion) as libro:
        libro.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        for nombre, contenido in miembros.items():
            libro.writestr(nombre, contenido)
    return SimpleUploadedFile("informe.xlsx", salida.getvalue())


def test_rechaza_una_bomba_zip_por_su_tamano_descomprimido(settings):
    settings.IMPORTACION_MAX_DESCOMPRIMIDO_MB = 5
    bomba = _xlsx({"xl/worksheets/sheet1.xml": b"\x00" * (6 * 1024 * 1024)})
    assert bomba.size < 50_000  # a few KiB on the wire

    with pytest.raises(ValidationError) as error:
        validar_subida(bomba, tipos=("xlsx",))

    assert error.value.messages == [archivos.ERROR_DESCOMPRIMIDO.format(nombre="informe.xlsx", maximo="5,0\xa0MB")]


def test_el_tamano_se_cuenta_descomprimiendo_no_por_lo_que_declara_el_zip(settings):
    settings.IMPORTACION_MAX_DESCOMPRIMIDO_MB = 2
    bomba = _xlsx({"xl/worksheets/sheet1.xml": b"A" * (3 * 1024 * 1024)})
    contenido = bytearray(bomba.read())
    # Forge the central directory's uncompressed size (offset 24 of each entry) down to 1 KiB.
    inicio = contenido.find(b"PK\x01\x02", contenido.find(b"sheet1.xml"))
    contenido[inicio + 24 : inicio + 28] = (1024).to_bytes(4, "little")

    with pytest.raises(ValidationError) as error:
        validar_subida(SimpleUploadedFile("informe.xlsx", bytes(contenido)), tipos=("xlsx",))

    assert error.value.code == "descomprimido"


def test_rechaza_un_miembro_comprimido_de_forma_anomala(settings):
    settings.IMPORTACION_MAX_PROPORCION = 100
    bomba = _xlsx({"xl/sharedStrings.xml": b" " * (4 * 1024 * 1024)})

    with pytest.raises(ValidationError) as error:
        validar_subida(bomba, tipos=("xlsx",))

    assert error.value.messages == [archivos.ERROR_PROPORCION.format(nombre="informe.xlsx")]


def test_acepta_un_libro_real_y_lo_deja_listo_para_leer():
    libro = _xlsx({"xl/worksheets/sheet1.xml": b"<sheetData>" + b"<row><c><v>1</v></c></row>" * 500 + b"</sheetData>"})

    assert validar_subida(libro, tipos=("xlsx",)) == "xlsx"
    assert libro.tell() == 0


def test_limitar_filas_deja_pasar_el_maximo_y_rechaza_una_mas(settings):
    settings.IMPORTACION_MAX_FILAS = 1000
    assert len(list(archivos.limitar_filas(range(1000)))) == 1000

    with pytest.raises(ValidationError) as error:
        list(archivos.limitar_filas(range(1001)))

    assert error.value.messages == [archivos.ERROR_FILAS.format(maximo="1.000")]
