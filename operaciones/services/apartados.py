"""Apartados: the detonantes Apartado, Confirmación, Validación, Unidad Disponible and Cancelación.

Lock order is always unit → apartado (the sweep too), so a reservation, a validation and the sweep
never deadlock. Each service runs in one transaction: it locks both rows, runs the apartado's
transition through ``enlace.acciones.ejecutar`` (permission, conditions, event) and the unit's as part
of it (``interna``), and writes the notifications.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from enlace import acciones, bitacora
from enlace.historial import actualizar_con_historial
from enlace.models import Organizacion, Usuario
from enlace.notificaciones.services import Aviso, notificar, notificar_varios
from enlace.recolector import sin_recolector
from operaciones import mensajes
from operaciones.escrituras import APARTAR
from operaciones.eventos import (
    DETONANTE_APARTADO,
    DETONANTE_CANCELACION,
    DETONANTE_CONFIRMACION,
    DETONANTE_UNIDAD_DISPONIBLE,
    DETONANTE_VALIDACION,
)
from operaciones.models import CAMPOS_SOLICITUD, Apartado, Cliente, Unidad, validar_solicitud
from operaciones.rules import CONFIRMAN, GERENTES, ROLES_OPERACIONES
from operaciones.selectors.apartados import horas_validacion
from operaciones.selectors.comun import usuarios
from operaciones.services.actividad import campos_de_actividad
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    clave_lote,
    cop_de,
    datos_del_evento,
    gerentes_de,
    red_completa,
    registrar_en_operacion,
    validar_archivo,
)
from operaciones.services.entrega import seguro_de_la_compra
from operaciones.services.negociacion import descuento_de_la_solicitud

__all__ = [
    "Liberado",
    "apartado_cancelar",
    "apartado_confirmar_disponibilidad",
    "apartado_crear",
    "apartado_liberar",
    "apartado_registrar_confirmacion",
    "apartado_validar",
    "apartados_liberar_vencidos",
    "horas_validacion",
]

CAMPOS_CLIENTE = ("nombre", "rfc", "correo", "telefono")


# --- Apartado ----------------------------------------------------------------


def apartado_crear(*, actor, unidad, cliente, solicitud):
    """Detonante Apartado: an asesor reserves an available unit for a client with the intención de compra.

    Locks the unit; an expired unvalidated apartado on it is released first (Unidad Disponible by sistema).
    Exactly one of many concurrent callers wins. Raises AccionRechazada (``APARTAR``: not an asesor, unit not
    available) or ErrorOperacion (incomplete solicitud, unit taken meanwhile).
    """
    with transaction.atomic():
        unidad = Unidad.objects.select_for_update().get(pk=unidad.pk)
        if unidad.estado == Unidad.Estado.APARTADA and unidad.estado_efectivo == Unidad.Estado.DISPONIBLE:
            _liberar_vencido(unidad)
        APARTAR.exigir(unidad, actor)
        errores = validar_solicitud(solicitud, precio=unidad.precio)
        if errores:
            raise ErrorOperacion(" ".join(errores))
        nuevo_cliente = Cliente.objects.create(
            asesor=actor,
            organizacion=actor.organizacion,
            tipo_persona=solicitud["tipo_persona"],
            **{campo: cliente.get(campo) or "" for campo in CAMPOS_CLIENTE},
        )
        ahora = timezone.now()
        apartado = Apartado(
            unidad=unidad,
            concesionario_id=unidad.concesionario_id,
            asesor=actor,
            cliente=nuevo_cliente,
            creado=ahora,
            vence=ahora + timedelta(hours=horas_validacion()),
            **{campo: solicitud[campo] for campo in CAMPOS_SOLICITUD if solicitud.get(campo) is not None},
        )
        try:
            with transaction.atomic():
                apartado.save()
        except IntegrityError:
            raise ErrorOperacion(mensajes.UNIDAD_NO_DISPONIBLE) from None
        acciones.ejecutar(unidad, "apartar", actor=actor, argumentos={"vence": apartado.vence}, bloquear=False)
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
        _avisar_apartado(apartado, actor=actor)
        descuento_de_la_solicitud(actor=actor, apartado=apartado)
        return apartado


def _avisar_apartado(apartado, *, actor):
    unidad = apartado.unidad
    enlace = reverse("operaciones:apartado", args=[apartado.pk])
    notificar(
        destinatarios=cop_de(unidad.concesionario_id),
        titulo=f"Nuevo apartado: {unidad.marca} {unidad.modelo} {unidad.anio}",
        cuerpo=(
            f"{actor} apartó la unidad {unidad.vin} para {apartado.cliente.nombre} "
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
            f"Un asesor de la red apartó su unidad {unidad.vin}. Confirme que está disponible para que el COP valide."
        ),
        enlace=enlace,
        clave=f"operaciones-apartado-{apartado.pk}",
    )


def apartado_confirmar_disponibilidad(*, actor, apartado):
    """The owning concesionario's gerente de ventas (or general) confirms in the app that the unit is available.

    Only while the apartado is pending, within its deadline and not yet confirmed. Raises AccionRechazada.
    """
    return _confirmar(actor, apartado, "confirmar_disponibilidad", confirmo=str(actor), medio="app")


def apartado_registrar_confirmacion(*, actor, apartado, confirmo, medio):
    """The COP records who confirmed the availability in the concesionario, and by what means.

    Same conditions as the concesionario's confirmation. Raises ErrorOperacion or AccionRechazada.
    """
    confirmo = (confirmo or "").strip()
    if not confirmo or medio not in Apartado.MedioConfirmacion.values:
        raise ErrorOperacion(mensajes.CONFIRMO_REQUERIDO)
    return _confirmar(actor, apartado, "registrar_confirmacion", confirmo=confirmo, medio=medio)


def _confirmar(actor, apartado, transicion, *, confirmo, medio):
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        acciones.ejecutar(
            apartado,
            transicion,
            actor=actor,
            argumentos={"por": actor, "confirmo": confirmo, "medio": medio},
            bloquear=False,
            evento=DETONANTE_CONFIRMACION,
            datos=datos_del_evento(apartado, "Apartado pendiente y dentro del plazo", confirmo=confirmo, medio=medio),
            organizacion=apartado.concesionario,
        )
        notificar(
            destinatarios=cop_de(apartado.concesionario_id),
            titulo=f"Disponibilidad confirmada: {apartado.unidad.vin}",
            cuerpo=(
                f"{apartado.disponibilidad_confirmo} confirmó la disponibilidad "
                f"({apartado.get_disponibilidad_medio_display()}). Ya puede validar el apartado."
            ),
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            # By email too when the concesionario answered in the app; the COP that recorded it already knows.
            por_correo=transicion == "confirmar_disponibilidad",
            clave=f"operaciones-confirmacion-{apartado.pk}",
        )
        return apartado


def apartado_validar(*, actor, apartado):
    """Detonante Validación de Apartado (COP): pending, availability confirmed and within the deadline.

    The unit becomes «apartado validado» for the whole network. Raises AccionRechazada with the reason.
    """
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        condicion = (
            "Solicitud de Intención de Compra completa, disponibilidad confirmada por "
            f"{apartado.disponibilidad_confirmo} ({apartado.disponibilidad_medio}) y dentro del plazo"
        )
        acciones.ejecutar(
            apartado,
            "validar",
            actor=actor,
            argumentos={"por": actor},
            bloquear=False,
            evento=DETONANTE_VALIDACION,
            datos=datos_del_evento(apartado, condicion),
            organizacion=apartado.concesionario,
        )
        unidad = acciones.ejecutar(apartado.unidad, "validar_apartado", actor=actor, bloquear=False)
        seguro_de_la_compra(actor=actor, apartado=apartado)
        notificar(
            destinatarios=[apartado.asesor, *gerentes_de(unidad.concesionario_id)],
            titulo=f"Apartado validado: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=f"El COP validó el apartado de la unidad {unidad.vin} para {apartado.cliente.nombre}.",
            enlace=reverse("operaciones:apartado", args=[apartado.pk]),
            clave=f"operaciones-validacion-{apartado.pk}",
        )
        return apartado


# --- Unidad Disponible --------------------------------------------------------------


def apartado_liberar(*, actor, apartado, motivo):
    """Detonante Unidad Disponible (manual, COP, with a reason): the unit returns to the network's inventory.

    Raises ErrorOperacion for an empty reason, AccionRechazada if the actor is not the COP or the
    apartado is no longer active.
    """
    motivo = (motivo or "").strip()
    if not motivo:
        raise ErrorOperacion(mensajes.MOTIVO_REQUERIDO)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        _liberar(apartado, actor=actor, transicion="liberar", argumentos={"por": actor, "motivo": motivo})
        return apartado


def _liberar_vencido(unidad):
    """Unidad Disponible by sistema for the unit's expired pending apartado (the unit is locked)."""
    vencido = unidad.apartados.vencidos().select_related("asesor", "concesionario").select_for_update(of=("self",))
    vencido = vencido.first()
    if vencido is not None:
        vencido.unidad = unidad
        _liberar(vencido, actor=None, transicion="liberar_por_vencimiento", argumentos={})


