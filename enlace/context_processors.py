from enlace import roles
from enlace.menu import Menu, nombre_del_modulo


def navegacion(request):
    """The signed-in user's role, the module of this page and the (lazy) menu of the app shell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "menu_enlace"):
        request.menu_enlace = Menu(request)
    coincidencia = getattr(request, "resolver_match", None)
    return {
        "rol_actual": roles.rol_de(user),
        "menu": request.menu_enlace,
        "modulo_actual": nombre_del_modulo(coincidencia.namespace if coincidencia else ""),
    }
