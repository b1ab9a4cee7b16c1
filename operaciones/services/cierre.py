"""Cierre de Operación (COP) and the client's satisfaction survey.

The cierre is allowed only when every condition of ``Apartado.condiciones_de_cierre`` holds; then the
apartado closes with its final price, the unit leaves inventory as vendida, the detonante is
recorded, the commission lines are created and the notifications follow the seed's table
(client by email; asesor and concesionarios A/B in the app and by email; the network in the app),
all under the key ``operaciones-cierre-<pk>`` so a retry sends nothing twice.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from enlace import acciones
from enlace.dinero import formatear
from enlace.notificaciones.services import encolar_correo, notificar
from operaciones import mensajes
from operaciones.escrituras import RESPONDER_ENCUESTA
from operaciones.eventos import DETONANTE_CIERRE, EVENTO_ENCUESTA_RESPONDIDA
from operaciones.models import Apartado, EncuestaCierre, ExpedienteOperacion
from operaciones.selectors.negociacion import precio_final_de
from operaciones.services.comisiones import comision_crear_lineas_de_cierre
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    concesionario_a_de,
    datos_del_evento,
    gerentes_de,
    red_completa,
    registrar_en_operacion,
)

__all__ = ["encuesta_responder", "operacion_cerrar"]

CONDICION_CIERRE = (
    "Pago confirmado, factura registrada, expediente completo, entrega programada, traslado completado si la "
    "entrega es fuera del concesionario de la unidad, seguro activado o declinado, negociación resuelta "
    "y apartado validado"
)


def operacion_cerrar(*, actor, apartado):
    """Detonante Cierre de Operación (COP): the validated operación closes and the unit is sold.

    Raises AccionRechazada listing every missing condition (``Apartado.condiciones_de_cierre``); nothing
    changes then. Returns the closed apartado.
    """
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        expediente = ExpedienteOperacion.objects.filter(apartado=apartado).first()
        precio_final = precio_final_de(apartado)
        acciones.ejecutar(
            apartado,
            "cerrar",
            actor=actor,
            argumentos={"por": actor, "precio_final": precio_final},
            bloquear=False,
            evento=DETONANTE_CIERRE,
            datos=datos_del_evento(
                apartado,
                CONDICION_CIERRE,
                precio_final=precio_final,
                factura_uuid=expediente.factura_uuid if expediente else "",
                folio=apartado.folio,
            ),
            organizacion=apartado.concesionario,
        )
        acciones.ejecutar(apartado.unidad, "vender", actor=actor, bloquear=False)
        comision_crear_lineas_de_cierre(apartado, actor=actor)
        encuesta = _crear_encuesta(apartado)
        _notificar_cierre(apartado, actor=actor, expediente=expediente, encuesta=encuesta)
        return apartado


def _crear_encuesta(apartado):
    if not settings.OPERACIONES_ENCUESTA_CIERRE:
        return None
    enviada = timezone.now() if apartado.cliente.correo else None
    return EncuestaCierre.objects.create(apartado=apartado, enviada_en=enviada)


def _notificar_cierre(apartado, *, actor, expediente, encuesta):
    """The seed's table «¿A quién le llega el detonante Cierre de Operación y por qué canal?»."""
    unidad = apartado.unidad
    clave = f"operaciones-cierre-{apartado.pk}"
    enlace = reverse("operaciones:apartado", args=[apartado.pk])
    cuando = timezone.localtime(apartado.cerrado_en)
    descripcion = f"{unidad.marca} {unidad.modelo} {unidad.anio} (VIN {unidad.vin})"
    if apartado.cliente.correo:
        contexto = {
            "apartado": apartado,
            "unidad": unidad,
            "expediente": expediente,
            "url_encuesta": _url_encuesta(encuesta),
        }
        encolar_correo(
            para=apartado.cliente.correo,
            asunto=f"Confirmación de compra {apartado.folio}: {unidad.marca} {unidad.modelo} {unidad.anio}",
            cuerpo_texto=render_to_string("operaciones/cierre/correo_cliente.txt", contexto),
            clave=clave,
        )
    concretada = (
        f"Unidad vendida: {descripcion}. Operación {apartado.folio} cerrada por el asesor {apartado.asesor} "
        f"el {cuando:%d/%m/%Y} a las {cuando:%H:%M}. Estatus: cerrada."
    )
    notificar(
        destinatarios=[apartado.asesor],
        titulo=f"Operación concretada: {descripcion}",
        cuerpo=concretada,
        enlace=enlace,
        clave=clave,
    )
    concesionarios = {apartado.concesionario_id}
    concesionario_a = concesionario_a_de(apartado)
    if concesionario_a is not None:
        concesionarios.add(concesionario_a.pk)
    notificar(
        destinatarios=[g for pk in sorted(concesionarios) for g in gerentes_de(pk)],
        titulo=f"Cierre de Operación {apartado.folio}: {descripcion}",
        cuerpo=(
            f"Venta facturada (folio fiscal {expediente.factura_uuid}) y cerrada por el COP ({actor}) el "
            f"{cuando:%d/%m/%Y} a las {cuando:%H:%M}. La unidad salió del inventario como vendida. "
            f"Asesor: {apartado.asesor}. Precio final: {formatear(apartado.precio_final, 'MXN')}. "
            "La operación queda registrada para comisiones y reportes."
        ),
        enlace=enlace,
        clave=clave,
    )
    notificar(  # the seed's table: the whole sales force hears of it in the app and by email
        destinatarios=red_completa(apartado.concesionario_id).filter(groups__name="asesor"),
        titulo=f"Operación concretada en la red: {descripcion}",
        cuerpo=concretada,
        enlace=reverse("operaciones:red"),
        clave=clave,
    )
    notificar(
        destinatarios=red_completa(apartado.concesionario_id),
        titulo=f"Cierre de Operación: {unidad.marca} {unidad.modelo} {unidad.anio}",
        cuerpo=f"La operación {apartado.folio} llegó a cierre: {descripcion} vendida por {apartado.asesor}.",
        enlace=reverse("operaciones:red"),
        por_correo=False,
        clave=clave,
    )


def _url_encuesta(encuesta):
    if encuesta is None:
        return ""
    ruta = reverse("operaciones:encuesta", args=[encuesta.token])
    return settings.ENLACE_URL_BASE.rstrip("/") + ruta


# --- Encuesta de satisfacción ---------------------------------------------------


def encuesta_responder(*, encuesta, calificacion, comentario=""):
    """The client answers the survey (public page reached by its token): once, score 1–5.

    Raises ErrorOperacion for an invalid score, AccionRechazada when already answered (``RESPONDER_ENCUESTA``).
    """
    if calificacion not in range(1, 6):
        raise ErrorOperacion(mensajes.ENCUESTA_CALIFICACION_INVALIDA)
    with transaction.atomic():
        encuesta = EncuestaCierre.objects.select_for_update().get(pk=encuesta.pk)
        RESPONDER_ENCUESTA.exigir(encuesta, None)
        encuesta.calificacion = calificacion
        encuesta.comentario = (comentario or "").strip()
        encuesta.respondida_en = timezone.now()
        encuesta.save(update_fields=["calificacion", "comentario", "respondida_en"])
        apartado = Apartado.objects.select_related("unidad__concesionario").get(pk=encuesta.apartado_id)
        registrar_en_operacion(
            EVENTO_ENCUESTA_RESPONDIDA,
            actor=None,
            apartado=apartado,
            condicion="Encuesta respondida por el cliente con su enlace único",
            calificacion=calificacion,
        )
        return encuesta
