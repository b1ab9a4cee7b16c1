"""Executive report pages: the list, a new draft, the report with its actions, and its PDF."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from atencion import escrituras, forms, reportes, selectors, services
from atencion.filters import FiltroReportes
from atencion.views.comun import POR_PAGINA, TODOS, acciones_ofrecidas
from enlace.acceso import rol_requerido
from enlace.acciones_pagina import AccionPagina, tabla, vista_de_acciones
from enlace.documentos import services as documentos
from enlace.errores import ErrorNegocio
from enlace.paginacion import paginar
from enlace.pdf import respuesta_pdf


def _texto_inicial(reporte):
    return {"initial": {"interpretacion": reporte.interpretacion, "recomendaciones": reporte.recomendaciones}}


ACCIONES_REPORTE = tabla(
    AccionPagina(
        "editar",
        "Interpretación y recomendaciones",
        services.reporte_editar,
        formulario=forms.RecomendacionesForm,
        argumentos_formulario=_texto_inicial,
        escritura=escrituras.REPORTE_EDITAR,
        boton="Guardar interpretación y recomendaciones",
        exito="Interpretación y recomendaciones guardadas.",
    ),
    AccionPagina(
        "revisar",
        "Corregir interpretación y recomendaciones",
        services.reporte_corregir,
        formulario=forms.RecomendacionesForm,
        argumentos_formulario=_texto_inicial,
        escritura=escrituras.REPORTE_REVISAR,
        boton="Guardar correcciones",
        exito="Correcciones guardadas: el reporte sigue en validación.",
    ),
    AccionPagina(
        "recalcular",
        "Recalcular métricas",
        services.reporte_recalcular,
        escritura=escrituras.REPORTE_RECALCULAR,
        boton="Recalcular métricas",
        exito="Métricas recalculadas.",
    ),
    AccionPagina(
        "enviar",
        "Enviar a validación",
        services.reporte_enviar_a_validacion,
        transiciones=("enviar_a_validacion",),
        boton="Enviar a validación",
        exito="Reporte enviado a validación del gerente.",
    ),
    AccionPagina(
        "validar",
        "Validar y enviar a la PYME",
        services.reporte_validar,
        transiciones=("validar",),
        boton="Validar y enviar a la PYME",
        exito="Reporte validado: se envió a la PYME y ya aparece en su portal.",
    ),
    AccionPagina(
        "devolver",
        "Devolver al analista",
        services.reporte_devolver,
        transiciones=("devolver",),
        formulario=forms.DevolverForm,
        boton="Devolver al analista",
        exito="Reporte devuelto al analista.",
    ),
    argumento="reporte",
)


@rol_requerido(*TODOS)
def reportes_lista(request):
    filtro = FiltroReportes(
        request.GET, queryset=selectors.reportes_visibles(request.user), pymes=selectors.pymes_visibles(request.user)
    )
    return render(
        request,
        "atencion/reportes.html",
        {
            "filtro": filtro.form,
            "pagina": paginar(filtro.qs, request.GET.get("pagina"), POR_PAGINA),
            "puede_crear": request.user.has_perm(escrituras.ELABORAR),
        },
    )


@rol_requerido("analista")
@require_http_methods(["GET", "POST"])
def reporte_nuevo(request):
    form = forms.ReporteForm(request.POST or None, pymes=selectors.pymes_visibles(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        inicio, fin = selectors.periodo_de_reporte(d["periodicidad"], d["referencia"] or timezone.localdate())
        try:
            reporte = services.reporte_crear(
                actor=request.user, pyme=d["pyme"], periodicidad=d["periodicidad"], inicio=inicio, fin=fin
            )
        except ErrorNegocio as exc:
            form.add_error(None, exc.mensaje)
        else:
            messages.success(request, "Borrador del reporte creado con recomendaciones sugeridas: revíselas.")
            return redirect("atencion:reporte", reporte.pk)
    return render(request, "atencion/reporte_nuevo.html", {"form": form})


def _reporte_visible(request, pk):
    return get_object_or_404(selectors.reportes_visibles(request.user), pk=pk)


def _url_version(reporte):
    return lambda documento: f"{reverse('atencion:reporte_pdf', args=[reporte.pk])}?version={documento.version}"


def _pagina_reporte(request, reporte, enviada=None):
    contexto = reportes.contexto_reporte(reporte)
    contexto["acciones"] = acciones_ofrecidas(ACCIONES_REPORTE, reporte, request.user, enviada)
    contexto["versiones"] = documentos.versiones(reporte, tipo=services.TIPO_DOCUMENTO, url=_url_version(reporte))
    return render(request, "atencion/reporte.html", contexto)


@rol_requerido(*TODOS)
def reporte(request, pk):
    return _pagina_reporte(request, _reporte_visible(request, pk))


@rol_requerido(*TODOS)
def reporte_pdf(request, pk):
    """The issued PDF (frozen bytes; ``?version=N`` for an earlier one); a report not issued yet is rendered live."""
    reporte = _reporte_visible(request, pk)
    return documentos.respuesta_emitida(request, reporte, tipo=services.TIPO_DOCUMENTO) or respuesta_pdf(
        "atencion/pdf/reporte.html",
        reportes.contexto_reporte(reporte),
        nombre_archivo=f"reporte-{reporte.pyme.slug}-{reporte.inicio:%Y%m%d}.pdf",
        request=request,
        adjunto=True,
    )


reporte_accion = rol_requerido("analista", "gerente_operaciones")(
    vista_de_acciones(ACCIONES_REPORTE, obtener=_reporte_visible, pagina=_pagina_reporte, ruta="atencion:reporte")
)
