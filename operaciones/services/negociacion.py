"""Negotiation of an operación: discount requests (COP ↔ concesionario B) and financing requests.

Concesionario B's gerente de ventas answers a discount in the app (approve, counter-offer, reject) and the
asesor or the COP decides a counter-offer; the COP and the concesionario's gerente de financiera record
the financing steps.

Each service locks unit → apartado → its own row, runs the request's transition through
``enlace.acciones.ejecutar`` (permission, conditions), records the event on the apartado (the
operación's timeline) and notifies with a ``clave`` (a retry notifies nobody twice).
Nothing can be requested or changed once the operación is cerrada.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse

from enlace import acciones
from enlace.dinero import formatear
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.escrituras import ENVIAR_FINANCIAMIENTO, SOLICITAR_DESCUENTO
from operaciones.eventos import (
    EVENTO_CREDITO_CONFIRMADO,
    EVENTO_DESCUENTO_CONTRAOFERTA,
    EVENTO_DESCUENTO_NEGOCIACION,
    EVENTO_DESCUENTO_RESUELTO,
    EVENTO_DESCUENTO_SOLICITADO,
    EVENTO_FINANCIAMIENTO_ENVIADO,
    EVENTO_FINANCIAMIENTO_RESPUESTA,
)
from operaciones.models import Apartado, SolicitudDescuento, SolicitudFinanciamiento
from operaciones.services.comun import ErrorOperacion, bloquear_apartado, cop_de, gerentes_de, registrar_en_operacion

__all__ = [
    "RESPUESTAS_DEL_GERENTE",
    "descuento_de_la_solicitud",
    "descuento_decidir_contraoferta",
    "descuento_negociar",
    "descuento_resolver",
    "descuento_responder",
    "descuento_solicitar",
    "financiamiento_confirmar_credito",
    "financiamiento_enviar",
    "financiamiento_registrar_respuesta",
]

CENTAVOS = Decimal("0.01")


# --- Shared -------------------------------------------------------------------


def _avisar(destinatarios, *, actor, apartado, titulo, cuerpo, clave, por_correo=True):
    """Notify everyone but the actor, linking to the apartado."""
    notificar(
        destinatarios=[u for u in destinatarios if u.pk != actor.pk],
        titulo=titulo,
        cuerpo=cuerpo,
        enlace=reverse("operaciones:apartado", args=[apartado.pk]),
        por_correo=por_correo,
        clave=clave,
    )


def mxn(monto):
    return formatear(monto, "MXN")


def _unidad(apartado):
    unidad = apartado.unidad
    return f"{unidad.marca} {unidad.modelo} {unidad.anio} ({unidad.vin})"


# --- Descuentos ---------------------------------------------------------------


def _aprobado_de(apartado):
    return apartado.descuentos.aprobadas().aggregate(total=Sum("monto_aprobado"))["total"] or Decimal(0)


def _monto_del_descuento(tipo, valor, precio):
    """The requested amount in MXN: the value itself, or that percentage of the unit's price."""
    if tipo == SolicitudDescuento.Tipo.PORCENTAJE:
        if not (valor and Decimal(0) < valor <= 100):
            raise ErrorOperacion(mensajes.DESCUENTO_PORCENTAJE_INVALIDO)
        return (precio * valor / 100).quantize(CENTAVOS, rounding=ROUND_HALF_UP)
    if not (valor and valor > 0):
        raise ErrorOperacion(mensajes.DESCUENTO_MONTO_INVALIDO)
    if valor > precio:
        raise ErrorOperacion(mensajes.DESCUENTO_EXCESIVO)
    return valor


def _crear_descuento(*, actor, apartado, tipo, valor, motivo):
    descuento = SolicitudDescuento.objects.create(
        apartado=apartado,
        tipo=tipo,
        valor=valor,
        monto_solicitado=_monto_del_descuento(tipo, valor, apartado.unidad.precio),
        motivo=motivo,
        solicitada_por=actor,
    )
    registrar_en_operacion(
        EVENTO_DESCUENTO_SOLICITADO,
        actor=actor,
        apartado=apartado,
        condicion="Operación activa sin otra solicitud de descuento abierta",
        descuento_id=descuento.pk,
        tipo_descuento=tipo,
        valor=valor,
        monto_solicitado=descuento.monto_solicitado,
    )
    _avisar(
        [apartado.asesor, *cop_de(apartado.concesionario_id)],
        actor=actor,
        apartado=apartado,
        titulo=f"Descuento solicitado: {mxn(descuento.monto_solicitado)}",
        cuerpo=f"{actor} pidió un descuento para {_unidad(apartado)}: {motivo}",
        clave=f"operaciones-descuento-{descuento.pk}-solicitado",
    )
    return descuento


