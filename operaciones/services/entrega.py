"""Entrega of an operación: expediente (documents, payment, factura), the delivery and provider tasks.

Every service locks the apartado first (``bloquear_apartado``: unit → apartado), then checks its write
(``operaciones.escrituras``), locks its own rows, records the step as an event on the apartado and notifies
with a ``clave`` so a retry sends nothing twice.
A provider task moves through its own transitions (``enlace.acciones.ejecutar``).
"""

import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace import acciones
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.escrituras import (
    AGREGAR_DOCUMENTO,
    CAMBIAR_LUGAR_ENTREGA,
    CONFIRMAR_PAGO,
    CREAR_TAREA_DE_OPERACION,
    CREAR_TAREA_DE_UNIDAD,
    GUARDAR_CONTACTO,
    PROGRAMAR_ENTREGA,
    PROGRAMAR_TRASLADO,
    REGISTRAR_FACTURA,
)
from operaciones.eventos import (
    EVENTO_DOCUMENTO,
    EVENTO_ENTREGA_PROGRAMADA,
    EVENTO_FACTURA,
    EVENTO_LUGAR_ENTREGA,
    EVENTO_PAGO_CONFIRMADO,
    EVENTO_TAREA_PROVEEDOR,
)
from operaciones.models import (
    LUGARES_CON_DIRECCION,
    Apartado,
    Contacto,
    DocumentoOperacion,
    Entrega,
    ExpedienteOperacion,
    TareaProveedor,
    TipoContacto,
    TipoDocumento,
    validar_lugar_entrega,
)
from operaciones.selectors.comun import red_de, usuarios
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    cop_de,
    gerentes_de,
    registrar_en_operacion,
    validar_archivo,
)

UUID_CFDI = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


def _expediente(apartado):
    """The apartado's expediente row, created on first use and locked (after the apartado)."""
    ExpedienteOperacion.objects.get_or_create(apartado=apartado)
    return ExpedienteOperacion.objects.select_for_update().get(apartado=apartado)


# --- Expediente -------------------------------------------------------------------


def documento_agregar(*, actor, apartado, tipo, archivo):
    """Add one file (PDF or image, at most OPERACIONES_ARCHIVO_MAX_BYTES) to a running operación's expediente.

    COP, the operación's asesor or the owning concesionario (``AGREGAR_DOCUMENTO``). A refused file stores nothing.
    """
    if tipo not in TipoDocumento.values:
        raise ErrorOperacion(mensajes.TIPO_DOCUMENTO_INVALIDO)
    validar_archivo(archivo, tipos=("pdf", "imagen"), max_bytes=settings.OPERACIONES_ARCHIVO_MAX_BYTES)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        AGREGAR_DOCUMENTO.exigir(apartado, actor)
        documento = DocumentoOperacion.objects.create(apartado=apartado, tipo=tipo, archivo=archivo, subido_por=actor)
        registrar_en_operacion(
            EVENTO_DOCUMENTO,
            actor=actor,
            apartado=apartado,
            condicion="Operación validada; archivo PDF o imagen dentro del tamaño permitido",
            documento=documento.get_tipo_display(),
        )
        return documento


def pago_confirmar(*, actor, apartado, referencia, monto):
    """COP: the client's payment of a running operación is confirmed (reference and amount). Once per operación
    (``CONFIRMAR_PAGO``). Raises AccionRechazada or ErrorOperacion."""
    if not (referencia or "").strip() or not monto or monto <= 0:
        raise ErrorOperacion(mensajes.PAGO_DATOS_REQUERIDOS)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        CONFIRMAR_PAGO.exigir(apartado, actor)
        expediente = _expediente(apartado)
        expediente.pago_confirmado_en = timezone.now()
        expediente.pago_confirmado_por = actor
        expediente.pago_referencia = referencia.strip()
        expediente.pago_monto = monto
        expediente.save(update_fields=["pago_confirmado_en", "pago_confirmado_por", "pago_referencia", "pago_monto"])
        registrar_en_operacion(
            EVENTO_PAGO_CONFIRMADO,
            actor=actor,
            apartado=apartado,
            condicion="Pago verificado por el COP",
            referencia=expediente.pago_referencia,
            monto=monto,
        )
        return expediente


