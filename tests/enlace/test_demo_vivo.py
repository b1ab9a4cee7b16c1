"""The demo is alive on any day: loaded a year from now, every role's home has KPIs and pending work."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from enlace import roles
from enlace.management.commands.demo import correo_demo
from enlace.models import Usuario
from operaciones.selectors.inicio import KPIS_POR_ROL

pytestmark = pytest.mark.django_db

KPIS_ENROK = ("sla", "csat", "nps", "fcr")


def _tiles_con_datos(ctx):
    """The homes' count tiles (``enlace.kpis``): present, with something counted in the last 30 days."""
    assert ctx["kpis"] and any(k.valor for k in ctx["kpis"]), ctx.get("kpis")


def _operaciones(ctx):
    rol = ctx.get("rol")  # None on the COP's tray
    if rol is None or rol.codigo in KPIS_POR_ROL:  # the roles with tiles
        _tiles_con_datos(ctx)
    if "secciones" not in ctx:  # the COP's home is its tray
        return ctx["resumen"]["pendientes"] + ctx["total_sin_movimiento"]
    return sum(s.total for s in ctx["secciones"])


def _empresas(ctx):
    _tiles_con_datos(ctx)
    return sum(c.total for c in ctx["colas"])


def _digitales(ctx):
    _tiles_con_datos(ctx)
    return sum(n or 0 for _, _, n in ctx["bandejas"])


def _crm(ctx):
    _tiles_con_datos(ctx)
    return ctx["semaforo"].total + ctx["por_validar"] + ctx["actividades_por_validar"]


def _atencion(ctx):
    assert all(ctx["kpis"][clave] is not None for clave in KPIS_ENROK), ctx["kpis"]
    assert any(ctx["kpis"]["cambios"][clave] for clave in KPIS_ENROK)  # a trend against the 30 days before
    if ctx["es_pyme"]:
        assert ctx["reporte"] is not None and ctx["reporte"].recomendaciones
        return len(ctx["tickets"])
    if "tablero_agente" in ctx:
        return len(ctx["tablero_agente"]["mios"])
    if "por_hacer" in ctx:
        return ctx["por_hacer"]["por_corregir_total"]
    return len(ctx["tablero"]["en_riesgo"]) + len(ctx["tablero"]["escalados"]) + ctx["por_validar"]["total"]


TRABAJO_POR_AREA = {
    "operaciones:inicio": _operaciones,
    "comercial:empresas:inicio": _empresas,
    "comercial:digitales:inicio": _digitales,
    "comercial:crm:inicio": _crm,
    "atencion:inicio": _atencion,
}


def test_la_demo_cargada_dentro_de_un_anio_da_a_cada_rol_kpis_y_trabajo(client):
    with time_machine.travel(timezone.now() + timedelta(days=365), tick=True):
        cache.clear()
        call_command("demo", stdout=StringIO())
        sin_trabajo = []
        for rol in roles.ROLES:
            client.force_login(Usuario.objects.get(email=correo_demo(rol.codigo)))
            respuesta = client.get(reverse("inicio"), follow=True)
            assert respuesta.status_code == 200, rol.codigo
            if not TRABAJO_POR_AREA[rol.inicio](respuesta.context):
                sin_trabajo.append(rol.codigo)
        assert sin_trabajo == []
