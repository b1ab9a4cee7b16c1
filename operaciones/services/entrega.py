"""Entrega of an operación: expediente (documents, payment, factura), the delivery and provider tasks.

Every service locks the apartado first (``bloquear_apartado``: unit → apartado), then its own rows,
records the step as an event on the apartado and notifies with a ``clave`` so a retry sends nothing twice.
"""

import re

import rules
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace.notificaciones.services import notificar
from operaciones import mensajes
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
    Unidad,
)
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    exigir_cop,
    gerentes_de,
    guardar,
    red_de,
    registrar_en_operacion,
    usuarios,
    validar_archivo,
)

UUID_CFDI = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


def _operacion_en_curso(apartado_id):
    """Lock a validated (not closed) apartado; raise otherwise."""
    apartado = bloquear_apartado(apartado_id)
    if apartado.estado != Apartado.Estado.VALIDADO:
        raise ErrorOperacion(mensajes.NO_OPERACION_EN_CURSO)
    return apartado


def _expediente(apartado):
    """The apartado's expediente row, created on first use and locked (after the apartado)."""
    ExpedienteOperacion.objects.get_or_create(apartado=apartado)
    return ExpedienteOperacion.objects.select_for_update().get(apartado=apartado)


# --- Expediente -------------------------------------------------------------------


def documento_agregar(*, actor, apartado_id, tipo, archivo):
    """Add one file (PDF or image, at most OPERACIONES_ARCHIVO_MAX_BYTES) to a running operación's expediente.

    COP, the operación's asesor or the owning concesionario. A refused file stores nothing.
    """
    if tipo not in TipoDocumento.values:
        raise ErrorOperacion(mensajes.TIPO_DOCUMENTO_INVALIDO)
    validar_archivo(archivo, tipos=("pdf", "imagen"), max_bytes=settings.OPERACIONES_ARCHIVO_MAX_BYTES)
    with transaction.atomic():
        apartado = _operacion_en_curso(apartado_id)
        if not rules.test_rule("operaciones.manejar_expediente", actor, apartado):
            raise ErrorOperacion(mensajes.NO_EXPEDIENTE)
        documento = DocumentoOperacion.objects.create(apartado=apartado, tipo=tipo, archivo=archivo, subido_por=actor)
        registrar_en_operacion(
            EVENTO_DOCUMENTO,
            actor=actor,
            apartado=apartado,
            condicion="Operación validada; archivo PDF o imagen dentro del tamaño permitido",
            documento=documento.get_tipo_display(),
        )
        return documento


def pago_confirmar(*, actor, apartado_id, referencia, monto):
    """COP: the client's payment is confirmed (reference and amount). Once per operación."""
    exigir_cop(actor)
    if not (referencia or "").strip() or not monto or monto <= 0:
        raise ErrorOperacion(mensajes.PAGO_DATOS_REQUERIDOS)
    with transaction.atomic():
        apartado = _operacion_en_curso(apartado_id)
        expediente = _expediente(apartado)
        if expediente.pago_confirmado:
            raise ErrorOperacion(mensajes.PAGO_YA_CONFIRMADO)
        expediente.pago_confirmado_en = timezone.now()
        expediente.pago_confirmado_por = actor
        expediente.pago_referencia = referencia.strip()
        expediente.pago_monto = monto
        guardar(expediente, "pago_confirmado_en", "pago_confirmado_por", "pago_referencia", "pago_monto")
        registrar_en_operacion(
            EVENTO_PAGO_CONFIRMADO,
            actor=actor,
            apartado=apartado,
            condicion="Pago verificado por el COP",
            referencia=expediente.pago_referencia,
            monto=monto,
        )
        return expediente


