"""The COP's supervision pages: bottlenecks, withdrawals in review; a unit's withdrawal from «Mi inventario»."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enlace import graficas
from enlace.acciones_pagina import procesar
from operaciones import selectors, services
from operaciones.acciones import ACCIONES_RETIRO
from operaciones.forms import CuellosFiltroForm
from operaciones.views.comun import acciones_por_fila, contexto, pagina, solo_cop


@solo_cop
def cuellos_de_botella(request):
    """Median and p90 time per stage, overall and per concesionario, for a period (intervals brought up to date)."""
    form = CuellosFiltroForm(request.GET, concesionarios=selectors.concesionarios_de_la_red(request.user))
    reporte, grafica = {"etapas": [], "por_concesionario": []}, ""
    if form.is_valid():
        desde, hasta = form.periodo()
        concesionario = form.cleaned_data["concesionario"]
        services.tramos_actualizar()
        reporte = selectors.cuellos_de_botella(
            request.user, desde=desde, hasta=hasta, concesionario_id=concesionario.pk if concesionario else None
        )
        grafica = graficas.barras(
            [(fila.etapa, fila.mediana / 3600) for fila in reporte["etapas"]],
            titulo="Mediana de horas por etapa",
            horizontal=True,
            formato="{:.1f} h",
        )
    datos = contexto(request, form=form, grafica=grafica, **reporte)
    return render(request, "operaciones/supervision/cuellos_de_botella.html", datos)


def _pagina_retiros(request, enviada=None):
    revisiones = pagina(request, selectors.retiros_en_revision(request.user))
    acciones_por_fila(request, ACCIONES_RETIRO, revisiones, enviada)
    return render(request, "operaciones/supervision/retiros_revision.html", contexto(request, pagina=revisiones))


@solo_cop
def retiros_revision(request):
    return _pagina_retiros(request)


@solo_cop
@require_POST
def resolver_retiro(request, pk):
    revision = get_object_or_404(selectors.retiros_en_revision(request.user), pk=pk)
    return procesar(
        request,
        ACCIONES_RETIRO,
        "revisar",
        revision,
        siguiente=reverse("operaciones:retiros_revision"),
        volver_a_mostrar=lambda enviada: _pagina_retiros(request, (revision.pk, *enviada) if enviada else None),
    )
