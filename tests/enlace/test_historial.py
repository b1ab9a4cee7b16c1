"""Bulk updates keep the field history complete: the helper, and a scan that nothing bypasses it."""

import ast
import pathlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from simple_history.models import registered_models

from comercial.crm.models import Prospecto
from enlace.historial import actualizar_con_historial
from enlace.models import Organizacion
from tests.comercial.crm.factories import ProspectoFactory
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory

RAIZ = pathlib.Path(__file__).resolve().parents[2]
CARPETAS = ("operaciones", "comercial", "atencion", "enlace")
AUDITADOS = {modelo.__name__ for modelo in registered_models.values()}
PG = connection.vendor == "postgresql"  # one statement there; ids, update and history elsewhere


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 40])
def test_una_fila_de_historial_por_fila_actualizada_en_una_consulta(n, django_assert_num_queries):
    usuario = UsuarioFactory()
    activas = [OrganizacionFactory(activa=True) for _ in range(n)]
    inactiva = OrganizacionFactory(activa=False)
    antes = timezone.now()
    with django_assert_num_queries(1 if PG else 6):
        filas = actualizar_con_historial(
            Organizacion.objects.filter(pk__in=[o.pk for o in [*activas, inactiva]], activa=True),
            {"activa": False, "pais": "CO"},
            razon="Cierre de la red",
            usuario=usuario,
        )
    assert filas == n
    historia = Organizacion.history.filter(history_type="~")
    assert historia.count() == n  # the row that did not match gets none
    assert set(historia.values_list("id", flat=True)) == {o.pk for o in activas}
    for fila in historia:
        assert not fila.activa and fila.pais == "CO" and fila.nombre == Organizacion.objects.get(pk=fila.id).nombre
        assert fila.history_user_id == usuario.pk and fila.history_change_reason == "Cierre de la red"
        assert antes <= fila.history_date <= timezone.now()
    assert not Organizacion.objects.filter(pk__in=[o.pk for o in activas], activa=True).exists()
    assert Organizacion.objects.get(pk=inactiva.pk).pais == "MX"


@pytest.mark.django_db
def test_fecha_explicita_y_sin_usuario():
    organizacion = OrganizacionFactory()
    cuando = timezone.now() - timedelta(hours=1)
    actualizar_con_historial(Organizacion.objects.filter(pk=organizacion.pk), {"nombre": "Nueva"}, fecha=cuando)
    ultima = organizacion.history.get(history_type="~")
    assert ultima.nombre == "Nueva" and ultima.history_date == cuando
    assert ultima.history_user is None and ultima.history_change_reason == ""


@pytest.mark.django_db
def test_nada_que_actualizar_no_deja_historial(django_assert_num_queries):
    OrganizacionFactory()
    antes = Organizacion.history.count()
    with django_assert_num_queries(0 if PG else 2):
        assert actualizar_con_historial(Organizacion.objects.filter(pk__in=[]), {"activa": False}) == 0
    assert actualizar_con_historial(Organizacion.objects.filter(nombre="no existe"), {"activa": False}) == 0
    assert Organizacion.history.count() == antes


@pytest.mark.django_db
def test_campos_fuera_del_historial_no_dejan_filas():
    prospecto = ProspectoFactory()
    antes = Prospecto.history.count()
    assert actualizar_con_historial(Prospecto.objects.filter(pk=prospecto.pk), {"n_llamadas": 7}) == 1
    assert Prospecto.objects.get(pk=prospecto.pk).n_llamadas == 7
    assert Prospecto.history.count() == antes


# --- The guard: no QuerySet.update() on an audited model outside the helper ---------------------


def _modelo_de(nodo, alias):
    """The audited model a queryset expression starts from (``Modelo.objects…``), or None."""
    if isinstance(nodo, ast.Call):
        if isinstance(nodo.func, ast.Attribute):
            return _modelo_de(nodo.func.value, alias)
        return _modelo_de(nodo.args[0], alias) if nodo.args else None  # a wrapper such as _filtrar_por(consulta, …)
    if isinstance(nodo, ast.Attribute):
        if nodo.attr in ("objects", "_default_manager") and isinstance(nodo.value, ast.Name):
            return nodo.value.id if nodo.value.id in AUDITADOS else None
        return _modelo_de(nodo.value, alias)
    if isinstance(nodo, ast.Subscript):
        return _modelo_de(nodo.value, alias)
    if isinstance(nodo, ast.Name):
        return alias.get(nodo.id)
    return None


def updates_sin_historial(fuente):
    """Lines calling ``.update(`` on a queryset of an audited model (directly or through a variable)."""
    arbol = ast.parse(fuente)
    alias = {}
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Assign) and len(nodo.targets) == 1 and isinstance(nodo.targets[0], ast.Name):
            destino, origen = nodo.targets[0].id, nodo.value
        elif isinstance(nodo, ast.For) and isinstance(nodo.target, ast.Name):
            destino, origen = nodo.target.id, nodo.iter
        else:
            continue
        if modelo := _modelo_de(origen, {}):
            alias[destino] = modelo
    return sorted(
        nodo.lineno
        for nodo in ast.walk(arbol)
        if isinstance(nodo, ast.Call)
        and isinstance(nodo.func, ast.Attribute)
        and nodo.func.attr == "update"
        and _modelo_de(nodo.func.value, alias)
    )


def test_el_escaneo_reconoce_los_updates_sin_historial():
    fuente = (
        "Apartado.objects.filter(pk=1).update(estado='x')\n"
        "vencidos = Ticket.objects.filter(a=1)\n"
        "vencidos.update(b=2)\n"
        "for consulta in _filtrar_por(Actividad.objects.all(), 'pk', ids):\n"
        "    consulta.update(aviso=None)\n"
        "CorreoSaliente.objects.filter(pk=1).update(estado='x')\n"
        "registro.update(asesor_id=1)\n"
    )
    assert updates_sin_historial(fuente) == [1, 3, 5]


def test_ningun_update_masivo_de_un_modelo_auditado_salta_el_historial():
    hallazgos = [
        f"{ruta.relative_to(RAIZ)}:{linea}"
        for carpeta in CARPETAS
        for ruta in sorted((RAIZ / carpeta).rglob("*.py"))
        if "migrations" not in ruta.parts and ruta != RAIZ / "enlace" / "historial.py"
        for linea in updates_sin_historial(ruta.read_text())
    ]
    assert not hallazgos, f"QuerySet.update() sin historial; usa enlace.historial.actualizar_con_historial: {hallazgos}"
