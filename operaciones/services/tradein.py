"""Trade-In and Trade-In Segunda Oferta (detonantes, COP only).

The COP activates the Trade-In (unit data, concesionarios A and B notified in the app and by email),
records the checklist and attaches photos and documents; A's staff answers within ``plazo_a``; if A
declines or lets the deadline pass, the COP activates the Segunda Oferta and B's staff answers. Every
step is an event on the apartado. Nothing changes once the operación is cerrada.
"""

from dataclasses import dataclass
from datetime import timedelta

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.eventos import (
    DETONANTE_TRADE_IN,
    DETONANTE_TRADE_IN_SEGUNDA,
    EVENTO_TRADE_IN_RESPUESTA_A,
    EVENTO_TRADE_IN_RESPUESTA_B,
)
from operaciones.models import ArchivoTradeIn, PuntoChecklistTradeIn, RevisionTradeIn, TradeIn
from operaciones.models.apartados import normalizar_vin, validar_vin
from operaciones.rules import CONFIRMAN
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    concesionario_a_de,
    cop_de,
    exigir_cop,
    gerentes_de,
    guardar,
    registrar_en_operacion,
    validar_archivo,
)
from operaciones.services.negociacion import exigir_operacion_activa, mxn

__all__ = [
    "tradein_activar",
    "tradein_agregar_archivo",
    "tradein_registrar_revision",
    "tradein_responder_a",
    "tradein_responder_b",
    "tradein_segunda_oferta",
]

TIPOS_ARCHIVO = {ArchivoTradeIn.Tipo.FOTO: ("imagen",), ArchivoTradeIn.Tipo.DOCUMENTO: ("pdf", "imagen")}
CAMPOS_UNIDAD = ("marca", "modelo", "anio", "version", "km", "color", "vin", "observaciones")


def horas_respuesta():
    return settings.OPERACIONES_HORAS_RESPUESTA_TRADE_IN


# --- Shared -------------------------------------------------------------------


def _bloquear(apartado_id):
    """Lock unit → apartado → trade-in; refuse a closed/inactive operación or one without Trade-In."""
    apartado = bloquear_apartado(apartado_id)
    exigir_operacion_activa(apartado, cerrada=mensajes.OPERACION_CERRADA_TRADE_IN)
    trade_in = TradeIn.objects.select_for_update().filter(apartado=apartado).first()
    if trade_in is None:
        raise ErrorOperacion(mensajes.TRADE_IN_NO_ACTIVO)
    trade_in.apartado = apartado
    return apartado, trade_in


def _registrar(tipo, *, actor, trade_in, condicion, **datos):
    registrar_en_operacion(
        tipo,
        actor=actor,
        apartado=trade_in.apartado,
        condicion=condicion,
        trade_in_id=trade_in.pk,
        estado_trade_in=trade_in.estado,
        **datos,
    )


def _hora(momento):
    return f"{timezone.localtime(momento):%d/%m/%Y %H:%M}"


def _descripcion(trade_in):
    partes = [f"{trade_in.marca} {trade_in.modelo} {trade_in.anio}", trade_in.version, f"{trade_in.km:,} km"]
    partes += [trade_in.color, f"VIN {trade_in.vin}" if trade_in.vin else ""]
    return ", ".join(p for p in partes if p)


def _enlace(trade_in):
    return reverse("operaciones:tradein", args=[trade_in.apartado_id])


def _staff(concesionario_id):
    return gerentes_de(concesionario_id, CONFIRMAN)


# --- Activation -------------------------------------------------------------------


def _datos_unidad(datos):
    limpios = {campo: datos.get(campo) for campo in CAMPOS_UNIDAD}
    for campo in ("marca", "modelo", "version", "color", "observaciones"):
        limpios[campo] = (limpios[campo] or "").strip()
    if not all(limpios[c] for c in ("marca", "modelo", "anio", "color")) or limpios["km"] is None:
        raise ErrorOperacion(mensajes.TRADE_IN_DATOS)
    limpios["vin"] = normalizar_vin(limpios["vin"])
    if limpios["vin"]:
        try:
            validar_vin(limpios["vin"])
        except ValidationError as error:
            raise ErrorOperacion(" ".join(error.messages)) from None
    return limpios


