"""Importing SPIGA's reports: tolerant headers, all-or-nothing with a row report, idempotent."""

import pytest

from comercial.crm import services, spiga
from comercial.crm.models import Actividad, Importacion, Prospecto
from enlace import archivos
from enlace.models import Evento
from enlace.telefonos import NO_VALIDO
from tests.comercial.crm.factories import (
    ENCABEZADOS_ACTIVIDADES,
    ENCABEZADOS_TRAFICO,
    archivo_csv,
    archivo_xlsx,
    fila_actividad,
    fila_trafico,
)

pytestmark = pytest.mark.django_db


def importar(lider, tipo, archivo):
    return services.importacion_registrar(actor=lider, organizacion=lider.organizacion, tipo=tipo, archivo=archivo)


def test_trafico_csv_bueno_crea_prospectos_y_registra_el_evento(lider, ana, pedro):
    archivo = archivo_csv(
        ENCABEZADOS_TRAFICO,
        [fila_trafico("T1", ana), fila_trafico("T2", pedro, fecha="2026-03-05", cliente="Juan Rojas")],
    )

    importacion = importar(lider, Importacion.Tipo.TRAFICO, archivo)

    assert (importacion.filas, importacion.nuevas, importacion.sin_cambios) == (2, 2, 0)
    t1, t2 = Prospecto.objects.order_by("id_spiga")
    assert (t1.asesor, t1.marca, t1.estado, str(t1.fecha)) == (ana.usuario, ana.marca, "pendiente", "2026-03-03")
    assert (t2.asesor, t2.marca, t2.cliente, str(t2.fecha)) == (pedro.usuario, pedro.marca, "Juan Rojas", "2026-03-05")
    evento = Evento.objects.get(tipo="crm.importacion")
    assert evento.actor == lider
    assert evento.datos["filas"] == 2 and evento.datos["nuevas"] == 2 and evento.datos["informe"] == "trafico"
    assert importacion.archivo.read().startswith("ID Tráfico".encode())


def test_trafico_xlsx_con_encabezados_con_tildes_mayusculas_y_mal_escritos(lider, ana):
    encabezados = [
        "id_trafico",
        "FECHA DE VISITA",
        "marca",
        "Vitrina",
        "ASESOR COMERCIAL",
        "cod. asesor",
        "Nombre del cliente",
        "Cédula",
        "Telefno",
        "E-mail",
        "Vehiculo de interes",
        "Orígen",
    ]
    archivo = archivo_xlsx(encabezados, [fila_trafico("T1", ana)])

    importar(lider, Importacion.Tipo.TRAFICO, archivo)

    prospecto = Prospecto.objects.get()
    assert (prospecto.telefono, prospecto.vehiculo, prospecto.medio, prospecto.documento) == (
        "+573001234567",
        "Duster",
        "Showroom",
        "1020304050",
    )


def test_xlsx_con_fechas_y_numeros_de_excel(lider, ana):
    from datetime import datetime

    fila = fila_trafico("T1", ana)
    fila[0], fila[1], fila[8] = 12345.0, datetime(2026, 3, 9, 10, 30), 3001112233
    importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(ENCABEZADOS_TRAFICO, [fila]))

    prospecto = Prospecto.objects.get()
    assert (prospecto.id_spiga, str(prospecto.fecha), prospecto.telefono) == ("12345", "2026-03-09", "+573001112233")


def test_csv_en_latin1_con_comas(lider, ana):
    archivo = archivo_csv(
        ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana, cliente="Sofía Núñez")], delimitador=",", codificacion="cp1252"
    )
    importar(lider, Importacion.Tipo.TRAFICO, archivo)
    assert Prospecto.objects.get().cliente == "Sofía Núñez"


def test_asesor_por_nombre_sin_tildes_cuando_no_hay_codigo(lider, ana):
    fila = fila_trafico("T1", ana)
    fila[4], fila[5] = "  ana   perez ", ""
    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, [fila]))
    assert Prospecto.objects.get().asesor == ana.usuario


