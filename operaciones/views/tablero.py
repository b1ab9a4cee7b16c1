"""The COP's tray (counted sections, full lists, change marker), the network dashboard and a concesionario's page."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from enlace.acceso import rol_requerido
from enlace.models import Organizacion
from operaciones import selectors
from operaciones.forms import PeriodoDiasForm
from operaciones.rules import es_cop
from operaciones.views.comun import contexto, solo_cop

POLL_SEGUNDOS = 30
ven_su_concesionario = rol_requerido("cop", "gerente_general", "gerente_ventas", "gerente_financiera")


def _contexto_bandeja(request):
    secciones = selectors.secciones_bandeja(request.user)
    return contexto(
        request,
        secciones=secciones,
        pendientes=sum(seccion.total for seccion in secciones),
        marca=selectors.marca_bandeja(),
        poll_segundos=POLL_SEGUNDOS,
    )


@solo_cop
def bandeja(request):
    """Every section of the COP's pending work with its count and first rows; it polls ``bandeja_cambios``."""
    datos = _contexto_bandeja(request)
    datos["retiros_pendientes"] = selectors.retiros_pendientes(request.user).count()
    datos["kpis"] = selectors.kpis_inicio(request.user, "cop")  # the tray is the COP's home
    return render(request, "operaciones/tablero/bandeja.html", datos)


@solo_cop
def bandeja_cambios(request):
    """204 while the change marker is the one the page holds; otherwise the tray's sections, fresh."""
    if request.GET.get("marca") == selectors.marca_bandeja():
        return HttpResponse(status=204)
    return render(request, "operaciones/tablero/_bandeja_secciones.html", _contexto_bandeja(request))


@solo_cop
def bandeja_seccion(request, clave):
    try:
        seccion = selectors.seccion_bandeja(request.user, clave, request.GET.get("pagina"))
    except KeyError:
        raise Http404("La sección no existe.") from None
    return render(
        request, "operaciones/tablero/seccion.html", contexto(request, seccion=seccion, pagina=seccion.pagina)
    )


@solo_cop
def tablero(request):
    """The network's figures and response times for a period (default: the last 30 days)."""
    form = PeriodoDiasForm(request.GET)
    cifras, tiempos = None, []
    if form.is_valid():
        desde, hasta = form.periodo()
        cifras = selectors.cifras_del_periodo(request.user, desde, hasta)
        tiempos = selectors.tiempos_del_periodo(request.user, desde, hasta)
    datos = contexto(
        request,
        form=form,
        cifras=cifras,
        tiempos=tiempos,
        concesionarios=list(selectors.concesionarios_de_la_red(request.user)),
    )
    return render(request, "operaciones/tablero/red.html", datos)


@ven_su_concesionario
def mi_concesionario(request):
    if request.user.organizacion_id is None or es_cop(request.user):
        return redirect("operaciones:tablero")
    return redirect("operaciones:concesionario", pk=request.user.organizacion_id)


@ven_su_concesionario
def concesionario(request, pk):
    """One concesionario: its people by role, inventory with days in stock, apartados and cancellations of the
    period, its response times and its open requests. The COP sees any of its network; a gerente its own."""
    try:
        organizacion = selectors.concesionario_visible(request.user, pk)
    except Organizacion.DoesNotExist:
        raise Http404("El concesionario no existe o no es suyo.") from None
    form = PeriodoDiasForm(request.GET)
    datos = contexto(request, concesionario=organizacion, form=form, hoy=timezone.localdate())
    if form.is_valid():
        desde, hasta = form.periodo()
        datos.update(
            cifras=selectors.cifras_del_periodo(request.user, desde, hasta, organizacion),
            tiempos=selectors.tiempos_del_periodo(
                request.user, desde, hasta, selectors.TRAMOS_CONCESIONARIO, organizacion
            ),
            apartados=selectors.apartados_recientes(request.user, organizacion, desde, hasta),
            cancelados=selectors.apartados_recientes(request.user, organizacion, desde, hasta, cancelados=True),
        )
    datos.update(
        personas=selectors.personas_por_rol(organizacion),
        pagina=selectors.inventario_con_dias(request.user, organizacion, request.GET.get("pagina")),
        abiertas=selectors.solicitudes_abiertas(request.user, organizacion),
    )
    return render(request, "operaciones/tablero/concesionario.html", datos)