def _liberar(apartado, *, actor, transicion, argumentos):
    """Release one locked apartado and its unit, record Unidad Disponible and notify (inside a transaction)."""
    automatica = transicion == "liberar_por_vencimiento"
    motivo = mensajes.MOTIVO_AUTOMATICO if automatica else argumentos["motivo"]
    acciones.ejecutar(
        apartado,
        transicion,
        actor=actor,
        argumentos=argumentos,
        bloquear=False,
        evento=DETONANTE_UNIDAD_DISPONIBLE,
        datos=datos_del_evento(
            apartado,
            mensajes.MOTIVO_AUTOMATICO if automatica else "Liberación manual del COP",
            automatico=automatica,
            motivo=motivo,
        ),
        organizacion=apartado.concesionario,
    )
    acciones.ejecutar(apartado.unidad, "liberar", actor=actor, bloquear=False)
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


def _notificar_disponibles(liberados, *, automatica):
    """Tell each asesor, each owning concesionario and each network that the units are available again.

    One ``notificar_varios`` with every recipient read in three queries: the sweep's cost does not grow
    with the number of asesores or concesionarios in the batch.
    """
    if not liberados:
        return
    clave = clave_lote("operaciones-unidad-disponible", [x.pk for x in liberados])
    causa = "venció el plazo de validación" if automatica else "el COP liberó la unidad"
    por_asesor, por_concesionario, por_red = defaultdict(list), defaultdict(list), defaultdict(list)
    red_de_concesionario = dict(
        Organizacion.objects.filter(pk__in={x.concesionario_id for x in liberados}).values_list("pk", "padre_id")
    )
    for liberado in liberados:
        por_asesor[liberado.asesor_id].append(liberado)
        por_concesionario[liberado.concesionario_id].append(liberado)
        por_red[red_de_concesionario[liberado.concesionario_id]].append(liberado)
    asesores = Usuario.objects.in_bulk(list(por_asesor))
    gerentes, personal = defaultdict(list), defaultdict(list)
    for gerente in usuarios(*GERENTES).filter(organizacion_id__in=list(por_concesionario)):
        gerentes[gerente.organizacion_id].append(gerente)
    redes = usuarios(*ROLES_OPERACIONES).annotate(red=Coalesce("organizacion__padre_id", "organizacion_id"))
    for usuario in redes.filter(red__in=list(por_red)):
        personal[usuario.red].append(usuario)

    def lista(grupo):
        texto = ", ".join(f"{x.marca} {x.modelo} {x.vin}" for x in grupo[:20])
        return texto + (f" y {len(grupo) - 20} más" if len(grupo) > 20 else "")

    avisos = [
        Aviso(
            [asesores[asesor_id]],
            "Su apartado fue liberado" if len(grupo) == 1 else f"{len(grupo)} apartados suyos fueron liberados",
            f"Unidad Disponible ({causa}): {lista(grupo)}.",
            reverse("operaciones:apartados"),
            clave=clave,
        )
        for asesor_id, grupo in por_asesor.items()
    ]
    avisos += [
        Aviso(
            gerentes[concesionario_id],
            f"Unidad Disponible: {len(grupo)} unidad(es) de su inventario",
            f"Volvieron al inventario ({causa}): {lista(grupo)}.",
            reverse("operaciones:mi_inventario"),
            clave=clave,
        )
        for concesionario_id, grupo in por_concesionario.items()
    ]
    avisos += [
        Aviso(
            personal[red_id],
            f"Unidad Disponible: {grupo[0].marca} {grupo[0].modelo}"
            if len(grupo) == 1
            else f"Unidad Disponible: {len(grupo)} unidades vuelven al inventario",
            f"Disponibles de nuevo para toda la red: {lista(grupo)}.",
            reverse("operaciones:inventario"),
            por_correo=False,
            clave=clave,
        )
        for red_id, grupo in por_red.items()
    ]
    notificar_varios(avisos)


