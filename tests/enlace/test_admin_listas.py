"""Every model in the admin has a useful list: columns beyond its name, search, and Spanish headers."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.db import models
from django.forms.utils import pretty_name
from django.urls import reverse

# Attribute names that read as a header only with an accent or a capital: «organización», «PYME», «número».
SIN_ACENTO = {"organizacion", "pyme", "campana", "numero"}
REGISTRADOS = sorted(admin.site._registry.items(), key=lambda par: par[0]._meta.label)


@pytest.mark.parametrize("modelo,modelo_admin", REGISTRADOS, ids=[m._meta.label for m, _ in REGISTRADOS])
def test_every_registered_admin_has_columns_and_search(modelo, modelo_admin):
    assert list(modelo_admin.search_fields), f"{modelo._meta.label} sin search_fields"
    assert [c for c in modelo_admin.list_display if c != "__str__"], f"{modelo._meta.label} solo muestra __str__"


def _filtrable(campo):
    """A field an admin would narrow a list by: a choice, a yes/no, a date or a link to another record."""
    return bool(getattr(campo, "choices", None)) or isinstance(
        campo, (models.BooleanField, models.DateField, models.ForeignKey)
    )


@pytest.mark.parametrize("modelo,modelo_admin", REGISTRADOS, ids=[m._meta.label for m, _ in REGISTRADOS])
def test_every_registered_admin_with_something_to_filter_by_has_filters(modelo, modelo_admin):
    if modelo._meta.app_label == "django_celery_beat":
        pytest.skip("third-party schedules, edited from the periodic task")
    if any(_filtrable(campo) for campo in modelo._meta.fields if campo.name != "id"):
        assert list(modelo_admin.list_filter), f"{modelo._meta.label} sin list_filter"


@pytest.mark.django_db
def test_every_admin_list_loads_with_a_search_for_the_superuser(client, admin_usuario):
    client.force_login(admin_usuario)
    for modelo, _modelo_admin in REGISTRADOS:
        url = reverse(f"admin:{modelo._meta.app_label}_{modelo._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        respuesta = client.get(url, {"q": "Nissan 2024"})
        assert respuesta.status_code == 200, url
        assert "search" in respuesta.content.decode() or "buscar" in respuesta.content.decode().lower()


def _columnas():
    for modelo, modelo_admin in REGISTRADOS:
        if modelo._meta.app_label in ("django_celery_beat", "axes"):
            continue  # third-party models with their own Spanish translations
        for columna in modelo_admin.list_display:
            if isinstance(columna, str) and columna != "__str__":
                yield modelo, columna, str(label_for_field(columna, modelo, modelo_admin))


def test_admin_column_headers_are_spanish_names_not_attribute_names():
    derivados = [
        f"{modelo._meta.label}.{columna}: «{cabecera}»"
        for modelo, columna, cabecera in _columnas()
        # A method or property without a description shows «Pretty name»; a field without verbose_name its name.
        if cabecera == pretty_name(columna) or (columna in SIN_ACENTO and cabecera == columna)
    ]
    assert derivados == []
