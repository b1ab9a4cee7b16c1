"""Pages of the publication of units: publish one, import the inventory file, withdraw what it left out,
and the webmaster's review of proposed changes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enlace.acceso import rol_requerido
from enlace.acciones_pagina import procesar
from enlace.errores import ErrorNegocio
from operaciones import mensajes, selectors, services
from operaciones.acciones import ACCIONES_CAMBIO
from operaciones.forms import ImportarInventarioForm, PublicarUnidadForm, RetirarAusentesForm
from operaciones.rules import GERENTES
from operaciones.views.comun import acciones_por_fila, contexto, pagina

del_concesionario = rol_requerido(*GERENTES)
webmaster = rol_requerido("webmaster")


def _concesionario(request):
    concesionario = selectors.concesionario_del_usuario(request.user)
    if concesionario is None:
        raise Http404("Su usuario no pertenece a un concesionario.")
    return concesionario


@del_concesionario
def publicar(request):
    concesionario = _concesionario(request)
    form = PublicarUnidadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        datos = {campo: valor for campo, valor in form.cleaned_data.items() if campo != "fotos"}
        try:
            unidad = services.unidad_publicar(
                actor=request.user, concesionario=concesionario, datos=datos, fotos=form.cleaned_data["fotos"]
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, mensajes.OK_PUBLICADA)
            return redirect("operaciones:unidad", unidad.pk)
    return render(request, "operaciones/publicacion/publicar.html", contexto(request, form=form))


@del_concesionario
def importar(request):
    concesionario = _concesionario(request)
    form = ImportarInventarioForm(request.POST or None, request.FILES or None)
    errores = []
    if request.method == "POST" and form.is_valid():
        try:
            importacion = services.inventario_importar(
                actor=request.user,
                concesionario=concesionario,
                archivo=form.cleaned_data["archivo"],
                completo=form.cleaned_data["completo"],
            )
        except services.ImportacionRechazada as rechazo:
            form.add_error(None, rechazo.mensaje)
            errores = rechazo.errores
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(
                request,
                mensajes.OK_IMPORTADO.format(
                    creadas=importacion.creadas,
                    actualizadas=importacion.actualizadas,
                    sin_cambios=importacion.sin_cambios,
                ),
            )
            return redirect("operaciones:importacion", importacion.pk)
    datos = contexto(
        request,
        form=form,
        errores=errores,
        columnas=services.COLUMNAS_INVENTARIO,
        importaciones=selectors.importaciones_visibles(request.user).order_by("-creada", "-id")[:10],
    )
    return render(request, "operaciones/publicacion/importar.html", datos)


def _pagina_importacion(request, importacion, form=None):
    ofrecidas = selectors.unidades_ofrecidas_para_retiro(importacion)
    puede_retirar = request.user.has_perm("operaciones.publicar_unidad", importacion.concesionario)
    if puede_retirar and form is None:
        form = RetirarAusentesForm(ofrecidas=ofrecidas)
    datos = contexto(request, importacion=importacion, ofrecidas=ofrecidas, form=form if puede_retirar else None)
    return render(request, "operaciones/publicacion/importacion.html", datos)


@rol_requerido("cop", *GERENTES)
def importacion(request, pk):
    return _pagina_importacion(request, get_object_or_404(selectors.importaciones_visibles(request.user), pk=pk))


@del_concesionario
@require_POST
def retirar_ausentes(request, pk):
    importacion = get_object_or_404(selectors.importaciones_visibles(request.user), pk=pk)
    form = RetirarAusentesForm(request.POST, ofrecidas=selectors.unidades_ofrecidas_para_retiro(importacion))
    if form.is_valid():
        try:
            n = services.importacion_retirar_ausentes(
                actor=request.user, importacion=importacion, unidades=list(form.cleaned_data["unidades"])
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, mensajes.OK_RETIRADAS.format(n=n))
            return redirect("operaciones:importacion", importacion.pk)
    return _pagina_importacion(request, importacion, form)


def _pagina_cambios(request, enviada=None):
    pendientes = pagina(request, selectors.cambios_pendientes(request.user))
    acciones_por_fila(request, ACCIONES_CAMBIO, pendientes, enviada)
    datos = contexto(request, pagina=pendientes, revisados=selectors.cambios_revisados(request.user))
    return render(request, "operaciones/publicacion/cambios.html", datos)


@rol_requerido("cop", *GERENTES)
def cambios_unidad(request):
    return _pagina_cambios(request)


@webmaster
@require_POST
def cambio_accion(request, pk, codigo):
    cambio = get_object_or_404(selectors.cambios_visibles(request.user), pk=pk)
    return procesar(
        request,
        ACCIONES_CAMBIO,
        codigo,
        cambio,
        siguiente=reverse("operaciones:cambios_unidad"),
        volver_a_mostrar=lambda enviada: _pagina_cambios(request, (cambio.pk, *enviada) if enviada else None),
    )