# --- Cancelación ------------------------------------------------------------------


def apartado_cancelar(*, actor, apartado, motivo, detalle="", adjunto=None):
    """Detonante Cancelación (COP): documents the reason (catalogue, text, optional file) and reactivates the unit.

    Raises ErrorOperacion for a missing reason or a rejected attachment, AccionRechazada if the actor is
    not the COP or the apartado is no longer active.
    """
    detalle = (detalle or "").strip()
    if motivo not in Apartado.MotivoCancelacion.values:
        raise ErrorOperacion(mensajes.MOTIVO_CANCELACION_REQUERIDO)
    if motivo == Apartado.MotivoCancelacion.OTRO and not detalle:
        raise ErrorOperacion(mensajes.DETALLE_OTRO_REQUERIDO)
    if adjunto is not None:
        validar_archivo(adjunto, tipos=("pdf", "imagen"))
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        acciones.ejecutar(
            apartado,
            "cancelar",
            actor=actor,
            argumentos={"por": actor, "motivo": motivo, "detalle": detalle},
            bloquear=False,
            evento=DETONANTE_CANCELACION,
            datos=datos_del_evento(
                apartado,
                "Cancelación documentada por el COP; la unidad se reactiva",
                motivo=motivo,
                detalle=detalle,
                adjunto=bool(adjunto),
            ),
            organizacion=apartado.concesionario,
        )
        if adjunto is not None:
            apartado.adjunto_cancelacion.save(adjunto.name, adjunto, save=False)
            apartado.save(update_fields=["adjunto_cancelacion"])
        unidad = acciones.ejecutar(apartado.unidad, "liberar", actor=actor, bloquear=False)
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


