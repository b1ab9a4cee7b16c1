"""Trade-In and Trade-In Segunda Oferta (detonantes, COP only).

The COP activates the Trade-In (unit data, concesionarios A and B notified in the app and by email),
records the checklist and attaches photos and documents; A's staff answers within ``plazo_a``; if A
declines or lets the deadline pass, the COP activates the Segunda Oferta and B's staff answers. The
answers and the Segunda Oferta are the trade-in's transitions (``enlace.acciones.ejecutar``); every
step is an event on the apartado. Nothing changes once the operación is cerrada.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace import acciones
from enlace.dinero import miles
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.escrituras import ACTIVAR_TRADE_IN, REVISAR_TRADE_IN, SUBIR_ARCHIVO_TRADE_IN
from operaciones.eventos import (
    DETONANTE_TRADE_IN,
    DETONANTE_TRADE_IN_SEGUNDA,
    EVENTO_TRADE_IN_RESPUESTA_A,
    EVENTO_TRADE_IN_RESPUESTA_B,
)
from operaciones.models import (
    ArchivoTradeIn,
    PuntoChecklistTradeIn,
    RevisionTradeIn,
    TradeIn,
    normalizar_vin,
    validar_vin,
)
from operaciones.rules import CONFIRMAN
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    concesionario_a_de,
    cop_de,
    gerentes_de,
    registrar_en_operacion,
    validar_archivo,
)
from operaciones.services.negociacion import mxn

__all__ = [
    "tradein_activar",
    "tradein_agregar_archivo",
    "tradein_registrar_revision",
    "tradein_responder",
    "tradein_segunda_oferta",
]

TIPOS_ARCHIVO = {ArchivoTradeIn.Tipo.FOTO: ("imagen",), ArchivoTradeIn.Tipo.DOCUMENTO: ("pdf", "imagen")}
CAMPOS_UNIDAD = ("marca", "modelo", "anio", "version", "km", "color", "vin", "observaciones")
EVENTO_RESPUESTA = {"a": EVENTO_TRADE_IN_RESPUESTA_A, "b": EVENTO_TRADE_IN_RESPUESTA_B}


def horas_respuesta():
    return settings.OPERACIONES_HORAS_RESPUESTA_TRADE_IN


# --- Shared -------------------------------------------------------------------


def _bloquear(trade_in):
    """Lock unit → apartado → trade-in; the trade-in keeps the locked apartado."""
    apartado = bloquear_apartado(trade_in.apartado)
    trade_in = TradeIn.objects.select_for_update().get(pk=trade_in.pk)
    trade_in.apartado = apartado
    return trade_in


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
    partes = [f"{trade_in.marca} {trade_in.modelo} {trade_in.anio}", trade_in.version, f"{miles(trade_in.km)} km"]
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


def tradein_activar(*, actor, apartado, unidad, decision_cop=False):
    """Detonante Trade-In: the COP activates it, once, for an active apartado whose Solicitud has a unidad a
    cuenta (or by the COP's own decision). ``unidad``: marca, modelo, anio, version, km, color, vin,
    observaciones. Raises AccionRechazada (``ACTIVAR_TRADE_IN``) or ErrorOperacion."""
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        ACTIVAR_TRADE_IN.exigir(apartado, actor)
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
        _avisar_activacion(trade_in)
        return trade_in


def _avisar_activacion(trade_in):
    apartado = trade_in.apartado
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


# --- Checklist and files ------------------------------------------------------------


def tradein_registrar_revision(*, actor, trade_in, punto, resultado, observacion=""):
    """The COP records (or corrects) one checklist point while the trade-in has no final answer.

    Field history keeps the previous answer. Raises AccionRechazada (``REVISAR_TRADE_IN``) or ErrorOperacion."""
    with transaction.atomic():
        trade_in = _bloquear(trade_in)
        REVISAR_TRADE_IN.exigir(trade_in, actor)
        if punto is None or not punto.activo or resultado not in RevisionTradeIn.Resultado.values:
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


def tradein_agregar_archivo(*, actor, trade_in, tipo, archivo, descripcion=""):
    """The COP attaches a photo (image) or a document (PDF or image), validated in type and size, while the
    operación is active (``SUBIR_ARCHIVO_TRADE_IN``). Raises AccionRechazada or ErrorOperacion."""
    if tipo not in TIPOS_ARCHIVO:
        raise ErrorOperacion(mensajes.TIPO_ARCHIVO_TRADE_IN)
    validar_archivo(archivo, tipos=TIPOS_ARCHIVO[tipo], max_bytes=settings.OPERACIONES_ARCHIVO_MAX_BYTES)
    with transaction.atomic():
        trade_in = _bloquear(trade_in)
        SUBIR_ARCHIVO_TRADE_IN.exigir(trade_in, actor)
        registro = ArchivoTradeIn(trade_in=trade_in, tipo=tipo, descripcion=descripcion, subido_por=actor)
        registro.archivo.save(archivo.name, archivo, save=False)
        registro.save()
        return registro


# --- Answers --------------------------------------------------------------------------


def _avisar_respuesta(actor, trade_in, *, lado, toma, oferta):
    apartado = trade_in.apartado
    resultado = f"ofrece {mxn(oferta)}" if toma else "declina tomar la unidad"
    notificar(
        destinatarios=[u for u in [*cop_de(apartado.concesionario_id), apartado.asesor] if u.pk != actor.pk],
        titulo=f"Trade-In, concesionario {lado.upper()}: {trade_in.get_estado_display().lower()}",
        cuerpo=(
            f"El concesionario {lado.upper()} {resultado} por {_descripcion(trade_in)} (operación {apartado.folio})."
        ),
        enlace=_enlace(trade_in),
        clave=f"operaciones-tradein-{trade_in.pk}-respuesta-{lado}",
    )


def tradein_responder(*, actor, trade_in, toma, oferta=None, comentario=""):
    """The gerente general or de ventas of the concesionario asked answers: A first, B once the Segunda Oferta
    is activated. Takes the unit (with an offer) or declines. Raises ErrorOperacion or AccionRechazada."""
    comentario = (comentario or "").strip()
    if toma and not (oferta and oferta > 0):
        raise ErrorOperacion(mensajes.OFERTA_REQUERIDA)
    with transaction.atomic():
        trade_in = _bloquear(trade_in)
        lado = "b" if trade_in.segunda_oferta_en else "a"  # after the Segunda Oferta only B answers
        a_tiempo = not getattr(trade_in, f"plazo_{lado}_vencido")
        argumentos = {"por": actor, "comentario": comentario, **({"oferta": oferta} if toma else {})}
        transicion = f"{'tomar' if toma else 'declinar'}_{lado}"
        acciones.ejecutar(trade_in, transicion, actor=actor, argumentos=argumentos, bloquear=False)
        _registrar(
            EVENTO_RESPUESTA[lado],
            actor=actor,
            trade_in=trade_in,
            condicion=f"Respuesta de {lado.upper()} {'dentro del' if a_tiempo else 'después del'} plazo",
            oferta=oferta if toma else None,
            comentario=comentario,
        )
        _avisar_respuesta(actor, trade_in, lado=lado, toma=toma, oferta=oferta)
        return trade_in


def _resumen_checklist(trade_in):
    revisiones = {r.punto_id: r for r in trade_in.revisiones.all()}
    lineas = []
    for punto in PuntoChecklistTradeIn.objects.filter(activo=True):
        revision = revisiones.get(punto.pk)
        resultado = f"{revision.get_resultado_display()}. {revision.observacion}".strip() if revision else "Sin revisar"
        lineas.append(f"- {punto.nombre}: {resultado}")
    return "\n".join(lineas)


def tradein_segunda_oferta(*, actor, trade_in):
    """Detonante Trade-In Segunda Oferta (COP): only after A declined or A's deadline passed; B is notified.

    Raises AccionRechazada with the reason otherwise."""
    with transaction.atomic():
        trade_in = _bloquear(trade_in)
        apartado = trade_in.apartado
        condicion = (
            "El concesionario A declinó"
            if trade_in.estado == TradeIn.Estado.DECLINADO_A
            else "Venció el plazo del concesionario A"
        )
        argumentos = {"por": actor, "horas_respuesta": horas_respuesta()}
        acciones.ejecutar(trade_in, "segunda_oferta", actor=actor, argumentos=argumentos, bloquear=False)
        _registrar(
            DETONANTE_TRADE_IN_SEGUNDA, actor=actor, trade_in=trade_in, condicion=condicion, plazo_b=trade_in.plazo_b
        )
        notificar(
            destinatarios=_staff(trade_in.concesionario_b_id),
            titulo=f"Trade-In Segunda Oferta: {trade_in.marca} {trade_in.modelo} {trade_in.anio}",
            cuerpo=(
                f"{condicion}. ¿Toma la unidad a cuenta de la venta de su unidad {apartado.unidad.vin} "
                f"(operación {apartado.folio})? Responda antes de {_hora(trade_in.plazo_b)}.\n"
                f"Unidad: {_descripcion(trade_in)}.\n{trade_in.observaciones}\n"
                f"Checklist:\n{_resumen_checklist(trade_in)}\n"
                f"Fotos y documentos: {trade_in.archivos.count()} en la página del Trade-In."
            ),
            enlace=_enlace(trade_in),
            clave=f"operaciones-tradein-{trade_in.pk}-segunda",
        )
        return trade_in