def descuento_de_la_solicitud(*, actor, apartado):
    """The discount written in the Solicitud de Intención de Compra, in the apartado's own transaction."""
    if apartado.descuento_solicitado > 0:
        _crear_descuento(
            actor=actor,
            apartado=apartado,
            tipo=SolicitudDescuento.Tipo.MONTO,
            valor=apartado.descuento_solicitado,
            motivo="Solicitado en la Solicitud de Intención de Compra.",
        )


def descuento_solicitar(*, actor, apartado, tipo, valor, motivo):
    """The operación's asesor (or the COP on the client's behalf) asks for a discount, while the operación is
    active and has no other open request (``SOLICITAR_DESCUENTO``). Raises AccionRechazada or ErrorOperacion."""
    motivo = (motivo or "").strip()
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        SOLICITAR_DESCUENTO.exigir(apartado, actor)
        if tipo not in SolicitudDescuento.Tipo.values:
            raise ErrorOperacion(mensajes.DESCUENTO_MONTO_INVALIDO)
        if not motivo:
            raise ErrorOperacion(mensajes.DESCUENTO_MOTIVO_REQUERIDO)
        return _crear_descuento(actor=actor, apartado=apartado, tipo=tipo, valor=valor, motivo=motivo)


def _bloquear_descuento(descuento):
    """Lock unit → apartado → the discount request; the request keeps the locked apartado."""
    apartado = bloquear_apartado(descuento.apartado)
    descuento = SolicitudDescuento.objects.select_for_update().get(pk=descuento.pk)
    descuento.apartado = apartado
    return descuento


def descuento_negociar(*, actor, descuento):
    """The COP takes the request to concesionario B's gerente de ventas (who is notified). Raises AccionRechazada."""
    with transaction.atomic():
        descuento = _bloquear_descuento(descuento)
        apartado = descuento.apartado
        acciones.ejecutar(descuento, "negociar", actor=actor, argumentos={"por": actor}, bloquear=False)
        registrar_en_operacion(
            EVENTO_DESCUENTO_NEGOCIACION,
            actor=actor,
            apartado=apartado,
            condicion="Descuento solicitado y operación activa",
            descuento_id=descuento.pk,
            monto_solicitado=descuento.monto_solicitado,
        )
        monto = mxn(descuento.monto_solicitado)
        _avisar(
            [*gerentes_de(apartado.concesionario_id, ("gerente_ventas",)), apartado.asesor],
            actor=actor,
            apartado=apartado,
            titulo=f"Negociación de descuento: {monto}",
            cuerpo=f"El COP negocia un descuento de {monto} para {_unidad(apartado)}. Motivo: {descuento.motivo}",
            clave=f"operaciones-descuento-{descuento.pk}-negociacion",
        )
        return descuento


def descuento_resolver(*, actor, descuento, aprobado, monto_aprobado=None, acordado_con="", motivo=""):
    """The COP records the concesionario's answer: approved (amount, may differ) or rejected (reason).

    Raises ErrorOperacion for a missing or excessive amount or reason, AccionRechazada otherwise.
    """
    acordado_con, motivo = (acordado_con or "").strip(), (motivo or "").strip()
    with transaction.atomic():
        descuento = _bloquear_descuento(descuento)
        apartado = descuento.apartado
        if aprobado:
            _validar_aprobacion(apartado, monto_aprobado, acordado_con)
            transicion, argumentos = "aprobar", {"monto": monto_aprobado, "acordado_con": acordado_con}
        else:
            if not motivo:
                raise ErrorOperacion(mensajes.RECHAZO_MOTIVO_REQUERIDO)
            transicion, argumentos = "rechazar", {"motivo": motivo, "acordado_con": acordado_con}
        acciones.ejecutar(descuento, transicion, actor=actor, argumentos={"por": actor, **argumentos}, bloquear=False)
        registrar_en_operacion(
            EVENTO_DESCUENTO_RESUELTO,
            actor=actor,
            apartado=apartado,
            condicion="Descuento en negociación con el concesionario" if aprobado else "Descuento abierto",
            descuento_id=descuento.pk,
            resultado=descuento.estado,
            monto_solicitado=descuento.monto_solicitado,
            monto_aprobado=descuento.monto_aprobado,
            acordado_con=acordado_con,
        )
        resultado = f"aprobado por {mxn(descuento.monto_aprobado)}" if aprobado else f"rechazado: {motivo}"
        _avisar(
            [apartado.asesor, *gerentes_de(apartado.concesionario_id, ("gerente_ventas",))],
            actor=actor,
            apartado=apartado,
            titulo=f"Descuento {descuento.get_estado_display().lower()}",
            cuerpo=f"El descuento para {_unidad(apartado)} fue {resultado}.",
            clave=f"operaciones-descuento-{descuento.pk}-resuelto",
        )
        return descuento