def factura_registrar(*, actor, apartado, uuid, fecha, pdf=None, xml=None):
    """COP: record the factura of a running operación (CFDI folio fiscal, date, optional PDF and XML). Once
    (``REGISTRAR_FACTURA``). Raises AccionRechazada or ErrorOperacion."""
    uuid = (uuid or "").strip().upper()
    if not UUID_CFDI.match(uuid):
        raise ErrorOperacion(mensajes.FACTURA_UUID_INVALIDO)
    if fecha is None:
        raise ErrorOperacion(mensajes.FACTURA_FECHA_REQUERIDA)
    if pdf:
        validar_archivo(pdf, tipos=("pdf",), max_bytes=settings.OPERACIONES_ARCHIVO_MAX_BYTES)
    if xml:
        validar_archivo(xml, tipos=("xml",), max_bytes=settings.OPERACIONES_ARCHIVO_MAX_BYTES)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        REGISTRAR_FACTURA.exigir(apartado, actor)
        expediente = _expediente(apartado)
        expediente.factura_uuid = uuid
        expediente.factura_fecha = fecha
        expediente.factura_pdf = pdf or ""
        expediente.factura_xml = xml or ""
        expediente.factura_registrada_en = timezone.now()
        expediente.factura_registrada_por = actor
        expediente.save(
            update_fields=[
                "factura_uuid",
                "factura_fecha",
                "factura_pdf",
                "factura_xml",
                "factura_registrada_en",
                "factura_registrada_por",
            ]
        )
        registrar_en_operacion(
            EVENTO_FACTURA,
            actor=actor,
            apartado=apartado,
            condicion="Factura emitida con folio fiscal válido",
            uuid=uuid,
            fecha=fecha,
        )
        return expediente


# --- Entrega ------------------------------------------------------------------------


def entrega_programar(*, actor, apartado, fecha_programada, notas=""):
    """COP: schedule (or reschedule) when the unit of a running operación is handed over, at the operación's
    delivery place (``Apartado.lugar_entrega``, changed only by ``lugar_entrega_cambiar``). ``PROGRAMAR_ENTREGA``.
    Notifies the asesor and the owning concesionario once per scheduled date.
    Raises AccionRechazada or ErrorOperacion.
    """
    if fecha_programada is None or fecha_programada <= timezone.now():
        raise ErrorOperacion(mensajes.ENTREGA_FECHA_PASADA)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        PROGRAMAR_ENTREGA.exigir(apartado, actor)
        entrega, _creada = Entrega.objects.select_for_update().update_or_create(
            apartado=apartado,
            defaults={
                "fecha_programada": fecha_programada,
                "notas": (notas or "").strip(),
                "programada_por": actor,
                "programada_en": timezone.now(),
            },
        )
        cuando = timezone.localtime(fecha_programada)
        registrar_en_operacion(
            EVENTO_ENTREGA_PROGRAMADA,
            actor=actor,
            apartado=apartado,
            condicion="Lugar elegido por el cliente y fecha futura",
            lugar=apartado.lugar_entrega,
            fecha_programada=fecha_programada,
        )
        unidad = apartado.unidad
        notificar(
            destinatarios=[apartado.asesor, *gerentes_de(apartado.concesionario_id)],
            titulo=f"Entrega programada: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=(
                f"Entrega a {apartado.cliente.nombre} el {cuando:%d/%m/%Y} a las {cuando:%H:%M}, {_lugar_de(apartado)}."
            ),
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            clave=f"operaciones-entrega-{apartado.pk}-{fecha_programada:%Y%m%d%H%M}",
        )
        return entrega


def _lugar_de(apartado):
    detalle = apartado.lugar_entrega_detalle
    return apartado.get_lugar_entrega_display().lower() + (f": {detalle}" if detalle else "")


