"""Cierre de Operación (COP) and the client's satisfaction survey.

The cierre is allowed only when every condition of ``faltantes_para_cierre`` holds; then the
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

from enlace.dinero import formatear
from enlace.notificaciones.services import encolar_correo, notificar
from operaciones import mensajes
from operaciones.eventos import DETONANTE_CIERRE, EVENTO_ENCUESTA_RESPONDIDA
from operaciones.models import (
    Apartado,
    DocumentoOperacion,
    EncuestaCierre,
    Entrega,
    ExpedienteOperacion,
    TipoDocumento,
    documentos_requeridos,
)
from operaciones.selectors import negociacion as negociacion_selectors
from operaciones.services.comisiones import comision_crear_lineas_de_cierre
from operaciones.services.comun import (
    ErrorOperacion,
    bloquear_apartado,
    concesionario_a_de,
    exigir_cop,
    gerentes_de,
    guardar,
    red_completa,
    registrar_en_operacion,
)

CONDICION_CIERRE = (
    "Pago confirmado, factura registrada, expediente completo, entrega programada, negociación resuelta "
    "y apartado validado"
)


def documentos_faltantes(apartado):
    """The required document types the expediente does not have yet."""
    requeridos = documentos_requeridos(tipo_persona=apartado.tipo_persona, forma_pago=apartado.forma_pago)
    presentes = set(DocumentoOperacion.objects.filter(apartado=apartado).values_list("tipo", flat=True))
    return [tipo for tipo in requeridos if tipo not in presentes]


def condiciones_de_cierre(apartado):
    """Each condition of the cierre as (label, missing reasons); a condition holds when its list is empty."""
    expediente = ExpedienteOperacion.objects.filter(apartado=apartado).first()
    pagado = expediente is not None and expediente.pago_confirmado
    facturado = expediente is not None and expediente.factura_registrada
    entregable = Entrega.objects.filter(apartado=apartado).exists()
    documentos = [
        mensajes.CIERRE_DOCUMENTO.format(documento=TipoDocumento(tipo).label) for tipo in documentos_faltantes(apartado)
    ]
    return [
        ("Apartado validado", [] if apartado.estado == Apartado.Estado.VALIDADO else [mensajes.CIERRE_NO_VALIDADO]),
        ("Pago confirmado", [] if pagado else [mensajes.CIERRE_SIN_PAGO]),
        ("Factura registrada", [] if facturado else [mensajes.CIERRE_SIN_FACTURA]),
        ("Expediente completo", documentos),
        ("Entrega programada", [] if entregable else [mensajes.CIERRE_SIN_ENTREGA]),
        (
            "Negociación resuelta (descuentos, financiamiento, Trade-In)",
            list(negociacion_selectors.faltantes_de_negociacion(apartado)),
        ),
    ]


def faltantes_para_cierre(apartado):
    """Every unmet condition of the cierre, in Spanish (empty when the operación may close)."""
    if apartado.estado == Apartado.Estado.CERRADO:
        return [mensajes.CIERRE_YA_CERRADA]
    return [faltante for _condicion, faltantes in condiciones_de_cierre(apartado) for faltante in faltantes]


def mensaje_de_faltantes(faltantes):
    return " ".join([mensajes.CIERRE_INTRO, *faltantes])


def operacion_cerrar(*, actor, apartado_id):
    """Detonante Cierre de Operación (COP): the validated operación closes and the unit is sold.

    Raises one ErrorOperacion listing every missing condition; nothing changes then.
    Returns the closed apartado.
    """
    exigir_cop(actor)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado_id)
        faltantes = faltantes_para_cierre(apartado)
        if faltantes:
            raise ErrorOperacion(mensaje_de_faltantes(faltantes))
        unidad = apartado.unidad
        apartado.cerrar(por=actor, precio_final=negociacion_selectors.precio_final_de(apartado))
        unidad.vender()
        guardar(apartado, "estado", "cerrado_en", "cerrado_por", "precio_final")
        guardar(unidad, "estado", "actualizada")
        expediente = ExpedienteOperacion.objects.get(apartado=apartado)
        registrar_en_operacion(
            DETONANTE_CIERRE,
            actor=actor,
            apartado=apartado,
            condicion=CONDICION_CIERRE,
            precio_final=apartado.precio_final,
            factura_uuid=expediente.factura_uuid,
            folio=apartado.folio,
        )
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
    notificar(
        destinatarios=[apartado.asesor],
        titulo=f"Operación concretada: {descripcion}",
        cuerpo=(
            f"Unidad vendida: {descripcion}. Operación {apartado.folio} cerrada por el asesor {apartado.asesor} "
            f"el {cuando:%d/%m/%Y} a las {cuando:%H:%M}. Estatus: cerrada."
        ),
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


def encuesta_responder(*, token, calificacion, comentario=""):
    """The client answers the survey (public page): once per token, score 1–5.

    Raises EncuestaCierre.DoesNotExist for an unknown token and ErrorOperacion when already answered.
    """
    if calificacion not in range(1, 6):
        raise ErrorOperacion(mensajes.ENCUESTA_CALIFICACION_INVALIDA)
    with transaction.atomic():
        encuesta = EncuestaCierre.objects.select_for_update().get(token=token)
        if encuesta.respondida:
            raise ErrorOperacion(mensajes.ENCUESTA_YA_RESPONDIDA)
        encuesta.calificacion = calificacion
        encuesta.comentario = (comentario or "").strip()
        encuesta.respondida_en = timezone.now()
        guardar(encuesta, "calificacion", "comentario", "respondida_en")
        apartado = Apartado.objects.select_related("unidad__concesionario").get(pk=encuesta.apartado_id)
        registrar_en_operacion(
            EVENTO_ENCUESTA_RESPONDIDA,
            actor=None,
            apartado=apartado,
            condicion="Encuesta respondida por el cliente con su enlace único",
            calificacion=calificacion,
        )
        return encuesta
