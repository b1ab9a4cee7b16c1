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
    CONFIRMAR_PAGO,
    CREAR_TAREA_DE_OPERACION,
    CREAR_TAREA_DE_UNIDAD,
    GUARDAR_CONTACTO,
    PROGRAMAR_ENTREGA,
    REGISTRAR_FACTURA,
)
from operaciones.eventos import (
    EVENTO_DOCUMENTO,
    EVENTO_ENTREGA_PROGRAMADA,
    EVENTO_FACTURA,
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
)
from operaciones.selectors.comun import red_de, usuarios
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
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


def entrega_programar(*, actor, apartado, lugar, direccion, fecha_programada, notas=""):
    """COP: schedule (or reschedule) where — the client's choice — and when the unit of a running operación is
    handed over (``PROGRAMAR_ENTREGA``). Notifies the asesor and the owning concesionario once per scheduled date.
    Raises AccionRechazada or ErrorOperacion.
    """
    if lugar not in Apartado.LugarEntrega.values:
        raise ErrorOperacion(mensajes.ENTREGA_SIN_DETALLE)
    direccion = (direccion or "").strip() if lugar in LUGARES_CON_DIRECCION else ""
    if lugar in LUGARES_CON_DIRECCION and not direccion:
        raise ErrorOperacion(mensajes.ENTREGA_SIN_DETALLE)
    if fecha_programada <= timezone.now():
        raise ErrorOperacion(mensajes.ENTREGA_FECHA_PASADA)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        PROGRAMAR_ENTREGA.exigir(apartado, actor)
        entrega, _creada = Entrega.objects.select_for_update().update_or_create(
            apartado=apartado,
            defaults={
                "lugar": lugar,
                "direccion": direccion,
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
            lugar=lugar,
            fecha_programada=fecha_programada,
        )
        unidad = apartado.unidad
        notificar(
            destinatarios=[apartado.asesor, *gerentes_de(apartado.concesionario_id)],
            titulo=f"Entrega programada: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=(
                f"Entrega a {apartado.cliente.nombre} el {cuando:%d/%m/%Y} a las {cuando:%H:%M}, "
                f"{entrega.get_lugar_display().lower()}{f': {direccion}' if direccion else ''}."
            ),
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            clave=f"operaciones-entrega-{apartado.pk}-{fecha_programada:%Y%m%d%H%M}",
        )
        return entrega


# --- Tareas de proveedores ---------------------------------------------------------


def tarea_crear(*, actor, tipo, fecha_compromiso, apartado=None, unidad=None, proveedor=None, notas=""):
    """COP: a task for a provider on a running operación, or a photo/video request to the unit's webmasters.

    With ``apartado`` the task belongs to that operación (and is an event on it: ``CREAR_TAREA_DE_OPERACION``);
    else it is on ``unidad`` (found by the caller in the COP's network: ``CREAR_TAREA_DE_UNIDAD``). ``proveedor``
    must be a contact of the network. Raises AccionRechazada or ErrorOperacion.
    """
    if tipo not in TareaProveedor.Tipo.values:
        raise ErrorOperacion(mensajes.TAREA_NO_PERMITIDA)
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
