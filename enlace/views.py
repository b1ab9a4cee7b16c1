import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from enlace import roles, selectors
from enlace.celery import app as celery_app
from enlace.forms import PerfilForm
from enlace.paginacion import paginar_sin_total

logger = logging.getLogger(__name__)


@login_required
def inicio(request):
    """Each role lands on its own home; admins without a role land on the admin."""
    rol = roles.rol_de(request.user)
    if rol is not None:
        return redirect(rol.inicio)
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "enlace/sin_rol.html", status=403)


@login_required
def perfil(request):
    form = PerfilForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Sus datos se guardaron.")
        return redirect("perfil")
    return render(request, "enlace/perfil.html", {"form": form})


@login_required
@permission_required("enlace.ver_bitacora", raise_exception=True)
def bitacora(request):
    pagina = paginar_sin_total(selectors.eventos_visibles(request.user), request.GET.get("pagina"), 50)
    return render(request, "enlace/bitacora.html", {"pagina": pagina})


def _estado_base_de_datos():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _estado_broker():
    with celery_app.connection_for_write() as conexion:
        conexion.ensure_connection(max_retries=1, timeout=2)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on pages without a <link rel="icon"> (PDF viewers, error pages)."""
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
@require_GET
def salud(request):
    """JSON health of the database and the Celery broker; 503 when either fails."""
    resultado = {}
    for nombre, comprobar in (("base_de_datos", _estado_base_de_datos), ("broker", _estado_broker)):
        try:
            comprobar()
            resultado[nombre] = "ok"
        except Exception as exc:  # any failure is reported, never raised
            logger.warning("salud: %s falla: %s", nombre, exc)
            resultado[nombre] = "error"
    sano = all(valor == "ok" for valor in resultado.values())
    resultado["estado"] = "ok" if sano else "error"
    return JsonResponse(resultado, status=200 if sano else 503)
