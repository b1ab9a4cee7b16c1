# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega
"""Every transition of operaciones, walked: the allowed role succeeds through its service (new state and
event), a role without permission is refused with its Spanish message, and each failing condition is
refused with its reason and changes nothing. ``CUBIERTAS`` is checked complete by
``tests/enlace/test_acciones_declaraciones.py``."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from enlace import acciones
from enlace.models import Evento
from operaciones import eventos, mensajes, services
from operaciones.models import (
    Apartado,
    Escalamiento,
    LineaComision,
    RevisionRetiro,
    SolicitudCancelacion,
    SolicitudDescuento,
    SolicitudFinanciamiento,
    TareaProveedor,
    TradeIn,
    Unidad,
)
from tests.ayudas import afirmar_rechazo_sin_cambios
from tests.operaciones.fixtures_entrega import (  # noqa: F401 - fixtures
    SOLICITUD_DE_CONTADO,
    almacen_temporal,
    contacto_de,
    operacion,
    operacion_lista,
    pendiente_de_contado,
    preparar_cierre,
)
from tests.operaciones.recorrido import cerrar_operacion_de, hacer, refrescar  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

CUBIERTAS = {
    "Unidad.apartar",
    "Unidad.validar_apartado",
    "Unidad.liberar",
    "Unidad.vender",
    "Unidad.retirar",
    "Unidad.reactivar",
    "Apartado.confirmar_disponibilidad",
    "Apartado.registrar_confirmacion",
    "Apartado.validar",
    "Apartado.liberar",
    "Apartado.liberar_por_vencimiento",
    "Apartado.cancelar",
    "Apartado.cerrar",
    "SolicitudDescuento.negociar",
    "SolicitudDescuento.aprobar",
    "SolicitudDescuento.rechazar",
    "SolicitudDescuento.aprobar_en_concesionario",
    "SolicitudDescuento.contraofertar",
    "SolicitudDescuento.rechazar_en_concesionario",
    "SolicitudDescuento.aceptar_contraoferta",
    "SolicitudDescuento.rechazar_contraoferta",
    "SolicitudCancelacion.aprobar",
    "SolicitudCancelacion.rechazar",
    "SolicitudFinanciamiento.aprobar",
    "SolicitudFinanciamiento.rechazar",
    "SolicitudFinanciamiento.confirmar_credito",
    "TradeIn.tomar_a",
    "TradeIn.declinar_a",
    "TradeIn.segunda_oferta",
    "TradeIn.tomar_b",
    "TradeIn.declinar_b",
    "TareaProveedor.avanzar",
    "TareaProveedor.completar",
    "TareaProveedor.cancelar",
    "TareaProveedor.activar_seguro",
    "TareaProveedor.declinar_seguro",
    "LineaComision.marcar_verificada",
    "LineaComision.pagar",
    "RevisionRetiro.revisar",
    "Escalamiento.responder",
    "Escalamiento.resolver",
    "CambioUnidad.aprobar",
    "CambioUnidad.rechazar",
}


# --- Allowed role and refused role, per transition ----------------------------------------------


@dataclass(frozen=True)
class Paso:
    preparar: object  # (hacer) -> the object in the source state
    servicio: object  # (actor, objeto) -> runs the transition through its service
    permitido: str  # fixture of a role that may
    ajeno: str  # fixture of a role that may not
    sin_permiso: str
    estado: str
    evento: str
    argumentos: dict = field(default_factory=dict)


def _cop_resuelve_descuento(aprobado):
    datos = {"monto_aprobado": Decimal("1000"), "acordado_con": "Jorge"} if aprobado else {"motivo": "Sin margen"}
    return lambda actor, d: services.descuento_resolver(actor=actor, descuento=d, aprobado=aprobado, **datos)


def _cop_responde_financiera(aprobada):
    datos = {"condiciones": "48 meses", "monto_aprobado": Decimal("1")} if aprobada else {"motivo": "Buró"}
    return lambda actor, f: services.financiamiento_registrar_respuesta(
        actor=actor, financiamiento=f, aprobada=aprobada, **datos
    )


def _gerente_responde(resultado, **datos):
    return lambda actor, d: services.descuento_responder(actor=actor, descuento=d, resultado=resultado, **datos)


def _decide_contraoferta(acepta):
    return lambda actor, d: services.descuento_decidir_contraoferta(
        actor=actor, descuento=d, acepta=acepta, motivo="" if acepta else "El cliente pide más"
    )


def _responde(toma):
    return lambda actor, t: services.tradein_responder(actor=actor, trade_in=t, toma=toma, oferta=Decimal("5000"))


PASOS = {
    "Unidad.retirar": Paso(
        lambda h: h.f("unidad"),
        lambda actor, u: services.unidad_retirar(actor=actor, unidad=u, motivo="Traslado"),
        "gerente_ventas",
        "gerente_otro",
        mensajes.NO_RETIRA,
        "retirada",
        eventos.EVENTO_RETIRO,
    ),
    "Unidad.reactivar": Paso(
        lambda h: h.unidad_retirada(),
        lambda actor, u: services.unidad_reactivar(actor=actor, unidad=u),
        "cop",
        "gerente_ventas",
        mensajes.SOLO_COP,
        "disponible",
        eventos.EVENTO_REACTIVACION,
    ),
    "Apartado.confirmar_disponibilidad": Paso(
        lambda h: h.apartado(),
        lambda actor, a: services.apartado_confirmar_disponibilidad(actor=actor, apartado=a),
        "gerente_ventas",
        "gerente_otro",
        mensajes.NO_CONFIRMA,
        "pendiente",
        eventos.DETONANTE_CONFIRMACION,
    ),
    "Apartado.registrar_confirmacion": Paso(
        lambda h: h.apartado(),
        lambda actor, a: services.apartado_registrar_confirmacion(
            actor=actor, apartado=a, confirmo="Luis", medio="telefono"
        ),
        "cop",
        "gerente_ventas",
        mensajes.NO_CONFIRMA,
        "pendiente",
        eventos.DETONANTE_CONFIRMACION,
    ),
    "Apartado.validar": Paso(
        lambda h: h.apartado_confirmado(),
        lambda actor, a: services.apartado_validar(actor=actor, apartado=a),
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "validado",
        eventos.DETONANTE_VALIDACION,
    ),
    "Apartado.liberar": Paso(
        lambda h: h.apartado(),
        lambda actor, a: services.apartado_liberar(actor=actor, apartado=a, motivo="Sin respuesta"),
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "liberado",
        eventos.DETONANTE_UNIDAD_DISPONIBLE,
    ),
    "Apartado.cancelar": Paso(
        lambda h: h.apartado(),
        lambda actor, a: services.apartado_cancelar(actor=actor, apartado=a, motivo="cliente_desiste"),
        "cop",
        "gerente_ventas",
        mensajes.SOLO_COP,
        "cancelado",
        eventos.DETONANTE_CANCELACION,
    ),
    "Apartado.cerrar": Paso(
        lambda h: h.lista_para_cierre(),
        lambda actor, a: services.operacion_cerrar(actor=actor, apartado=a),
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "cerrado",
        eventos.DETONANTE_CIERRE,
    ),
    "SolicitudDescuento.negociar": Paso(
        lambda h: h.descuento(),
        lambda actor, d: services.descuento_negociar(actor=actor, descuento=d),
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "en_negociacion",
        eventos.EVENTO_DESCUENTO_NEGOCIACION,
    ),
    "SolicitudDescuento.aprobar": Paso(
        lambda h: h.descuento("en_negociacion"),
        _cop_resuelve_descuento(aprobado=True),
        "cop",
        "gerente_ventas",
        mensajes.SOLO_COP,
        "aprobada",
        eventos.EVENTO_DESCUENTO_RESUELTO,
    ),
    "SolicitudDescuento.rechazar": Paso(
        lambda h: h.descuento(),
        _cop_resuelve_descuento(aprobado=False),
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "rechazada",
        eventos.EVENTO_DESCUENTO_RESUELTO,
    ),
    "SolicitudDescuento.aprobar_en_concesionario": Paso(
        lambda h: h.descuento(),
        _gerente_responde("aprobada", monto=Decimal("1000")),
        "gerente_ventas",
        "gerente_otro",
        mensajes.NO_RESPONDE_DESCUENTO,
        "aprobada",
        eventos.EVENTO_DESCUENTO_RESUELTO,
    ),
    "SolicitudDescuento.contraofertar": Paso(
        lambda h: h.descuento("en_negociacion"),
        _gerente_responde("contraoferta", monto=Decimal("2500"), motivo="Con la garantía extendida"),
        "gerente_ventas",
        "cop",
        mensajes.NO_RESPONDE_DESCUENTO,
        "contraoferta",
        eventos.EVENTO_DESCUENTO_CONTRAOFERTA,
    ),
    "SolicitudDescuento.rechazar_en_concesionario": Paso(
        lambda h: h.descuento(),
        _gerente_responde("rechazada", motivo="Sin margen"),
        "gerente_ventas",
        "asesor",
        mensajes.NO_RESPONDE_DESCUENTO,
        "rechazada",
        eventos.EVENTO_DESCUENTO_RESUELTO,
    ),
    "SolicitudDescuento.aceptar_contraoferta": Paso(
        lambda h: h.descuento("contraoferta"),
        _decide_contraoferta(acepta=True),
        "asesor",
        "gerente_ventas",
        mensajes.NO_DECIDE_CONTRAOFERTA,
        "aprobada",
        eventos.EVENTO_DESCUENTO_RESUELTO,
    ),
    "SolicitudDescuento.rechazar_contraoferta": Paso(
        lambda h: h.descuento("contraoferta"),
        _decide_contraoferta(acepta=False),
        "cop",
        "otro_asesor",
        mensajes.NO_DECIDE_CONTRAOFERTA,
        "rechazada",
        eventos.EVENTO_DESCUENTO_RESUELTO,
    ),
    "SolicitudCancelacion.aprobar": Paso(
        lambda h: h.cancelacion(),
        lambda actor, s: services.cancelacion_aprobar(actor=actor, solicitud=s),
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "aprobada",
        eventos.EVENTO_CANCELACION_APROBADA,
    ),
    "SolicitudCancelacion.rechazar": Paso(
        lambda h: h.cancelacion(),
        lambda actor, s: services.cancelacion_rechazar(actor=actor, solicitud=s, motivo="El cliente ya pagó"),
        "cop",
        "gerente_ventas",
        mensajes.SOLO_COP,
        "rechazada",
        eventos.EVENTO_CANCELACION_RECHAZADA,
    ),
    "SolicitudFinanciamiento.aprobar": Paso(
        lambda h: h.financiamiento(),
        _cop_responde_financiera(aprobada=True),
        "cop",
        "asesor",
        mensajes.NO_RESUELVE_FINANCIAMIENTO,
        "aprobada",
        eventos.EVENTO_FINANCIAMIENTO_RESPUESTA,
    ),
    "SolicitudFinanciamiento.rechazar": Paso(
        lambda h: h.financiamiento(),
        _cop_responde_financiera(aprobada=False),
        "cop",
        "asesor",
        mensajes.NO_RESUELVE_FINANCIAMIENTO,
        "rechazada",
        eventos.EVENTO_FINANCIAMIENTO_RESPUESTA,
    ),
    "SolicitudFinanciamiento.confirmar_credito": Paso(
        lambda h: h.financiamiento("aprobada"),
        lambda actor, f: services.financiamiento_confirmar_credito(actor=actor, financiamiento=f),
        "cop",
        "asesor",
        mensajes.NO_RESUELVE_FINANCIAMIENTO,
        "aprobada",
        eventos.EVENTO_CREDITO_CONFIRMADO,
    ),
    "TradeIn.tomar_a": Paso(
        lambda h: h.trade_in(),
        _responde(toma=True),
        "gerente_otro",
        "gerente_ventas",
        mensajes.NO_RESPONDE_A,
        "tomado_a",
        eventos.EVENTO_TRADE_IN_RESPUESTA_A,
    ),
    "TradeIn.declinar_a": Paso(
        lambda h: h.trade_in(),
        _responde(toma=False),
        "gerente_otro",
        "cop",
        mensajes.NO_RESPONDE_A,
        "declinado_a",
        eventos.EVENTO_TRADE_IN_RESPUESTA_A,
    ),
    "TradeIn.segunda_oferta": Paso(
        lambda h: h.trade_in("declinado_a"),
        lambda actor, t: services.tradein_segunda_oferta(actor=actor, trade_in=t),
        "cop",
        "gerente_otro",
        mensajes.SOLO_COP,
        "esperando_b",
        eventos.DETONANTE_TRADE_IN_SEGUNDA,
    ),
    "TradeIn.tomar_b": Paso(
        lambda h: h.trade_in("esperando_b"),
        _responde(toma=True),
        "gerente_ventas",
        "gerente_otro",
        mensajes.NO_RESPONDE_B,
        "tomado_b",
        eventos.EVENTO_TRADE_IN_RESPUESTA_B,
    ),
    "TradeIn.declinar_b": Paso(
        lambda h: h.trade_in("esperando_b"),
        _responde(toma=False),
        "gerente_ventas",
        "asesor",
        mensajes.NO_RESPONDE_B,
        "declinado_b",
        eventos.EVENTO_TRADE_IN_RESPUESTA_B,
    ),
    "TareaProveedor.avanzar": Paso(
        lambda h: h.tarea(),
        lambda actor, t: services.tarea_avanzar(actor=actor, tarea=t),
        "cop",
        "asesor",
        mensajes.TAREA_NO_PERMITIDA,
        "en_proceso",
        eventos.EVENTO_TAREA_PROVEEDOR,
    ),
    "TareaProveedor.completar": Paso(
        lambda h: h.tarea(),
        lambda actor, t: services.tarea_completar(actor=actor, tarea=t, notas="Listo"),
        "cop",
        "gerente_ventas",
        mensajes.TAREA_NO_PERMITIDA,
        "completada",
        eventos.EVENTO_TAREA_PROVEEDOR,
    ),
    "TareaProveedor.cancelar": Paso(
        lambda h: h.tarea(),
        lambda actor, t: services.tarea_cancelar(actor=actor, tarea=t),
        "cop",
        "asesor",
        mensajes.TAREA_NO_PERMITIDA,
        "cancelada",
        eventos.EVENTO_TAREA_PROVEEDOR,
    ),
    "TareaProveedor.activar_seguro": Paso(
        lambda h: h.seguro(),
        lambda actor, t: services.seguro_activar(
            actor=actor,
            tarea=t,
            proveedor=contacto_de(t.creada_por, "aseguradora"),
            poliza="QLT-1",
            fecha_activacion=timezone.localdate(),
        ),
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "completada",
        eventos.EVENTO_TAREA_PROVEEDOR,
    ),
    "TareaProveedor.declinar_seguro": Paso(
        lambda h: h.seguro(),
        lambda actor, t: services.seguro_declinar(actor=actor, tarea=t, motivo="Ya tiene póliza de flotilla"),
        "cop",
        "gerente_ventas",
        mensajes.SOLO_COP,
        "declinada",
        eventos.EVENTO_TAREA_PROVEEDOR,
    ),
    "LineaComision.marcar_verificada": Paso(
        lambda h: h.linea(),
        lambda actor, linea: services.comision_verificar(actor=actor, lineas=[linea])[0],
        "cop",
        "asesor",
        mensajes.SOLO_COP,
        "verificada",
        eventos.EVENTO_COMISION_VERIFICADA,
    ),
    "LineaComision.pagar": Paso(
        lambda h: h.linea("verificada"),
        lambda actor, linea: services.comision_pagar(
            actor=actor, lineas=[linea], fecha=timezone.localdate(), referencia="SPEI"
        )[0],
        "cop",
        "gerente_ventas",
        mensajes.SOLO_COP,
        "pagada",
        eventos.EVENTO_COMISION_PAGADA,
    ),
    "RevisionRetiro.revisar": Paso(
        lambda h: h.revision(),
        lambda actor, r: services.retiro_resolver(actor=actor, revision=r, resolucion="Se habló con el gerente"),
        "cop",
        "gerente_ventas",
        mensajes.SOLO_COP,
        "revisada",
        eventos.EVENTO_RETIRO_REVISADO,
    ),
    "Escalamiento.responder": Paso(
        lambda h: h.escalamiento(),
        lambda actor, e: services.escalamiento_responder(actor=actor, escalamiento=e, respuesta="Lo atiendo hoy"),
        "gerente_general",
        "gerente_ventas",
        mensajes.SOLO_GERENTE_GENERAL,
        "respondida",
        eventos.EVENTO_ESCALAMIENTO_RESPONDIDO,
    ),
    "Escalamiento.resolver": Paso(
        lambda h: h.escalamiento("respondida"),
        lambda actor, e: services.escalamiento_resolver(actor=actor, escalamiento=e, resolucion="Unidad confirmada"),
        "cop",
        "gerente_ventas",
        mensajes.NO_RESUELVE_ESCALAMIENTO,
        "resuelta",
        eventos.EVENTO_ESCALAMIENTO_RESUELTO,
    ),
    "CambioUnidad.aprobar": Paso(
        lambda h: h.cambio(),
        lambda actor, c: services.cambio_aprobar(actor=actor, cambio=c),
        "webmaster",
        "gerente_ventas",
        mensajes.SOLO_WEBMASTER,
        "aprobado",
        eventos.EVENTO_CAMBIO_APROBADO,
    ),
    "CambioUnidad.rechazar": Paso(
        lambda h: h.cambio(),
        lambda actor, c: services.cambio_rechazar(actor=actor, cambio=c, motivo="El precio no está autorizado"),
        "webmaster",
        "gerente_otro",
        mensajes.SOLO_WEBMASTER,
        "rechazado",
        eventos.EVENTO_CAMBIO_RECHAZADO,
    ),
}


@pytest.mark.parametrize("nombre", sorted(PASOS))
def test_el_rol_permitido_transita_por_su_servicio_y_otro_rol_es_rechazado(hacer, nombre):
    paso = PASOS[nombre]
    objeto = paso.preparar(hacer)
    transicion = nombre.split(".")[1]
    afirmar_rechazo_sin_cambios(objeto, transicion, hacer.f(paso.ajeno), paso.sin_permiso)
    antes = Evento.objects.filter(tipo=paso.evento).count()
    paso.servicio(hacer.f(paso.permitido), objeto)
    assert refrescar(objeto).estado == paso.estado
    assert Evento.objects.filter(tipo=paso.evento).count() == antes + 1


def test_la_transicion_de_la_confirmacion_no_cambia_el_estado_pero_la_registra(hacer):
    """Both confirmations are transitions pendiente → pendiente: the runner records where it stood."""
    apartado = hacer.apartado_confirmado()
    evento = Evento.objects.get(tipo=eventos.DETONANTE_CONFIRMACION)
    assert (evento.datos["de"], evento.datos["a"], evento.datos["medio"]) == ("pendiente", "pendiente", "app")
    assert refrescar(apartado).disponibilidad_confirmada


# --- Internal transitions: run only as part of another action, never offered ---------------------


def test_la_unidad_se_mueve_con_su_apartado(hacer, admin_usuario):
    unidad = hacer.f("unidad")
    apartado = hacer.apartado_confirmado(**SOLICITUD_DE_CONTADO)
    assert refrescar(unidad).estado == Unidad.Estado.APARTADA  # apartar (apartado_crear)
    services.apartado_validar(actor=hacer.f("cop"), apartado=apartado)
    assert refrescar(unidad).estado == Unidad.Estado.VALIDADA  # validar_apartado
    services.operacion_cerrar(actor=hacer.f("cop"), apartado=preparar_cierre(apartado, hacer.f("cop")))
    assert refrescar(unidad).estado == Unidad.Estado.VENDIDA  # vender
    otra_unidad = Unidad.objects.create(**_datos_de_unidad(unidad))
    otro = hacer.f("apartar")(otra_unidad)
    services.apartado_cancelar(actor=hacer.f("cop"), apartado=otro, motivo="duplicado")
    assert refrescar(otra_unidad).estado == Unidad.Estado.DISPONIBLE  # liberar
    internas = {"apartar", "validar_apartado", "liberar", "vender"}
    assert not internas & acciones.nombres_disponibles(refrescar(otra_unidad), admin_usuario)  # never offered


def _datos_de_unidad(unidad):
    return {
        "vin": "1HGCM82633A004352",
        "marca": unidad.marca,
        "modelo": unidad.modelo,
        "anio": unidad.anio,
        "km": unidad.km,
        "color": unidad.color,
        "precio": unidad.precio,
        "concesionario": unidad.concesionario,
        "ciudad": unidad.ciudad,
    }


def test_un_apartado_vencido_lo_libera_el_sistema_y_no_antes(hacer, admin_usuario):
    apartado = hacer.apartado()
    afirmar_rechazo_sin_cambios(apartado, "liberar_por_vencimiento", None, mensajes.PLAZO_NO_VENCIDO)
    assert "liberar_por_vencimiento" not in acciones.nombres_disponibles(apartado, admin_usuario)
    with time_machine.travel(apartado.vence + timedelta(minutes=1)):
        hacer.f("apartar")(hacer.f("unidad"), actor=hacer.f("otro_asesor"))  # honoured on the next reservation
    liberado = refrescar(apartado)
    assert liberado.estado == Apartado.Estado.LIBERADO and liberado.liberacion_automatica
    evento = Evento.objects.get(tipo=eventos.DETONANTE_UNIDAD_DISPONIBLE)
    assert evento.actor is None and evento.datos["automatico"] is True and evento.datos["de"] == "pendiente"


# --- Each failing condition: refused with its reason, nothing changes -----------------------------


def _a_es_b(trade_in):
    """The same dealer received the client and owns the unit: nobody else to ask."""
    TradeIn.objects.filter(pk=trade_in.pk).update(concesionario_a_id=trade_in.concesionario_b_id)
    return refrescar(trade_in)


def _plazo_a(trade_in):
    return mensajes.SEGUNDA_OFERTA_ANTICIPADA.format(plazo=f"{timezone.localtime(trade_in.plazo_a):%d/%m/%Y %H:%M}")


def _apartado_cancelado_antes(solicitud, cop):
    """The COP cancelled the apartado itself while the asesor's request was pending."""
    services.apartado_cancelar(actor=cop, apartado=solicitud.apartado, motivo="duplicado")
    return refrescar(solicitud)


