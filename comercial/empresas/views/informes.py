"""Pages of the monthly reports, the billing-growth indicator and the billing (computed or imported).

Each report form is offered exactly when its service's ``acciones.Escritura`` would accept it (``motivo`` is
None). An invalid form, or a refusal of its service, shows the page again with what was typed and the errors.
"""

from functools import lru_cache

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from comercial.empresas import documentos as informes_pdf
from comercial.empresas import forms, indicador, selectors, services
from comercial.empresas.meses import en_curso, mes_actual, mes_de, ultimo_mes_cerrado
from comercial.empresas.views.comun import RESPONSABLE, SUPERVISORES, mes_pedido, organizacion_de
from enlace import graficas
from enlace.acceso import rol_requerido
from enlace.documentos import services as documentos
from enlace.errores import ErrorNegocio
from enlace.pdf import respuesta_pdf


def _pagina_informes(request, mes, **enviados):
    """The month's results against the targets and its reports; ``enviados`` are bound report forms."""
    organizacion = organizacion_de(request)
    ve_todo = selectors.ve_todo(request.user)
    filas = selectors.resumen_mensual(organizacion=organizacion, mes=mes, ejecutivo=None if ve_todo else request.user)
    contexto = {
        "mes": mes,
        "en_curso": en_curso(mes, organizacion),
        "filas": filas,
        "ve_todo": ve_todo,
        "informes_ejecutivo": list(selectors.informes_ejecutivo_visibles(request.user).filter(mes=mes)),
        "form_ejecutivo": forms.InformeEjecutivoForm(initial={"mes": mes}),
        "puede_emitir_informe": services.EMITIR_INFORME_EJECUTIVO.motivo(organizacion, request.user) is None,
        "puede_emitir_informe_responsable": (
            services.EMITIR_INFORME_RESPONSABLE.motivo(organizacion, request.user) is None
        ),
    }
    if ve_todo:
        contexto.update(
            {
                "indicador": selectors.indicador_del_mes(organizacion=organizacion, mes=mes),
                "informe_responsable": selectors.informes_responsable_visibles(request.user).filter(mes=mes).first(),
                "form_responsable": forms.InformeResponsableForm(initial={"mes": mes}),
            }
        )
    contexto.update(enviados)
    # The form again after a refusal (e.g. the month's report exists), else offered while there is none.
    contexto["mostrar_form_responsable"] = "form_responsable" in enviados or (
        contexto["puede_emitir_informe_responsable"]
        and not contexto.get("informe_responsable")
        and not contexto["en_curso"]
    )
    return render(request, "comercial/empresas/informes.html", contexto)


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def informes(request):
    return _pagina_informes(request, mes_pedido(request))


@require_POST
@rol_requerido("ejecutivo_empresas")
def informe_ejecutivo_emitir(request):
    form = forms.InformeEjecutivoForm(request.POST)
    if form.is_valid():
        try:
            informe = services.informe_ejecutivo_emitir(
                actor=request.user, mes=form.cleaned_data["mes"], comentario=form.cleaned_data["comentario"]
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, "Informe mensual enviado al Responsable Equipo Empresas.")
            return redirect("comercial:empresas:informe_ejecutivo", informe.pk)
    mes = mes_de(form.cleaned_data.get("mes") or ultimo_mes_cerrado())
    return _pagina_informes(request, mes, form_ejecutivo=form)


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def informe_ejecutivo(request, pk):
    informe = get_object_or_404(selectors.informes_ejecutivo_visibles(request.user), pk=pk)
    form = forms.AnalisisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.informe_ejecutivo_analizar(
                actor=request.user, informe=informe, analisis=form.cleaned_data["analisis"]
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, "Análisis registrado.")
            return redirect("comercial:empresas:informe_ejecutivo", informe.pk)
    return render(
        request,
        "comercial/empresas/informe_ejecutivo.html",
        {
            "informe": informe,
            "form": form,
            "puede_analizar": services.ANALIZAR_INFORME.motivo(informe, request.user) is None,
            "versiones": documentos.versiones(
                informe,
                tipo=informes_pdf.TIPO_INFORME_EJECUTIVO,
                url=lambda d: (
                    f"{reverse('comercial:empresas:informe_ejecutivo_pdf', args=[informe.pk])}?version={d.version}"
                ),
            ),
        },
    )