def _validar_aprobacion(apartado, monto, acordado_con):
    _validar_monto(apartado, monto, mensajes.DESCUENTO_APROBADO_INVALIDO)
    if not acordado_con:
        raise ErrorOperacion(mensajes.DESCUENTO_ACORDADO_REQUERIDO)


def _validar_monto(apartado, monto, invalido):
    """An amount above zero and at most the unit's price minus the discounts already approved."""
    if not (monto and monto > 0):
        raise ErrorOperacion(invalido)
    disponible = apartado.unidad.precio - _aprobado_de(apartado)
    if monto > disponible:
        raise ErrorOperacion(mensajes.DESCUENTO_APROBADO_EXCESIVO.format(disponible=mxn(disponible)))


RESPUESTAS_DEL_GERENTE = {
    "aprobada": "aprobar_en_concesionario",
    "contraoferta": "contraofertar",
    "rechazada": "rechazar_en_concesionario",
}


def descuento_responder(*, actor, descuento, resultado, monto=None, motivo=""):
    """The owning concesionario's gerente de ventas answers a discount request in the app: ``resultado`` is
    «aprobada» (``monto`` ≤ price − already approved), «contraoferta» (another ``monto``, ``motivo`` its
    conditions) or «rechazada» (``motivo`` required). The asesor and the COP are notified.

    Raises ErrorOperacion for a missing or excessive amount or reason, AccionRechazada otherwise.
    """
    motivo = (motivo or "").strip()
    if resultado not in RESPUESTAS_DEL_GERENTE:
        raise ErrorOperacion(mensajes.DESCUENTO_APROBADO_INVALIDO)
    with transaction.atomic():
        descuento = _bloquear_descuento(descuento)
        apartado = descuento.apartado
        transicion = RESPUESTAS_DEL_GERENTE[resultado]
        # Who may, and when, first: a refused gerente learns that, not that the amount is wrong.
        motivo_rechazo = acciones.motivo_rechazo(descuento, transicion, actor)
        if motivo_rechazo:
            raise acciones.AccionRechazada(motivo_rechazo)
        if resultado == "aprobada":
            _validar_monto(apartado, monto, mensajes.DESCUENTO_APROBADO_INVALIDO)
            argumentos = {"monto": monto}
        elif resultado == "contraoferta":
            _validar_monto(apartado, monto, mensajes.CONTRAOFERTA_INVALIDA)
            if monto == descuento.monto_solicitado:
                raise ErrorOperacion(mensajes.CONTRAOFERTA_IGUAL)
            argumentos = {"monto": monto, "nota": motivo}
        else:
            if not motivo:
                raise ErrorOperacion(mensajes.RECHAZO_MOTIVO_REQUERIDO)
            argumentos = {"motivo": motivo}
        acciones.ejecutar(descuento, transicion, actor=actor, argumentos={"por": actor, **argumentos}, bloquear=False)
        contraoferta = resultado == "contraoferta"
        registrar_en_operacion(
            EVENTO_DESCUENTO_CONTRAOFERTA if contraoferta else EVENTO_DESCUENTO_RESUELTO,
            actor=actor,
            apartado=apartado,
            condicion="Descuento abierto, respondido por el gerente de ventas del concesionario",
            descuento_id=descuento.pk,
            resultado=descuento.estado,
            monto_solicitado=descuento.monto_solicitado,
            monto_aprobado=descuento.monto_aprobado,
            monto_contraoferta=descuento.monto_contraoferta,
            acordado_con=descuento.acordado_con,
        )
        detalle = {
            "aprobada": f"aprobó {mxn(monto)}",
            "contraoferta": f"ofrece {mxn(monto)} en lugar de {mxn(descuento.monto_solicitado)}"
            + (f": {motivo}" if motivo else ""),
            "rechazada": f"rechazó el descuento: {motivo}",
        }[resultado]
        _avisar(
            [apartado.asesor, *cop_de(apartado.concesionario_id)],
            actor=actor,
            apartado=apartado,
            titulo=f"Descuento: {descuento.get_estado_display().lower()}",
            cuerpo=f"{actor}, gerente de ventas, {detalle} para {_unidad(apartado)}.",
            clave=f"operaciones-descuento-{descuento.pk}-{'contraoferta' if contraoferta else 'resuelto'}",
        )
        return descuento