@sin_recolector()  # 10,000 rows and events alive until the batch ends: see enlace.recolector
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
            # By concesionario and asesor, not by deadline (every one is overdue): when the sweep takes several
            # batches, each asesor's and each concesionario's apartados fall in one of them, so they get one notice.
            candidatos = list(
                Apartado.objects.vencidos(ahora)
                .order_by("concesionario_id", "asesor_id", "vence", "id")
                .values_list("unidad_id", flat=True)[:lote]
            )
            if not candidatos:
                break
            unidad_ids = list(
                Unidad.objects.filter(pk__in=candidatos).select_for_update(**bloqueo).values_list("pk", flat=True)
            )
            # Bulk on purpose (one UPDATE per batch, not one transition per row): ``vencidos`` is exactly the
            # declaration of Apartado.liberar_por_vencimiento (source pendiente, condition plazo_vencido).
            filas = list(
                Apartado.objects.vencidos(ahora)
                .filter(unidad_id__in=unidad_ids)
                .select_for_update(of=("self",), **bloqueo)
                .values("pk", "unidad_id", "concesionario_id", "asesor_id", "vence", "unidad__vin", "unidad__marca")
                .annotate(modelo=F("unidad__modelo"))
            )
            if not filas:
                break  # everything due is being released by another worker
            for fila in filas:
                if fila["concesionario_id"] not in organizaciones:
                    organizaciones[fila["concesionario_id"]] = Organizacion(pk=fila["concesionario_id"])
            # The hooks would UPDATE every apartado's last activity a second time: the UPDATE below carries it.
            registrados = bitacora.registrar_varios(
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
                            "condicion": mensajes.MOTIVO_AUTOMATICO,
                            "horas_validacion": horas_validacion(),
                        },
                    )
                    for f in filas
                ],
                avisar=False,
            )
            actualizar_con_historial(
                Apartado.objects.filter(pk__in=[f["pk"] for f in filas]),
                {
                    "estado": Apartado.Estado.LIBERADO,
                    "liberado_en": ahora,
                    "liberado_por": None,
                    "liberacion_automatica": True,
                    "motivo_liberacion": mensajes.MOTIVO_AUTOMATICO,
                    **campos_de_actividad(registrados[0].creado, DETONANTE_UNIDAD_DISPONIBLE),
                },
                razon=razon,
                fecha=ahora,
            )
            actualizar_con_historial(
                Unidad.objects.filter(
                    pk__in=[f["unidad_id"] for f in filas],
                    estado__in=[Unidad.Estado.APARTADA, Unidad.Estado.VALIDADA],
                ),
                {"estado": Unidad.Estado.DISPONIBLE, "reservada_hasta": None, "actualizada": ahora},
                razon=razon,
                fecha=ahora,
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
