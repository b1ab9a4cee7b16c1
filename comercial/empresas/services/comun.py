"""What the services of Ventas Equipo Empresas share: the one business error, events and notifications,
and running a step of the sale through the one action layer."""

from django.urls import reverse
from django.utils import timezone

from comercial.empresas.models import Interaccion, Venta
from comercial.factibilidad import consultar_factibilidad
from enlace import acciones, bitacora
from enlace.acciones import Aviso
from enlace.errores import ErrorNegocio


class ErrorEmpresas(ErrorNegocio):
    """A business rule refused the action; ``mensaje`` is shown to the user as is."""


def registrar_evento(tipo, actor, objeto, datos):
    bitacora.registrar(
        tipo=f"empresas.{tipo}", actor=actor, objeto=objeto, organizacion=objeto.organizacion, datos=datos
    )


def ruta_venta(venta):
    return reverse("comercial:empresas:venta", args=[venta.pk])


def bloquear_venta(venta):
    return Venta.objects.select_for_update().select_related("empresa", "organizacion").get(pk=venta.pk)


def paso_de_venta(venta, nombre, *, actor, argumentos=None, avisos=(), **datos):
    """Run transition ``nombre`` of a sale the caller already locked, through the one runner.

    Its event is ``empresas.venta.<nombre>`` with the flow and ``datos`` (the runner adds ``de``/``a``).
    Raises AccionRechazada with the Spanish reason (state, permission or condition); nothing changes then.
    """
    return acciones.ejecutar(
        venta,
        nombre,
        actor=actor,
        argumentos=argumentos,
        evento=f"empresas.venta.{nombre}",
        datos={"flujo": venta.flujo, **datos},
        avisos=avisos,
        bloquear=False,
    )


def aviso_de_venta(venta, destinatarios, titulo, cuerpo, *, por_correo=True):
    """A notification about the sale, linked to its page."""
    return Aviso(
        destinatarios=[u for u in destinatarios if u is not None],
        titulo=titulo,
        cuerpo=cuerpo,
        enlace=ruta_venta(venta),
        por_correo=por_correo,
    )


def interaccion_crear(*, venta=None, empresa, actor, canal, resultado, fecha=None):
    return Interaccion.objects.create(
        organizacion=empresa.organizacion,
        empresa=empresa,
        venta=venta,
        usuario=actor,
        fecha=fecha or timezone.now(),
        canal=canal,
        resultado=resultado,
    )


def consultar_gis(venta):
    """Ask the GIS for the sale's locality with the most demanding speed and features of its proyecto.

    Returns (Factibilidad, what was asked) — both go into the evidence stored with the transition.
    """
    lineas = list(venta.lineas.select_related("producto"))
    velocidad = max([venta.velocidad_requerida_mbps, *(linea.producto.velocidad_mbps for linea in lineas)])
    caracteristicas = sorted(
        set(venta.caracteristicas_requeridas or []).union(*(set(linea.producto.caracteristicas) for linea in lineas))
    )
    resultado = consultar_factibilidad(
        organizacion=venta.organizacion,
        localidad=venta.empresa.localidad,
        velocidad_mbps=velocidad,
        caracteristicas=caracteristicas,
    )
    return resultado, {"velocidad_mbps": velocidad, "caracteristicas_pedidas": caracteristicas}