@dataclass(frozen=True)
class Condicion:
    preparar: object  # (hacer) -> the object, failing exactly this condition
    transicion: str
    actor: str  # fixture of a role allowed to run the transition
    mensaje: object  # str, or (objeto) -> str
    viaje: object = None  # (objeto) -> the moment to check at, for the deadlines


CONDICIONES = {
    "Escalamiento.resolver: el COP solo tras la respuesta": Condicion(
        lambda h: h.escalamiento(), "resolver", "cop", mensajes.ESCALAMIENTO_SIN_RESPUESTA
    ),
    "Apartado.validar: dentro del plazo": Condicion(
        lambda h: h.apartado_confirmado(), "validar", "cop", mensajes.VENCIDO, lambda a: a.vence
    ),
    "Apartado.validar: con confirmación": Condicion(
        lambda h: h.apartado(), "validar", "cop", mensajes.SIN_CONFIRMACION
    ),
    "Apartado.confirmar_disponibilidad: dentro del plazo": Condicion(
        lambda h: h.apartado(), "confirmar_disponibilidad", "gerente_ventas", mensajes.VENCIDO, lambda a: a.vence
    ),
    "Apartado.confirmar_disponibilidad: sin confirmar": Condicion(
        lambda h: h.apartado_confirmado(), "confirmar_disponibilidad", "gerente_ventas", mensajes.YA_CONFIRMADO
    ),
    "Apartado.registrar_confirmacion: dentro del plazo": Condicion(
        lambda h: h.apartado(), "registrar_confirmacion", "cop", mensajes.VENCIDO, lambda a: a.vence
    ),
    "Apartado.registrar_confirmacion: sin confirmar": Condicion(
        lambda h: h.apartado_confirmado(), "registrar_confirmacion", "cop", mensajes.YA_CONFIRMADO
    ),
    "Apartado.cerrar: lista para cierre": Condicion(
        lambda h: h.validada(**SOLICITUD_DE_CONTADO),
        "cerrar",
        "cop",
        lambda a: " ".join([mensajes.CIERRE_INTRO, *a.faltantes_para_cierre()]),
    ),
    "SolicitudDescuento.negociar: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.descuento()), "negociar", "cop", mensajes.OPERACION_CERRADA
    ),
    "SolicitudDescuento.aprobar: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.descuento("en_negociacion")), "aprobar", "cop", mensajes.OPERACION_CERRADA
    ),
    "SolicitudDescuento.rechazar: operación activa": Condicion(
        lambda h: SolicitudDescuento.objects.get(apartado=h.apartado()),  # of a pending apartado, then expired
        "rechazar",
        "cop",
        mensajes.NO_ACTIVO,
        lambda d: d.apartado.vence,
    ),
    "SolicitudDescuento.aprobar_en_concesionario: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.descuento()),
        "aprobar_en_concesionario",
        "gerente_ventas",
        mensajes.OPERACION_CERRADA,
    ),
    "SolicitudDescuento.contraofertar: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.descuento()), "contraofertar", "gerente_ventas", mensajes.OPERACION_CERRADA
    ),
    "SolicitudDescuento.rechazar_en_concesionario: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.descuento()),
        "rechazar_en_concesionario",
        "gerente_ventas",
        mensajes.OPERACION_CERRADA,
    ),
    "SolicitudDescuento.aceptar_contraoferta: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.descuento("contraoferta")),
        "aceptar_contraoferta",
        "asesor",
        mensajes.OPERACION_CERRADA,
    ),
    "SolicitudDescuento.rechazar_contraoferta: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.descuento("contraoferta")),
        "rechazar_contraoferta",
        "asesor",
        mensajes.OPERACION_CERRADA,
    ),
    "SolicitudCancelacion.aprobar: apartado cancelable": Condicion(
        lambda h: _apartado_cancelado_antes(h.cancelacion(), h.f("cop")),
        "aprobar",
        "cop",
        mensajes.APARTADO_NO_CANCELABLE,
    ),
    "SolicitudFinanciamiento.aprobar: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.financiamiento()), "aprobar", "cop", mensajes.OPERACION_CERRADA
    ),
    "SolicitudFinanciamiento.rechazar: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.financiamiento()), "rechazar", "cop", mensajes.OPERACION_CERRADA
    ),
    "SolicitudFinanciamiento.confirmar_credito: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.financiamiento("aprobada")),
        "confirmar_credito",
        "cop",
        mensajes.OPERACION_CERRADA,
    ),
    "SolicitudFinanciamiento.confirmar_credito: sin confirmar": Condicion(
        lambda h: services.financiamiento_confirmar_credito(
            actor=h.f("cop"), financiamiento=h.financiamiento("aprobada")
        ),
        "confirmar_credito",
        "cop",
        mensajes.CREDITO_YA_CONFIRMADO,
    ),
    "TradeIn.tomar_a: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.trade_in()), "tomar_a", "gerente_otro", mensajes.OPERACION_CERRADA_TRADE_IN
    ),
    "TradeIn.declinar_a: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.trade_in()), "declinar_a", "gerente_otro", mensajes.OPERACION_CERRADA_TRADE_IN
    ),
    "TradeIn.tomar_b: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.trade_in("esperando_b")),
        "tomar_b",
        "gerente_ventas",
        mensajes.OPERACION_CERRADA_TRADE_IN,
    ),
    "TradeIn.declinar_b: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.trade_in("esperando_b")),
        "declinar_b",
        "gerente_ventas",
        mensajes.OPERACION_CERRADA_TRADE_IN,
    ),
    "TradeIn.segunda_oferta: operación activa": Condicion(
        lambda h: cerrar_operacion_de(h.trade_in("declinado_a")),
        "segunda_oferta",
        "cop",
        mensajes.OPERACION_CERRADA_TRADE_IN,
    ),
    "TradeIn.segunda_oferta: A declinó o venció su plazo": Condicion(
        lambda h: h.trade_in(), "segunda_oferta", "cop", _plazo_a
    ),
    "TareaProveedor.completar: un seguro se completa con su póliza": Condicion(
        lambda h: h.seguro(), "completar", "cop", mensajes.SEGURO_SE_REGISTRA
    ),
    "TareaProveedor.activar_seguro: solo el seguro": Condicion(
        lambda h: h.tarea(), "activar_seguro", "cop", mensajes.SOLO_SEGURO
    ),
    "TareaProveedor.declinar_seguro: solo el seguro": Condicion(
        lambda h: h.tarea(), "declinar_seguro", "cop", mensajes.SOLO_SEGURO
    ),
    "TradeIn.segunda_oferta: hay concesionario B": Condicion(
        lambda h: _a_es_b(h.trade_in("declinado_a")),
        "segunda_oferta",
        "cop",
        mensajes.SEGUNDA_OFERTA_SIN_B,
    ),
}


