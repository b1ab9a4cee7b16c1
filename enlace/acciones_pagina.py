"""The page side of the action layer: a declared table of the actions an object page offers.

Each app declares its actions once::

    ACCIONES = tabla(
        AccionPagina("validar", "Validar apartado", services.apartado_validar, transiciones=("validar",)),
        AccionPagina("liberar", "Liberar la unidad", services.apartado_liberar, transiciones=("liberar",),
                     formulario=LiberarForm),
        argumento="apartado",
    )

Each service is called as ``servicio(actor=user, <argumento>=objeto, **form.cleaned_data)``: the service
itself when its keywords are those, a lambda where the page adapts them.

The detail view shows ``ofrecidas(ACCIONES, objeto, usuario)``: an action is offered exactly when one of
its transitions would pass the runner for that user (``acciones.puede``), or, for an action that is not a
transition, when its ``acciones.Escritura`` (the same one its service enforces) allows it. ``procesar`` is
the one POST handler: an invalid form or a refused service re-renders the page with what the user typed
and the errors (HTTP 200); success shows a message and redirects.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from enlace import acciones
from enlace.errores import ErrorNegocio


@dataclass(frozen=True)
class AccionPagina:
    codigo: str
    titulo: str
    servicio: Callable  # (actor=, <argumento>=objeto, **cleaned_data) -> anything
    transiciones: tuple[str, ...] = ()
    formulario: type | None = None
    boton: str = "Confirmar"
    escritura: acciones.Escritura | None = None  # for an action that is not a transition: who and when
    exito: str | Callable = ""  # success message, or a callable of the service's result; by default "Hecho: <titulo>."
    argumentos_formulario: Callable | None = None  # (objeto) -> kwargs for the form's constructor
    argumento: str = ""  # the service's keyword for the object (set by ``tabla``)

    def disponible(self, objeto, usuario):
        if self.transiciones:
            return any(acciones.puede(objeto, nombre, usuario) for nombre in self.transiciones)
        return self.escritura is not None and self.escritura.motivo(objeto, usuario) is None

    def ejecutar(self, actor, objeto, datos):
        return self.servicio(actor=actor, **{self.argumento: objeto}, **datos)

    def formulario_para(self, objeto, data=None, files=None):
        """The action's form for ``objeto``; its ids name the action and the object, so that the forms of a
        page (one per row of a list, or two actions with a field of the same name) never share one."""
        if self.formulario is None:
            return None
        extra = self.argumentos_formulario(objeto) if self.argumentos_formulario else {}
        return self.formulario(data, files, auto_id=f"id_{self.codigo}_{objeto.pk}_%s", **extra)


def tabla(*definiciones, argumento):
    """{codigo: accion}; ``argumento`` is the keyword under which every service of the table takes the object."""
    return {accion.codigo: replace(accion, argumento=argumento) for accion in definiciones}


def ofrecidas(tabla_acciones, objeto, usuario, *, enviada=None):
    """[(accion, form)] for every action the user may run on the object now.

    ``enviada`` is the (codigo, bound form) of a refused submission: shown in place with what was typed and
    its errors, even if the action is no longer offered (its error then says why).
    """
    resultado = []
    for accion in tabla_acciones.values():
        if enviada is not None and enviada[0] == accion.codigo and enviada[1] is not None:
            resultado.append((accion, enviada[1]))
        elif accion.disponible(objeto, usuario):
            resultado.append((accion, accion.formulario_para(objeto)))
    return resultado


def procesar(request, tabla_acciones, codigo, objeto, *, siguiente, volver_a_mostrar):
    """Handle the POST of action ``codigo`` on ``objeto``.

    ``siguiente``: where to go after success (a URL or a callable of the service's result).
    ``volver_a_mostrar(enviada)``: the page re-rendered (HTTP 200) with ``enviada=(codigo, form)``.
    """
    accion = tabla_acciones.get(codigo)
    if accion is None:
        raise Http404
    form = accion.formulario_para(objeto, request.POST, request.FILES)
    if form is None or form.is_valid():
        try:
            resultado = accion.ejecutar(request.user, objeto, form.cleaned_data if form is not None else {})
        except ErrorNegocio as error:
            if form is None:
                messages.error(request, error.mensaje)
                return volver_a_mostrar(None)
            form.add_error(None, error.mensaje)
        else:
            exito = accion.exito(resultado) if callable(accion.exito) else accion.exito
            messages.success(request, exito or f"Hecho: {accion.titulo}.")
            return redirect(siguiente(resultado) if callable(siguiente) else siguiente)
    return volver_a_mostrar((codigo, form))


def siguiente_local(request, por_omision):
    """The local URL posted as ``siguiente`` (the page the user acted from), else ``por_omision``."""
    siguiente = request.POST.get("siguiente", "")
    if siguiente.startswith("/") and url_has_allowed_host_and_scheme(siguiente, allowed_hosts={request.get_host()}):
        return siguiente
    return por_omision


def vista_de_acciones(tabla_acciones, *, obtener, pagina, ruta):
    """The POST view ``(request, pk, codigo)`` of a page's action table.

    ``obtener(request, pk)``: the object as the user may reach it (404 otherwise); ``pagina(request, objeto,
    enviada)``: its page, shown again with a refused form; ``ruta``: the URL name of that page, where success
    returns, unless the form posts a local ``siguiente`` (e.g. the list a row was handled from).
    """

    @require_POST
    def vista(request, pk, codigo):
        objeto = obtener(request, pk)
        return procesar(
            request,
            tabla_acciones,
            codigo,
            objeto,
            siguiente=siguiente_local(request, reverse(ruta, args=[objeto.pk])),
            volver_a_mostrar=lambda enviada: pagina(request, objeto, enviada),
        )

    return vista
