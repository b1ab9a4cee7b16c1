"""Factories and SPIGA sample files for the CRM tests."""

import csv
import io
from datetime import date

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from comercial.crm.models import Actividad, Importacion, Marca, MetaMensual, PerfilAsesor, Prospecto
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory

ENCABEZADOS_TRAFICO = [
    "ID Tráfico",
    "Fecha",
    "Marca",
    "Sede",
    "Asesor",
    "Código asesor",
    "Cliente",
    "Documento",
    "Teléfono",
    "Correo",
    "Vehículo de interés",
    "Medio",
]
ENCABEZADOS_ACTIVIDADES = [
    "ID Actividad",
    "ID Tráfico",
    "Asesor",
    "Código asesor",
    "Tipo de actividad",
    "Fecha programada",
    "Fecha realizada",
    "Estado",
    "Comentario",
]


# What SPIGA writes above the table of its exports (a title, the period, a blank row).
TITULOS_SPIGA = [["Informe Tráfico de Exposición"], ["Generado: 06/03/2026 08:15 · Período 01/03/2026 - 31/03/2026"]]


def archivo_csv(encabezados, filas, nombre="informe.csv", delimitador=";", codificacion="utf-8", antes=()):
    """``antes``: rows written above the header (SPIGA's title rows; ``[]`` is a blank line)."""
    salida = io.StringIO()
    escritor = csv.writer(salida, delimiter=delimitador)
    for fila in antes:
        if fila:
            escritor.writerow(fila)
        else:
            salida.write("\r\n")
    escritor.writerow(encabezados)
    escritor.writerows(filas)
    return SimpleUploadedFile(nombre, salida.getvalue().encode(codificacion), content_type="text/csv")


def archivo_xlsx(encabezados, filas, nombre="informe.xlsx", antes=(), combinar=False):
    """``antes``: title rows above the header; ``combinar``: each title merged across the table's width
    (as SPIGA's exports do)."""
    libro = Workbook(write_only=not (antes or combinar))
    hoja = libro.create_sheet("Informe")
    for numero, fila in enumerate(antes, start=1):
        hoja.append(list(fila))
        if combinar and fila:
            hoja.merge_cells(start_row=numero, start_column=1, end_row=numero, end_column=len(encabezados))
    hoja.append(encabezados)
    for fila in filas:
        hoja.append(fila)
    if not libro.write_only:
        del libro["Sheet"]
    salida = io.BytesIO()
    libro.save(salida)
    return SimpleUploadedFile(nombre, salida.getvalue())


def archivo_xls(encabezados, filas, nombre="informe.xls", antes=()):
    """A legacy Excel 97-2003 workbook (BIFF, xlwt) with merged title rows above the header."""
    import xlwt

    libro = xlwt.Workbook()
    hoja = libro.add_sheet("Informe")
    numero = 0
    for fila in antes:
        if fila:
            hoja.write_merge(numero, numero, 0, len(encabezados) - 1, fila[0])
        numero += 1
    for fila in [encabezados, *filas]:
        for columna, valor in enumerate(fila):
            hoja.write(numero, columna, valor)
        numero += 1
    salida = io.BytesIO()
    libro.save(salida)
    return SimpleUploadedFile(nombre, salida.getvalue())


def fila_trafico(id_spiga, perfil, *, fecha="03/03/2026", cliente="María García", telefono="3001234567"):
    return [
        id_spiga,
        fecha,
        perfil.marca.nombre,
        "Bogotá Norte",
        perfil.nombre_spiga,
        perfil.codigo_spiga,
        cliente,
        "1020304050",
        telefono,
        "maria@example.com",
        "Duster",
        "Showroom",
    ]


def fila_actividad(
    id_spiga,
    id_trafico,
    perfil,
    *,
    tipo="Llamada",
    programada="04/03/2026",
    realizada="04/03/2026",
    estado="Realizada",
    comentario="Cliente interesado en cotización.",
):
    return [
        id_spiga,
        id_trafico,
        perfil.nombre_spiga,
        perfil.codigo_spiga,
        tipo,
        programada,
        realizada,
        estado,
        comentario,
    ]


class MarcaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Marca

    organizacion = factory.SubFactory(OrganizacionFactory)
    nombre = factory.Sequence(lambda n: f"Marca {n}")


class PerfilAsesorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerfilAsesor

    marca = factory.SubFactory(MarcaFactory)
    organizacion = factory.SelfAttribute("marca.organizacion")
    usuario = factory.SubFactory(
        UsuarioFactory, rol="asesor_comercial", organizacion=factory.SelfAttribute("..organizacion")
    )
    gerente = factory.SelfAttribute("marca.gerente")
    nombre_spiga = factory.Sequence(lambda n: f"ASESOR NÚMERO {n}")
    codigo_spiga = factory.Sequence(lambda n: f"AS-{n:03d}")


class MetaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetaMensual

    marca = factory.SubFactory(MarcaFactory)
    organizacion = factory.SelfAttribute("marca.organizacion")
    periodo = date(2026, 3, 1)
    prospectos_validos = 10
    actividades_validas = 20


class ImportacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Importacion

    organizacion = factory.SubFactory(OrganizacionFactory)
    tipo = Importacion.Tipo.TRAFICO
    archivo = factory.LazyFunction(lambda: ContentFile(b"ID;Fecha\n", name="fabrica.csv"))
    nombre_archivo = "fabrica.csv"
    sha256 = "0" * 64
    importado_por = factory.SubFactory(UsuarioFactory, organizacion=factory.SelfAttribute("..organizacion"))


class ProspectoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prospecto

    class Params:
        perfil = factory.SubFactory(PerfilAsesorFactory)

    organizacion = factory.SelfAttribute("perfil.organizacion")
    marca = factory.SelfAttribute("perfil.marca")
    asesor = factory.SelfAttribute("perfil.usuario")
    importacion = factory.SubFactory(ImportacionFactory, organizacion=factory.SelfAttribute("..organizacion"))
    importado_en = factory.LazyFunction(timezone.now)
    id_spiga = factory.Sequence(lambda n: f"TE-{n:06d}")
    fecha = date(2026, 3, 3)
    cliente = factory.Faker("name", locale="es_CO")
    telefono = "3001234567"


class ActividadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actividad

    prospecto = factory.SubFactory(ProspectoFactory)
    organizacion = factory.SelfAttribute("prospecto.organizacion")
    marca = factory.SelfAttribute("prospecto.marca")
    asesor = factory.SelfAttribute("prospecto.asesor")
    importacion = factory.SelfAttribute("prospecto.importacion")
    importado_en = factory.LazyFunction(timezone.now)
    id_spiga = factory.Sequence(lambda n: f"AC-{n:06d}")
    tipo = Actividad.Tipo.LLAMADA
    fecha_programada = date(2026, 3, 4)
    fecha_realizada = date(2026, 3, 4)
    estado_spiga = Actividad.EstadoSpiga.REALIZADA
    comentario = "Cliente interesado."