def factura_registrar(*, actor, apartado_id, uuid, fecha, pdf=None, xml=None):
    """COP: record the factura (CFDI folio fiscal, date, optional PDF and XML). Once per operación."""
    exigir_cop(actor)
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
        apartado = _operacion_en_curso(apartado_id)
        expediente = _expediente(apartado)
        if expediente.factura_registrada:
            raise ErrorOperacion(mensajes.FACTURA_YA_REGISTRADA)
        expediente.factura_uuid = uuid
        expediente.factura_fecha = fecha
        expediente.factura_pdf = pdf or ""
        expediente.factura_xml = xml or ""
        expediente.factura_registrada_en = timezone.now()
        expediente.factura_registrada_por = actor
        guardar(
            expediente,
            "factura_uuid",
            "factura_fecha",
            "factura_pdf",
            "factura_xml",
            "factura_registrada_en",
            "factura_registrada_por",
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


def entrega_programar(*, actor, apartado_id, lugar, direccion, fecha_programada, notas=""):
    """COP: schedule (or reschedule) where — the client's choice — and when the unit is handed over.

    Notifies the asesor and the owning concesionario once per scheduled date.
    """
    exigir_cop(actor)
    if lugar not in Apartado.LugarEntrega.values:
        raise ErrorOperacion(mensajes.ENTREGA_SIN_DETALLE)
    direccion = (direccion or "").strip() if lugar in LUGARES_CON_DIRECCION else ""
    if lugar in LUGARES_CON_DIRECCION and not direccion:
        raise ErrorOperacion(mensajes.ENTREGA_SIN_DETALLE)
    if fecha_programada <= timezone.now():
        raise ErrorOperacion(mensajes.ENTREGA_FECHA_PASADA)
    with transaction.atomic():
        apartado = _operacion_en_curso(apartado_id)
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


def tarea_crear(*, actor, tipo, fecha_compromiso, apartado_id=None, unidad_id=None, proveedor_id=None, notas=""):
    """COP: a task for a provider on an operación, or a photo/video request to the unit's webmasters.

    With ``apartado_id`` the task belongs to that running operación (and is an event on it);
    else ``unidad_id`` names a unit of the COP's network.
    """
    exigir_cop(actor)
    if tipo not in TareaProveedor.Tipo.values:
        raise ErrorOperacion(mensajes.TAREA_NO_PERMITIDA)
    if fecha_compromiso is None:
        raise ErrorOperacion(mensajes.TAREA_FECHA_REQUERIDA)
    red = red_de(actor)
    proveedor = None
    if proveedor_id:
        proveedor = Contacto.objects.filter(pk=proveedor_id, organizacion=red).first()
        if proveedor is None:
            raise ErrorOperacion(mensajes.PROVEEDOR_AJENO)
    with transaction.atomic():
        apartado = None
        if apartado_id:
            apartado = _operacion_en_curso(apartado_id)
            unidad = apartado.unidad
        else:
            unidad = Unidad.objects.filter(pk=unidad_id, concesionario__padre=red).first() if unidad_id else None
            if unidad is None:
                raise ErrorOperacion(mensajes.TAREA_SIN_UNIDAD)
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


def _bloquear_tarea(tarea_id):
    """Lock order: the operación (unit, apartado) first when there is one, then the task."""
    apartado_id = TareaProveedor.objects.filter(pk=tarea_id).values_list("apartado_id", flat=True).first()
    if apartado_id:
        bloquear_apartado(apartado_id)
    tarea = TareaProveedor.objects.select_for_update(of=("self",)).select_related("unidad", "apartado", "proveedor")
    tarea = tarea.filter(pk=tarea_id).first()
    if tarea is None:
        raise ErrorOperacion(mensajes.TAREA_NO_PERMITIDA)
    return tarea


def _cambiar_tarea(*, actor, tarea_id, regla, cambio, condicion):
    with transaction.atomic():
        tarea = _bloquear_tarea(tarea_id)
        if not rules.test_rule(regla, actor, tarea):
            raise ErrorOperacion(mensajes.TAREA_NO_PERMITIDA)
        if not tarea.abierta:
            raise ErrorOperacion(mensajes.TAREA_CERRADA)
        cambio(tarea)
        guardar(tarea, "estado", "notas", "terminada_en", "terminada_por")
        _registrar_tarea(tarea, actor=actor, condicion=condicion)
        return tarea


def tarea_avanzar(*, actor, tarea_id):
    """The task is being worked on (pendiente → en proceso). COP, or the webmaster on a photo request."""

    def cambio(tarea):
        if tarea.estado != TareaProveedor.Estado.PENDIENTE:
            raise ErrorOperacion(mensajes.TAREA_YA_EN_PROCESO)
        tarea.avanzar()

    return _cambiar_tarea(
        actor=actor,
        tarea_id=tarea_id,
        regla="operaciones.completar_tarea",
        cambio=cambio,
        condicion="Proveedor trabajando en la tarea",
    )


def tarea_completar(*, actor, tarea_id, notas=""):
    """The task is done. COP, or a webmaster of the unit's concesionario on a photo/video request."""

    def cambio(tarea):
        tarea.completar(por=actor)
        if notas.strip():
            tarea.notas = f"{tarea.notas}\n{notas.strip()}".strip()

    return _cambiar_tarea(
        actor=actor,
        tarea_id=tarea_id,
        regla="operaciones.completar_tarea",
        cambio=cambio,
        condicion="Tarea abierta completada",
    )


def tarea_cancelar(*, actor, tarea_id, notas=""):
    """COP: the task is no longer needed."""
    exigir_cop(actor)

    def cambio(tarea):
        tarea.cancelar(por=actor)
        if notas.strip():
            tarea.notas = f"{tarea.notas}\n{notas.strip()}".strip()

    return _cambiar_tarea(
        actor=actor,
        tarea_id=tarea_id,
        regla="operaciones.completar_tarea",
        cambio=cambio,
        condicion="Tarea abierta cancelada por el COP",
    )


# --- Directorio -------------------------------------------------------------------

CAMPOS_CONTACTO = ("tipo", "nombre", "empresa", "concesionario", "telefono", "correo", "notas")


def contacto_guardar(*, actor, datos, contacto_id=None):
    """COP: create or edit a contact of the network's directory."""
    exigir_cop(actor)
    if datos.get("tipo") not in TipoContacto.values or not (datos.get("nombre") or "").strip():
        raise ErrorOperacion(mensajes.CONTACTO_DATOS_REQUERIDOS)
    red = red_de(actor)
    with transaction.atomic():
        if contacto_id:
            contacto = Contacto.objects.select_for_update().filter(pk=contacto_id, organizacion=red).first()
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