@pytest.mark.parametrize("caso", sorted(CONDICIONES))
def test_cada_condicion_rechaza_con_su_motivo_y_no_cambia_nada(hacer, caso):
    condicion = CONDICIONES[caso]
    objeto = condicion.preparar(hacer)
    mensaje = condicion.mensaje(objeto) if callable(condicion.mensaje) else condicion.mensaje
    actor = hacer.f(condicion.actor)
    if condicion.viaje is None:
        afirmar_rechazo_sin_cambios(objeto, condicion.transicion, actor, mensaje)
    else:
        with time_machine.travel(condicion.viaje(objeto) + timedelta(seconds=1)):
            afirmar_rechazo_sin_cambios(objeto, condicion.transicion, actor, mensaje)


def test_cada_condicion_declarada_se_recorre():
    """Every condition the models declare is named by a case above (its transition and reason)."""
    declaradas = {
        (modelo.__name__, t.name)
        for modelo in (
            Apartado,
            SolicitudDescuento,
            SolicitudFinanciamiento,
            TradeIn,
            Escalamiento,
            SolicitudCancelacion,
            TareaProveedor,
        )
        for t in acciones.transiciones(modelo)
        if t.conditions and not acciones.es_interna(t)
    }
    recorridas = {(caso.split(".")[0], CONDICIONES[caso].transicion) for caso in CONDICIONES}
    assert declaradas <= recorridas
    sin_condiciones = (Unidad, LineaComision, RevisionRetiro)
    assert not any(t.conditions for modelo in sin_condiciones for t in acciones.transiciones(modelo))
