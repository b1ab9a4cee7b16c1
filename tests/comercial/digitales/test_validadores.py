import pytest
from django.core.exceptions import ValidationError

from comercial.digitales.validadores import clave_carnet, validar_carnet, validar_telefono


@pytest.mark.parametrize(
    ("entrada", "normalizado", "clave"),
    [
        ("1234567", "1234567", "1234567"),
        ("1.234.567 cb", "1234567 CB", "1234567"),
        ("1234567-1a", "1234567-1A", "1234567-1A"),
        ("1234567-1A LP", "1234567-1A LP", "1234567-1A"),
        ("1234567LP", "1234567 LP", "1234567"),
    ],
)
def test_carnets_validos(entrada, normalizado, clave):
    assert validar_carnet(entrada) == normalizado
    assert clave_carnet(entrada) == clave


@pytest.mark.parametrize("entrada", ["", "1234", "12345678901", "ABC1234", "1234567 XX", "1234567-AA"])
def test_carnets_invalidos(entrada):
    with pytest.raises(ValidationError, match="no es válido"):
        validar_carnet(entrada)


@pytest.mark.parametrize(
    ("entrada", "esperado"), [("4200400", "4200400"), ("+591 71234567", "71234567"), ("6-123-4567", "61234567")]
)
def test_telefonos_validos(entrada, esperado):
    assert validar_telefono(entrada) == esperado


@pytest.mark.parametrize("entrada", ["123", "51234567", "912345678", "4200400x"])
def test_telefonos_invalidos(entrada):
    with pytest.raises(ValidationError, match="no es válido"):
        validar_telefono(entrada)
