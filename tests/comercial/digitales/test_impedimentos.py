"""The impediment table: CSV import all-or-nothing with row-by-row Spanish errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comercial.digitales import impedimentos, services
from comercial.digitales.models import RegistroImpedimento
from enlace.acciones import AccionRechazada
from enlace.models import Evento
from tests.comercial.digitales.factories import ImpedimentoFactory

pytestmark = pytest.mark.django_db


def csv(texto, nombre="naf.csv"):
    return SimpleUploadedFile(nombre, texto.encode("utf-8"), content_type="text/csv")


def test_importacion_valida_reemplaza_la_tabla(responsable, organizacion, otra_organizacion):
    ImpedimentoFactory(organizacion=organizacion, carnet="1111111")
    ImpedimentoFactory(organizacion=otra_organizacion, carnet="1111111")
    filas = services.impedimentos_importar(
        actor=responsable,
        organizacion=organizacion,
        archivo=csv(
            "carnet;tipo;detalle;monto_bs\n"
            "4455667 CB;deuda_naf;Factura impaga;1.245,50\n"
            "4455667;Equipo pendiente de devolución;Decodificador;\n"
            "5566778-1A;central_riesgos;Banco;\n"
        ),
    )
    assert filas == 3
    assert sorted(RegistroImpedimento.objects.filter(organizacion=organizacion).values_list("carnet", "tipo")) == [
        ("4455667", "deuda_naf"),
        ("4455667", "equipo_por_devolver"),
        ("5566778-1A", "central_riesgos"),
    ]
    assert str(RegistroImpedimento.objects.get(organizacion=organizacion, tipo="deuda_naf").monto_bs) == "1245.50"
    assert RegistroImpedimento.objects.filter(organizacion=otra_organizacion).count() == 1
    assert Evento.objects.get(tipo="digitales.impedimentos_importados").datos["reemplazadas"] == 1
    resultado = impedimentos.consultar_impedimentos(organizacion=organizacion, carnet="4455667 LP")
    assert [i["tipo"] for i in resultado.impedimentos] == ["deuda_naf", "equipo_por_devolver"]


def test_importacion_con_errores_no_cambia_nada_y_los_lista_por_fila(responsable, organizacion):
    ImpedimentoFactory(organizacion=organizacion, carnet="1111111")
    with pytest.raises(services.ErrorDigitales) as error:
        services.impedimentos_importar(
            actor=responsable,
            organizacion=organizacion,
            archivo=csv(
                "carnet,tipo,detalle,monto_bs\n"
                "4455667,deuda_naf,ok,10\n"
                "12,deuda_naf,carnet corto,\n"
                "5566778,moroso,,\n"
                "6677889,deuda_naf,,-5\n"
                "4455667,deuda_naf,repetido,\n"
            ),
        )
    lineas = error.value.mensaje.split("\n")
    assert lineas[0].startswith("Fila 3: El carnet de identidad «12» no es válido")
    assert lineas[1] == impedimentos.ERROR_TIPO.format(fila=4, valor="moroso")
    assert lineas[2] == impedimentos.ERROR_MONTO.format(fila=5, valor="-5")
    assert lineas[3] == impedimentos.ERROR_DUPLICADO.format(fila=6, carnet="4455667", tipo="deuda_naf", anterior=2)
    assert list(RegistroImpedimento.objects.values_list("carnet", flat=True)) == ["1111111"]


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        ("carnet,detalle\n4455667,x\n", impedimentos.ERROR_COLUMNAS.format(faltantes="tipo, monto_bs")),
        ("carnet,tipo,detalle,monto_bs\n", impedimentos.ERROR_VACIO),
    ],
)
def test_importacion_sin_cabecera_o_sin_filas(responsable, organizacion, contenido, mensaje):
    with pytest.raises(services.ErrorDigitales) as error:
        services.impedimentos_importar(actor=responsable, organizacion=organizacion, archivo=csv(contenido))
    assert error.value.mensaje == mensaje


def test_importacion_solo_del_responsable(agente, organizacion):
    ImpedimentoFactory(organizacion=organizacion, carnet="1111111")
    with pytest.raises(AccionRechazada) as rechazo:
        services.impedimentos_importar(
            actor=agente, organizacion=organizacion, archivo=csv("carnet,tipo,detalle,monto_bs\n4455667,deuda_naf,,\n")
        )
    assert rechazo.value.mensaje == services.SIN_PERMISO_IMPORTAR
    assert list(RegistroImpedimento.objects.values_list("carnet", flat=True)) == ["1111111"]


def test_importacion_por_la_pagina(client, responsable):
    client.force_login(responsable)
    url = reverse("comercial:digitales:impedimentos")
    respuesta = client.post(url, {"archivo": csv("carnet,tipo,detalle,monto_bs\n99,deuda_naf,,\n")})
    assert "Fila 2: El carnet de identidad «99» no es válido" in respuesta.content.decode().replace(
        "&laquo;", "«"
    ).replace("&raquo;", "»")
    assert not RegistroImpedimento.objects.exists()
    respuesta = client.post(url, {"archivo": csv("carnet,tipo,detalle,monto_bs\n4455667,deuda_naf,,\n")}, follow=True)
    assert "1 filas importadas" in respuesta.content.decode()
    assert RegistroImpedimento.objects.count() == 1
    assert client.post(url, {"archivo": SimpleUploadedFile("x.exe", b"MZ")}).status_code == 200
    assert RegistroImpedimento.objects.count() == 1
