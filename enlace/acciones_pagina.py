"""The page side of the action layer: a declared table of the actions an object page offers.

Each app declares its actions once::

    ACCIONES = tabla(
        AccionPagina("validar", "Validar apartado", servicio=lambda actor, apartado: services.apartado_validar(
            actor=actor, apartado_id=apartado.pk), transiciones=("validar",), boton="Validar"),
        AccionPagina("liberar", "Liberar la unidad", servicio=..., transiciones=("liberar",), formulario=LiberarForm),
    )

The detail view shows ``ofrecidas(ACCIONES, objeto, usuario)``: an action is offered exactly when one of
its transitions would pass the runner for that user (``acciones.puede``), or, for an action that is not a
transition, when its ``acciones.Escritura`` (the same one its service enforces) allows it. ``procesar`` is
the one POST handler: an invalid form or a refused service re-renders the page with what the user typed
and the errors (HTTP 200); success shows a message and redirects.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from enlace import acciones
from enlace.errores import ErrorNegocio


@dataclass(frozen=True)
class AccionPagina:
    codigo: str
    titulo: str
    servicio: Callable  # (actor, objeto, **cleaned_data) -> anything
    transiciones: tuple[str, ...] = ()
    formulario: type | None = None
    boton: str = "Confirmar"
    escritura: acciones.Escritura | None = None  # for an action that is not a transition: who and when
    exito: str | Callable = ""  # success message, or a callable of the service's result; by default "Hecho: <titulo>."
    argumentos_formulario: Callable | None = None  # (objeto) -> kwargs for the form's constructor

    def disponible(self, objeto, usuario):
        if self.transiciones:
            return any(acciones.puede(objeto, nombre, usuario) for nombre in self.transiciones)
        return self.escritura is not None and self.escritura.motivo(objeto, usuario) is None

    def formulario_para(self, objeto, data=None, files=None):
        if self.formulario is None:
            return None
        extra = self.argumentos_formulario(objeto) if self.argumentos_formulario else {}
        return self.formulario(data, files, **extra)


def tabla(*definiciones):
    return {accion.codigo: accion for accion in definiciones}


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
            resultado = accion.servicio(request.user, objeto, **(form.cleaned_data if form is not None else {}))
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
