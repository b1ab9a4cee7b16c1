"""What every page of operaciones shares: page access, pagination, the base context and action pages."""

from django.contrib import messages
from django.shortcuts import render

from enlace.acceso import modulo_requerido, rol_requerido
from enlace.acciones_pagina import ofrecidas, procesar
from enlace.paginacion import paginar
from operaciones.rules import GERENTES, es_asesor, es_cop

POR_PAGINA = 25
acceso_operaciones = modulo_requerido("operaciones:inicio")
solo_cop = rol_requerido("cop")
concesionario_o_cop = rol_requerido("cop", *GERENTES)


def pagina(request, consulta):
    return paginar(consulta, request.GET.get("pagina"), POR_PAGINA)


def contexto(request, **extra):
    """The base context: the navigation's role flags (which pages it lists)."""
    return {
        "es_cop": es_cop(request.user),
        "es_asesor": es_asesor(request.user),
        **extra,
    }


def acciones_de(tabla, objeto, usuario, enviada=None):
    """{codigo: form or None} of the actions offered on ``objeto`` (``enviada``: a refused (codigo, form))."""
    return {accion.codigo: form for accion, form in ofrecidas(tabla, objeto, usuario, enviada=enviada)}


def acciones_por_fila(request, tabla, filas, enviada=None):
    """Give each row of a list its offered actions (``fila.acciones``); ``enviada`` is (pk, codigo, form): a
    refused submission, shown in its row, or as a message when its row is not on this page."""
    for fila in filas:
        propia = enviada[1:] if enviada and enviada[0] == fila.pk else None
        fila.acciones = acciones_de(tabla, fila, request.user, propia)
    if enviada and enviada[0] not in {fila.pk for fila in filas}:
        form = enviada[2]
        messages.error(request, " ".join(error for errores in form.errors.values() for error in errores))
    return filas


def pagina_de_accion(request, tabla, codigo, objeto, *, plantilla, siguiente, **extra):
    """The page of one action: GET shows its form (or asks to confirm); POST runs it through ``procesar``,
    which redirects to ``siguiente`` on success and shows this page again, with what was typed and the
    errors or the refusal, otherwise (HTTP 200)."""
    accion = tabla[codigo]

    def mostrar(enviada):
        form = enviada[1] if enviada else accion.formulario_para(objeto)
        return render(request, plantilla, contexto(request, accion=accion, form=form, titulo=accion.titulo, **extra))

    if request.method == "POST":
        return procesar(request, tabla, codigo, objeto, siguiente=siguiente, volver_a_mostrar=mostrar)
    return mostrar(None)