def lugar_entrega_cambiar(*, actor, apartado, lugar, detalle="", motivo=""):
    """The client changed where they receive the unit after the Solicitud: the COP or the operación's asesor
    records the new place and why (``CAMBIAR_LUGAR_ENTREGA``); the change and its reason are on the timeline
    and the other side (asesor or COP) hears of it in the app. Raises AccionRechazada or ErrorOperacion.
    """
    motivo = (motivo or "").strip()
    detalle = (detalle or "").strip() if lugar in LUGARES_CON_DIRECCION else ""
    if lugar not in Apartado.LugarEntrega.values:
        raise ErrorOperacion(mensajes.LUGAR_INVALIDO)
    errores = validar_lugar_entrega(lugar, detalle)
    if errores:
        raise ErrorOperacion(" ".join(errores))
    if not motivo:
        raise ErrorOperacion(mensajes.LUGAR_MOTIVO_REQUERIDO)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        CAMBIAR_LUGAR_ENTREGA.exigir(apartado, actor)
        if (apartado.lugar_entrega, apartado.lugar_entrega_detalle) == (lugar, detalle):
            raise ErrorOperacion(mensajes.LUGAR_SIN_CAMBIO)
        anterior = _lugar_de(apartado)
        apartado.lugar_entrega, apartado.lugar_entrega_detalle = lugar, detalle
        apartado._change_reason = motivo  # the history row of the apartado keeps why
        apartado.save(update_fields=["lugar_entrega", "lugar_entrega_detalle"])
        registrar_en_operacion(
            EVENTO_LUGAR_ENTREGA,
            actor=actor,
            apartado=apartado,
            condicion=f"De «{anterior}» a «{_lugar_de(apartado)}»",
            motivo=motivo,
            lugar_anterior=anterior,
            lugar=lugar,
        )
        unidad = apartado.unidad
        notificar(
            destinatarios=[u for u in [apartado.asesor, *cop_de(apartado.concesionario_id)] if u.pk != actor.pk],
            titulo=f"Cambió el lugar de entrega: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=f"{actor} cambió la entrega a {_lugar_de(apartado)}. Motivo: {motivo}",
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            por_correo=False,
        )
        return apartado


# --- Traslado y seguro -----------------------------------------------------------------------


def _proveedor_del_tipo(actor, proveedor, tipo):
    if proveedor is None or proveedor.tipo != tipo:
        raise ErrorOperacion(mensajes.PROVEEDOR_DE_OTRO_TIPO.format(tipo=TipoContacto(tipo).label))
    if proveedor.organizacion_id != getattr(red_de(actor), "pk", None):
        raise ErrorOperacion(mensajes.PROVEEDOR_AJENO)


def traslado_programar(*, actor, apartado, origen, destino, proveedor, fecha_compromiso, notas=""):
    """COP: the unit travels from ``origen`` to ``destino`` with a company of the directory (``TRASLADOS``)
    when the client receives it away from the owning concesionario (``PROGRAMAR_TRASLADO``). The task then
    moves as any other (en proceso, completada); the cierre needs it completed. Raises AccionRechazada or
    ErrorOperacion."""
    origen, destino = (origen or "").strip(), (destino or "").strip()
    if not origen or not destino or fecha_compromiso is None:
        raise ErrorOperacion(mensajes.TRASLADO_DATOS_REQUERIDOS)
    _proveedor_del_tipo(actor, proveedor, TipoContacto.TRASLADOS)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        PROGRAMAR_TRASLADO.exigir(apartado, actor)
        tarea = TareaProveedor.objects.create(
            apartado=apartado,
            unidad=apartado.unidad,
            tipo=TareaProveedor.Tipo.TRASLADO,
            proveedor=proveedor,
            origen=origen,
            destino=destino,
            fecha_compromiso=fecha_compromiso,
            notas=(notas or "").strip(),
            creada_por=actor,
        )
        _registrar_tarea(tarea, actor=actor, condicion=f"Traslado de «{origen}» a «{destino}»")
        return tarea


