"""Phone numbers: typed in any usual format, stored in E.164, refused with a Spanish message when invalid."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from comercial.empresas.forms import ContactoForm as ContactoEmpresaForm
from comercial.empresas.forms import EmpresaForm
from enlace import telefonos
from enlace.telefonos import NO_VALIDO, normalizar, para_busqueda
from operaciones.forms import ApartarForm, ContactoForm
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory


@pytest.mark.parametrize(
    ("texto", "region", "esperado"),
    [
        ("55 1234 5678", "MX", "+525512345678"),
        ("(55) 1234-5678", "MX", "+525512345678"),
        ("+52 1 55 1234 5678", "MX", "+525512345678"),  # the mobile "1" Mexico dropped in 2019
        ("7123 4567", "BO", "+59171234567"),
        ("300 123 4567", "CO", "+573001234567"),
        ("+591 71234567", "MX", "+59171234567"),  # a country code wins over the region
        ("  ", "MX", ""),
    ],
)
def test_normalizar_a_e164(texto, region, esperado):
    assert normalizar(texto, region) == esperado


@pytest.mark.parametrize("texto", ["123", "hola", "55 1234", "+52 00 0000 0000"])
def test_normalizar_rechaza_con_mensaje_en_espanol(texto):
    with pytest.raises(ValidationError) as error:
        normalizar(texto, "MX")
    assert error.value.messages == [NO_VALIDO.format(valor=texto)]
    assert error.value.messages[0].startswith("Número de teléfono no válido: «")


def test_para_busqueda_completo_o_parcial():
    assert para_busqueda("55 1234 5678", "MX") == "+525512345678"
    assert para_busqueda("1234 5678", "MX") == "12345678"
    assert para_busqueda("Rosa", "MX") == "Rosa"


def _errores(form):
    assert not form.is_valid()
    return form.errors


@pytest.mark.django_db
def test_formularios_limpian_a_e164_o_rechazan():
    bolivia = {"razon_social": "Dental Salinas", "nit": "1023456027", "giro": "servicios", "localidad": "Cochabamba"}
    empresa = EmpresaForm({**bolivia, "telefono": "4 4251234", "contacto_telefono": "712 34567"})
    assert empresa.is_valid(), empresa.errors
    assert (empresa.cleaned_data["telefono"], empresa.cleaned_data["contacto_telefono"]) == (
        "+59144251234",
        "+59171234567",
    )
    assert _errores(EmpresaForm({**bolivia, "telefono": "12"}))["telefono"] == [NO_VALIDO.format(valor="12")]
    assert _errores(EmpresaForm({**bolivia, "contacto_telefono": "x"}))["contacto_telefono"] == [
        NO_VALIDO.format(valor="x")
    ]
    assert _errores(ContactoEmpresaForm({"nombre": "Ana", "telefono": "99"}))["telefono"] == [
        NO_VALIDO.format(valor="99")
    ]
    assert _errores(ApartarForm({"telefono": "55 12"}))["telefono"] == [NO_VALIDO.format(valor="55 12")]
    apartar = ApartarForm({"telefono": "55 1234 5678"})
    apartar.is_valid()
    assert apartar.cleaned_data["telefono"] == "+525512345678"
    usuario = UsuarioFactory(rol="cop")
    contacto = ContactoForm({"tipo": "proveedor", "nombre": "Grúas", "telefono": "abc"}, usuario=usuario)
    assert _errores(contacto)["telefono"] == [NO_VALIDO.format(valor="abc")]


@pytest.mark.django_db
def test_perfil_guarda_e164_con_el_pais_de_la_organizacion(client):
    usuario = UsuarioFactory(rol="cop", organizacion=OrganizacionFactory(pais="BO"))
    client.force_login(usuario)
    datos = {"first_name": "Ana", "last_name": "Ruiz", "zona_horaria": "America/Mexico_City"}

    respuesta = client.post(reverse("perfil"), {**datos, "telefono": "7123 45"})
    assert respuesta.status_code == 200
    assert "Número de teléfono no válido: «7123 45»" in respuesta.content.decode().replace("&laquo;", "«").replace(
        "&raquo;", "»"
    )
    usuario.refresh_from_db()
    assert usuario.telefono == "" and usuario.first_name != "Ana"

    assert client.post(reverse("perfil"), {**datos, "telefono": "7123 4567"}).status_code == 302
    usuario.refresh_from_db()
    assert usuario.telefono == "+59171234567"


@pytest.mark.django_db
def test_migracion_normaliza_y_conserva_lo_que_no_entiende():
    operacion = telefonos.migracion_a_e164("enlace", "Usuario", "organizacion__pais")
    mexico, bolivia = OrganizacionFactory(pais="MX"), OrganizacionFactory(pais="BO")
    usuarios = [
        UsuarioFactory(organizacion=mexico, telefono="55 1234 5678"),
        UsuarioFactory(organizacion=bolivia, telefono="71234567"),
        UsuarioFactory(organizacion=None, telefono="(55) 8765-4321"),
        UsuarioFactory(organizacion=mexico, telefono="ext. 204"),
        UsuarioFactory(organizacion=mexico, telefono=""),
    ]
    from django.apps import apps

    operacion.code(apps, connection.schema_editor())
    for usuario in usuarios:
        usuario.refresh_from_db()
    assert [u.telefono for u in usuarios] == ["+525512345678", "+59171234567", "+525587654321", "ext. 204", ""]
