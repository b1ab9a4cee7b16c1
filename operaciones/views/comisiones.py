"""Pages of comisiones: «mis comisiones» (asesor), the board (COP and gerentes), a line, the actions
(verify / pay a selection, COP) and the PDF report per period and asesor."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from enlace.acceso import rol_requerido
from enlace.pdf import respuesta_pdf
from operaciones import mensajes, selectors, services
from operaciones.forms import FiltroComisionesForm, PagoComisionForm
from operaciones.models import LineaComision
from operaciones.rules import GERENTES_COMISIONES, es_cop
from operaciones.services.comun import ErrorOperacion
from operaciones.views.apartados import _contexto, _pagina, acceso_operaciones, solo_cop

tablero_o_reporte = rol_requerido("cop", *GERENTES_COMISIONES)


@rol_requerido("asesor")
def mis_comisiones(request):
    consulta = selectors.comisiones_filtradas(request.user)
    contexto = _contexto(
        request,
        pagina=_pagina(request, consulta),
        totales=selectors.comisiones_totales_por_estado(consulta),
        titulo="Mis comisiones",
    )
    return render(request, "operaciones/comisiones/mis_comisiones.html", contexto)


@tablero_o_reporte
def tablero_comisiones(request):
    """COP: the network's lines, with verify / pay on a selection; gerentes: their concesionario's (read-only)."""
    filtro = FiltroComisionesForm(request.GET or None)
    consulta = selectors.comisiones_filtradas(request.user, **filtro.filtros())
    contexto = _contexto(
        request,
        filtro=filtro,
        pagina=_pagina(request, consulta),
        totales=selectors.comisiones_totales_por_estado(consulta),
        asesores=selectors.comisiones_asesores_filtro(request.user),
        concesionarios=selectors.comisiones_concesionarios_filtro(request.user),
        form_pago=PagoComisionForm() if es_cop(request.user) else None,
        titulo="Comisiones",
    )
    return render(request, "operaciones/comisiones/tablero.html", contexto)


@acceso_operaciones
def comision(request, pk):
    try:
        linea = selectors.comision_detalle(request.user, pk)
    except LineaComision.DoesNotExist:
        raise Http404("La línea de comisión no existe o no es suya.") from None
    contexto = _contexto(
        request,
        linea=linea,
        form_pago=PagoComisionForm() if es_cop(request.user) else None,
        titulo=f"Comisión {linea.apartado.folio}",
    )
    return render(request, "operaciones/comisiones/detalle.html", contexto)


def _volver(request):
    siguiente = request.POST.get("siguiente", "")
    if url_has_allowed_host_and_scheme(siguiente, allowed_hosts={request.get_host()}):
        return redirect(siguiente)
    return redirect("operaciones:comisiones")


def _seleccion(request):
    try:
        return [int(pk) for pk in request.POST.getlist("lineas")]
    except ValueError:
        return []


@solo_cop
@require_POST
def comisiones_verificar(request):
    try:
        lineas = services.comision_verificar(actor=request.user, linea_ids=_seleccion(request))
    except ErrorOperacion as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, mensajes.OK_COMISIONES_VERIFICADAS.format(n=len(lineas)))
    return _volver(request)


@solo_cop
@require_POST
def comisiones_pagar(request):
    form = PagoComisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(dict.fromkeys(e for errores in form.errors.values() for e in errores)))
        return _volver(request)
    try:
        lineas = services.comision_pagar(
            actor=request.user,
            linea_ids=_seleccion(request),
            fecha=form.cleaned_data["fecha"],
            referencia=form.cleaned_data["referencia"],
        )
    except ErrorOperacion as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, mensajes.OK_COMISIONES_PAGADAS.format(n=len(lineas)))
    return _volver(request)


@tablero_o_reporte
def comisiones_reporte(request):
    """PDF of the period's lines (optionally one asesor's operaciones) with totals by state, in MXN."""
    filtro = FiltroComisionesForm(request.GET or None)
    filtros = filtro.filtros()
    asesor = None
    if filtros["asesor_id"]:
        asesor = selectors.comisiones_asesores_filtro(request.user).filter(pk=filtros["asesor_id"]).first()
        if asesor is None:
            raise Http404("El asesor no tiene comisiones que usted pueda ver.")
    consulta = selectors.comisiones_filtradas(request.user, **filtros)
    desde, hasta = filtro.fechas()
    contexto = {
        "titulo": "Reporte de comisiones",
        "organizacion": "Enl@ceGrup",
        "proceso": "Control de Comisiones (COP)",
        "codigo": "EG-COM-01",
        "version": "1",
        "vigencia": hasta,
        "firmas": False,
        "desde": desde,
        "hasta": hasta,
        "asesor": asesor,
        "lineas": list(consulta),
        "totales": selectors.comisiones_totales_por_estado(consulta),
        "estados": LineaComision.Estado,
    }
    nombre = f"comisiones-{desde:%Y%m%d}-{hasta:%Y%m%d}" + (f"-asesor-{asesor.pk}" if asesor else "")
    return respuesta_pdf("operaciones/comisiones/reporte_pdf.html", contexto, nombre_archivo=nombre, request=request)