def seguro_de_la_compra(*, actor, apartado):
    """Every purchase gets its insurance task when the apartado is validated (inside that transaction)."""
    return TareaProveedor.objects.create(
        apartado=apartado,
        unidad=apartado.unidad,
        tipo=TareaProveedor.Tipo.SEGURO,
        fecha_compromiso=timezone.localdate(),
        creada_por=actor,
    )


def seguro_activar(*, actor, tarea, proveedor, poliza, fecha_activacion):
    """COP: the policy is active (aseguradora of the directory, number, activation date); the task completes."""
    poliza = (poliza or "").strip()
    if not poliza or fecha_activacion is None:
        raise ErrorOperacion(mensajes.SEGURO_DATOS_REQUERIDOS)
    _proveedor_del_tipo(actor, proveedor, TipoContacto.ASEGURADORA)
    return _cambiar_tarea(
        actor=actor,
        tarea=tarea,
        transicion="activar_seguro",
        condicion=f"Póliza {poliza} activada el {fecha_activacion:%d/%m/%Y}",
        por=actor,
        proveedor=proveedor,
        poliza=poliza,
        fecha_activacion=fecha_activacion,
    )


def seguro_declinar(*, actor, tarea, motivo):
    """COP: the client declines the insurance; the reason is recorded (task and timeline)."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise ErrorOperacion(mensajes.SEGURO_MOTIVO_REQUERIDO)
    return _cambiar_tarea(
        actor=actor,
        tarea=tarea,
        transicion="declinar_seguro",
        condicion=f"El cliente declina el seguro: {motivo}",
        por=actor,
        motivo=motivo,
    )


# --- Tareas de proveedores ---------------------------------------------------------


# The traslado (origin, destination) and the seguro (one per purchase) have their own actions.
TIPOS_CON_ACCION_PROPIA = (TareaProveedor.Tipo.TRASLADO, TareaProveedor.Tipo.SEGURO)


def tarea_crear(*, actor, tipo, fecha_compromiso, apartado=None, unidad=None, proveedor=None, notas=""):
    """COP: a task for a provider on a running operación, or a photo/video request to the unit's webmasters.

    With ``apartado`` the task belongs to that operación (and is an event on it: ``CREAR_TAREA_DE_OPERACION``);
    else it is on ``unidad`` (found by the caller in the COP's network: ``CREAR_TAREA_DE_UNIDAD``). ``proveedor``
    must be a contact of the network. Raises AccionRechazada or ErrorOperacion.
    """
    if tipo not in TareaProveedor.Tipo.values:
        raise ErrorOperacion(mensajes.TAREA_NO_PERMITIDA)
    if tipo in TIPOS_CON_ACCION_PROPIA:
        raise ErrorOperacion(mensajes.TAREA_TIPO_PROPIO)
    if fecha_compromiso is None:
        raise ErrorOperacion(mensajes.TAREA_FECHA_REQUERIDA)
    if proveedor is not None and proveedor.organizacion_id != getattr(red_de(actor), "pk", None):
        raise ErrorOperacion(mensajes.PROVEEDOR_AJENO)
    with transaction.atomic():
        if apartado is not None:
            apartado = bloquear_apartado(apartado)
            CREAR_TAREA_DE_OPERACION.exigir(apartado, actor)
            unidad = apartado.unidad
        elif unidad is None:
            raise ErrorOperacion(mensajes.TAREA_SIN_UNIDAD)
        else:
            CREAR_TAREA_DE_UNIDAD.exigir(unidad, actor)
        tarea = TareaProveedor.objects.create(
            apartado=apartado,
            unidad=unidad,
            tipo=tipo,
            proveedor=proveedor,
            fecha_compromiso=fecha_compromiso,
            notas=(notas or "").strip(),
            creada_por=actor,
        )
        _registrar_tarea(tarea, actor=actor, condicion="Tarea asignada por el COP")
        if tipo == TareaProveedor.Tipo.FOTOS_VIDEOS:
            notificar(
                destinatarios=usuarios("webmaster", organizacion_id=unidad.concesionario_id),
                titulo=f"Solicitud de fotos y videos: {unidad.marca} {unidad.modelo} {unidad.vin}",
                cuerpo=(
                    f"El COP solicita fotos y videos de la unidad para antes del {fecha_compromiso:%d/%m/%Y}. "
                    f"{tarea.notas}"
                ),
                enlace=reverse("operaciones:mis_tareas"),
                clave=f"operaciones-tarea-{tarea.pk}",
            )
        return tarea


def _registrar_tarea(tarea, *, actor, condicion):
    if tarea.apartado_id is None:
        return
    apartado = tarea.apartado
    apartado.unidad = tarea.unidad
    registrar_en_operacion(
        EVENTO_TAREA_PROVEEDOR,
        actor=actor,
        apartado=apartado,
        condicion=condicion,
        tarea_id=tarea.pk,
        tarea=tarea.get_tipo_display(),
        estado=tarea.estado,
        proveedor=str(tarea.proveedor) if tarea.proveedor_id else "",
    )


def _bloquear_tarea(tarea):
    """Lock order: the operación (unit, apartado) first when there is one, then the task."""
    if tarea.apartado_id:
        bloquear_apartado(tarea.apartado)
    return (
        TareaProveedor.objects.select_for_update(of=("self",))
        .select_related("unidad", "apartado", "proveedor")
        .get(pk=tarea.pk)
    )


def _cambiar_tarea(*, actor, tarea, transicion, condicion, **argumentos):
    with transaction.atomic():
        tarea = _bloquear_tarea(tarea)
        acciones.ejecutar(tarea, transicion, actor=actor, argumentos=argumentos, bloquear=False)
        _registrar_tarea(tarea, actor=actor, condicion=condicion)
        return tarea


def tarea_avanzar(*, actor, tarea):
    """The task is being worked on (pendiente → en proceso). COP, or the webmaster on a photo request."""
    return _cambiar_tarea(actor=actor, tarea=tarea, transicion="avanzar", condicion="Proveedor trabajando en la tarea")


def tarea_completar(*, actor, tarea, notas=""):
    """The task is done. COP, or a webmaster of the unit's concesionario on a photo/video request."""
    return _cambiar_tarea(
        actor=actor, tarea=tarea, transicion="completar", condicion="Tarea abierta completada", por=actor, notas=notas
    )


def tarea_cancelar(*, actor, tarea, notas=""):
    """COP: the task is no longer needed."""
    return _cambiar_tarea(
        actor=actor,
        tarea=tarea,
        transicion="cancelar",
        condicion="Tarea abierta cancelada por el COP",
        por=actor,
        notas=notas,
    )


# --- Directorio -------------------------------------------------------------------

CAMPOS_CONTACTO = ("tipo", "nombre", "empresa", "concesionario", "telefono", "correo", "notas")


def contacto_guardar(*, actor, datos, contacto=None):
    """COP: create or edit (``contacto``) a contact of the network's directory. Raises AccionRechazada
    (``GUARDAR_CONTACTO``) or ErrorOperacion."""
    GUARDAR_CONTACTO.exigir(None, actor)
    if datos.get("tipo") not in TipoContacto.values or not (datos.get("nombre") or "").strip():
        raise ErrorOperacion(mensajes.CONTACTO_DATOS_REQUERIDOS)
    red = red_de(actor)
    with transaction.atomic():
        if contacto is not None:
            contacto = Contacto.objects.select_for_update().filter(pk=contacto.pk, organizacion=red).first()
            if contacto is None:
                raise ErrorOperacion(mensajes.PROVEEDOR_AJENO)
        else:
            contacto = Contacto(organizacion=red)
        for campo in CAMPOS_CONTACTO:
            setattr(contacto, campo, datos.get(campo) or ("" if campo != "concesionario" else None))
        if contacto.pk:
            contacto.save(update_fields=CAMPOS_CONTACTO)
        else:
            contacto.save()
        return contacto