def descuento_decidir_contraoferta(*, actor, descuento, acepta, motivo=""):
    """The asesor (or the COP on the client's behalf) accepts the gerente's counter-offer (approved for its
    amount) or rejects it (``motivo`` required). The gerente de ventas, the asesor and the COP are notified.

    Raises ErrorOperacion for a missing reason, AccionRechazada otherwise.
    """
    motivo = (motivo or "").strip()
    with transaction.atomic():
        descuento = _bloquear_descuento(descuento)
        apartado = descuento.apartado
        transicion = "aceptar_contraoferta" if acepta else "rechazar_contraoferta"
        motivo_rechazo = acciones.motivo_rechazo(descuento, transicion, actor)
        if motivo_rechazo:
            raise acciones.AccionRechazada(motivo_rechazo)
        if not (acepta or motivo):
            raise ErrorOperacion(mensajes.RECHAZO_MOTIVO_REQUERIDO)
        argumentos = {"por": actor} if acepta else {"por": actor, "motivo": motivo}
        acciones.ejecutar(descuento, transicion, actor=actor, argumentos=argumentos, bloquear=False)
        registrar_en_operacion(
            EVENTO_DESCUENTO_RESUELTO,
            actor=actor,
            apartado=apartado,
            condicion="Contraoferta del gerente de ventas",
            descuento_id=descuento.pk,
            resultado=descuento.estado,
            monto_solicitado=descuento.monto_solicitado,
            monto_aprobado=descuento.monto_aprobado,
            monto_contraoferta=descuento.monto_contraoferta,
        )
        resultado = "aceptada" if acepta else f"rechazada: {motivo}"
        _avisar(
            [
                apartado.asesor,
                *gerentes_de(apartado.concesionario_id, ("gerente_ventas",)),
                *cop_de(apartado.concesionario_id),
            ],
            actor=actor,
            apartado=apartado,
            titulo=f"Contraoferta {'aceptada' if acepta else 'rechazada'}",
            cuerpo=(
                f"La contraoferta de {mxn(descuento.monto_contraoferta)} para {_unidad(apartado)} fue {resultado}."
            ),
            clave=f"operaciones-descuento-{descuento.pk}-resuelto",
        )
        return descuento


# --- Financiamiento -------------------------------------------------------------


def _siguen_el_financiamiento(apartado):
    """Who follows the financing: the asesor, the COP and the owning concesionario's gerente de financiera."""
    return [
        apartado.asesor,
        *cop_de(apartado.concesionario_id),
        *gerentes_de(apartado.concesionario_id, ("gerente_financiera",)),
    ]


def financiamiento_enviar(*, actor, apartado, financiera, tipo_financiera, monto_solicitado, plazo_meses):
    """Record a credit application sent to a bank, caja popular or the concesionario's financiera: the operación's
    asesor, the COP or the concesionario's gerente de financiera, for an active financed operación without another
    request in force (``ENVIAR_FINANCIAMIENTO``). Raises AccionRechazada or ErrorOperacion."""
    financiera = (financiera or "").strip()
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        ENVIAR_FINANCIAMIENTO.exigir(apartado, actor)
        datos_completos = (
            financiera
            and tipo_financiera in Apartado.TipoFinanciera.values
            and monto_solicitado
            and monto_solicitado > 0
            and plazo_meses
            and plazo_meses > 0
        )
        if not datos_completos:
            raise ErrorOperacion(mensajes.FINANCIAMIENTO_DATOS)
        solicitud = SolicitudFinanciamiento.objects.create(
            apartado=apartado,
            financiera=financiera,
            tipo_financiera=tipo_financiera,
            monto_solicitado=monto_solicitado,
            plazo_meses=plazo_meses,
            enviada_por=actor,
        )
        registrar_en_operacion(
            EVENTO_FINANCIAMIENTO_ENVIADO,
            actor=actor,
            apartado=apartado,
            condicion="Operación financiada activa sin otra solicitud vigente",
            financiamiento_id=solicitud.pk,
            financiera=financiera,
            tipo_financiera=tipo_financiera,
            monto_solicitado=monto_solicitado,
            plazo_meses=plazo_meses,
        )
        _avisar(
            _siguen_el_financiamiento(apartado),
            actor=actor,
            apartado=apartado,
            titulo=f"Solicitud de financiamiento enviada a {financiera}",
            cuerpo=(
                f"{actor} envió la solicitud de crédito de {apartado.cliente.nombre} por "
                f"{mxn(monto_solicitado)} a {plazo_meses} meses ({solicitud.get_tipo_financiera_display()})."
            ),
            clave=f"operaciones-financiamiento-{solicitud.pk}-enviada",
        )
        return solicitud


