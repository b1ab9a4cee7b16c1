"""Pages of the cierre: the COP's checklist and button, and the client's public survey."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from operaciones import mensajes, selectors, services
from operaciones.forms import EncuestaCierreForm
from operaciones.models import Apartado, EncuestaCierre
from operaciones.services.comun import ErrorOperacion
from operaciones.views.apartados import _apartado_visible, _contexto, solo_cop


@solo_cop
def cierre(request, pk):
    """GET: the conditions with ✓/✗ and the button when all hold. POST: Cierre de Operación."""
    apartado = _apartado_visible(request, pk)
    if request.method == "POST":
        try:
            services.operacion_cerrar(actor=request.user, apartado_id=apartado.pk)
        except ErrorOperacion:
            pass  # the checklist below shows each missing condition
        else:
            messages.success(request, mensajes.OK_CIERRE)
            return redirect("operaciones:apartado", pk=apartado.pk)
    contexto = _contexto(
        request,
        apartado=apartado,
        condiciones=services.condiciones_de_cierre(apartado),
        faltantes=services.faltantes_para_cierre(apartado),
        sin_correo=not apartado.cliente.correo,
        mensaje_sin_correo=mensajes.CIERRE_SIN_CORREO_CLIENTE,
        intento_fallido=request.method == "POST",
        cerrado=apartado.estado == Apartado.Estado.CERRADO,
    )
    return render(request, "operaciones/cierre/cierre.html", contexto)


@require_http_methods(["GET", "POST"])
def encuesta(request, token):
    """Public page (no login) reached through the link in the client's purchase confirmation."""
    try:
        encuesta = selectors.encuesta_por_token(token)
    except EncuestaCierre.DoesNotExist:
        raise Http404("La encuesta no existe.") from None
    form = EncuestaCierreForm(request.POST or None)
    aviso = mensajes.ENCUESTA_YA_RESPONDIDA if encuesta.respondida else ""
    if request.method == "POST" and not encuesta.respondida and form.is_valid():
        try:
            services.encuesta_responder(
                token=token,
                calificacion=form.cleaned_data["calificacion"],
                comentario=form.cleaned_data["comentario"],
            )
        except ErrorOperacion as error:
            aviso = error.mensaje
        else:
            aviso = mensajes.OK_ENCUESTA
    contexto = {"encuesta": encuesta, "unidad": encuesta.apartado.unidad, "form": form, "aviso": aviso}
    return render(request, "operaciones/cierre/encuesta.html", contexto)
