"""What the page modules share: who reaches each area, the page size and the table of offered actions."""

from django.shortcuts import render

from atencion.reportes import ENROK, PROMESA
from enlace import acciones_pagina

PERSONAL = ("director", "gerente_operaciones", "agente", "analista")
ATIENDEN = ("agente", "gerente_operaciones")
TODOS = (*PERSONAL, "pyme")
POR_PAGINA = 50


def acciones_ofrecidas(tabla, objeto, usuario, enviada=None):
    """{codigo: form or None} of the actions the page offers (templates look them up by code)."""
    return {accion.codigo: form for accion, form in acciones_pagina.ofrecidas(tabla, objeto, usuario, enviada=enviada)}


def render_publico(request, plantilla, contexto, *, pyme=None, status=200):
    """A page a PYME's customer opens from a link: the PYME's name, served by ENROK, with ENROK's promise."""
    contexto = {**contexto, "pyme": pyme, "enrok": {"nombre": ENROK, "promesa": PROMESA}}
    return render(request, plantilla, contexto, status=status)
