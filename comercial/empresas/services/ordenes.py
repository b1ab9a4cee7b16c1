"""Work orders with Gestión de Recursos, the documents back to the ejecutiva and the quality-control call."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comercial.empresas.mensajes import SIN_PERMISO_TIPOS_ORDEN, TIPO_ORDEN_INVALIDO
from comercial.empresas.models import Empresa, Interaccion, OrdenTrabajo, TipoOrden
from comercial.empresas.selectors import usuarios_con_rol
from comercial.empresas.services.comun import (
    ErrorEmpresas,
    aviso_de_venta,
    bloquear_venta,
    interaccion_crear,
    paso_de_venta,
    ruta_venta,
)
from comercial.empresas.services.derivaciones import derivacion_crear
from enlace import acciones, bitacora
from enlace.acciones import Aviso
from enlace.historial import actualizar_con_historial

# Organisation-wide (its object is the organisation): the standard times of the work orders.
GESTIONAR_TIPOS_ORDEN = acciones.Escritura(
    permiso="comercial_empresas.gestionar_tipos_orden", sin_permiso=SIN_PERMISO_TIPOS_ORDEN
)


def tipo_orden_guardar(*, actor, organizacion, nombre, dias_estandar, activo=True):
    """Create or update (by name) a type of work order and its standard time in days; returns it.

    Raises AccionRechazada (GESTIONAR_TIPOS_ORDEN). Orders already requested keep their due date.
    """
    GESTIONAR_TIPOS_ORDEN.exigir(organizacion, actor)
    with transaction.atomic():
        tipo, creado = TipoOrden.objects.select_for_update().update_or_create(
            organizacion=organizacion,
            nombre=nombre.strip(),
            defaults={"dias_estandar": dias_estandar, "activo": activo},
        )
        bitacora.registrar(
            tipo="empresas.tipo_orden.guardar",
            actor=actor,
            objeto=tipo,
            organizacion=organizacion,
            datos={"nombre": tipo.nombre, "dias_estandar": dias_estandar, "activo": activo, "nuevo": creado},
        )
    return tipo


def orden_solicitar(*, actor, venta, tipo, descripcion):
    """Step 13 (A) / 9 (B): request a work order from Gestión de Recursos; returns it.

    Its due date is not typed: today plus the standard time of its type (``TipoOrden``, kept by the
    Responsable). Raises ErrorEmpresas for a type of another organisation or no longer in force.
    """
    if tipo is None or tipo.organizacion_id != venta.organizacion_id or not tipo.activo:
        raise ErrorEmpresas(TIPO_ORDEN_INVALIDO)
    fecha_compromiso = timezone.localdate() + timedelta(days=tipo.dias_estandar)
    with transaction.atomic():
        venta = bloquear_venta(venta)
        # Created first so the event names it; a refused transition rolls it back with the rest.
        orden = OrdenTrabajo.objects.create(
            venta=venta, tipo=tipo, descripcion=descripcion, fecha_compromiso=fecha_compromiso, solicitada_por=actor
        )
        aviso = Aviso(
            destinatarios=usuarios_con_rol(venta.organizacion, "gestion_recursos"),
            titulo=f"Orden de trabajo OT-{orden.pk}: {venta.empresa.razon_social}",
            cuerpo=f"{descripcion}. Fecha comprometida: {fecha_compromiso:%d/%m/%Y}.",
            enlace=reverse("comercial:empresas:ordenes"),
        )
        paso_de_venta(
            venta,
            "solicitar_ordenes",
            actor=actor,
            avisos=[aviso],
            orden=orden.pk,
            tipo=tipo.nombre,
            dias_estandar=tipo.dias_estandar,
            fecha_compromiso=fecha_compromiso.isoformat(),
        )
    return orden


def orden_cerrar(*, actor, orden, observaciones=""):
    """Gestión de Recursos closes a work order; the gestor técnico is told. Returns the order.

    Raises AccionRechazada (already closed, or not Gestión de Recursos).
    """
    with transaction.atomic():
        orden = OrdenTrabajo.objects.select_for_update().select_related("venta__organizacion").get(pk=orden.pk)
        venta = orden.venta
        ahora = timezone.now()
        aviso = Aviso(
            destinatarios=[venta.gestor_tecnico] if venta.gestor_tecnico_id else [],
            titulo=f"OT-{orden.pk} cerrada",
            cuerpo=observaciones or orden.descripcion,
            enlace=ruta_venta(venta),
            por_correo=False,
        )
        return acciones.ejecutar(
            orden,
            "cerrar",
            actor=actor,
            argumentos={"por": actor, "cuando": ahora, "observaciones": observaciones},
            evento="empresas.orden.cerrar",
            datos={"orden": orden.pk, "venta": venta.pk, "vencida": orden.fecha_compromiso < timezone.localdate(ahora)},
            organizacion=venta.organizacion,
            avisos=[aviso],
            bloquear=False,
        )


def venta_entregar_documentos(*, actor, venta, resultado=""):
    """Steps 14.1–14.2 (A) / 9.1–9.2 (B): closing verified, documents back to the ejecutivo.

    Refused while an order is open (ORDENES_ABIERTAS, a condition of the transition). Logs the work done.
    """
    with transaction.atomic():
        venta = bloquear_venta(venta)
        aviso = aviso_de_venta(
            venta,
            [venta.ejecutivo],
            f"Documentación de vuelta: {venta.empresa.razon_social}",
            "Realice la llamada de control de calidad con el cliente.",
        )
        venta = paso_de_venta(
            venta,
            "entregar_documentos",
            actor=actor,
            argumentos={"cuando": timezone.now()},
            avisos=[aviso],
            ordenes=venta.ordenes.count(),
        )
        interaccion_crear(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=Interaccion.Canal.SISTEMA,
            resultado=resultado or "Órdenes de trabajo atendidas y cerradas; documentación entregada a la ejecutiva.",
        )
    return venta


def venta_llamada_calidad(*, actor, venta, funciona, observaciones):
    """Step 14 (A) / 10 (B): the QC call. Works → completada (counted in the month; the prospect
    becomes a client). Does not work → back to the gestor técnico for new orders."""
    with transaction.atomic():
        venta = bloquear_venta(venta)
        if funciona:
            nombre, avisos = "confirmar_servicio", []
        else:
            nombre = "reportar_falla"
            titulo = f"El cliente reporta una falla: {venta.empresa.razon_social}"
            avisos = [aviso_de_venta(venta, [venta.gestor_tecnico], titulo, observaciones)]
        argumentos = {"cuando": timezone.now(), "observaciones": observaciones}
        venta = paso_de_venta(venta, nombre, actor=actor, argumentos=argumentos, avisos=avisos, funciona=funciona)
        estado_del_servicio = "el servicio funciona. " if funciona else "falla. "
        interaccion_crear(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=Interaccion.Canal.LLAMADA,
            resultado=f"Control de calidad: {estado_del_servicio}{observaciones}",
        )
        if funciona:
            # The procedure's exit: the completed sale is handed to Venta de Productos/Servicios (CUM-04).
            derivacion_crear(actor=actor, venta=venta)
        if funciona and venta.empresa.situacion != Empresa.Situacion.CLIENTE:
            actualizar_con_historial(
                Empresa.objects.filter(pk=venta.empresa_id),
                {"situacion": Empresa.Situacion.CLIENTE},
                razon="Llamada de calidad: el servicio funciona",
                usuario=actor,
            )
    return venta