def _pdf_emitido(request, informe, tipo, plantilla, contexto, nombre_archivo):
    """The issued PDF (frozen bytes; ``?version=N`` for an earlier one); reports issued before documents were
    frozen have none and are rendered as before."""
    return documentos.respuesta_emitida(request, informe, tipo=tipo) or respuesta_pdf(
        plantilla, contexto(informe), nombre_archivo=nombre_archivo, request=request
    )


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def informe_ejecutivo_pdf(request, pk):
    informe = get_object_or_404(selectors.informes_ejecutivo_visibles(request.user), pk=pk)
    return _pdf_emitido(
        request,
        informe,
        informes_pdf.TIPO_INFORME_EJECUTIVO,
        informes_pdf.PLANTILLA_INFORME_EJECUTIVO,
        informes_pdf.contexto_informe_ejecutivo,
        f"informe-ejecutivo-{informe.mes:%Y-%m}",
    )


@require_POST
@rol_requerido(*RESPONSABLE)
def informe_responsable_emitir(request):
    form = forms.InformeResponsableForm(request.POST)
    if form.is_valid():
        mes = form.cleaned_data["mes"]
        try:
            informe = services.informe_responsable_emitir(
                actor=request.user,
                organizacion=organizacion_de(request),
                mes=mes,
                analisis=form.cleaned_data["analisis"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, "Informe mensual enviado a la Div. Gestión Integral Territorios.")
            return redirect(f"{reverse('comercial:empresas:informes')}?mes={informe.mes:%Y-%m}")
    mes = mes_de(form.cleaned_data.get("mes") or ultimo_mes_cerrado())
    return _pagina_informes(request, mes, form_responsable=form)


@rol_requerido(*SUPERVISORES)
def informe_responsable_pdf(request, pk):
    informe = get_object_or_404(selectors.informes_responsable_visibles(request.user), pk=pk)
    return _pdf_emitido(
        request,
        informe,
        informes_pdf.TIPO_INFORME_RESPONSABLE,
        informes_pdf.PLANTILLA_INFORME_RESPONSABLE,
        informes_pdf.contexto_informe_responsable,
        f"informe-mensual-empresas-{informe.mes:%Y-%m}",
    )


@lru_cache(maxsize=64)
def _grafica_variacion(puntos):
    """The chart is deterministic for its points (enlace.graficas), so equal months reuse the SVG."""
    return graficas.linea(
        {"Variación (%)": list(puntos)}, titulo="Variación mensual de la facturación (%)", formato_y="{:.0f} %"
    )


@rol_requerido(*SUPERVISORES)
def indicador_view(request):
    organizacion = organizacion_de(request)
    mes = mes_pedido(request)
    # Without a month asked, the series reaches the month in progress (shown «en curso», never judged) and
    # the headline is the last closed month.
    hasta = mes if request.GET.get("mes") else max(mes, mes_actual())
    serie = selectors.serie_facturacion(organizacion=organizacion, hasta=hasta, meses=13)
    por_mes = selectors.indicadores_de_serie(serie, organizacion=organizacion)
    return render(
        request,
        "comercial/empresas/indicador.html",
        {
            "mes": mes,
            "actual": dict(por_mes).get(mes, por_mes[-1][1]),
            "por_mes": list(reversed(por_mes)),
            "definicion": indicador.definicion(),
            "grafica": _grafica_variacion(
                tuple((f"{m:%m/%Y}", r.variacion_redondeada if r.variacion is not None else None) for m, r in por_mes)
            ),
        },
    )


# --- Billing ---------------------------------------------------------------------------------------


def _importar(request):
    form = forms.ImportarFacturacionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            n = services.facturacion_importar(
                actor=request.user, organizacion=organizacion_de(request), archivo=form.cleaned_data["archivo"]
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Se importaron {n} fila(s) de facturación.")
    return form


def _calcular(request):
    form = forms.CalcularFacturacionForm(request.POST)
    if form.is_valid():
        try:
            n = services.facturacion_calcular(
                actor=request.user, organizacion=organizacion_de(request), mes=form.cleaned_data["mes"]
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Facturación calculada desde las ventas digitadas: {n} cliente(s).")
    return form


@rol_requerido(*RESPONSABLE)
def facturacion(request):
    formularios = {
        "importar": forms.ImportarFacturacionForm(),
        "calcular": forms.CalcularFacturacionForm(initial={"mes": ultimo_mes_cerrado()}),
    }
    if request.method == "POST":
        importa = "archivo" in request.FILES or request.POST.get("accion") == "importar"
        form = _importar(request) if importa else _calcular(request)
        if form.is_valid():
            return redirect("comercial:empresas:facturacion")
        formularios["importar" if importa else "calcular"] = form
    organizacion = organizacion_de(request)
    serie = selectors.serie_facturacion(organizacion=organizacion, hasta=mes_actual(), meses=6)
    return render(
        request,
        "comercial/empresas/facturacion.html",
        {
            **formularios,
            "serie": list(reversed(serie)),
            "puede_gestionar": services.GESTIONAR_FACTURACION.motivo(organizacion, request.user) is None,
        },
    )
