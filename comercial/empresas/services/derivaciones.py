"""The hand-off of a completed sale to Venta de Productos/Servicios (GC-PRC-OPE-CUM-04) and its follow-up."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comercial.empresas.mensajes import SIN_CIERRE_DERIVACION, SIN_PERMISO_PRIORIZAR_DERIVACION
from comercial.empresas.models import Derivacion, Prioridad
from comercial.empresas.selectors import usuarios_con_rol
from comercial.empresas.services.comun import ErrorEmpresas, registrar_evento
from enlace import acciones
from enlace.acciones import Aviso
from enlace.historial import actualizar_con_historial
from enlace.notificaciones.services import notificar

PRIORIZAR_DERIVACION = acciones.Escritura(
    permiso="comercial_empresas.priorizar_derivacion", sin_permiso=SIN_PERMISO_PRIORIZAR_DERIVACION
)


def ruta_derivacion(derivacion):
    return reverse("comercial:empresas:derivacion", args=[derivacion.pk])


def derivacion_crear(*, actor, venta):
    """The completed sale is handed to CUM-04 (called inside the service that completes it, with the sale
    locked): a snapshot of its services and documents, due in ``EMPRESAS_DERIVACION_DIAS`` days. Idempotent."""
    existente = Derivacion.objects.filter(venta=venta).first()
    if existente is not None:
        return existente
    ahora = timezone.now()
    servicios = [
        {
            "codigo": linea.producto.codigo,
            "nombre": linea.producto.nombre,
            "cantidad": linea.cantidad,
            "tarifa_mensual": str(linea.mensual_total),
        }
        for linea in venta.lineas.select_related("producto")
    ]
    documentos = [{"id": d.pk, "descripcion": d.descripcion} for d in venta.documentos.all()]
    derivacion = Derivacion.objects.create(
        organizacion=venta.organizacion,
        venta=venta,
        derivada_por=actor,
        derivada_en=ahora,
        vence_el=timezone.localdate(ahora) + timedelta(days=settings.EMPRESAS_DERIVACION_DIAS),
        servicios=servicios,
        documentos=documentos,
        prioridad=venta.empresa.prioridad,
    )
    datos = {"venta": venta.pk, "servicios": len(servicios), "documentos": len(documentos)}
    registrar_evento("derivacion.crear", actor, derivacion, datos)
    notificar(
        destinatarios=usuarios_con_rol(venta.organizacion, "responsable_empresas"),
        titulo=f"Venta derivada a Venta de Productos/Servicios: {venta.empresa.razon_social}",
        cuerpo=f"{derivacion.codigo}: {len(servicios)} servicio(s), {len(documentos)} documento(s).",
        enlace=ruta_derivacion(derivacion),
        por_correo=False,
    )
    return derivacion


def _aviso(derivacion, titulo, cuerpo):
    return Aviso(
        destinatarios=[derivacion.venta.ejecutivo],
        titulo=titulo,
        cuerpo=cuerpo,
        enlace=ruta_derivacion(derivacion),
        por_correo=False,
    )


def _bloquear(derivacion):
    return (
        Derivacion.objects.select_for_update()
        .select_related("venta__empresa", "venta__ejecutivo")
        .get(pk=derivacion.pk)
    )


def derivacion_poner_en_proceso(*, actor, derivacion, observaciones=""):
    """CUM-04 took the hand-off (recibida → en proceso). Raises AccionRechazada (state or role)."""
    with transaction.atomic():
        derivacion = _bloquear(derivacion)
        return acciones.ejecutar(
            derivacion,
            "poner_en_proceso",
            actor=actor,
            argumentos={"por": actor, "cuando": timezone.now(), "observaciones": observaciones},
            evento="empresas.derivacion.poner_en_proceso",
            datos={"venta": derivacion.venta_id},
            avisos=[_aviso(derivacion, f"{derivacion.codigo} en proceso", observaciones or "En proceso en CUM-04.")],
            bloquear=False,
        )


def derivacion_cerrar(*, actor, derivacion, observaciones):
    """CUM-04 finished the hand-off (en proceso → cerrada), with how it closed.

    Raises ErrorEmpresas (no text) or AccionRechazada (state or role); nothing changes then.
    """
    if not (observaciones or "").strip():
        raise ErrorEmpresas(SIN_CIERRE_DERIVACION)
    with transaction.atomic():
        derivacion = _bloquear(derivacion)
        vencida = derivacion.vencida_al(timezone.localdate())
        return acciones.ejecutar(
            derivacion,
            "cerrar",
            actor=actor,
            argumentos={"cuando": timezone.now(), "observaciones": observaciones},
            evento="empresas.derivacion.cerrar",
            datos={"venta": derivacion.venta_id, "vencida": vencida},
            avisos=[_aviso(derivacion, f"{derivacion.codigo} cerrada", observaciones)],
            bloquear=False,
        )


def derivacion_priorizar(*, actor, derivacion, prioridad):
    """Set the hand-off's priority (1 alta … 3 baja). Raises AccionRechazada (PRIORIZAR_DERIVACION)."""
    prioridad = Prioridad(int(prioridad))
    with transaction.atomic():
        derivacion = _bloquear(derivacion)
        PRIORIZAR_DERIVACION.exigir(derivacion, actor)
        actualizar_con_historial(
            Derivacion.objects.filter(pk=derivacion.pk), {"prioridad": prioridad}, razon="Prioridad", usuario=actor
        )
        registrar_evento("derivacion.priorizar", actor, derivacion, {"prioridad": int(prioridad)})
    derivacion.refresh_from_db()
    return derivacion
