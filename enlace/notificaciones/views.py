from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from enlace.notificaciones import selectors, services


def _login_requerido(vista):
    """``login_required`` that sends the whole page to login when an htmx request (the bell polling
    an expired session) arrives without a user, instead of swapping the login page into the fragment."""
    protegida = login_required(vista)

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if request.htmx and not request.user.is_authenticated:
            destino = redirect_to_login(
                request.htmx.current_url_abs_path or request.get_full_path(), settings.LOGIN_URL
            )
            return HttpResponseClientRedirect(destino.url)
        return protegida(request, *args, **kwargs)

    return envoltura


@_login_requerido
@require_GET
def lista(request):
    """The user's notifications, newest first; viewing the list marks nothing as read."""
    pagina = selectors.pagina_notificaciones(request.user, request.GET.get("pagina"))
    no_leidas = selectors.notificaciones_no_leidas(request.user)
    return render(request, "enlace/notificaciones/lista.html", {"pagina": pagina, "no_leidas": no_leidas})


@_login_requerido
@require_GET
def campana(request):
    """The bell with the unread count: an htmx fragment the header polls."""
    contexto = {"no_leidas": selectors.notificaciones_no_leidas(request.user), "refresco": True}
    # No request context: the fragment needs none, and the context processors would cost queries every 30 s.
    return HttpResponse(render_to_string("enlace/notificaciones/_campana.html", contexto))


@_login_requerido
@require_POST
def marcar_leida(request, pk):
    """Mark one notification read; htmx gets the updated item and bell, a plain POST follows the link."""
    try:
        notificacion = services.marcar_leida(actor=request.user, notificacion_id=pk)
    except services.NotificacionNoEncontrada:
        raise Http404(_("La notificación no existe.")) from None
    if request.htmx:
        contexto = {
            "notificacion": notificacion,
            "no_leidas": selectors.notificaciones_no_leidas(request.user),
            "refresco": True,
            "oob": True,
        }
        html = render_to_string("enlace/notificaciones/_notificacion.html", contexto, request=request)
        html += render_to_string("enlace/notificaciones/_campana.html", contexto, request=request)
        return HttpResponse(html)
    if notificacion.enlace and url_has_allowed_host_and_scheme(
        notificacion.enlace, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notificacion.enlace)
    return redirect("notificaciones:lista")


@_login_requerido
@require_POST
def marcar_todas_leidas(request):
    cantidad = services.marcar_todas_leidas(actor=request.user)
    if cantidad:
        messages.success(
            request,
            ngettext(
                "Se marcó %(n)d notificación como leída.", "Se marcaron %(n)d notificaciones como leídas.", cantidad
            )
            % {"n": cantidad},
        )
    else:
        messages.info(request, _("No había notificaciones sin leer."))
    return redirect("notificaciones:lista")