def test_filas_malas_rechazan_todo_el_archivo_con_su_numero_de_fila(lider, ana):
    filas = [
        fila_trafico("T1", ana),
        fila_trafico("T2", ana, fecha="31/02/2026"),
        fila_trafico("T3", ana, telefono=""),
        fila_trafico("T1", ana),
    ]
    filas[2][4], filas[2][5] = "Desconocido Total", ""

    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, filas))

    assert error.value.mensaje == services.ERROR_FILAS.format(n=4)
    assert [(e.fila, e.columna, e.problema) for e in error.value.errores] == [
        (3, "Fecha", spiga.ERROR_FECHA.format(valor="31/02/2026")),
        (4, "Teléfono", spiga.ERROR_OBLIGATORIO),
        (4, "Asesor", spiga.ERROR_ASESOR_DESCONOCIDO.format(valor="Desconocido Total")),
        (5, "ID Tráfico", spiga.ERROR_ID_REPETIDO.format(valor="T1", fila=2)),
    ]
    assert not Prospecto.objects.exists()
    assert not Importacion.objects.exists()
    assert not Evento.objects.filter(tipo="crm.importacion").exists()


def test_falta_una_columna_obligatoria(lider, ana):
    encabezados = [e for e in ENCABEZADOS_TRAFICO if e != "Teléfono"]
    fila = fila_trafico("T1", ana)
    del fila[8]
    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(encabezados, [fila]))
    assert error.value.fila_encabezados == 1 and error.value.errores == []  # one message, no row list
    assert "Fila 1, tomada como encabezados: Falta la columna obligatoria «Teléfono»" in error.value.mensaje
    assert not Prospecto.objects.exists()


def test_archivo_de_otro_tipo_o_corrupto_es_rechazado(lider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, SimpleUploadedFile("informe.pdf", b"%PDF-1.4 hola"))
    assert "no es de un tipo permitido" in error.value.mensaje
    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, SimpleUploadedFile("informe.xlsx", b"PK\x03\x04 roto"))
    assert error.value.mensaje == archivos.ERROR_XLSX_DANADO.format(nombre="informe.xlsx")


def test_reimportar_el_mismo_informe_no_cambia_nada(lider, ana):
    filas = [fila_trafico("T1", ana), fila_trafico("T2", ana)]
    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, filas))
    prospecto = Prospecto.objects.get(id_spiga="T1")
    services.prospecto_validar(actor=lider, prospecto=prospecto, resultado="valido", recibio_asesoria=True)
    antes = list(Prospecto.objects.order_by("pk").values())

    segunda = importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(ENCABEZADOS_TRAFICO, filas))

    assert (segunda.nuevas, segunda.sin_cambios) == (0, 2)
    assert list(Prospecto.objects.order_by("pk").values()) == antes


def _con_prospecto(lider, perfil, id_spiga="T1"):
    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico(id_spiga, perfil)]))
    return Prospecto.objects.get(id_spiga=id_spiga)


def test_actividades_importadas_alimentan_los_contadores_del_prospecto(lider, ana):
    prospecto = _con_prospecto(lider, ana)
    filas = [
        fila_actividad("A1", "T1", ana, tipo="Llamada telefónica"),
        fila_actividad("A2", "T1", ana, tipo="COTIZACIÓN", realizada="06/03/2026"),
        fila_actividad("A3", "T1", ana, tipo="Test Drive", realizada=""),
        fila_actividad("A4", "T1", ana, tipo="whatsapp"),
        fila_actividad("A5", "T1", ana, tipo="Visita", estado="No realizada", realizada="", programada="09/03/2026"),
    ]
    importacion = importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_xlsx(ENCABEZADOS_ACTIVIDADES, filas))

    assert importacion.nuevas == 5
    assert dict(Actividad.objects.values_list("id_spiga", "tipo")) == {
        "A1": "llamada",
        "A2": "cotizacion",
        "A3": "prueba_manejo",
        "A4": "whatsapp",
        "A5": "visita",
    }
    prospecto = Prospecto.objects.get(pk=prospecto.pk)
    assert (
        prospecto.n_llamadas,
        prospecto.n_cotizaciones,
        prospecto.n_visitas,
        prospecto.n_pruebas,
        prospecto.n_otros,
    ) == (1, 1, 0, 1, 1)
    assert str(prospecto.ultimo_seguimiento) == "2026-03-06"
    # A done activity without a date of its own counts on its scheduled date.
    assert str(Actividad.objects.get(id_spiga="A3").fecha_realizada) == "2026-03-04"


def test_actividades_con_prospecto_o_tipo_desconocido_se_rechazan(lider, ana):
    _con_prospecto(lider, ana)
    filas = [
        fila_actividad("A1", "T1", ana),
        fila_actividad("A2", "T999", ana),
        fila_actividad("A3", "T1", ana, tipo="Telepatía", estado="Quizás"),
    ]
    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_csv(ENCABEZADOS_ACTIVIDADES, filas))
    assert [(e.fila, e.columna) for e in error.value.errores] == [
        (3, "ID Tráfico"),
        (4, "Tipo de actividad"),
        (4, "Estado"),
    ]
    assert error.value.errores[0].problema == spiga.ERROR_PROSPECTO_DESCONOCIDO.format(valor="T999")
    assert not Actividad.objects.exists()


