"""The public survey page of a customer (a signed link: no login)."""

from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_ratelimit import ALL

from atencion import forms, services
from atencion.mensajes import MSG_ENCUESTA_EXPIRADA, MSG_ENCUESTA_RESPONDIDA, MSG_ENCUESTA_VALORES
from atencion.views.comun import render_publico
from enlace.errores import ErrorNegocio
from enlace.red import limitar


def _mensaje(request, mensaje, pyme=None, status=200):
    return render_publico(request, "atencion/publico/mensaje.html", {"mensaje": mensaje}, pyme=pyme, status=status)


@limitar("LIMITE_ENCUESTA", metodo=ALL)
@require_http_methods(["GET", "HEAD", "POST"])
def encuesta(request, token):
    """GET shows the form and records nothing (mail scanners follow links); only a POST answers.

    An invalid answer shows the form again with what was chosen and why (HTTP 200).
    """
    try:
        enc = services.encuesta_de_token(token)
    except ErrorNegocio as exc:
        return _mensaje(request, exc.mensaje, status=404)
    if enc.respondida_en is not None:
        return _mensaje(request, MSG_ENCUESTA_RESPONDIDA, enc.pyme)
    if enc.expira_en <= timezone.now():
        return _mensaje(request, MSG_ENCUESTA_EXPIRADA, enc.pyme, status=410)
    form = forms.EncuestaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.encuesta_responder(token=token, **form.cleaned_data)
            except ErrorNegocio as exc:
                form.add_error(None, exc.mensaje)
            else:
                return _mensaje(request, "¡Gracias por tu respuesta! Nos ayuda a atenderte mejor.", enc.pyme)
        else:
            form.add_error(None, MSG_ENCUESTA_VALORES)
    return render_publico(request, "atencion/publico/encuesta.html", {"form": form, "encuesta": enc}, pyme=enc.pyme)
