"""Loyalty campaign pages (list, new, the campaign with its actions) and the customers' opt-out link."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from atencion import escrituras, forms, selectors, services
from atencion.filters import FiltroCampanas
from atencion.mensajes import MSG_BAJA_INVALIDA
from atencion.views.comun import POR_PAGINA, acciones_ofrecidas, render_publico
from enlace.acceso import rol_requerido
from enlace.acciones_pagina import AccionPagina, tabla, vista_de_acciones
from enlace.errores import ErrorNegocio
from enlace.paginacion import paginar

CAMPANAS = ("gerente_operaciones", "analista")

ACCIONES_CAMPANA = tabla(
    AccionPagina(
        "programar",
        "Programar",
        services.campana_programar,
        transiciones=("programar",),
        boton="Programar",
        exito="Campaña programada.",
    ),
    AccionPagina(
        "cancelar",
        "Cancelar",
        services.campana_cancelar,
        transiciones=("cancelar",),
        boton="Cancelar",
        exito="Campaña cancelada.",
    ),
    argumento="campana",
)


@rol_requerido(*CAMPANAS, "director")
def campanas(request):
    filtro = FiltroCampanas(
        request.GET, queryset=selectors.campanas_visibles(request.user), pymes=selectors.pymes_visibles(request.user)
    )
    return render(
        request,
        "atencion/campanas.html",
        {
            "filtro": filtro.form,
            "pagina": paginar(filtro.qs, request.GET.get("pagina"), POR_PAGINA),
            "puede_crear": request.user.has_perm(escrituras.CAMPANAS),
        },
    )


@rol_requerido(*CAMPANAS)
@require_http_methods(["GET", "POST"])
def campana_nueva(request):
    form = forms.CampanaForm(request.POST or None, pymes=selectors.pymes_visibles(request.user))
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        pyme = d.pop("pyme")
        try:
            campana = services.campana_crear(actor=request.user, pyme=pyme, **d)
        except ErrorNegocio as exc:
            form.add_error(None, exc.mensaje)
        else:
            messages.success(request, "Campaña creada en borrador.")
            return redirect("atencion:campana", campana.pk)
    return render(request, "atencion/campana_nueva.html", {"form": form})


def _campana_visible(request, pk):
    return get_object_or_404(
        selectors.campanas_visibles(request.user).select_related("plantilla", "fecha_especial"), pk=pk
    )


def _pagina_campana(request, campana, enviada=None):
    hoy = timezone.localtime(timezone=ZoneInfo(campana.pyme.zona_horaria)).date()
    return render(
        request,
        "atencion/campana.html",
        {
            "campana": campana,
            "hoy": hoy,
            "previa": selectors.vista_previa(campana, dia=hoy),
            "etiquetas": list(campana.segmento_etiquetas.all()),
            "pagina": paginar(selectors.envios_de(campana), request.GET.get("pagina"), POR_PAGINA),
            "acciones": acciones_ofrecidas(ACCIONES_CAMPANA, campana, request.user, enviada),
        },
    )


@rol_requerido(*CAMPANAS, "director")
def campana(request, pk):
    return _pagina_campana(request, _campana_visible(request, pk))


campana_accion = rol_requerido(*CAMPANAS)(
    vista_de_acciones(ACCIONES_CAMPANA, obtener=_campana_visible, pagina=_pagina_campana, ruta="atencion:campana")
)


@require_http_methods(["GET", "HEAD", "POST"])
def baja(request, token):
    """Unsubscribe from campaigns: GET asks for confirmation (records nothing), POST opts out."""
    if request.method == "POST":
        try:
            services.cliente_baja(token=token)
        except ErrorNegocio as exc:
            return render_publico(request, "atencion/publico/mensaje.html", {"mensaje": exc.mensaje}, status=404)
    cliente = selectors.cliente_de_baja(token)
    if cliente is None:
        return render_publico(request, "atencion/publico/mensaje.html", {"mensaje": MSG_BAJA_INVALIDA}, status=404)
    if request.method == "POST":
        return render_publico(
            request,
            "atencion/publico/mensaje.html",
            {"mensaje": "Listo: ya no recibirás mensajes de promociones."},
            pyme=cliente.pyme,
        )
    return render_publico(request, "atencion/publico/baja.html", {"cliente": cliente}, pyme=cliente.pyme)
