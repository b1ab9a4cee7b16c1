"""Apartados and inventory: the detonantes Apartado, Validación, Unidad Disponible, Cancelación; aging alerts.

Lock order is always unit → apartado (the sweep too), so a reservation, a
validation and the sweep never deadlock. Each service runs in one transaction,
checks the role and the guard, transitions both rows, records the detonante in
the event log (with the condition that held) and writes the notifications.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import rules
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from enlace import bitacora
from enlace.models import Organizacion, Usuario
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.eventos import (
    DETONANTE_APARTADO,
    DETONANTE_CANCELACION,
    DETONANTE_CONFIRMACION,
    DETONANTE_UNIDAD_DISPONIBLE,
    DETONANTE_VALIDACION,
    EVENTO_ALERTA_ANTIGUEDAD,
    EVENTO_ESTRATEGIA,
    EVENTO_REACTIVACION,
    EVENTO_RETIRO,
)
from operaciones.models import AlertaAntiguedad, Apartado, Cliente, FotoUnidad, Unidad
from operaciones.rules import CONFIRMAN, confirma_en_el_concesionario, es_asesor, es_cop
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    clave_lote,
    cop_de,
    datos_apartado,
    exigir_cop,
    gerentes_de,
    guardar,
    red_completa,
    red_de,
    registrar_en_operacion,
    validar_archivo,
)
from operaciones.services.negociacion import descuento_de_la_solicitud

MOTIVO_AUTOMATICO = "Venció el plazo de validación sin que el COP validara el apartado."


# --- Settings and recipients ---------------------------------------------------


def horas_validacion():
    return settings.OPERACIONES_HORAS_VALIDACION


def umbrales_antiguedad():
    return sorted({settings.OPERACIONES_ALERTA_DIAS_1, settings.OPERACIONES_ALERTA_DIAS_2})


# --- Apartado ----------------------------------------------------------------


def validar_solicitud(solicitud, *, precio):
    """Check the Solicitud de Intención de Compra; return a list of Spanish errors (empty when complete)."""
    errores = []
    requeridos = ("forma_pago", "tipo_persona", "lugar_entrega")
    if any(not solicitud.get(campo) for campo in requeridos):
        errores.append(mensajes.SIN_INTENCION)
    if solicitud.get("forma_pago") == Apartado.FormaPago.FINANCIADO:
        if not (solicitud.get("financiera") or "").strip():
            errores.append(mensajes.FINANCIERA_REQUERIDA)
        if solicitud.get("tipo_financiera") not in Apartado.TipoFinanciera.values:
            errores.append(mensajes.TIPO_FINANCIERA_REQUERIDO)
        if not solicitud.get("enganche"):
            errores.append(mensajes.ENGANCHE_FINANCIADO)
    if Decimal(solicitud.get("descuento_solicitado") or 0) > precio:
        errores.append(mensajes.DESCUENTO_EXCESIVO)
    if solicitud.get("unidad_a_cuenta") and not (solicitud.get("unidad_a_cuenta_descripcion") or "").strip():
        errores.append(mensajes.A_CUENTA_SIN_DESCRIPCION)
    lugares_con_direccion = (Apartado.LugarEntrega.DOMICILIO, Apartado.LugarEntrega.TRABAJO)
    if (
        solicitud.get("lugar_entrega") in lugares_con_direccion
        and not (solicitud.get("lugar_entrega_detalle") or "").strip()
    ):
        errores.append(mensajes.ENTREGA_SIN_DETALLE)
    return errores


CAMPOS_SOLICITUD = (
    "forma_pago",
    "enganche",
    "financiera",
    "tipo_financiera",
    "unidad_a_cuenta",
    "unidad_a_cuenta_descripcion",
    "tipo_persona",
    "descuento_solicitado",
    "lugar_entrega",
    "lugar_entrega_detalle",
    "observaciones",
)
CAMPOS_CLIENTE = ("nombre", "rfc", "correo", "telefono")


def apartado_crear(*, actor, unidad_id, cliente, solicitud):
    """Detonante Apartado: an asesor reserves an available unit for a client with the intención de compra.

    Locks the unit; an expired unvalidated apartado on it is released first (Unidad Disponible by sistema).
    Exactly one of many concurrent callers wins. Raises ErrorOperacion (unit taken, incomplete solicitud).
    """
    if not es_asesor(actor):
        raise ErrorOperacion(mensajes.SOLO_ASESOR)
    with transaction.atomic():
        unidad = Unidad.objects.select_for_update().filter(pk=unidad_id).first()
        red = red_de(actor)
        if unidad is None or red is None or not Unidad.objects.de_la_red(red).filter(pk=unidad.pk).exists():
            raise ErrorOperacion(mensajes.UNIDAD_NO_ENCONTRADA)
        ahora = timezone.now()
        if unidad.estado == Unidad.Estado.APARTADA and unidad.reservada_hasta <= ahora:
            vencido = (
                Apartado.objects.select_for_update().filter(unidad=unidad, estado=Apartado.Estado.PENDIENTE).first()
            )
            if vencido is not None:
                vencido.unidad = unidad
                _liberar(vencido, actor=None, motivo=MOTIVO_AUTOMATICO, automatica=True)
        if unidad.estado != Unidad.Estado.DISPONIBLE:
            raise ErrorOperacion(mensajes.UNIDAD_NO_DISPONIBLE)
        errores = validar_solicitud(solicitud, precio=unidad.precio)
        if errores:
            raise ErrorOperacion(" ".join(errores))
        nuevo_cliente = Cliente.objects.create(
            asesor=actor,
            organizacion=actor.organizacion,
            tipo_persona=solicitud["tipo_persona"],
            **{campo: cliente.get(campo) or "" for campo in CAMPOS_CLIENTE},
        )
        datos_solicitud = {campo: solicitud[campo] for campo in CAMPOS_SOLICITUD if solicitud.get(campo) is not None}
        apartado = Apartado(
            unidad=unidad,
            concesionario_id=unidad.concesionario_id,
            asesor=actor,
            cliente=nuevo_cliente,
            creado=ahora,
            vence=ahora + timedelta(hours=horas_validacion()),
            **datos_solicitud,
        )
        try:
            with transaction.atomic():
                apartado.save()
        except IntegrityError:
            raise ErrorOperacion(mensajes.UNIDAD_NO_DISPONIBLE) from None
        unidad.apartar(vence=apartado.vence)
        guardar(unidad, "estado", "reservada_hasta", "actualizada")
        registrar_en_operacion(
            DETONANTE_APARTADO,
            actor=actor,
            apartado=apartado,
            condicion="Unidad disponible y Solicitud de Intención de Compra completa",
            cliente=nuevo_cliente.nombre,
            forma_pago=apartado.forma_pago,
            financiera=apartado.financiera,
            tipo_financiera=apartado.tipo_financiera,
            enganche=apartado.enganche,
            unidad_a_cuenta=apartado.unidad_a_cuenta,
            tipo_persona=apartado.tipo_persona,
            descuento_solicitado=apartado.descuento_solicitado,
            lugar_entrega=apartado.lugar_entrega,
        )
        enlace = reverse("operaciones:apartado", args=[apartado.pk])
        notificar(
            destinatarios=cop_de(unidad.concesionario_id),
            titulo=f"Nuevo apartado: {unidad.marca} {unidad.modelo} {unidad.anio}",
            cuerpo=(
                f"{actor} apartó la unidad {unidad.vin} para {nuevo_cliente.nombre} "
                f"({apartado.get_forma_pago_display().lower()}). "
                f"Valide antes de {timezone.localtime(apartado.vence):%d/%m/%Y %H:%M}."
            ),
            enlace=enlace,
            clave=f"operaciones-apartado-{apartado.pk}",
        )
        notificar(
            destinatarios=gerentes_de(unidad.concesionario_id, CONFIRMAN),
            titulo=f"Confirme disponibilidad: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=(
                f"Un asesor de la red apartó su unidad {unidad.vin}. "
                "Confirme que está disponible para que el COP valide."
            ),
            enlace=enlace,
            clave=f"operaciones-apartado-{apartado.pk}",
        )
        descuento_de_la_solicitud(actor=actor, apartado=apartado)
        return apartado


def apartado_confirmar_disponibilidad(*, actor, apartado_id, confirmo="", medio=""):
    """The owning concesionario confirms the unit is available (in the app), or the COP records who and how.

    Only while the apartado is pending and within its deadline. Raises ErrorOperacion otherwise.
    """
    with transaction.atomic():
        apartado = bloquear_apartado(apartado_id)
        if not rules.test_rule("operaciones.confirmar_disponibilidad", actor, apartado):
            raise ErrorOperacion(mensajes.NO_CONFIRMA)
        if apartado.estado != Apartado.Estado.PENDIENTE:
            raise ErrorOperacion(mensajes.NO_PENDIENTE)
        if apartado.vencido:
            raise ErrorOperacion(mensajes.VENCIDO)
        if apartado.disponibilidad_confirmada:
            raise ErrorOperacion(mensajes.YA_CONFIRMADO)
        if confirma_en_el_concesionario(actor, apartado):
            confirmo, medio = str(actor), Apartado.MedioConfirmacion.APP
        elif not (confirmo or "").strip() or medio not in Apartado.MedioConfirmacion.values:
            raise ErrorOperacion(mensajes.CONFIRMO_REQUERIDO)
        apartado.disponibilidad_confirmada_en = timezone.now()
        apartado.disponibilidad_registrada_por = actor
        apartado.disponibilidad_confirmo = confirmo.strip()
        apartado.disponibilidad_medio = medio
        guardar(
            apartado,
            "disponibilidad_confirmada_en",
            "disponibilidad_registrada_por",
            "disponibilidad_confirmo",
            "disponibilidad_medio",
        )
        registrar_en_operacion(
            DETONANTE_CONFIRMACION,
            actor=actor,
            apartado=apartado,
            condicion="Apartado pendiente y dentro del plazo",
            confirmo=apartado.disponibilidad_confirmo,
            medio=apartado.disponibilidad_medio,
        )
        notificar(
            destinatarios=cop_de(apartado.concesionario_id),
            titulo=f"Disponibilidad confirmada: {apartado.unidad.vin}",
            cuerpo=(
                f"{apartado.disponibilidad_confirmo} confirmó la disponibilidad "
                f"({apartado.get_disponibilidad_medio_display()}). Ya puede validar el apartado."
            ),
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            por_correo=False,
            clave=f"operaciones-confirmacion-{apartado.pk}",
        )
        return apartado


def apartado_validar(*, actor, apartado_id):
    """Detonante Validación de Apartado (COP): pending, availability confirmed and within the deadline.

    The unit becomes «apartado validado» for the whole network. Raises ErrorOperacion with the guard's reason.
    """
    exigir_cop(actor)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado_id)
        motivo = apartado.motivo_no_validable()
        if motivo:
            raise ErrorOperacion(motivo)
        unidad = apartado.unidad
        apartado.validar(por=actor)
        unidad.validar_apartado()
        guardar(apartado, "estado", "validado_en", "validado_por")
        guardar(unidad, "estado", "reservada_hasta", "actualizada")
        registrar_en_operacion(
            DETONANTE_VALIDACION,
            actor=actor,
            apartado=apartado,
            condicion=(
                "Solicitud de Intención de Compra completa, disponibilidad confirmada por "
                f"{apartado.disponibilidad_confirmo} ({apartado.disponibilidad_medio}) y dentro del plazo"
            ),
        )
        notificar(
            destinatarios=[apartado.asesor, *gerentes_de(unidad.concesionario_id)],
            titulo=f"Apartado validado: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=f"El COP validó el apartado de la unidad {unidad.vin} para {apartado.cliente.nombre}.",
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            clave=f"operaciones-validacion-{apartado.pk}",
        )
        return apartado


def _liberar(apartado, *, actor, motivo, automatica):
    """Release one locked apartado and its unit, record Unidad Disponible and notify (inside a transaction)."""
    unidad = apartado.unidad
    apartado.liberar(por=actor, motivo=motivo, automatica=automatica)
    if unidad.estado in (Unidad.Estado.APARTADA, Unidad.Estado.VALIDADA):
        unidad.liberar()
    guardar(apartado, "estado", "liberado_en", "liberado_por", "liberacion_automatica", "motivo_liberacion")
    guardar(unidad, "estado", "reservada_hasta", "actualizada")
    bitacora.registrar(
        tipo=DETONANTE_UNIDAD_DISPONIBLE,
        actor=actor,
        objeto=apartado,
        organizacion=Organizacion(pk=apartado.concesionario_id),
        datos={
            **datos_apartado(apartado),
            "automatico": automatica,
            "condicion": MOTIVO_AUTOMATICO if automatica else "Liberación manual del COP",
            "motivo": motivo,
        },
    )
    _notificar_disponibles([Liberado.de(apartado)], automatica=automatica)


@dataclass(frozen=True)
class Liberado:
    """What the release notifications need of one apartado (the sweep builds these from plain rows)."""

    pk: int
    asesor_id: int
    concesionario_id: int
    marca: str
    modelo: str
    vin: str

    @classmethod
    def de(cls, apartado):
        u = apartado.unidad
        return cls(apartado.pk, apartado.asesor_id, apartado.concesionario_id, u.marca, u.modelo, u.vin)


def _notificar_disponibles(liberados, *, automatica, asesores=None):
    """Tell each asesor, each owning concesionario and the network that the units are available again."""
    if not liberados:
        return
    clave = clave_lote("operaciones-unidad-disponible", [x.pk for x in liberados])
    causa = "venció el plazo de validación" if automatica else "el COP liberó la unidad"
    por_asesor, por_concesionario = defaultdict(list), defaultdict(list)
    for liberado in liberados:
        por_asesor[liberado.asesor_id].append(liberado)
        por_concesionario[liberado.concesionario_id].append(liberado)
    asesores = asesores or Usuario.objects.in_bulk(list(por_asesor))

    def lista(grupo):
        texto = ", ".join(f"{x.marca} {x.modelo} {x.vin}" for x in grupo[:20])
        return texto + (f" y {len(grupo) - 20} más" if len(grupo) > 20 else "")

    for asesor_id, grupo in por_asesor.items():
        notificar(
            destinatarios=[asesores[asesor_id]],
            titulo="Su apartado fue liberado" if len(grupo) == 1 else f"{len(grupo)} apartados suyos fueron liberados",
            cuerpo=f"Unidad Disponible ({causa}): {lista(grupo)}.",
            enlace=reverse("operaciones:apartados"),
            clave=clave,
        )
    for concesionario_id, grupo in por_concesionario.items():
        notificar(
            destinatarios=gerentes_de(concesionario_id),
            titulo=f"Unidad Disponible: {len(grupo)} unidad(es) de su inventario",
            cuerpo=f"Volvieron al inventario ({causa}): {lista(grupo)}.",
            enlace=reverse("operaciones:mi_inventario"),
            clave=clave,
        )
    primero = liberados[0]
    notificar(
        destinatarios=red_completa(primero.concesionario_id),
        titulo=(
            f"Unidad Disponible: {primero.marca} {primero.modelo}"
            if len(liberados) == 1
            else f"Unidad Disponible: {len(liberados)} unidades vuelven al inventario"
        ),
        cuerpo=f"Disponibles de nuevo para toda la red: {lista(liberados)}.",
        enlace=reverse("operaciones:inventario"),
        por_correo=False,
        clave=clave,
    )


def apartado_liberar(*, actor, apartado_id, motivo):
    """Detonante Unidad Disponible (manual, COP, with a reason): the unit returns to the network's inventory.

    Raises ErrorOperacion if the actor is not the COP, the reason is empty or the apartado is no longer active.
    """
    exigir_cop(actor)
    if not (motivo or "").strip():
        raise ErrorOperacion(mensajes.MOTIVO_REQUERIDO)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado_id)
        if apartado.estado not in Apartado.ESTADOS_ACTIVOS:
            raise ErrorOperacion(mensajes.NO_ACTIVO)
        _liberar(apartado, actor=actor, motivo=motivo.strip(), automatica=False)
        return apartado


def apartado_cancelar(*, actor, apartado_id, motivo, detalle="", adjunto=None):
    """Detonante Cancelación (COP): documents the reason (catalogue, text, optional file) and reactivates the unit.

    Raises ErrorOperacion for a missing reason, a rejected attachment or an apartado no longer active.
    """

    exigir_cop(actor)
    if motivo not in Apartado.MotivoCancelacion.values:
        raise ErrorOperacion(mensajes.MOTIVO_CANCELACION_REQUERIDO)
    if motivo == Apartado.MotivoCancelacion.OTRO and not (detalle or "").strip():
        raise ErrorOperacion(mensajes.DETALLE_OTRO_REQUERIDO)
    if adjunto is not None:
        validar_archivo(adjunto, tipos=("pdf", "imagen"))
    with transaction.atomic():
        apartado = bloquear_apartado(apartado_id)
        if apartado.estado not in Apartado.ESTADOS_ACTIVOS:
            raise ErrorOperacion(mensajes.NO_ACTIVO)
        unidad = apartado.unidad
        apartado.cancelar(por=actor, motivo=motivo, detalle=(detalle or "").strip())
        if unidad.estado in (Unidad.Estado.APARTADA, Unidad.Estado.VALIDADA):
            unidad.liberar()
        campos = ["estado", "cancelado_en", "cancelado_por", "motivo_cancelacion", "detalle_cancelacion"]
        if adjunto is not None:
            apartado.adjunto_cancelacion.save(adjunto.name, adjunto, save=False)
            campos.append("adjunto_cancelacion")
        guardar(apartado, *campos)
        guardar(unidad, "estado", "reservada_hasta", "actualizada")
        registrar_en_operacion(
            DETONANTE_CANCELACION,
            actor=actor,
            apartado=apartado,
            condicion="Cancelación documentada por el COP; la unidad se reactiva",
            motivo=motivo,
            detalle=apartado.detalle_cancelacion,
            adjunto=bool(adjunto),
        )
        notificar(
            destinatarios=[apartado.asesor, *gerentes_de(unidad.concesionario_id)],
            titulo=f"Apartado cancelado: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=f"Motivo: {apartado.get_motivo_cancelacion_display()}. {apartado.detalle_cancelacion}".strip(),
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            clave=f"operaciones-cancelacion-{apartado.pk}",
        )
        notificar(
            destinatarios=red_completa(unidad.concesionario_id),
            titulo=f"Unidad Disponible: {unidad.marca} {unidad.modelo}",
            cuerpo=f"La unidad {unidad.vin} vuelve al inventario de la red.",
            enlace=reverse("operaciones:unidad", args=[unidad.pk]),
            por_correo=False,
            clave=f"operaciones-cancelacion-{apartado.pk}",
        )
        return apartado


# --- The sweep ---------------------------------------------------------------


class _Referencia:
    """What the event log needs of an object (model, pk, text) without loading the row: for bulk sweeps."""

    def __init__(self, modelo, pk, texto):
        self._meta = modelo._meta
        self.pk = pk
        self.texto = texto

    def __str__(self):
        return self.texto


def _copiar_historial(modelo, ids, *, fecha, razon):
    """Field history for rows just bulk-updated: one historical row per id, copied in the database.

    Equivalent to simple_history's ``bulk_history_create`` (history_type "~", no user) but with
    INSERT … SELECT, so 10,000 rows cost one statement instead of building 10,000 objects.
    """
    historico = modelo.history.model
    q = connection.ops.quote_name
    columnas = ", ".join(q(campo.column) for campo in historico.tracked_fields)
    marcas = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(historico._meta.db_table)} ({columnas}, {q('history_date')}, "  # noqa: S608 - names from _meta
            f"{q('history_change_reason')}, {q('history_type')}, {q('history_user_id')}) "
            f"SELECT {columnas}, %s, %s, %s, NULL FROM {q(modelo._meta.db_table)} "
            f"WHERE {q(modelo._meta.pk.column)} IN ({marcas})",
            [fecha, razon, "~", *ids],
        )


def apartados_liberar_vencidos(*, lote=None):
    """Detonante Unidad Disponible automático: release every pending apartado past its deadline.

    Claims batches with FOR UPDATE SKIP LOCKED (units first, then apartados), bulk-updates both, leaves a
    history row for each, one event per apartado and the notifications (with claves). Idempotent: a second
    run, or a parallel worker, finds nothing to do. Returns how many apartados it released.
    """
    lote = lote or settings.OPERACIONES_LOTE_LIBERACION
    bloqueo = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    razon = "Unidad Disponible automática"
    organizaciones = {}
    total = 0
    while True:
        with transaction.atomic():
            ahora = timezone.now()
            candidatos = list(
                Apartado.objects.vencidos(ahora).order_by("vence", "id").values_list("unidad_id", flat=True)[:lote]
            )
            if not candidatos:
                break
            unidad_ids = list(
                Unidad.objects.filter(pk__in=candidatos).select_for_update(**bloqueo).values_list("pk", flat=True)
            )
            # The same condition as Apartado.puede_liberarse_automaticamente, applied to the whole batch.
            filas = list(
                Apartado.objects.vencidos(ahora)
                .filter(unidad_id__in=unidad_ids)
                .select_for_update(of=("self",), **bloqueo)
                .values("pk", "unidad_id", "concesionario_id", "asesor_id", "vence", "unidad__vin", "unidad__marca")
                .annotate(modelo=F("unidad__modelo"))
            )
            if not filas:
                break  # everything due is being released by another worker
            ids = [f["pk"] for f in filas]
            liberadas = [f["unidad_id"] for f in filas]
            Apartado.objects.filter(pk__in=ids).update(
                estado=Apartado.Estado.LIBERADO,
                liberado_en=ahora,
                liberado_por=None,
                liberacion_automatica=True,
                motivo_liberacion=MOTIVO_AUTOMATICO,
            )
            Unidad.objects.filter(pk__in=liberadas, estado__in=[Unidad.Estado.APARTADA, Unidad.Estado.VALIDADA]).update(
                estado=Unidad.Estado.DISPONIBLE, reservada_hasta=None, actualizada=ahora
            )
            _copiar_historial(Apartado, ids, fecha=ahora, razon=razon)
            _copiar_historial(Unidad, liberadas, fecha=ahora, razon=razon)
            for fila in filas:
                if fila["concesionario_id"] not in organizaciones:
                    organizaciones[fila["concesionario_id"]] = Organizacion(pk=fila["concesionario_id"])
            bitacora.registrar_varios(
                [
                    bitacora.NuevoEvento(
                        tipo=DETONANTE_UNIDAD_DISPONIBLE,
                        actor=None,
                        objeto=_Referencia(Apartado, f["pk"], f"Apartado {f['pk']} · {f['unidad__vin']}"),
                        organizacion=organizaciones[f["concesionario_id"]],
                        datos={
                            "apartado_id": f["pk"],
                            "unidad_id": f["unidad_id"],
                            "vin": f["unidad__vin"],
                            "asesor_id": f["asesor_id"],
                            "vence": f["vence"],
                            "automatico": True,
                            "condicion": MOTIVO_AUTOMATICO,
                            "horas_validacion": horas_validacion(),
                        },
                    )
                    for f in filas
                ]
            )
            _notificar_disponibles(
                [
                    Liberado(
                        f["pk"],
                        f["asesor_id"],
                        f["concesionario_id"],
                        f["unidad__marca"],
                        f["modelo"],
                        f["unidad__vin"],
                    )
                    for f in filas
                ],
                automatica=True,
            )
            total += len(filas)
        if len(candidatos) < lote:
            break
    return total


# --- Aging alerts --------------------------------------------------------------


def unidades_alertar_antiguedad(*, hoy=None, lote=2000):
    """Raise one alert per unit at each threshold (60 and 90 days by default), never twice.

    The (unidad, umbral) unique row is the guard; candidates are claimed with SKIP LOCKED. Notifies the
    owning concesionario's gerentes and the COP. Idempotent. Returns how many alerts it created.
    """
    hoy = hoy or timezone.localdate()
    saltar = connection.features.has_select_for_update_skip_locked
    total = 0
    for umbral in umbrales_antiguedad():
        limite = hoy - timedelta(days=umbral)
        while True:
            with transaction.atomic():
                ya_alertada = AlertaAntiguedad.objects.filter(unidad=OuterRef("pk"), umbral=umbral)
                unidades = list(
                    Unidad.objects.en_inventario()
                    .filter(fecha_ingreso__lte=limite)
                    .exclude(Exists(ya_alertada))
                    .order_by("pk")
                    .select_for_update(of=("self",), **({"skip_locked": True} if saltar else {}))[:lote]
                )
                if not unidades:
                    break
                ahora = timezone.now()
                alertas = AlertaAntiguedad.objects.bulk_create(
                    [
                        AlertaAntiguedad(
                            unidad=u, umbral=umbral, dias_al_generar=(hoy - u.fecha_ingreso).days, creada=ahora
                        )
                        for u in unidades
                    ]
                )
                AlertaAntiguedad.history.bulk_history_create(alertas, default_date=ahora)
                bitacora.registrar_varios(
                    [
                        bitacora.NuevoEvento(
                            tipo=EVENTO_ALERTA_ANTIGUEDAD,
                            objeto=u,
                            organizacion=Organizacion(pk=u.concesionario_id),
                            datos={
                                "umbral": umbral,
                                "dias": (hoy - u.fecha_ingreso).days,
                                "fecha_ingreso": u.fecha_ingreso,
                                "condicion": f"La unidad cumplió {umbral} días en inventario",
                            },
                        )
                        for u in unidades
                    ]
                )
                _notificar_antiguedad(unidades, umbral)
                total += len(unidades)
            if len(unidades) < lote:
                break
    return total


def _notificar_antiguedad(unidades, umbral):
    clave = clave_lote(f"operaciones-antiguedad-{umbral}", [u.pk for u in unidades])
    por_concesionario = defaultdict(list)
    for unidad in unidades:
        por_concesionario[unidad.concesionario_id].append(unidad)
    enlace = reverse("operaciones:antiguedad")
    for concesionario_id, grupo in por_concesionario.items():
        vins = ", ".join(f"{u.marca} {u.modelo} {u.vin}" for u in grupo[:20])
        notificar(
            destinatarios=gerentes_de(concesionario_id, ("gerente_general", "gerente_ventas")),
            titulo=f"{len(grupo)} unidad(es) cumplieron {umbral} días en inventario",
            cuerpo=f"Defina una estrategia de venta (ajuste de precio, promoción a la red, traslado…): {vins}.",
            enlace=enlace,
            clave=clave,
        )
        notificar(
            destinatarios=cop_de(concesionario_id),
            titulo=f"Alerta de inventario: {len(grupo)} unidad(es) con {umbral} días",
            cuerpo=f"Unidades del concesionario que cumplieron {umbral} días: {vins}.",
            enlace=enlace,
            clave=clave,
        )


def alerta_registrar_estrategia(*, actor, alerta_id, estrategia, detalle="", nuevo_precio=None):
    """Record the strategy for an aged unit (owning concesionario's gerentes or the COP).

    A price adjustment also changes the unit's price (field history keeps the old one). Raises ErrorOperacion.
    """
    if estrategia not in AlertaAntiguedad.Estrategia.values:
        raise ErrorOperacion(mensajes.ESTRATEGIA_REQUERIDA)
    if estrategia == AlertaAntiguedad.Estrategia.AJUSTE_PRECIO and not (nuevo_precio and nuevo_precio > 0):
        raise ErrorOperacion(mensajes.PRECIO_REQUERIDO)
    with transaction.atomic():
        unidad_id = AlertaAntiguedad.objects.filter(pk=alerta_id).values_list("unidad_id", flat=True).first()
        unidad = Unidad.objects.select_for_update().select_related("concesionario").get(pk=unidad_id)
        alerta = AlertaAntiguedad.objects.select_for_update().get(pk=alerta_id)
        alerta.unidad = unidad
        if not rules.test_rule("operaciones.registrar_estrategia", actor, alerta):
            raise ErrorOperacion(mensajes.NO_ESTRATEGIA)
        precio_anterior = unidad.precio
        if estrategia == AlertaAntiguedad.Estrategia.AJUSTE_PRECIO:
            unidad.precio = nuevo_precio
            unidad.save(update_fields=["precio", "actualizada"])
        alerta.estrategia = estrategia
        alerta.estrategia_detalle = (detalle or "").strip()
        alerta.estrategia_registrada_por = actor
        alerta.estrategia_registrada_en = timezone.now()
        alerta.save(
            update_fields=["estrategia", "estrategia_detalle", "estrategia_registrada_por", "estrategia_registrada_en"]
        )
        bitacora.registrar(
            tipo=EVENTO_ESTRATEGIA,
            actor=actor,
            objeto=unidad,
            organizacion=unidad.concesionario,
            datos={
                "alerta_id": alerta.pk,
                "umbral": alerta.umbral,
                "estrategia": estrategia,
                "detalle": alerta.estrategia_detalle,
                "precio_anterior": precio_anterior,
                "precio": unidad.precio,
                "condicion": f"Unidad con alerta de {alerta.umbral} días",
            },
        )
        destinatarios = gerentes_de(unidad.concesionario_id) if es_cop(actor) else cop_de(unidad.concesionario_id)
        notificar(
            destinatarios=destinatarios,
            titulo=f"Estrategia para {unidad.marca} {unidad.modelo}: {alerta.get_estrategia_display()}",
            cuerpo=f"{actor} registró la estrategia para la unidad {unidad.vin}. {alerta.estrategia_detalle}".strip(),
            enlace=reverse("operaciones:antiguedad"),
            por_correo=False,
        )
        return alerta


# --- Inventory --------------------------------------------------------------------


def unidad_retirar(*, actor, unidad_id, motivo=""):
    """Take an available unit out of the network's inventory: the COP, or the owning concesionario's gerente
    general or de ventas with a motivo. Soon after an apartado without cierre it is flagged to the COP
    (``retiro_registrar_revision``). Raises ErrorOperacion if it is reserved or the actor may not."""
    return _cambiar_inventario(
        actor=actor, unidad_id=unidad_id, transicion="retirar", tipo=EVENTO_RETIRO, motivo=motivo
    )


def unidad_reactivar(*, actor, unidad_id, motivo=""):
    """Put a withdrawn unit back in the network's inventory (COP). Raises ErrorOperacion otherwise."""
    return _cambiar_inventario(
        actor=actor, unidad_id=unidad_id, transicion="reactivar", tipo=EVENTO_REACTIVACION, motivo=motivo
    )


def _cambiar_inventario(*, actor, unidad_id, transicion, tipo, motivo):
    from django_fsm import can_proceed

    from operaciones.services.supervision import retiro_registrar_revision

    if transicion != "retirar" and not es_cop(actor):
        raise ErrorOperacion(mensajes.SOLO_COP)
    with transaction.atomic():
        unidad = Unidad.objects.select_for_update().select_related("concesionario").get(pk=unidad_id)
        if transicion == "retirar" and not rules.test_rule("operaciones.retirar_unidad", actor, unidad):
            raise ErrorOperacion(mensajes.NO_RETIRA)
        if not es_cop(actor) and not (motivo or "").strip():
            raise ErrorOperacion(mensajes.MOTIVO_RETIRO_REQUERIDO)
        metodo = getattr(unidad, transicion)
        if not can_proceed(metodo):
            raise ErrorOperacion(mensajes.UNIDAD_NO_DISPONIBLE if transicion == "retirar" else mensajes.NO_RETIRADA)
        metodo()
        guardar(unidad, "estado", "actualizada")
        bitacora.registrar(
            tipo=tipo,
            actor=actor,
            objeto=unidad,
            organizacion=unidad.concesionario,
            datos={
                "motivo": motivo,
                "condicion": f"Unidad {unidad.get_estado_display().lower()} por "
                + ("el COP" if es_cop(actor) else "el concesionario dueño"),
            },
        )
        if transicion == "retirar":
            retiro_registrar_revision(actor=actor, unidad=unidad, motivo=motivo)
        return unidad


# --- Photos --------------------------------------------------------------------


def unidad_agregar_foto(*, actor, unidad_id, archivo, descripcion=""):
    """Attach a validated image to a unit (owning concesionario or COP). Raises ErrorOperacion."""

    with transaction.atomic():
        unidad = Unidad.objects.select_for_update().get(pk=unidad_id)
        if not rules.test_rule("operaciones.subir_foto", actor, unidad):
            raise ErrorOperacion(mensajes.NO_FOTO)
        validar_archivo(archivo, tipos=("imagen",))
        orden = unidad.fotos.count()
        foto = FotoUnidad(unidad=unidad, descripcion=descripcion, orden=orden, subida_por=actor)
        foto.archivo.save(archivo.name, archivo, save=False)
        foto.save()
        return foto
