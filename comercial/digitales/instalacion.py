"""The hand-off of a controlled digital sale to Instalaciones y Traslados (OPR-PAS-P02): the installation order
it opens and its closing. Imported back by services.py, whose helpers it uses."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comercial.digitales.models import Estado, OrdenInstalacion
from comercial.digitales.services import (
    DIAS_FUERA_DE_RANGO,
    OBSERVACION_OBLIGATORIA,
    ORDEN_NO_ENCONTRADA,
    ErrorDigitales,
    _bloquear,
    _url,
    _usuarios_con_rol,
    rango_eta,
)
from enlace import acciones, bitacora
from enlace.acciones import Aviso
from enlace.notificaciones.services import notificar_varios


def _bloquear_orden(actor, orden):
    try:
        return (
            OrdenInstalacion.objects.visibles_para(actor)
            .select_related("solicitud__agente", "solicitud__producto")
            .select_for_update(of=("self",))
            .get(pk=orden.pk)
        )
    except OrdenInstalacion.DoesNotExist:
        raise ErrorDigitales(ORDEN_NO_ENCONTRADA) from None


def _url_orden(orden):
    return reverse("comercial:digitales:orden", args=[orden.pk])


def _avisos_orden_abierta(orden, solicitud):
    destinatarios = _usuarios_con_rol(solicitud.organizacion, "gestion_recursos")
    cuerpo = f"{solicitud.producto} · {solicitud.direccion}, {solicitud.localidad} · estimada {orden_fecha(orden)}"
    return [
        Aviso(
            destinatarios=destinatarios,
            titulo=f"Nueva orden de instalación {orden.codigo} ({solicitud.numero})",
            cuerpo=cuerpo,
            enlace=_url_orden(orden),
            por_correo=False,
        ),
        Aviso(
            destinatarios=[solicitud.agente] if solicitud.agente else [],
            titulo=f"{solicitud.numero}: digitación controlada, orden {orden.codigo} abierta",
            cuerpo=f"Comunique al cliente la fecha estimada de instalación: {orden_fecha(orden)}.",
            enlace=_url(solicitud),
            por_correo=False,
        ),
    ]


def orden_fecha(orden):
    return orden.fecha_estimada.strftime("%d/%m/%Y")


def solicitud_controlar_digitacion(*, actor, solicitud, dias):
    """The gestor(a) comercial checks the digitación in Smartflex (step 10.1 «según Procedimiento Venta»,
    whose step 11 is this control) and hands the sale to Instalaciones y Traslados (OPR-PAS-P02): an
    installation order estimated ``dias`` days ahead, within the product's ETA range.

    Raises ErrorDigitales out of range, AccionRechazada (role, state, product no longer active); nothing
    changes then. Returns the solicitud.
    """
    ahora = timezone.now()
    with transaction.atomic():
        solicitud = _bloquear(actor, solicitud)
        motivo = acciones.motivo_rechazo(solicitud, "controlar_digitacion", actor)
        if motivo:
            raise acciones.AccionRechazada(motivo)
        minimo, maximo = rango_eta(solicitud)
        if not minimo <= dias <= maximo:
            raise ErrorDigitales(
                DIAS_FUERA_DE_RANGO.format(producto=solicitud.producto, minimo=minimo, maximo=maximo, dias=dias)
            )
        orden = OrdenInstalacion(
            organizacion=solicitud.organizacion,
            solicitud=solicitud,
            abierta_en=ahora,
            abierta_por=actor,
            dias_estimados=dias,
            fecha_estimada=timezone.localdate(ahora) + timedelta(days=dias),
        )
        solicitud = acciones.ejecutar(
            solicitud,
            "controlar_digitacion",
            actor=actor,
            argumentos={"por": actor, "cuando": ahora},
            evento="digitales.digitacion_controlada",
            datos={"estado": Estado.DERIVADA, "dias_estimados": dias, "fecha_estimada": orden.fecha_estimada},
            bloquear=False,
        )
        orden.save()
        notificar_varios(_avisos_orden_abierta(orden, solicitud))
        bitacora.registrar(
            tipo="digitales.orden_abierta",
            actor=actor,
            objeto=orden,
            organizacion=orden.organizacion,
            datos={"solicitud": solicitud.pk, "dias_estimados": dias, "fecha_estimada": orden.fecha_estimada},
        )
        return solicitud


def _aviso_orden_cerrada(orden):
    solicitud = orden.solicitud
    return [
        Aviso(
            destinatarios=[solicitud.agente] if solicitud.agente else [],
            titulo=f"{orden.codigo} {orden.get_estado_display().lower()}: haga el seguimiento de {solicitud.numero}",
            cuerpo=orden.observaciones or f"{solicitud.producto} · {solicitud.nombre_cliente}",
            enlace=_url(solicitud),
            por_correo=False,
        )
    ]


def _cerrar_orden(actor, orden, transicion, observaciones, *, evento):
    with transaction.atomic():
        orden = _bloquear_orden(actor, orden)
        vencida = orden.vencida_al(timezone.localdate())
        return acciones.ejecutar(
            orden,
            transicion,
            actor=actor,
            argumentos={"por": actor, "cuando": timezone.now(), "observaciones": observaciones},
            evento=evento,
            datos={"solicitud": orden.solicitud_id, "vencida": vencida},
            avisos=_aviso_orden_cerrada,
            bloquear=False,
        )


def orden_instalar(*, actor, orden, observaciones=""):
    """Instalaciones y Traslados installed the service: the order closes (pendiente → instalada) and the
    agent is told to follow up. Raises AccionRechazada (role or state), ErrorDigitales (another org)."""
    return _cerrar_orden(actor, orden, "instalar", (observaciones or "").strip(), evento="digitales.orden_instalar")


def orden_no_instalar(*, actor, orden, observaciones):
    """The order closes without installation (pendiente → no instalada), with why. Raises ErrorDigitales
    without a reason, AccionRechazada (role or state)."""
    observaciones = (observaciones or "").strip()
    if not observaciones:
        raise ErrorDigitales(OBSERVACION_OBLIGATORIA)
    return _cerrar_orden(actor, orden, "no_instalar", observaciones, evento="digitales.orden_no_instalar")
