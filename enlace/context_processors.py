from enlace import roles


def navegacion(request):
    """The signed-in user's role, for the navigation of the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"rol_actual": roles.rol_de(user)}
