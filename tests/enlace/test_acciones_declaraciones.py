"""Every state change of every app is declared the one way, and every transition is walked by a test.

Each app's ``test_transiciones.py`` lists in ``CUBIERTAS`` the "Modelo.transicion" it walks (allowed role,
refused role, each failing condition); this test proves the lists cover every declared transition.
"""

import importlib
import pathlib
import re

import pytest
from django.apps import apps

from enlace import acciones

APPS = ("operaciones", "comercial_empresas", "comercial_digitales", "comercial_crm", "atencion")
RECORRIDOS = {
    "operaciones": "tests.operaciones.test_transiciones",
    "comercial_empresas": "tests.comercial.empresas.test_transiciones",
    "comercial_digitales": "tests.comercial.digitales.test_transiciones",
    "comercial_crm": "tests.comercial.crm.test_transiciones",
    "atencion": "tests.atencion.test_transiciones",
}
RAIZ = pathlib.Path(__file__).resolve().parents[2]


def _modelos_con_estado(app_label):
    for modelo in apps.get_app_config(app_label).get_models():
        try:
            acciones.campo_de_estado(modelo)
        except TypeError:
            continue
        yield modelo


def _declaradas(app_label):
    return {
        (modelo, t.name, t.source): t
        for modelo in _modelos_con_estado(app_label)
        for t in acciones.transiciones(modelo)
    }


@pytest.mark.parametrize("app_label", APPS)
def test_cada_transicion_tiene_etiqueta_permiso_y_condiciones_con_motivo(app_label):
    faltas = []
    for (modelo, nombre, fuente), t in _declaradas(app_label).items():
        donde = f"{modelo.__name__}.{nombre} (desde {fuente})"
        if not t.custom.get("label"):
            faltas.append(f"{donde}: sin custom['label']")
        if not (t.permission or acciones.es_interna(t)):
            faltas.append(f"{donde}: sin permission= ni custom['interna']")
        if t.permission and not isinstance(t.permission, str):
            faltas.append(f"{donde}: permission= debe nombrar una regla de django-rules ('app.regla')")
        faltas.extend(f"{donde}: condición {c.__name__} sin mensaje" for c in t.conditions if not hasattr(c, "mensaje"))
    assert not faltas, "\n".join(faltas)


@pytest.mark.parametrize("app_label", APPS)
def test_cada_permiso_de_transicion_es_una_regla_registrada(app_label):
    import rules

    sin_regla = {
        f"{modelo.__name__}.{nombre}: {t.permission}"
        for (modelo, nombre, _), t in _declaradas(app_label).items()
        if isinstance(t.permission, str) and not rules.perm_exists(t.permission)
    }
    assert not sin_regla, sorted(sin_regla)


@pytest.mark.parametrize("app_label", APPS)
def test_cada_transicion_se_recorre_en_las_pruebas_de_su_app(app_label):
    cubiertas = set(importlib.import_module(RECORRIDOS[app_label]).CUBIERTAS)
    todas = {f"{modelo.__name__}.{nombre}" for (modelo, nombre, _) in _declaradas(app_label)}
    assert todas - cubiertas == set(), f"transiciones sin recorrer: {sorted(todas - cubiertas)}"
    assert cubiertas - todas == set(), f"CUBIERTAS nombra transiciones inexistentes: {sorted(cubiertas - todas)}"


def _fuentes_de_las_apps():
    for carpeta in ("enlace", "operaciones", "comercial", "atencion"):
        for ruta in (RAIZ / carpeta).rglob("*.py"):
            if "migrations" not in ruta.parts:
                yield ruta


def test_ninguna_app_usa_la_api_privada_de_django_fsm():
    privadas = re.compile(r"_django_fsm\b|_apply_fsm_transition")
    usos = [str(r.relative_to(RAIZ)) for r in _fuentes_de_las_apps() if privadas.search(r.read_text())]
    assert not usos, usos


def test_ningun_modulo_de_las_apps_pasa_de_800_lineas():
    largos = {
        str(r.relative_to(RAIZ)): n for r in _fuentes_de_las_apps() if (n := len(r.read_text().splitlines())) > 800
    }
    assert not largos, largos


def test_solo_el_ejecutor_llama_a_las_transiciones():
    """No service, view, task or admin calls a transition method itself: only ``acciones.ejecutar`` does."""
    nombres = {nombre for app_label in APPS for (_, nombre, _) in _declaradas(app_label)}
    patron = re.compile(r"\.(" + "|".join(sorted(nombres, key=len, reverse=True)) + r")\((?!\s*\)\s*#\s*consulta)")
    llamadas = []
    for ruta in _fuentes_de_las_apps():
        if ruta.name == "acciones.py" or "models" in ruta.parts or ruta.name == "models.py":
            continue
        for numero, linea in enumerate(ruta.read_text().splitlines(), 1):
            if patron.search(linea) and "ejecutar(" not in linea and "services." not in linea:
                llamadas.append(f"{ruta.relative_to(RAIZ)}:{numero}: {linea.strip()}")
    assert not llamadas, "\n".join(llamadas)
