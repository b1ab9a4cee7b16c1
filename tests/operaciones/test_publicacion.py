"""Publishing units from the app: one by one (VIN, price, photos), the inventory file (all or nothing with a
row-by-row error list, idempotent by VIN, units left out of a complete file offered for withdrawal, never
withdrawn silently), the webmaster's review of proposed changes with field history, and the pages (another
concesionario's webmaster gets 404)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace import acciones
from enlace.archivos import ERROR_TIPO
from enlace.models import Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import CambioUnidad, FotoUnidad, ImportacionInventario, Unidad
from operaciones.models.inventario import ERROR_VIN
from operaciones.services.publicacion import anio_maximo
from tests.operaciones.factories import UnidadFactory, vin_aleatorio
from tests.operaciones.fixtures_entrega import PNG, almacen_temporal  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

ENCABEZADOS = ["VIN", "Marca", "Modelo", "Año", "Versión", "Kilometraje", "Precio", "Color", "Equipamiento", "Ciudad"]
VINS = ["3N1CN7AD5KL812345", "1HGCM82633A004352", "JM1BL1SF0A1234567"]


def fila(vin, precio="289,900.00", km="45000", anio="2021", marca="Nissan", modelo="Versa"):
    return [vin, marca, modelo, anio, "Advance", km, precio, "Blanco", "Cámara de reversa; pantalla", "Monterrey"]


def csv_de(filas, nombre="inventario.csv", titulos=()):
    lineas = [*titulos, ",".join(ENCABEZADOS), *(",".join(f'"{c}"' for c in f) for f in filas)]
    return SimpleUploadedFile(nombre, "\n".join(lineas).encode(), content_type="text/csv")


def xlsx_de(filas, titulos=()):
    libro = openpyxl.Workbook()
    hoja = libro.active
    for titulo in titulos:
        hoja.append([titulo])
    hoja.append(ENCABEZADOS)
    for f in filas:
        hoja.append(f)
    contenido = io.BytesIO()
    libro.save(contenido)
    return SimpleUploadedFile("inventario.xlsx", contenido.getvalue())


def importar(actor, concesionario, filas, **opciones):
    return services.inventario_importar(actor=actor, concesionario=concesionario, archivo=csv_de(filas), **opciones)


def datos_unidad(**cambios):
    return {
        "vin": VINS[0],
        "marca": "Nissan",
        "modelo": "Versa",
        "anio": 2021,
        "version": "Advance",
        "km": 45000,
        "precio": Decimal("289900"),
        "color": "Blanco",
        "ciudad": "Monterrey",
        "equipamiento": "Cámara de reversa",
        "descripcion": "Un dueño",
        **cambios,
    }


# --- One unit -------------------------------------------------------------------------------------------


def test_el_webmaster_publica_una_unidad_con_fotos_y_el_cop_lo_ve(webmaster, cop, concesionario):
    foto = SimpleUploadedFile("frente.png", PNG, content_type="image/png")
    unidad = services.unidad_publicar(actor=webmaster, concesionario=concesionario, datos=datos_unidad(), fotos=[foto])
    assert (unidad.estado, unidad.concesionario, unidad.equipamiento) == (
        "disponible",
        concesionario,
        "Cámara de reversa",
    )
    assert FotoUnidad.objects.filter(unidad=unidad).count() == 1
    assert Evento.objects.filter(tipo=eventos.EVENTO_UNIDAD_PUBLICADA, objeto_id=unidad.pk).count() == 1
    assert unidad.history.get().history_type == "+"
    assert Notificacion.objects.filter(destinatario=cop).count() == 1


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"vin": "3N1CN7AD5KL81234"}, str(ERROR_VIN)),  # 16 characters
        ({"vin": "3N1CN7AD5KL81234O"}, str(ERROR_VIN)),  # an O
        ({"vin": "IN1CN7AD5KL812345"}, str(ERROR_VIN)),  # an I
        ({"precio": Decimal("0")}, mensajes.PRECIO_INVALIDO.format(valor=Decimal("0"))),
    ],
)
def test_un_vin_o_un_precio_invalidos_no_publican_nada(webmaster, concesionario, cambios, mensaje):
    with pytest.raises(services.ErrorOperacion) as error:
        services.unidad_publicar(actor=webmaster, concesionario=concesionario, datos=datos_unidad(**cambios))
    assert error.value.mensaje == mensaje
    assert not Unidad.objects.exists()


def test_un_vin_ya_publicado_se_rechaza(webmaster, concesionario, otro_concesionario):
    UnidadFactory(concesionario=otro_concesionario, vin=VINS[0])
    with pytest.raises(services.ErrorOperacion) as error:
        services.unidad_publicar(actor=webmaster, concesionario=concesionario, datos=datos_unidad())
    assert error.value.mensaje == mensajes.VIN_DUPLICADO.format(vin=VINS[0])


def test_el_digito_verificador_no_se_exige(webmaster, concesionario):
    """A unit built for Mexico may not carry the North-American check digit (README, Decisiones)."""
    unidad = services.unidad_publicar(actor=webmaster, concesionario=concesionario, datos=datos_unidad(vin=VINS[2]))
    assert not unidad.digito_control_coincide


@pytest.mark.parametrize("quien", ["asesor", "gerente_otro", "cop"])
def test_solo_el_personal_del_concesionario_publica_sus_unidades(request, concesionario, quien):
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.unidad_publicar(
            actor=request.getfixturevalue(quien), concesionario=concesionario, datos=datos_unidad()
        )
    assert rechazo.value.mensaje == mensajes.NO_PUBLICA
    assert not Unidad.objects.exists()


# --- The inventory file ---------------------------------------------------------------------------------


def test_la_importacion_publica_las_unidades_con_historial_y_eventos(webmaster, cop, concesionario):
    importacion = importar(webmaster, concesionario, [fila(v) for v in VINS])
    assert (importacion.creadas, importacion.actualizadas, importacion.sin_cambios) == (3, 0, 0)
    unidad = Unidad.objects.get(vin=VINS[0])
    assert (unidad.precio, unidad.km, unidad.ciudad) == (Decimal("289900.00"), 45000, "Monterrey")
    alta = Unidad.history.filter(history_type="+")
    assert set(alta.values_list("history_change_reason", "history_user")) == {
        ("Importación de inventario", webmaster.pk)
    }
    assert alta.count() == 3
    evento = Evento.objects.get(tipo=eventos.EVENTO_INVENTARIO_IMPORTADO)
    assert (evento.datos["nuevas"], sorted(evento.datos["vins_nuevos"])) == (3, sorted(VINS))
    assert Notificacion.objects.filter(destinatario=cop).count() == 1


def test_un_xlsx_con_filas_de_titulo_tambien_se_importa(webmaster, concesionario):
    archivo = xlsx_de([fila(VINS[0], precio=289900, km=45000, anio=2021)], titulos=["Inventario al día", ""])
    importacion = services.inventario_importar(actor=webmaster, concesionario=concesionario, archivo=archivo)
    assert importacion.creadas == 1
    assert Unidad.objects.get().precio == Decimal("289900.00")


def test_un_archivo_con_errores_no_importa_nada_y_los_lista_por_fila(webmaster, concesionario, otro_concesionario):
    UnidadFactory(concesionario=otro_concesionario, vin=VINS[2])
    filas = [
        fila(VINS[0]),
        fila("3N1CN7AD5KL8123"),  # row 3: short VIN
        fila(VINS[0]),  # row 4: repeated
        fila(VINS[1], precio="gratis"),  # row 5
        fila(vin_aleatorio(1), km="-5", anio="1890"),  # row 6: two errors
        fila(VINS[2]),  # row 7: another concesionario's
    ]
    with pytest.raises(services.ImportacionRechazada) as rechazo:
        importar(webmaster, concesionario, filas)
    errores = [(e.fila, e.columna, e.problema) for e in rechazo.value.errores]
    assert errores == [
        (3, "VIN", str(ERROR_VIN)),
        (4, "VIN", mensajes.VIN_REPETIDO_EN_ARCHIVO.format(vin=VINS[0], fila=2)),
        (5, "Precio", mensajes.PRECIO_INVALIDO.format(valor="gratis")),
        (6, "Año", mensajes.ANIO_INVALIDO.format(valor="1890", maximo=anio_maximo())),
        (6, "Kilometraje", mensajes.KM_INVALIDO.format(valor="-5", maximo=anio_maximo())),
        (7, "VIN", mensajes.VIN_DE_OTRO_CONCESIONARIO.format(vin=VINS[2])),
    ]
    assert rechazo.value.mensaje == mensajes.IMPORTACION_CON_ERRORES.format(n=6)
    assert Unidad.objects.filter(concesionario=concesionario).count() == 0
    assert not ImportacionInventario.objects.exists()


def test_un_archivo_de_otro_tipo_se_rechaza(webmaster, concesionario):
    archivo = SimpleUploadedFile("inventario.pdf", b"%PDF-1.4 ...")
    with pytest.raises(services.ErrorOperacion) as error:
        services.inventario_importar(actor=webmaster, concesionario=concesionario, archivo=archivo)
    assert error.value.mensaje == ERROR_TIPO.format(
        nombre="inventario.pdf", permitidos="CSV, Excel (.xlsx), Excel 97-2003 (.xls)"
    )


def test_reimportar_el_mismo_archivo_no_cambia_nada_y_un_precio_nuevo_actualiza_con_historial(webmaster, concesionario):
    importar(webmaster, concesionario, [fila(v) for v in VINS])
    otra_vez = importar(webmaster, concesionario, [fila(v) for v in VINS])
    assert (otra_vez.creadas, otra_vez.actualizadas, otra_vez.sin_cambios) == (0, 0, 3)
    assert Unidad.objects.count() == 3
    nuevo_precio = importar(webmaster, concesionario, [fila(VINS[0], precio="279900"), *(fila(v) for v in VINS[1:])])
    assert (nuevo_precio.creadas, nuevo_precio.actualizadas, nuevo_precio.sin_cambios) == (0, 1, 2)
    unidad = Unidad.objects.get(vin=VINS[0])
    assert unidad.precio == Decimal("279900.00")
    cambio = unidad.history.filter(history_type="~").get()
    assert cambio.prev_record.precio == Decimal("289900.00")
    assert cambio.history_user == webmaster


def test_un_archivo_completo_ofrece_para_retiro_lo_que_no_trae_y_no_lo_retira(webmaster, concesionario):
    importar(webmaster, concesionario, [fila(v) for v in VINS])
    parcial = importar(webmaster, concesionario, [fila(VINS[0])])  # not complete: nothing offered
    assert parcial.ausentes == []
    completo = importar(webmaster, concesionario, [fila(VINS[0])], completo=True)
    ausentes = Unidad.objects.filter(vin__in=VINS[1:])
    assert sorted(completo.ausentes) == sorted(u.pk for u in ausentes)
    assert set(ausentes.values_list("estado", flat=True)) == {"disponible"}  # never withdrawn silently

    services.importacion_retirar_ausentes(actor=webmaster, importacion=completo, unidades=[ausentes.get(vin=VINS[1])])
    assert Unidad.objects.get(vin=VINS[1]).estado == "retirada"
    assert Unidad.objects.get(vin=VINS[2]).estado == "disponible"
    with pytest.raises(services.ErrorOperacion) as error:
        services.importacion_retirar_ausentes(
            actor=webmaster, importacion=completo, unidades=[Unidad.objects.get(vin=VINS[0])]
        )
    assert error.value.mensaje == mensajes.RETIRO_NO_OFRECIDO.format(vin=VINS[0])
    assert Unidad.objects.get(vin=VINS[0]).estado == "disponible"


def test_la_reimportacion_de_un_gerente_propone_los_cambios_al_webmaster(webmaster, gerente_ventas, concesionario):
    importar(webmaster, concesionario, [fila(VINS[0])])
    importacion = importar(gerente_ventas, concesionario, [fila(VINS[0], precio="250000")])
    assert importacion.actualizadas == 1
    assert Unidad.objects.get().precio == Decimal("289900.00")  # the network still sees the published price
    cambio = CambioUnidad.objects.get()
    assert (cambio.propuesto, cambio.anterior) == ({"precio": "250000.00"}, {"precio": "289900.00"})
    assert Notificacion.objects.filter(destinatario=webmaster).exists()


def _consultas_de_importar(actor, concesionario, filas):
    with CaptureQueriesContext(connection) as consultas:
        importar(actor, concesionario, filas)
    return len(consultas)


def test_las_consultas_de_la_importacion_no_crecen_con_las_filas(webmaster, concesionario):
    _consultas_de_importar(webmaster, concesionario, [fila(vin_aleatorio(0))])  # warms the per-process caches
    pocas = [fila(vin_aleatorio(1000 + i)) for i in range(5)]
    muchas = [fila(vin_aleatorio(2000 + i)) for i in range(60)]
    assert _consultas_de_importar(webmaster, concesionario, muchas) == _consultas_de_importar(
        webmaster, concesionario, pocas
    )
    pocas_cambiadas = [fila(f[0], precio="1000") for f in pocas]
    muchas_cambiadas = [fila(f[0], precio="1000") for f in muchas]
    assert _consultas_de_importar(webmaster, concesionario, muchas_cambiadas) == _consultas_de_importar(
        webmaster, concesionario, pocas_cambiadas
    )
    assert set(Unidad.objects.filter(vin__in=[f[0] for f in muchas]).values_list("precio", flat=True)) == {
        Decimal("1000.00")
    }


# --- Proposed changes ------------------------------------------------------------------------------------


def test_el_webmaster_aprueba_un_cambio_y_la_unidad_guarda_el_historial(gerente_ventas, webmaster, unidad):
    cambio = services.cambio_proponer(
        actor=gerente_ventas, unidad=unidad, datos={"precio": Decimal("279900"), "color": "Blanco"}, motivo="Ajuste"
    )
    assert cambio.propuesto == {"precio": "279900"}  # the color did not change
    assert Unidad.objects.get(pk=unidad.pk).precio == Decimal("289900.00")  # not seen before approval
    assert Notificacion.objects.filter(destinatario=webmaster).count() == 1

    services.cambio_aprobar(actor=webmaster, cambio=cambio)
    unidad.refresh_from_db()
    assert unidad.precio == Decimal("279900.00")
    ultimo = unidad.history.first()
    assert (ultimo.prev_record.precio, ultimo.history_user) == (Decimal("289900.00"), webmaster)
    assert Notificacion.objects.filter(destinatario=gerente_ventas).count() == 1


def test_rechazar_exige_motivo_y_deja_la_unidad_como_estaba(gerente_ventas, webmaster, unidad):
    cambio = services.cambio_proponer(actor=gerente_ventas, unidad=unidad, datos={"km": 50000})
    with pytest.raises(services.ErrorOperacion) as error:
        services.cambio_rechazar(actor=webmaster, cambio=cambio, motivo=" ")
    assert error.value.mensaje == mensajes.MOTIVO_RECHAZO_CAMBIO_REQUERIDO
    services.cambio_rechazar(actor=webmaster, cambio=cambio, motivo="El odómetro dice otra cosa")
    assert Unidad.objects.get(pk=unidad.pk).km == 45000
    assert CambioUnidad.objects.get().motivo_rechazo == "El odómetro dice otra cosa"


def test_guardas_de_la_propuesta(gerente_ventas, gerente_otro, unidad, apartar):
    with pytest.raises(services.ErrorOperacion) as error:
        services.cambio_proponer(actor=gerente_ventas, unidad=unidad, datos={"km": unidad.km})
    assert error.value.mensaje == mensajes.CAMBIO_SIN_CAMBIOS
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.cambio_proponer(actor=gerente_otro, unidad=unidad, datos={"km": 1})
    assert rechazo.value.mensaje == mensajes.NO_PROPONE_CAMBIO
    services.cambio_proponer(actor=gerente_ventas, unidad=unidad, datos={"km": 1})
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.cambio_proponer(actor=gerente_ventas, unidad=unidad, datos={"km": 2})
    assert rechazo.value.mensaje == mensajes.CAMBIO_YA_PENDIENTE
    apartada = apartar(UnidadFactory(concesionario=unidad.concesionario)).unidad
    with pytest.raises(services.ErrorOperacion) as error:
        services.cambio_proponer(actor=gerente_ventas, unidad=apartada, datos={"precio": Decimal("1000")})
    assert error.value.mensaje == mensajes.PRECIO_CON_APARTADO


# --- Pages -----------------------------------------------------------------------------------------------


def test_la_pagina_publica_una_unidad(client, webmaster):
    client.force_login(webmaster)
    assert client.get(reverse("operaciones:publicar_unidad")).status_code == 200
    datos = {**datos_unidad(), "precio": "289900"}
    respuesta = client.post(reverse("operaciones:publicar_unidad"), datos)
    unidad = Unidad.objects.get()
    assert respuesta.url == reverse("operaciones:unidad", args=[unidad.pk])
    respuesta = client.post(reverse("operaciones:publicar_unidad"), {**datos, "vin": VINS[0].lower()})
    assert mensajes.VIN_DUPLICADO.format(vin=VINS[0]) in respuesta.content.decode()


def test_la_pagina_de_importar_muestra_los_errores_por_fila(client, webmaster):
    client.force_login(webmaster)
    url = reverse("operaciones:importar_inventario")
    respuesta = client.post(url, {"archivo": csv_de([fila(VINS[0], precio="0")])})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert mensajes.PRECIO_INVALIDO.format(valor="0") in html
    respuesta = client.post(url, {"archivo": csv_de([fila(VINS[0])]), "completo": "on"})
    importacion = ImportacionInventario.objects.get()
    assert respuesta.url == reverse("operaciones:importacion", args=[importacion.pk])
    assert client.get(respuesta.url).status_code == 200


def test_otro_concesionario_recibe_404_en_importaciones_y_cambios(
    client, webmaster, gerente_ventas, unidad, crear_usuario, otro_concesionario
):
    importacion = importar(webmaster, unidad.concesionario, [fila(VINS[0])], completo=True)
    cambio = services.cambio_proponer(actor=gerente_ventas, unidad=unidad, datos={"km": 1})
    ajeno = crear_usuario("webmaster", organizacion=otro_concesionario)
    client.force_login(ajeno)
    assert client.get(reverse("operaciones:importacion", args=[importacion.pk])).status_code == 404
    assert client.post(reverse("operaciones:retirar_ausentes", args=[importacion.pk])).status_code == 404
    assert client.post(reverse("operaciones:cambio_accion", args=[cambio.pk, "aprobar"])).status_code == 404
    assert str(unidad.vin) not in client.get(reverse("operaciones:cambios_unidad")).content.decode()
    assert CambioUnidad.objects.get().estado == "pendiente"


def test_el_webmaster_retira_desde_la_pagina_lo_que_el_archivo_no_traia(client, webmaster, concesionario):
    importar(webmaster, concesionario, [fila(v) for v in VINS])
    importacion = importar(webmaster, concesionario, [fila(VINS[0])], completo=True)
    client.force_login(webmaster)
    url = reverse("operaciones:importacion", args=[importacion.pk])
    assert VINS[1] in client.get(url).content.decode()
    retirar = Unidad.objects.get(vin=VINS[1])
    respuesta = client.post(reverse("operaciones:retirar_ausentes", args=[importacion.pk]), {"unidades": [retirar.pk]})
    assert respuesta.url == url
    assert Unidad.objects.get(vin=VINS[1]).estado == "retirada"
    assert Unidad.objects.get(vin=VINS[2]).estado == "disponible"


def test_la_pagina_de_cambios_aprueba_y_el_gerente_propone_desde_la_unidad(client, webmaster, gerente_ventas, unidad):
    client.force_login(gerente_ventas)
    url_unidad = reverse("operaciones:unidad", args=[unidad.pk])
    assert 'data-accion="proponer_cambio"' in client.get(url_unidad).content.decode()
    datos = {
        "precio": "279900",
        "km": "45000",
        "version": "Advance",
        "color": "Rojo",
        "equipamiento": "",
        "descripcion": "",
    }
    respuesta = client.post(reverse("operaciones:unidad_accion", args=[unidad.pk, "proponer_cambio"]), datos)
    assert respuesta.status_code == 302
    cambio = CambioUnidad.objects.get()
    assert client.post(reverse("operaciones:cambio_accion", args=[cambio.pk, "aprobar"])).status_code == 403
    client.force_login(webmaster)
    assert "Rojo" in client.get(reverse("operaciones:cambios_unidad")).content.decode()
    client.post(reverse("operaciones:cambio_accion", args=[cambio.pk, "aprobar"]))
    unidad.refresh_from_db()
    assert (unidad.precio, unidad.color) == (Decimal("279900.00"), "Rojo")
    linea = client.get(reverse("operaciones:historial_unidad", args=[unidad.pk])).content.decode()
    assert "Cambio a la unidad propuesto" in linea and "Cambio a la unidad aprobado por el webmaster" in linea