def test_reimportar_actividades_es_idempotente_y_un_cambio_en_spiga_reinicia_la_validacion(lider, ana):
    _con_prospecto(lider, ana)
    filas = [fila_actividad("A1", "T1", ana), fila_actividad("A2", "T1", ana, comentario="")]
    importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_csv(ENCABEZADOS_ACTIVIDADES, filas))
    a2 = Actividad.objects.get(id_spiga="A2")
    services.actividad_validar(actor=lider, actividad=a2, valida=False, motivo="Sin comentario")
    antes = list(Actividad.objects.order_by("pk").values())

    igual = importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_csv(ENCABEZADOS_ACTIVIDADES, filas))
    assert (igual.nuevas, igual.actualizadas, igual.sin_cambios) == (0, 0, 2)
    assert list(Actividad.objects.order_by("pk").values()) == antes

    filas[1] = fila_actividad("A2", "T1", ana, comentario="Llamé al cliente, pide cotización de Duster.")
    cambio = importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_csv(ENCABEZADOS_ACTIVIDADES, filas))
    assert (cambio.nuevas, cambio.actualizadas, cambio.sin_cambios) == (0, 1, 1)
    a2 = Actividad.objects.get(pk=a2.pk)
    assert (a2.validacion, a2.motivo, a2.comentario) == (
        "pendiente",
        "",
        "Llamé al cliente, pide cotización de Duster.",
    )


def test_normalizar_y_mapear_encabezados():
    assert spiga.normalizar("  Teléfono_Cliente ") == "telefono cliente"
    mapa = spiga.mapear_encabezados(
        ["Id Actividad", "ID TRÁFICO", "Asesor", "Tipo", "Fecha", "Estado"], spiga.COLUMNAS_ACTIVIDADES
    )
    assert mapa == {"id_spiga": 0, "id_trafico": 1, "asesor": 2, "tipo": 3, "fecha_programada": 4, "estado": 5}
    with pytest.raises(spiga.ArchivoIlegible, match="aparece dos veces"):
        spiga.mapear_encabezados(["Teléfono", "Celular"], spiga.COLUMNAS_TRAFICO)


def test_telefonos_en_e164_con_el_pais_de_la_organizacion_y_los_invalidos_rechazados(lider, ana):
    filas = [fila_trafico("T1", ana, telefono="300 123 4567"), fila_trafico("T2", ana, telefono="300 12")]

    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, filas))

    assert [(e.fila, e.columna, e.problema) for e in error.value.errores] == [
        (3, "Teléfono", NO_VALIDO.format(valor="300 12"))
    ]
    assert not Prospecto.objects.exists()

    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, filas[:1]))
    assert Prospecto.objects.get().telefono == "+573001234567"


def test_una_bomba_zip_se_rechaza_en_la_pagina_sin_importar_nada(client, lider, settings):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.IMPORTACION_MAX_DESCOMPRIMIDO_MB = 5
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", compression=zipfile.ZIP_DEFLATED) as libro:
        libro.writestr("xl/worksheets/sheet1.xml", b"\x00" * (6 * 1024 * 1024))
    client.force_login(lider)

    respuesta = client.post(
        reverse("comercial:crm:importar"),
        {"tipo": Importacion.Tipo.TRAFICO, "archivo": SimpleUploadedFile("trafico.xlsx", salida.getvalue())},
    )

    assert respuesta.status_code == 200
    esperado = archivos.ERROR_DESCOMPRIMIDO.format(nombre="trafico.xlsx", maximo="5,0\xa0MB")
    assert esperado in respuesta.content.decode()
    assert not Importacion.objects.exists() and not Prospecto.objects.exists()


def test_mas_filas_que_el_maximo_rechaza_el_archivo_entero(lider, ana, settings):
    settings.IMPORTACION_MAX_FILAS = 3
    filas = [fila_trafico(f"T{n}", ana) for n in range(4)]

    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(ENCABEZADOS_TRAFICO, filas))

    assert "El archivo tiene más de 3 filas; no se importó nada." in error.value.mensaje
    assert not Prospecto.objects.exists()
    importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(ENCABEZADOS_TRAFICO, filas[:3]))
    assert Prospecto.objects.count() == 3
