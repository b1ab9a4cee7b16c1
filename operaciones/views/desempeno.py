"""Pages of desempeño: the network's ranking, the COP's page per asesor and the coaching sessions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from enlace.acceso import rol_requerido
from enlace.errores import ErrorNegocio
from enlace.models import Usuario
from operaciones import mensajes, selectors, services
from operaciones.forms import PeriodoForm, SesionCoachingForm
from operaciones.views.comun import POR_PAGINA, acceso_operaciones, contexto, pagina, solo_cop


@acceso_operaciones
def ranking(request):
    """The whole network's ranking by cierres, then validation rate, for the period chosen."""
    periodo = PeriodoForm(request.GET or None)
    desde, hasta = periodo.rango()
    ranking = pagina(request, selectors.desempeno_ranking(request.user, desde, hasta))
    datos = contexto(
        request,
        periodo=periodo,
        fechas=periodo.fechas(),
        pagina=ranking,
        inicio=(ranking.number - 1) * POR_PAGINA,
        titulo="Ranking de asesores",
    )
    return render(request, "operaciones/desempeno/ranking.html", datos)


def _pagina_de_desempeno(request, asesor_id, titulo):
    """The period's figures, coaching sessions and commissions of one asesor the user may see."""
    periodo = PeriodoForm(request.GET or None)
    desde, hasta = periodo.rango()
    try:
        asesor = selectors.desempeno_de_asesor(request.user, asesor_id, desde, hasta)
    except Usuario.DoesNotExist:
        raise Http404("El asesor no es de su red.") from None
    datos = contexto(
        request,
        periodo=periodo,
        fechas=periodo.fechas(),
        asesor=asesor,
        sesiones=list(selectors.coaching_visibles(request.user).filter(asesor=asesor).order_by("-fecha", "-pk")[:20]),
        comisiones=list(
            selectors.comisiones_filtradas(request.user, desde=desde, hasta=hasta).filter(beneficiario_asesor=asesor)[
                :50
            ]
        ),
        titulo=titulo or f"Desempeño de {asesor}",
    )
    return render(request, "operaciones/desempeno/asesor.html", datos)


@solo_cop
def desempeno_asesor(request, pk):
    """The COP's page per asesor: the period's figures, coaching sessions and commissions."""
    return _pagina_de_desempeno(request, pk, "")


@rol_requerido("asesor")
def mi_desempeno(request):
    """«Mi desempeño»: the COP's page per asesor, for the asesor itself only."""
    return _pagina_de_desempeno(request, request.user.pk, "Mi desempeño")


@rol_requerido("cop", "asesor")
def coaching(request):
    """COP: every session of the network, follow-ups due soon first; asesor: their own, read-only."""
    consulta = selectors.coaching_visibles(request.user).order_by("-fecha", "-pk")
    datos = contexto(
        request,
        pagina=pagina(request, consulta),
        proximos=list(selectors.coaching_proximos_seguimientos(request.user)[:20]),
        registra_coaching=request.user.has_perm("operaciones.registrar_coaching"),
        titulo="Coaching y retroalimentación",
    )
    return render(request, "operaciones/desempeno/coaching.html", datos)


@solo_cop
def coaching_nueva(request):
    asesores = selectors.coaching_asesores_de_la_red(selectors.red_de(request.user)).order_by("first_name", "last_name")
    form = SesionCoachingForm(request.POST or None, asesores=asesores, initial={"asesor": request.GET.get("asesor")})
    if request.method == "POST" and form.is_valid():
        try:
            services.coaching_registrar(actor=request.user, **form.cleaned_data)
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, mensajes.OK_COACHING)
            return redirect("operaciones:coaching")
    return render(request, "operaciones/desempeno/nueva.html", contexto(request, form=form, titulo="Nueva sesión"))