def _bloquear_financiamiento(solicitud):
    """Lock unit → apartado → the financing request; the request keeps the locked apartado."""
    apartado = bloquear_apartado(solicitud.apartado)
    solicitud = SolicitudFinanciamiento.objects.select_for_update().get(pk=solicitud.pk)
    solicitud.apartado = apartado
    return solicitud


def financiamiento_registrar_respuesta(
    *, actor, financiamiento, aprobada, condiciones="", monto_aprobado=None, tasa=None, motivo=""
):
    """The COP or the concesionario's gerente de financiera records what the bank, caja or financiera answered:
    approved with conditions, or rejected.

    Raises ErrorOperacion for missing conditions, amount or reason, AccionRechazada otherwise.
    """
    condiciones, motivo = (condiciones or "").strip(), (motivo or "").strip()
    with transaction.atomic():
        solicitud = _bloquear_financiamiento(financiamiento)
        apartado = solicitud.apartado
        if aprobada:
            if not (condiciones and monto_aprobado and monto_aprobado > 0):
                raise ErrorOperacion(mensajes.FINANCIAMIENTO_APROBADO_DATOS)
            transicion, argumentos = "aprobar", {"condiciones": condiciones, "monto": monto_aprobado, "tasa": tasa}
        else:
            if not motivo:
                raise ErrorOperacion(mensajes.RECHAZO_MOTIVO_REQUERIDO)
            transicion, argumentos = "rechazar", {"motivo": motivo}
        acciones.ejecutar(solicitud, transicion, actor=actor, argumentos={"por": actor, **argumentos}, bloquear=False)
        registrar_en_operacion(
            EVENTO_FINANCIAMIENTO_RESPUESTA,
            actor=actor,
            apartado=apartado,
            condicion=f"Solicitud enviada a {solicitud.financiera}",
            financiamiento_id=solicitud.pk,
            resultado=solicitud.estado,
            monto_aprobado=solicitud.monto_aprobado,
            tasa=solicitud.tasa,
        )
        detalle = (
            f"aprobó {mxn(monto_aprobado)}. Condiciones: {condiciones}"
            if aprobada
            else f"rechazó la solicitud: {motivo}"
        )
        _avisar(
            _siguen_el_financiamiento(apartado),
            actor=actor,
            apartado=apartado,
            titulo=f"{solicitud.financiera}: financiamiento {solicitud.get_estado_display().lower()}",
            cuerpo=f"{solicitud.financiera} {detalle}",
            clave=f"operaciones-financiamiento-{solicitud.pk}-respuesta",
        )
        return solicitud


def financiamiento_confirmar_credito(*, actor, financiamiento):
    """The COP or the concesionario's gerente de financiera confirms the approved credit is available for the
    operación. Raises AccionRechazada."""
    with transaction.atomic():
        solicitud = _bloquear_financiamiento(financiamiento)
        apartado = solicitud.apartado
        acciones.ejecutar(solicitud, "confirmar_credito", actor=actor, argumentos={"por": actor}, bloquear=False)
        registrar_en_operacion(
            EVENTO_CREDITO_CONFIRMADO,
            actor=actor,
            apartado=apartado,
            condicion=f"Financiamiento aprobado por {solicitud.financiera}",
            financiamiento_id=solicitud.pk,
            monto_aprobado=solicitud.monto_aprobado,
        )
        _avisar(
            _siguen_el_financiamiento(apartado),
            actor=actor,
            apartado=apartado,
            titulo="Crédito confirmado",
            cuerpo=(
                f"{actor} confirmó la disponibilidad del crédito de {solicitud.financiera} por "
                f"{mxn(solicitud.monto_aprobado)} para {_unidad(apartado)}."
            ),
            clave=f"operaciones-financiamiento-{solicitud.pk}-credito",
        )
        return solicitud
