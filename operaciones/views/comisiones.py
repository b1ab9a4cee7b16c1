"""Pages of comisiones: «mis comisiones» (asesor), the board (COP and gerentes), a line, the actions
(verify / pay a selection, COP) and the PDF report per period and asesor."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enlace.acceso import rol_requerido
from enlace.acciones_pagina import siguiente_local, vista_de_acciones
from enlace.errores import ErrorNegocio
from enlace.paginacion import paginar
from enlace.pdf import respuesta_pdf
from operaciones import mensajes, selectors, services
from operaciones.acciones import ACCIONES_COMISION
from operaciones.filters import FiltroComisiones
from operaciones.forms import PagoComisionForm
from operaciones.models import LineaComision
from operaciones.rules import GERENTES_COMISIONES
from operaciones.views.comun import POR_PAGINA, acceso_operaciones, acciones_de, contexto, pagina, solo_cop

tablero_o_reporte = rol_requerido("cop", *GERENTES_COMISIONES)
ORDEN = ("-apartado__cerrado_en", "apartado_id", "pk")


@rol_requerido("asesor")
def mis_comisiones(request):
    consulta = selectors.comisiones_filtradas(request.user)
    datos = contexto(
        request,
        pagina=pagina(request, consulta),
        totales=selectors.comisiones_totales_por_estado(consulta),
        titulo="Mis comisiones",
    )
    return render(request, "operaciones/comisiones/mis_comisiones.html", datos)


def _filtro(request, parametros):
    return FiltroComisiones(
        parametros,
        queryset=selectors.comisiones_visibles(request.user),
        asesores=selectors.comisiones_asesores_filtro(request.user),
        concesionarios=selectors.comisiones_concesionarios_filtro(request.user),
    )


def _tablero(request, parametros, *, form_pago=None, seleccion=(), siguiente=None):
    """The board for the filters in ``parametros``; a refused selection comes back checked, with its form."""
    filtro = _filtro(request, parametros)
    consulta = filtro.qs.order_by(*ORDEN)
    gestiona = request.user.has_perm("operaciones.gestionar_comisiones")
    datos = contexto(
        request,
        filtro=filtro,
        pagina=paginar(consulta, parametros.get("pagina"), POR_PAGINA),
        totales=selectors.comisiones_totales_por_estado(consulta),
        form_pago=(form_pago or PagoComisionForm()) if gestiona else None,
        seleccion=set(seleccion),
        siguiente=siguiente or request.get_full_path(),
        titulo="Comisiones",
    )
    return render(request, "operaciones/comisiones/tablero.html", datos)


@tablero_o_reporte
def tablero_comisiones(request):
    """COP: the network's lines, with verify / pay on a selection; gerentes: their concesionario's (read-only)."""
    return _tablero(request, request.GET)


def _pagina_comision(request, linea, enviada=None):
    datos = contexto(
        request,
        linea=linea,
        acciones=acciones_de(ACCIONES_COMISION, linea, request.user, enviada),
        titulo=f"Comisión {linea.apartado.folio}",
    )
    return render(request, "operaciones/comisiones/detalle.html", datos)


def _linea_visible(request, pk):
    try:
        return selectors.comision_detalle(request.user, pk)
    except LineaComision.DoesNotExist:
        raise Http404("La línea de comisión no existe o no es suya.") from None


@acceso_operaciones
def comision(request, pk):
    return _pagina_comision(request, _linea_visible(request, pk))


comision_accion = solo_cop(
    vista_de_acciones(ACCIONES_COMISION, obtener=_linea_visible, pagina=_pagina_comision, ruta="operaciones:comision")
)


def _seleccion(request):
    """The selected lines, found in the user's scope; ``None`` when one of them is not there."""
    try:
        ids = {int(pk) for pk in request.POST.getlist("lineas")}
    except ValueError:
        return None
    lineas = list(selectors.comisiones_visibles(request.user).filter(pk__in=ids))
    return lineas if len(lineas) == len(ids) else None


def _sobre_la_seleccion(request, ejecutar, exito, form_pago=None):
    """Run ``ejecutar(lineas)`` on the board's selection: success → back to the board; a refusal shows the
    board again (HTTP 200) with the selection checked, the payment form as typed and the reason."""
    siguiente = siguiente_local(request, reverse("operaciones:comisiones"))
    lineas = _seleccion(request)
    if lineas is None:
        messages.error(request, mensajes.COMISION_NO_ENCONTRADA)
    elif form_pago is None or form_pago.is_valid():
        try:
            hechas = ejecutar(lineas)
        except ErrorNegocio as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, exito.format(n=len(hechas)))
            return redirect(siguiente)
    seleccion = [linea.pk for linea in lineas or ()]
    parametros = QueryDict(urlsplit(siguiente).query)
    return _tablero(request, parametros, form_pago=form_pago, seleccion=seleccion, siguiente=siguiente)


@solo_cop
@require_POST
def comisiones_verificar(request):
    return _sobre_la_seleccion(
        request,
        lambda lineas: services.comision_verificar(actor=request.user, lineas=lineas),
        mensajes.OK_COMISIONES_VERIFICADAS,
    )


@solo_cop
@require_POST
def comisiones_pagar(request):
    form = PagoComisionForm(request.POST)
    return _sobre_la_seleccion(
        request,
        lambda lineas: services.comision_pagar(actor=request.user, lineas=lineas, **form.cleaned_data),
        mensajes.OK_COMISIONES_PAGADAS,
        form_pago=form,
    )


@tablero_o_reporte
def comisiones_reporte(request):
    """PDF of the period's lines (optionally one asesor's operaciones) with totals by state, in MXN."""
    filtro = _filtro(request, request.GET)
    if "asesor" in filtro.errors:
        raise Http404("El asesor no tiene comisiones que usted pueda ver.")
    asesor = filtro.form.cleaned_data.get("asesor")
    desde, hasta = filtro.form.fechas()
    datos = selectors.comisiones_reporte_contexto(
        filtro.qs, titulo="Reporte de comisiones", desde=desde, hasta=hasta, asesor=asesor, autor=request.user
    )
    nombre = f"comisiones-{desde:%Y%m%d}-{hasta:%Y%m%d}" + (f"-asesor-{asesor.pk}" if asesor else "")
    return respuesta_pdf("operaciones/comisiones/reporte_pdf.html", datos, nombre_archivo=nombre, request=request)
