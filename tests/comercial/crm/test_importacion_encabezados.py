"""SPIGA's real exports: title rows, blank rows and merged cells above the table, in XLSX, XLS and CSV."""

from datetime import date

import pytest
from django.urls import reverse

from comercial.crm import services, spiga
from comercial.crm.models import Actividad, Importacion, Prospecto
from enlace.models import Evento
from tests.comercial.crm.factories import (
    ENCABEZADOS_ACTIVIDADES,
    ENCABEZADOS_TRAFICO,
    TITULOS_SPIGA,
    archivo_csv,
    archivo_xls,
    archivo_xlsx,
    fila_actividad,
    fila_trafico,
)

pytestmark = pytest.mark.django_db


def importar(lider, tipo, archivo):
    return services.importacion_registrar(actor=lider, organizacion=lider.organizacion, tipo=tipo, archivo=archivo)


def test_xlsx_con_titulos_combinados_y_fila_vacia_encima_de_los_encabezados(lider, ana, pedro):
    archivo = archivo_xlsx(
        ENCABEZADOS_TRAFICO,
        [fila_trafico("T1", ana), fila_trafico("T2", pedro)],
        antes=[*TITULOS_SPIGA, []],
        combinar=True,
    )

    importacion = importar(lider, Importacion.Tipo.TRAFICO, archivo)

    assert (importacion.fila_encabezados, importacion.filas, importacion.nuevas) == (4, 2, 2)
    assert sorted(Prospecto.objects.values_list("id_spiga", flat=True)) == ["T1", "T2"]
    assert Evento.objects.get(tipo="crm.importacion").datos["fila_encabezados"] == 4


def test_los_numeros_de_fila_de_los_errores_son_los_de_la_hoja_con_titulos(lider, ana):
    filas = [fila_trafico("T1", ana), fila_trafico("T2", ana, fecha="31/02/2026")]

    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(ENCABEZADOS_TRAFICO, filas, antes=TITULOS_SPIGA))

    assert error.value.fila_encabezados == 3
    assert [(e.fila, e.columna) for e in error.value.errores] == [(5, "Fecha")]
    assert not Prospecto.objects.exists() and not Importacion.objects.exists()


def test_xls_de_excel_97_con_titulos_combinados(lider, ana):
    fila = fila_trafico("T1", ana)
    fila[1] = 46084.0  # 2026-03-03 as the Excel serial SPIGA's .xls keeps dates in
    archivo = archivo_xls(ENCABEZADOS_TRAFICO, [fila, fila_trafico("T2", ana)], antes=[*TITULOS_SPIGA, []])

    importacion = importar(lider, Importacion.Tipo.TRAFICO, archivo)

    assert importacion.fila_encabezados == 4 and importacion.nombre_archivo == "informe.xls"
    assert Prospecto.objects.get(id_spiga="T1").fecha == date(2026, 3, 3)
    assert Prospecto.objects.get(id_spiga="T2").telefono == "+573001234567"


def test_xls_falso_o_danado_se_rechaza_sin_importar(lider, ana):
    from django.core.files.uploadedfile import SimpleUploadedFile

    html = SimpleUploadedFile("trafico.xls", b"<html><table><tr><td>ID</td></tr></table></html>")
    with pytest.raises(services.ErrorCRM, match="no corresponde a su extensi"):
        importar(lider, Importacion.Tipo.TRAFICO, html)
    roto = SimpleUploadedFile("trafico.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(services.ErrorCRM, match="no es un libro de Excel"):
        importar(lider, Importacion.Tipo.TRAFICO, roto)
    assert not Importacion.objects.exists()


@pytest.mark.parametrize("delimitador", [";", ","])
def test_csv_con_lineas_de_titulo_y_lineas_vacias(lider, ana, delimitador):
    antes = [[], ["Informe Tráfico de Exposición, marzo 2026"], [], ["Sede: todas"], []]
    archivo = archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)], delimitador=delimitador, antes=antes)

    importacion = importar(lider, Importacion.Tipo.TRAFICO, archivo)

    assert importacion.fila_encabezados == 6
    assert Prospecto.objects.get().cliente == "María García"


