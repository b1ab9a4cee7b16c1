"""The COP's supervision pages: bottlenecks, withdrawals in review; a unit's withdrawal from «Mi inventario»."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from enlace import graficas
from enlace.acceso import rol_requerido
from operaciones import mensajes, selectors, services
from operaciones.forms import CuellosFiltroForm, ResolverRetiroForm, RetirarUnidadForm
from operaciones.rules import CONFIRMAN
from operaciones.services.comun import ErrorOperacion
from operaciones.views.apartados import _contexto, _pagina, solo_cop


def _errores(form):
    return " ".join(e for errores in form.errors.values() for e in errores)


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
    contexto = _contexto(request, form=form, grafica=grafica, **reporte)
    return render(request, "operaciones/supervision/cuellos_de_botella.html", contexto)


@solo_cop
def retiros_revision(request):
    pagina = _pagina(request, selectors.retiros_en_revision(request.user))
    contexto = _contexto(request, pagina=pagina, form=ResolverRetiroForm())
    return render(request, "operaciones/supervision/retiros_revision.html", contexto)


@solo_cop
@require_POST
def resolver_retiro(request, pk):
    revision = get_object_or_404(selectors.retiros_en_revision(request.user), pk=pk)
    form = ResolverRetiroForm(request.POST)
    if form.is_valid():
        try:
            services.retiro_resolver(
                actor=request.user, revision_id=revision.pk, resolucion=form.cleaned_data["resolucion"]
            )
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, mensajes.OK_RETIRO_REVISADO)
    else:
        messages.error(request, mensajes.RESOLUCION_REQUERIDA)
    return redirect("operaciones:retiros_revision")


@rol_requerido("cop", *CONFIRMAN)
@require_POST
def retirar_unidad(request, pk):
    """Withdraw an available unit (its concesionario's gerente general or de ventas, or the COP)."""
    unidad = get_object_or_404(selectors.inventario_de_la_red(request.user), pk=pk)
    form = RetirarUnidadForm(request.POST)
    if form.is_valid():
        try:
            services.unidad_retirar(actor=request.user, unidad_id=unidad.pk, motivo=form.cleaned_data["motivo"])
        except ErrorOperacion as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, mensajes.OK_RETIRADA)
    else:
        messages.error(request, mensajes.MOTIVO_RETIRO_REQUERIDO)
    return redirect("operaciones:mi_inventario")