def tradein_activar(*, actor, apartado_id, unidad, decision_cop=False):
    """Detonante Trade-In: the COP activates it for an active apartado whose Solicitud has a unidad a cuenta
    (or by the COP's own decision). ``unidad``: marca, modelo, anio, version, km, color, vin, observaciones."""
    exigir_cop(actor)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado_id)
        exigir_operacion_activa(apartado, cerrada=mensajes.OPERACION_CERRADA_TRADE_IN)
        if TradeIn.objects.filter(apartado=apartado).exists():
            raise ErrorOperacion(mensajes.TRADE_IN_YA_ACTIVO)
        if not (apartado.unidad_a_cuenta or decision_cop):
            raise ErrorOperacion(mensajes.TRADE_IN_SIN_UNIDAD_A_CUENTA)
        ahora = timezone.now()
        trade_in = TradeIn.objects.create(
            apartado=apartado,
            concesionario_a=concesionario_a_de(apartado) or apartado.concesionario,
            concesionario_b=apartado.concesionario,
            activado_en=ahora,
            activado_por=actor,
            plazo_a=ahora + timedelta(hours=horas_respuesta()),
            **_datos_unidad(unidad),
        )
        _registrar(
            DETONANTE_TRADE_IN,
            actor=actor,
            trade_in=trade_in,
            condicion="Unidad a cuenta en la Solicitud" if apartado.unidad_a_cuenta else "Decisión del COP",
            unidad_a_cuenta=_descripcion(trade_in),
            concesionario_a_id=trade_in.concesionario_a_id,
            concesionario_b_id=trade_in.concesionario_b_id,
            plazo_a=trade_in.plazo_a,
        )
        unidad_vendida = apartado.unidad
        cuerpo = (
            f"El cliente de la operación {apartado.folio} ({unidad_vendida.marca} {unidad_vendida.modelo} "
            f"{unidad_vendida.vin}) entrega a cuenta: {_descripcion(trade_in)}. {trade_in.observaciones}".strip()
        )
        notificar(
            destinatarios=_staff(trade_in.concesionario_a_id),
            titulo=f"Trade-In: ¿toma la unidad {trade_in.marca} {trade_in.modelo} {trade_in.anio}?",
            cuerpo=f"{cuerpo} Responda con su oferta o decline antes de {_hora(trade_in.plazo_a)}.",
            enlace=_enlace(trade_in),
            clave=f"operaciones-tradein-{trade_in.pk}-activado",
        )
        notificar(
            destinatarios=_staff(trade_in.concesionario_b_id),
            titulo=f"Trade-In en la venta de su unidad {unidad_vendida.vin}",
            cuerpo=f"{cuerpo} El concesionario A tiene hasta {_hora(trade_in.plazo_a)} para responder.",
            enlace=_enlace(trade_in),
            clave=f"operaciones-tradein-{trade_in.pk}-activado",
        )
        return trade_in


# --- Checklist and files ------------------------------------------------------------


def tradein_registrar_revision(*, actor, apartado_id, punto_id, resultado, observacion=""):
    """The COP records (or corrects) one checklist point. Field history keeps the previous answer."""
    exigir_cop(actor)
    with transaction.atomic():
        _apartado, trade_in = _bloquear(apartado_id)
        if trade_in.resuelto:
            raise ErrorOperacion(mensajes.TRADE_IN_RESUELTO)
        punto = PuntoChecklistTradeIn.objects.filter(pk=punto_id, activo=True).first()
        if punto is None or resultado not in RevisionTradeIn.Resultado.values:
            raise ErrorOperacion(mensajes.PUNTO_CHECKLIST_INVALIDO)
        revision, _creada = RevisionTradeIn.objects.update_or_create(
            trade_in=trade_in,
            punto=punto,
            defaults={
                "resultado": resultado,
                "observacion": (observacion or "").strip(),
                "registrada_por": actor,
                "registrada_en": timezone.now(),
            },
        )
        return revision


