"""Pages of the sales: the list, the sale's page with its next steps and its proyecto de venta, and its PDFs.

The sale's page offers exactly the steps the runner would accept (``acciones_venta.ACCIONES``), and the
proyecto's and documents' forms exactly when their Escritura would (``services.EDITAR_PROYECTO``,
``services.ADJUNTAR_DOCUMENTO``); an invalid form, or a refused step, shows the page again with what was
typed and why (HTTP 200).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comercial.empresas import documentos as documentos_venta
from comercial.empresas import forms, selectors, services
from comercial.empresas.filters import FiltroVentas
from comercial.empresas.mensajes import SIN_LINEAS
from comercial.empresas.models import DocumentoVenta, LineaVenta, Venta
from comercial.empresas.views.acciones_venta import ACCIONES
from comercial.empresas.views.comun import POR_PAGINA, modulo
from enlace.acciones_pagina import ofrecidas, vista_de_acciones
from enlace.archivos import servir_archivo
from enlace.documentos import services as documentos
from enlace.errores import ErrorNegocio
from enlace.paginacion import paginar
from enlace.pdf import respuesta_pdf


@modulo
def ventas(request):
    filtro = FiltroVentas(request.GET, queryset=selectors.ventas_visibles(request.user))
    pagina = paginar(filtro.qs.order_by("-creada", "-id"), request.GET.get("pagina"), POR_PAGINA)
    return render(request, "comercial/empresas/ventas.html", {"pagina": pagina, "filtro": filtro})


def _venta_visible(request, pk):
    return get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)


def _pagina_venta(request, venta, enviada=None, **enviados):
    """The sale's page. ``enviada`` is a refused step (codigo, form) and ``enviados`` other bound forms
    (proyecto, línea, documento), each shown again with what was typed and its errors."""
    editable = services.EDITAR_PROYECTO.motivo(venta, request.user) is None
    adjunta = services.ADJUNTAR_DOCUMENTO.motivo(venta, request.user) is None
    formularios = {
        "form_proyecto": forms.ProyectoForm(instance=venta) if editable else None,
        "form_linea": forms.LineaForm(catalogo=selectors.catalogo(venta.organizacion)) if editable else None,
        "form_documento": forms.DocumentoForm() if adjunta else None,
        **enviados,
    }
    return render(
        request,
        "comercial/empresas/venta.html",
        {
            "venta": venta,
            **selectors.detalle_venta(venta),
            "acciones": ofrecidas(ACCIONES, venta, request.user, enviada=enviada),
            "editable": editable,
            "hoy": timezone.localdate(),
            "servicios_cliente": (
                selectors.servicios_del_cliente(venta.empresa, excepto=venta) if venta.flujo == "cartera" else []
            ),
            **formularios,
        },
    )


@modulo
def venta(request, pk):
    return _pagina_venta(request, _venta_visible(request, pk))


venta_accion = modulo(
    vista_de_acciones(ACCIONES, obtener=_venta_visible, pagina=_pagina_venta, ruta="comercial:empresas:venta")
)


@require_POST
@modulo
def venta_proyecto(request, pk):
    venta = _venta_visible(request, pk)
    form = forms.ProyectoForm(request.POST, instance=Venta(organizacion=venta.organizacion))
    if form.is_valid():
        try:
            services.venta_actualizar_proyecto(
                actor=request.user, venta=venta, datos={c: form.cleaned_data[c] for c in form.Meta.fields}
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, "Proyecto de venta actualizado.")
            return redirect("comercial:empresas:venta", venta.pk)
    return _pagina_venta(request, venta, form_proyecto=form)


@require_POST
@modulo
def venta_linea(request, pk):
    venta = _venta_visible(request, pk)
    form = forms.LineaForm(request.POST, catalogo=selectors.catalogo(venta.organizacion))
    if form.is_valid():
        datos = form.cleaned_data
        try:
            services.linea_agregar(
                actor=request.user,
                venta=venta,
                producto=datos["producto"],
                cantidad=datos["cantidad"],
                descuento_pct=datos["descuento_pct"] or 0,
                promocion=datos["promocion"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Agregado: {datos['producto']}.")
            return redirect("comercial:empresas:venta", venta.pk)
    return _pagina_venta(request, venta, form_linea=form)


@require_POST
@modulo
def venta_linea_quitar(request, pk, linea):
    venta = _venta_visible(request, pk)
    fila = get_object_or_404(LineaVenta.objects.filter(venta=venta), pk=linea)
    try:
        services.linea_quitar(actor=request.user, linea=fila)
    except ErrorNegocio as error:
        messages.error(request, error.mensaje)
        return _pagina_venta(request, venta)
    messages.success(request, "Producto quitado del proyecto.")
    return redirect("comercial:empresas:venta", venta.pk)


@require_POST
@modulo
def venta_documento(request, pk):
    venta = _venta_visible(request, pk)
    form = forms.DocumentoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.documento_subir(
                actor=request.user,
                venta=venta,
                archivo=form.cleaned_data["archivo"],
                descripcion=form.cleaned_data["descripcion"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, "Documento adjuntado.")
            return redirect("comercial:empresas:venta", venta.pk)
    return _pagina_venta(request, venta, form_documento=form)


@modulo
def documento(request, pk):
    doc = get_object_or_404(
        DocumentoVenta.objects.filter(venta__in=selectors.ventas_visibles(request.user).values("pk")), pk=pk
    )
    return servir_archivo(doc.archivo)


# --- PDFs ------------------------------------------------------------------------------------------


@modulo
def oferta_pdf(request, pk):
    """The offer as last mailed to the client (frozen bytes; ``?version=N`` for an earlier sending);
    an offer not mailed yet is rendered from the sale as it is now."""
    venta = _venta_visible(request, pk)
    if enviada := documentos.respuesta_emitida(request, venta, tipo=documentos_venta.TIPO_OFERTA):
        return enviada
    if not venta.cantidad_lineas:
        messages.error(request, SIN_LINEAS)
        return redirect("comercial:empresas:venta", venta.pk)
    return respuesta_pdf(
        documentos_venta.PLANTILLA_OFERTA,
        documentos_venta.contexto_oferta(venta),
        nombre_archivo=f"oferta-{venta.codigo}",
        request=request,
    )


@modulo
def solicitud_pdf(request, pk):
    venta = _venta_visible(request, pk)
    if not venta.digitada_en:
        messages.error(request, "La Solicitud de Pedido se imprime una vez digitada la venta en Smartflex.")
        return redirect("comercial:empresas:venta", venta.pk)
    return respuesta_pdf(
        documentos_venta.PLANTILLA_SOLICITUD,
        documentos_venta.contexto_solicitud(venta),
        nombre_archivo=f"solicitud-pedido-{venta.numero_smartflex}",
        request=request,
    )
