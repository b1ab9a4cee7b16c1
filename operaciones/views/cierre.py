"""Pages of the cierre: the COP's checklist and button, and the client's public survey."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit import ALL

from enlace.acciones_pagina import procesar
from enlace.errores import ErrorNegocio
from enlace.red import limitar
from operaciones import mensajes, selectors, services
from operaciones.acciones import ACCIONES_APARTADO
from operaciones.escrituras import RESPONDER_ENCUESTA
from operaciones.forms import EncuestaCierreForm
from operaciones.models import Apartado, EncuestaCierre
from operaciones.views.apartados import apartado_visible
from operaciones.views.comun import acciones_de, contexto, solo_cop


@solo_cop
def cierre(request, pk):
    """GET: the conditions with ✓/✗ and the button when the cierre is offered. POST: Cierre de Operación
    (a refusal shows this page again with every missing condition)."""
    apartado = apartado_visible(request, pk)

    def mostrar(_enviada):
        datos = contexto(
            request,
            apartado=apartado,
            acciones=acciones_de({"cierre": ACCIONES_APARTADO["cierre"]}, apartado, request.user),
            condiciones=apartado.condiciones_de_cierre(),
            faltantes=apartado.faltantes_para_cierre(),
            sin_correo=not apartado.cliente.correo,
            mensaje_sin_correo=mensajes.CIERRE_SIN_CORREO_CLIENTE,
            cerrado=apartado.estado == Apartado.Estado.CERRADO,
        )
        return render(request, "operaciones/cierre/cierre.html", datos)

    if request.method == "POST":
        siguiente = reverse("operaciones:apartado", args=[apartado.pk])
        return procesar(request, ACCIONES_APARTADO, "cierre", apartado, siguiente=siguiente, volver_a_mostrar=mostrar)
    return mostrar(None)


@limitar("LIMITE_ENCUESTA", metodo=ALL)
@require_http_methods(["GET", "POST"])
def encuesta(request, token):
    """Public page (no login) reached through the link in the client's purchase confirmation."""
    try:
        encuesta = selectors.encuesta_por_token(token)
    except EncuestaCierre.DoesNotExist:
        raise Http404("La encuesta no existe.") from None
    form = EncuestaCierreForm(request.POST or None)
    aviso = RESPONDER_ENCUESTA.motivo(encuesta, None) or ""  # the client has no account: no user to check
    if request.method == "POST" and not aviso and form.is_valid():
        try:
            services.encuesta_responder(
                encuesta=encuesta,
                calificacion=form.cleaned_data["calificacion"],
                comentario=form.cleaned_data["comentario"],
            )
        except ErrorNegocio as error:
            aviso = error.mensaje
        else:
            aviso = mensajes.OK_ENCUESTA
    datos = {"encuesta": encuesta, "unidad": encuesta.apartado.unidad, "form": form, "aviso": aviso}
    return render(request, "operaciones/cierre/encuesta.html", datos)