def test_csv_de_actividades_con_titulos_encima(lider, ana):
    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)]))
    archivo = archivo_csv(
        ENCABEZADOS_ACTIVIDADES,
        [fila_actividad("A1", "T1", ana)],
        antes=[["VISITAS REALIZADAS Y NO REALIZADAS"], []],
    )

    assert importar(lider, Importacion.Tipo.ACTIVIDADES, archivo).fila_encabezados == 3
    assert Actividad.objects.get().id_spiga == "A1"


def test_sin_fila_de_encabezados_en_las_primeras_filas(lider, ana, monkeypatch):
    monkeypatch.setattr(spiga, "FILAS_BUSQUEDA_ENCABEZADOS", 3)
    antes = [["Título"], ["Subtítulo"], ["Otro"]]
    with pytest.raises(services.ErrorCRM) as error:
        archivo = archivo_xlsx(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)], antes=antes)
        importar(lider, Importacion.Tipo.TRAFICO, archivo)
    assert error.value.mensaje.startswith("No se encontró la fila de encabezados en las primeras 3 filas")
    assert not Prospecto.objects.exists()


def test_la_fila_con_mas_columnas_explica_lo_que_falta(lider, ana):
    encabezados = [e for e in ENCABEZADOS_TRAFICO if e != "Cliente"]
    fila = fila_trafico("T1", ana)
    del fila[6]
    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(encabezados, [fila], antes=TITULOS_SPIGA))
    assert error.value.fila_encabezados == 3
    assert error.value.mensaje.startswith("Fila 3, tomada como encabezados: Falta la columna obligatoria «Cliente»")


def test_un_archivo_rechazado_con_titulos_no_importa_nada_aunque_haya_filas_buenas(lider, ana):
    filas = [fila_trafico(f"T{n}", ana) for n in range(1, 6)]
    filas[4][8] = ""  # the last row misses its phone

    with pytest.raises(services.ErrorCRM):
        importar(lider, Importacion.Tipo.TRAFICO, archivo_xls(ENCABEZADOS_TRAFICO, filas, antes=TITULOS_SPIGA))

    assert not Prospecto.objects.exists()
    assert not Importacion.objects.exists()
    assert not Evento.objects.filter(tipo="crm.importacion").exists()


def test_la_pagina_dice_la_fila_de_encabezados_y_muestra_cada_error_una_vez(client, lider, ana):
    client.force_login(lider)
    url = reverse("comercial:crm:importar")
    malas = [fila_trafico("T1", ana, fecha="99/99/2026")]

    rechazo = client.post(
        url, {"tipo": "trafico", "archivo": archivo_xlsx(ENCABEZADOS_TRAFICO, malas, antes=TITULOS_SPIGA)}
    )

    html = rechazo.content.decode()
    problema = spiga.ERROR_FECHA.format(valor="99/99/2026")
    assert html.count(problema) == 1
    assert html.count(services.ERROR_FILAS.format(n=1)) == 1
    assert "Encabezados leídos en la fila 3 del archivo" in html

    sin_columna = client.post(
        url, {"tipo": "trafico", "archivo": archivo_csv(["ID Tráfico", "Fecha"], [["T1", "03/03/2026"]])}
    )
    html = sin_columna.content.decode()
    assert html.count("Falta la columna obligatoria «Asesor»") == 1
    assert "errores-importacion" not in html

    archivo = archivo_xlsx(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)], antes=TITULOS_SPIGA)
    buena = client.post(url, {"tipo": "trafico", "archivo": archivo}, follow=True)
    assert "Encabezados leídos en la fila 3 del archivo" in buena.content.decode()
    assert Prospecto.objects.count() == 1