def tradein_agregar_archivo(*, actor, apartado_id, tipo, archivo, descripcion=""):
    """The COP attaches a photo (image) or a document (PDF or image), validated in type and size."""
    exigir_cop(actor)
    if tipo not in TIPOS_ARCHIVO:
        raise ErrorOperacion(mensajes.TIPO_ARCHIVO_TRADE_IN)
    validar_archivo(archivo, tipos=TIPOS_ARCHIVO[tipo], max_bytes=settings.OPERACIONES_ARCHIVO_MAX_BYTES)
    with transaction.atomic():
        _apartado, trade_in = _bloquear(apartado_id)
        registro = ArchivoTradeIn(trade_in=trade_in, tipo=tipo, descripcion=descripcion, subido_por=actor)
        registro.archivo.save(archivo.name, archivo, save=False)
        registro.save()
        return registro


# --- Answers --------------------------------------------------------------------------


def _oferta_valida(toma, oferta):
    if toma and not (oferta and oferta > 0):
        raise ErrorOperacion(mensajes.OFERTA_REQUERIDA)


def _avisar_respuesta(actor, trade_in, *, lado, toma, oferta, clave):
    apartado = trade_in.apartado
    resultado = f"ofrece {mxn(oferta)}" if toma else "declina tomar la unidad"
    notificar(
        destinatarios=[u for u in [*cop_de(apartado.concesionario_id), apartado.asesor] if u.pk != actor.pk],
        titulo=f"Trade-In, concesionario {lado}: {trade_in.get_estado_display().lower()}",
        cuerpo=f"El concesionario {lado} {resultado} por {_descripcion(trade_in)} (operación {apartado.folio}).",
        enlace=_enlace(trade_in),
        clave=clave,
    )


def tradein_responder_a(*, actor, apartado_id, toma, oferta=None, comentario=""):
    """Concesionario A's gerente general or de ventas takes the unit (with an offer) or declines."""
    return _responder(
        actor=actor, apartado_id=apartado_id, lado=_LADOS["A"], toma=toma, oferta=oferta, comentario=comentario
    )


def _resumen_checklist(trade_in):
    revisiones = {r.punto_id: r for r in trade_in.revisiones.all()}
    lineas = []
    for punto in PuntoChecklistTradeIn.objects.filter(activo=True):
        revision = revisiones.get(punto.pk)
        resultado = f"{revision.get_resultado_display()}. {revision.observacion}".strip() if revision else "Sin revisar"
        lineas.append(f"- {punto.nombre}: {resultado}")
    return "\n".join(lineas)


def tradein_segunda_oferta(*, actor, apartado_id):
    """Detonante Trade-In Segunda Oferta: only after A declined or A's deadline passed; B is notified."""
    exigir_cop(actor)
    with transaction.atomic():
        apartado, trade_in = _bloquear(apartado_id)
        if not trade_in.hay_segunda_oferta:
            raise ErrorOperacion(mensajes.SEGUNDA_OFERTA_SIN_B)
        if trade_in.estado not in (TradeIn.Estado.ESPERANDO_A, TradeIn.Estado.DECLINADO_A):
            raise ErrorOperacion(mensajes.SEGUNDA_OFERTA_NO_APLICA)
        if not trade_in.puede_segunda_oferta():
            raise ErrorOperacion(mensajes.SEGUNDA_OFERTA_ANTICIPADA.format(plazo=_hora(trade_in.plazo_a)))
        condicion = (
            "El concesionario A declinó"
            if trade_in.estado == TradeIn.Estado.DECLINADO_A
            else "Venció el plazo del concesionario A"
        )
        ahora = timezone.now()
        trade_in.segunda_oferta(por=actor, ahora=ahora, plazo=ahora + timedelta(hours=horas_respuesta()))
        guardar(trade_in, "estado", "segunda_oferta_en", "segunda_oferta_por", "plazo_b")
        _registrar(
            DETONANTE_TRADE_IN_SEGUNDA, actor=actor, trade_in=trade_in, condicion=condicion, plazo_b=trade_in.plazo_b
        )
        archivos = trade_in.archivos.count()
        notificar(
            destinatarios=_staff(trade_in.concesionario_b_id),
            titulo=f"Trade-In Segunda Oferta: {trade_in.marca} {trade_in.modelo} {trade_in.anio}",
            cuerpo=(
                f"{condicion}. ¿Toma la unidad a cuenta de la venta de su unidad {apartado.unidad.vin} "
                f"(operación {apartado.folio})? Responda antes de {_hora(trade_in.plazo_b)}.\n"
                f"Unidad: {_descripcion(trade_in)}.\n{trade_in.observaciones}\n"
                f"Checklist:\n{_resumen_checklist(trade_in)}\n"
                f"Fotos y documentos: {archivos} en la página del Trade-In."
            ),
            enlace=_enlace(trade_in),
            clave=f"operaciones-tradein-{trade_in.pk}-segunda",
        )
        return trade_in


