"""Every event type the code records has a Spanish name for the bitácora and the timelines.

The types are read from the source: the ``tipo=``/``evento=`` arguments of every call, the app wrappers
that add a prefix (``registrar_evento("venta.iniciar", …)`` records ``empresas.venta.iniciar``), the
operaciones constants, and the f-strings whose variable part is a declared set (a model's transitions or
choices). A new f-string pattern fails here until it is listed in ``VARIABLES``."""

import ast
from pathlib import Path

from django.template import Context, Template

from atencion.models import AvisoSla
from comercial.empresas.models import Venta
from enlace import acciones, eventos
from operaciones import eventos as eventos_operaciones
from operaciones.models import Mensaje

RAIZ = Path(__file__).resolve().parents[2]
APPS = ("enlace", "operaciones", "comercial", "atencion")
# Wrappers that record ``prefijo + their first argument``.
ENVOLTURAS = {
    ("comercial/empresas", "registrar_evento"): "empresas.",
    ("comercial/digitales", "_registrar"): "digitales.",
}


def _variables():
    return {
        "empresas.venta.{}": {t.name for t in acciones.transiciones(Venta)},
        "atencion.sla.{}": set(AvisoSla.Tipo.values),
        "mensaje.{}": {valor for valor, _ in Mensaje._meta.get_field("tipo").choices},
        # The wrappers themselves (their types are collected from their calls).
        "empresas.{}": set(),
        "digitales.{}": set(),
    }


def _textos(nodo):
    if isinstance(nodo, ast.Constant) and isinstance(nodo.value, str):
        return [nodo.value]
    if isinstance(nodo, ast.IfExp):
        return _textos(nodo.body) + _textos(nodo.orelse)
    if isinstance(nodo, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "{}" for v in nodo.values)]
    if isinstance(nodo, ast.Name) and nodo.id.startswith(("EVENTO_", "DETONANTE_")):
        return [getattr(eventos_operaciones, nodo.id)]
    return []


def tipos_declarados():
    variables = _variables()
    tipos = {v for k, v in vars(eventos_operaciones).items() if k.startswith(("EVENTO_", "DETONANTE_"))}
    for app in APPS:
        for archivo in (RAIZ / app).rglob("*.py"):
            if "migrations" in archivo.parts:
                continue
            ruta = archivo.relative_to(RAIZ).as_posix()
            for nodo in ast.walk(ast.parse(archivo.read_text())):
                if not isinstance(nodo, ast.Call):
                    continue
                funcion = getattr(nodo.func, "id", getattr(nodo.func, "attr", ""))
                textos = [t for kw in nodo.keywords if kw.arg in ("tipo", "evento") for t in _textos(kw.value)]
                for (carpeta, envoltura), prefijo in ENVOLTURAS.items():
                    if ruta.startswith(carpeta) and funcion == envoltura and nodo.args:
                        textos += [prefijo + t for t in _textos(nodo.args[0])]
                for texto in textos:
                    if "." not in texto:
                        continue  # a choice value ("seguro"), not an event type
                    if "{}" in texto:
                        assert texto in variables, f"{ruta}: tipo de evento variable sin declarar: {texto}"
                        tipos |= {texto.replace("{}", v) for v in variables[texto]}
                    else:
                        tipos.add(texto)
    return tipos


def test_every_declared_event_type_has_a_spanish_name():
    tipos = tipos_declarados()
    assert len(tipos) > 150  # the collector really reads the code
    sin_nombre = sorted(t for t in tipos if t not in eventos.nombres())
    assert sin_nombre == []


def test_no_name_is_left_for_a_type_nobody_records():
    sobrantes = set(eventos.nombres()) - tipos_declarados()
    assert sorted(sobrantes) == []


def test_the_bitacora_and_timelines_show_the_name_not_the_code():
    html = Template("{% load enlace %}{{ t|nombre_evento }}").render(Context({"t": "operaciones.alerta_antiguedad"}))
    assert html == "Alerta de antigüedad"
    assert eventos.nombre_evento("otra.cosa") == "otra.cosa"
