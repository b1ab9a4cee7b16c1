"""The home of ENROK, the metrics page and its CSV/XLSX exports."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from atencion import reportes, selectors
from atencion.filters import FiltroMetricas
from atencion.views.comun import TODOS
from enlace.acceso import modulo_requerido, rol_requerido
from enlace.exportar import agregar, libro_xlsx, respuesta_csv, respuesta_xlsx
from enlace.roles import tiene_rol

INICIO_CACHE_SEGUNDOS = 300


@modulo_requerido("atencion:inicio")
def inicio(request):
    """KPIs of the last 30 days against the 30 before (cached briefly per organisation) and the role's work."""
    user, hoy = request.user, timezone.localdate()
    clave = f"atencion-inicio-{user.organizacion_id}-{user.is_superuser}-{hoy.isoformat()}"
    kpis = cache.get(clave)
    if kpis is None:
        kpis = selectors.kpis_con_tendencia(user, hoy=hoy, zona=settings.TIME_ZONE)
        cache.set(clave, kpis, INICIO_CACHE_SEGUNDOS)
    contexto = {"kpis": kpis, "es_pyme": tiene_rol(user, "pyme") and not user.is_superuser}
    contexto.update(_trabajo_del_rol(user, hoy, kpis))
    return render(request, "atencion/inicio.html", contexto)


def _trabajo_del_rol(user, hoy, kpis):
    """The sections of the home that belong to the user's role."""
    if tiene_rol(user, "pyme"):
        return {
            "suspension": selectors.suspension_de(user.organizacion_id),
            "tickets": list(selectors.lista_tickets(user).abiertos()[: selectors.PRIMEROS]),
            "reporte": selectors.ultimo_reporte_publicado(user),
            "graficas": reportes.graficas_de(selectors.kpis_para_json(kpis)),
        }
    if tiene_rol(user, "agente"):
        return {"tablero_agente": selectors.tablero_agente(user)}
    if tiene_rol(user, "analista"):
        return {"por_hacer": selectors.reportes_por_hacer(user, hoy=hoy)}
    return {"tablero": selectors.tablero_gerente(user), "por_validar": selectors.reportes_por_validar(user)}


def _filtro_invalido(request, filtro, interno):
    """The metrics page with the filter as typed and its errors (HTTP 200)."""
    return render(request, "atencion/metricas.html", {"form": filtro.form, "interno": interno})


def _metricas_filtradas(request):
    """(filter, tickets, period, PYMEs) of the request; tickets is None when the filter is invalid."""
    pymes = selectors.pymes_visibles(request.user)
    filtro = FiltroMetricas(
        request.GET,
        queryset=selectors.tickets_visibles(request.user),
        pymes=pymes,
        agentes=selectors.agentes_de_enrok(request.user),
    )
    if not filtro.is_valid():
        return filtro, None, None, None
    d = filtro.form.cleaned_data
    pyme = d.get("pyme")
    periodo = selectors.Periodo(d["desde"], d["hasta"], pyme.zona_horaria if pyme else settings.TIME_ZONE)
    return filtro, filtro.qs, periodo, [pyme.pk] if pyme else pymes.values("pk")


@rol_requerido(*TODOS)
def metricas(request):
    filtro, tickets, periodo, pymes = _metricas_filtradas(request)
    interno = request.user.has_perm("atencion.ver_interno")
    if tickets is None:
        return _filtro_invalido(request, filtro, interno)
    kpis = selectors.metricas(tickets, periodo=periodo, pymes=pymes, agente=filtro.form.cleaned_data.get("agente"))
    por_agente = selectors.metricas_por_agente(tickets, periodo=periodo, pymes=pymes) if interno else []
    return render(
        request,
        "atencion/metricas.html",
        {
            "form": filtro.form,
            "interno": interno,
            "kpis": kpis,
            "graficas": reportes.graficas_de(selectors.kpis_para_json(kpis)),
            "por_agente": por_agente,
            "consulta": request.GET.urlencode(),
        },
    )


@rol_requerido(*TODOS)
def exportar(request, formato):
    filtro, tickets, periodo, _ = _metricas_filtradas(request)
    if tickets is None:
        return _filtro_invalido(request, filtro, request.user.has_perm("atencion.ver_interno"))
    tickets = tickets.filter(creado__gte=periodo.inicio, creado__lt=periodo.fin)
    if filtro.form.cleaned_data.get("agente"):
        tickets = tickets.filter(agente=filtro.form.cleaned_data["agente"])
    zona = request.user.zona_horaria
    nombre = f"tickets_{periodo.desde:%Y%m%d}_{periodo.hasta:%Y%m%d}"
    if formato == "csv":
        return respuesta_csv(selectors.COLUMNAS_EXPORTACION, selectors.filas_exportacion(tickets, zona), nombre)
    if formato == "xlsx":
        libro = libro_xlsx()
        hoja = libro.create_sheet("Tickets")
        agregar(hoja, selectors.COLUMNAS_EXPORTACION)
        for fila in selectors.filas_exportacion(tickets, zona):
            agregar(hoja, fila)
        return respuesta_xlsx(libro, nombre)
    raise Http404