def tradein_responder_b(*, actor, apartado_id, toma, oferta=None, comentario=""):
    """Concesionario B's gerente general or de ventas answers the Segunda Oferta."""
    return _responder(
        actor=actor, apartado_id=apartado_id, lado=_LADOS["B"], toma=toma, oferta=oferta, comentario=comentario
    )


@dataclass(frozen=True)
class _Lado:
    """What differs between A's answer and B's: who may answer, the state it waits in, fields and texts."""

    letra: str
    regla: str
    no_responde: str
    espera: str
    no_espera: str
    evento: str

    def vencido(self, trade_in):
        return getattr(trade_in, f"plazo_{self.letra.lower()}_vencido")

    def transicion(self, trade_in, toma):
        return getattr(trade_in, f"{'tomar' if toma else 'declinar'}_{self.letra.lower()}")

    def campos(self):
        sufijo = self.letra.lower()
        return (
            "estado",
            f"respuesta_{sufijo}_en",
            f"respuesta_{sufijo}_por",
            f"oferta_{sufijo}",
            f"comentario_{sufijo}",
        )


_LADOS = {
    "A": _Lado(
        "A",
        "operaciones.responder_trade_in_a",
        mensajes.NO_RESPONDE_A,
        TradeIn.Estado.ESPERANDO_A,
        mensajes.TRADE_IN_NO_ESPERA_A,
        EVENTO_TRADE_IN_RESPUESTA_A,
    ),
    "B": _Lado(
        "B",
        "operaciones.responder_trade_in_b",
        mensajes.NO_RESPONDE_B,
        TradeIn.Estado.ESPERANDO_B,
        mensajes.TRADE_IN_NO_ESPERA_B,
        EVENTO_TRADE_IN_RESPUESTA_B,
    ),
}


def _responder(*, actor, apartado_id, lado, toma, oferta, comentario):
    comentario = (comentario or "").strip()
    with transaction.atomic():
        _apartado, trade_in = _bloquear(apartado_id)
        if not rules.test_rule(lado.regla, actor, trade_in):
            raise ErrorOperacion(lado.no_responde)
        if trade_in.estado != lado.espera:
            raise ErrorOperacion(lado.no_espera)
        _oferta_valida(toma, oferta)
        a_tiempo = not lado.vencido(trade_in)
        transicion = lado.transicion(trade_in, toma)
        if toma:
            transicion(por=actor, oferta=oferta, comentario=comentario)
        else:
            transicion(por=actor, comentario=comentario)
        guardar(trade_in, *lado.campos())
        _registrar(
            lado.evento,
            actor=actor,
            trade_in=trade_in,
            condicion=f"Respuesta de {lado.letra} {'dentro del' if a_tiempo else 'después del'} plazo",
            oferta=oferta if toma else None,
            comentario=comentario,
        )
        clave = f"operaciones-tradein-{trade_in.pk}-respuesta-{lado.letra.lower()}"
        _avisar_respuesta(actor, trade_in, lado=lado.letra, toma=toma, oferta=oferta, clave=clave)
        return trade_in
