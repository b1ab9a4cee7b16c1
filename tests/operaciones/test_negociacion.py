"""Descuentos y financiamiento: every transition and guard through the services, and the cierre's reads."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from enlace.acciones import NO_DISPONIBLE
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, selectors, services
from operaciones.mensajes import FALTA_CREDITO, FALTA_DESCUENTO, FALTA_TRADE_IN
from operaciones.models import Apartado, SolicitudDescuento, SolicitudFinanciamiento
from tests.operaciones import fixtures_negociacion
from tests.operaciones.fixtures_negociacion import UNIDAD_A_CUENTA, resolver_negociacion

operacion = fixtures_negociacion.operacion
operacion_a_cuenta = fixtures_negociacion.operacion_a_cuenta

pytestmark = pytest.mark.django_db

PRECIO = Decimal("289900.00")


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


def error_de(funcion, **kwargs):
    with pytest.raises(ErrorNegocio) as error:
        funcion(**kwargs)
    return error.value.mensaje


def notificados(clave):
    return set(Notificacion.objects.filter(clave=clave).values_list("destinatario_id", flat=True))


def correos(clave):
    return set(CorreoSaliente.objects.filter(clave=clave).values_list("para", flat=True))


def solicitar(apartado, actor, tipo="monto", valor=Decimal("10000"), motivo="Cliente frecuente"):
    return services.descuento_solicitar(actor=actor, apartado=apartado, tipo=tipo, valor=valor, motivo=motivo)


def negociar(apartado, cop, descuento):
    return services.descuento_negociar(actor=cop, descuento=descuento)


def aprobar(apartado, cop, descuento, monto, acordado_con="Jorge, gerente de ventas"):
    return services.descuento_resolver(
        actor=cop,
        descuento=descuento,
        aprobado=True,
        monto_aprobado=monto,
        acordado_con=acordado_con,
    )


def cerrar(apartado):
    Apartado.objects.filter(pk=apartado.pk).update(estado="cerrado", cerrado_en=timezone.now(), precio_final=PRECIO)


# --- The apartado form's tipo de financiera -------------------------------------------


def test_un_financiado_sin_tipo_de_financiera_no_aparta(apartar, unidad):
    with pytest.raises(ErrorNegocio) as error:
        apartar(unidad, tipo_financiera="")
    assert error.value.mensaje == mensajes.TIPO_FINANCIERA_REQUERIDO
    assert not Apartado.objects.exists()


def test_el_apartado_guarda_el_tipo_de_financiera(apartar, unidad):
    assert apartar(unidad, tipo_financiera="caja_popular").tipo_financiera == "caja_popular"


# --- Descuentos ---------------------------------------------------------------------------


def test_el_descuento_de_la_solicitud_se_crea_con_el_apartado(cop, apartado):
    descuento = SolicitudDescuento.objects.get(apartado=apartado)
    assert (descuento.estado, descuento.tipo, descuento.monto_solicitado) == ("solicitada", "monto", Decimal("5000"))
    assert descuento.solicitada_por == apartado.asesor
    tipos = list(Evento.objects.filter(objeto_id=str(apartado.pk)).order_by("secuencia").values_list("tipo", flat=True))
    assert tipos == [eventos.DETONANTE_APARTADO, eventos.EVENTO_DESCUENTO_SOLICITADO]
    assert notificados(f"operaciones-descuento-{descuento.pk}-solicitado") == {cop.pk}


def test_el_asesor_solicita_un_descuento_y_el_cop_es_avisado(operacion, asesor, cop):
    descuento = solicitar(operacion, asesor)
    assert (descuento.estado, descuento.monto_solicitado, descuento.solicitada_por) == ("solicitada", 10000, asesor)
    evento = Evento.objects.filter(tipo=eventos.EVENTO_DESCUENTO_SOLICITADO).get()
    assert evento.objeto_id == str(operacion.pk) and evento.datos["monto_solicitado"] == "10000"
    clave = f"operaciones-descuento-{descuento.pk}-solicitado"
    assert notificados(clave) == {cop.pk}  # not the asesor who asked
    assert correos(clave) == {cop.email}


def test_el_cop_solicita_por_el_cliente_y_avisa_al_asesor(operacion, asesor, cop):
    descuento = solicitar(operacion, cop)
    assert notificados(f"operaciones-descuento-{descuento.pk}-solicitado") == {asesor.pk}


def test_un_porcentaje_se_convierte_a_pesos_del_precio(operacion, asesor):
    descuento = solicitar(operacion, asesor, tipo="porcentaje", valor=Decimal("2.5"))
    assert descuento.monto_solicitado == Decimal("7247.50")


@pytest.mark.parametrize(
    ("tipo", "valor", "motivo", "mensaje"),
    [
        ("monto", Decimal("0"), "x", mensajes.DESCUENTO_MONTO_INVALIDO),
        ("monto", Decimal("-1"), "x", mensajes.DESCUENTO_MONTO_INVALIDO),
        ("monto", PRECIO + 1, "x", mensajes.DESCUENTO_EXCESIVO),
        ("porcentaje", Decimal("0"), "x", mensajes.DESCUENTO_PORCENTAJE_INVALIDO),
        ("porcentaje", Decimal("101"), "x", mensajes.DESCUENTO_PORCENTAJE_INVALIDO),
        ("monto", Decimal("100"), "  ", mensajes.DESCUENTO_MOTIVO_REQUERIDO),
    ],
)
def test_un_descuento_invalido_no_se_registra(operacion, asesor, tipo, valor, motivo, mensaje):
    assert error_de(solicitar, apartado=operacion, actor=asesor, tipo=tipo, valor=valor, motivo=motivo) == mensaje
    assert not SolicitudDescuento.objects.exists()
    assert not Evento.objects.filter(tipo=eventos.EVENTO_DESCUENTO_SOLICITADO).exists()


def test_otro_asesor_o_el_concesionario_no_solicitan_descuento(operacion, otro_asesor, gerente_ventas):
    for actor in (otro_asesor, gerente_ventas):
        assert error_de(solicitar, apartado=operacion, actor=actor) == mensajes.NO_SOLICITA_DESCUENTO
    assert not SolicitudDescuento.objects.exists()


def test_solo_una_solicitud_abierta_por_operacion(operacion, asesor, cop):
    primera = solicitar(operacion, asesor)
    assert error_de(solicitar, apartado=operacion, actor=cop) == mensajes.DESCUENTO_ABIERTO
    negociar(operacion, cop, primera)
    assert error_de(solicitar, apartado=operacion, actor=asesor) == mensajes.DESCUENTO_ABIERTO
    assert SolicitudDescuento.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():  # the database enforces it too
        SolicitudDescuento.objects.create(apartado=operacion, valor=1, monto_solicitado=1, motivo="x")


def test_no_se_solicita_descuento_despues_del_cierre(operacion, asesor, cop):
    cerrar(operacion)
    for actor in (asesor, cop):
        assert error_de(solicitar, apartado=operacion, actor=actor) == mensajes.OPERACION_CERRADA_DESCUENTO
    assert not SolicitudDescuento.objects.exists()
    assert not Evento.objects.filter(tipo=eventos.EVENTO_DESCUENTO_SOLICITADO).exists()


def test_no_se_solicita_descuento_en_un_apartado_cancelado(operacion, asesor, cop):
    services.apartado_cancelar(actor=cop, apartado=operacion, motivo="cliente_desiste")
    assert error_de(solicitar, apartado=operacion, actor=asesor) == mensajes.NO_ACTIVO


def test_el_cop_negocia_con_el_gerente_de_ventas_de_b(
    operacion, asesor, cop, gerente_ventas, gerente_otro, crear_usuario, concesionario
):
    general_b = crear_usuario("gerente_general", organizacion=concesionario)
    descuento = negociar(operacion, cop, solicitar(operacion, asesor))
    assert (descuento.estado, descuento.negociada_por) == ("en_negociacion", cop)
    clave = f"operaciones-descuento-{descuento.pk}-negociacion"
    assert notificados(clave) == {gerente_ventas.pk, asesor.pk}  # not A's gerente nor B's gerente general
    assert correos(clave) == {gerente_ventas.email, asesor.email}
    assert general_b.pk not in notificados(clave) and gerente_otro.pk not in notificados(clave)
    # A retry is refused and notifies nobody again.
    assert error_de(negociar, apartado=operacion, cop=cop, descuento=descuento) == NO_DISPONIBLE.format(
        accion="Negociar el descuento con el gerente de ventas", estado="En negociación con el concesionario"
    )
    assert Notificacion.objects.filter(clave=clave).count() == 2
    assert Evento.objects.filter(tipo=eventos.EVENTO_DESCUENTO_NEGOCIACION).count() == 1


def test_solo_el_cop_negocia_y_resuelve(operacion, asesor, gerente_ventas, cop):
    descuento = solicitar(operacion, asesor)
    for actor in (asesor, gerente_ventas):
        assert error_de(negociar, apartado=operacion, cop=actor, descuento=descuento) == mensajes.SOLO_COP
    assert refrescar(descuento).estado == "solicitada"
    negociar(operacion, cop, descuento)
    for actor in (asesor, gerente_ventas):
        assert error_de(aprobar, apartado=operacion, cop=actor, descuento=descuento, monto=1) == mensajes.SOLO_COP
    assert refrescar(descuento).estado == "en_negociacion"


def test_se_aprueba_un_monto_distinto_y_el_precio_final_lo_refleja(operacion, asesor, cop, gerente_ventas):
    descuento = negociar(operacion, cop, solicitar(operacion, asesor))
    descuento = aprobar(operacion, cop, descuento, Decimal("7500"))
    assert (descuento.estado, descuento.monto_aprobado, descuento.acordado_con) == (
        "aprobada",
        Decimal("7500"),
        "Jorge, gerente de ventas",
    )
    assert selectors.precio_final_de(operacion) == PRECIO - Decimal("7500")
    evento = Evento.objects.get(tipo=eventos.EVENTO_DESCUENTO_RESUELTO)
    assert evento.datos["resultado"] == "aprobada" and evento.datos["monto_aprobado"] == "7500"
    assert notificados(f"operaciones-descuento-{descuento.pk}-resuelto") == {asesor.pk, gerente_ventas.pk}
    # Once resolved another request may be made.
    assert solicitar(operacion, asesor, valor=Decimal("1000")).estado == "solicitada"


def test_guardas_de_la_aprobacion(operacion, asesor, cop):
    descuento = solicitar(operacion, asesor)
    assert error_de(aprobar, apartado=operacion, cop=cop, descuento=descuento, monto=1) == (
        NO_DISPONIBLE.format(accion="Aprobar el descuento", estado="Solicitada")
    )
    negociar(operacion, cop, descuento)
    assert error_de(aprobar, apartado=operacion, cop=cop, descuento=descuento, monto=0) == (
        mensajes.DESCUENTO_APROBADO_INVALIDO
    )
    assert error_de(aprobar, apartado=operacion, cop=cop, descuento=descuento, monto=1, acordado_con=" ") == (
        mensajes.DESCUENTO_ACORDADO_REQUERIDO
    )
    assert error_de(aprobar, apartado=operacion, cop=cop, descuento=descuento, monto=PRECIO + 1) == (
        mensajes.DESCUENTO_APROBADO_EXCESIVO.format(disponible="$289.900,00 MXN")
    )
    assert refrescar(descuento).estado == "en_negociacion" and refrescar(descuento).monto_aprobado is None


def test_lo_aprobado_no_supera_el_precio_menos_lo_ya_aprobado(operacion, asesor, cop):
    aprobar(operacion, cop, negociar(operacion, cop, solicitar(operacion, asesor)), PRECIO - 1000)
    segundo = negociar(operacion, cop, solicitar(operacion, asesor, valor=Decimal("2000")))
    assert error_de(aprobar, apartado=operacion, cop=cop, descuento=segundo, monto=Decimal("1000.01")) == (
        mensajes.DESCUENTO_APROBADO_EXCESIVO.format(disponible="$1.000,00 MXN")
    )
    aprobar(operacion, cop, segundo, Decimal("1000"))
    assert selectors.precio_final_de(operacion) == Decimal("0")


def test_se_rechaza_desde_solicitada_con_motivo_y_no_dos_veces(operacion, asesor, cop):
    descuento = solicitar(operacion, asesor)
    rechazar = services.descuento_resolver
    datos = {"actor": cop, "descuento": descuento, "aprobado": False}
    assert error_de(rechazar, **datos, motivo=" ") == mensajes.RECHAZO_MOTIVO_REQUERIDO
    assert refrescar(descuento).estado == "solicitada"
    descuento = rechazar(**datos, motivo="El concesionario no tiene margen.")
    assert (descuento.estado, descuento.motivo_rechazo) == ("rechazada", "El concesionario no tiene margen.")
    assert error_de(rechazar, **datos, motivo="otra vez") == NO_DISPONIBLE.format(
        accion="Rechazar el descuento", estado="Rechazada"
    )
    assert Evento.objects.filter(tipo=eventos.EVENTO_DESCUENTO_RESUELTO).count() == 1
    assert selectors.precio_final_de(operacion) == PRECIO


def test_no_se_resuelve_un_descuento_de_una_operacion_cerrada(operacion, asesor, cop):
    descuento = negociar(operacion, cop, solicitar(operacion, asesor))
    cerrar(operacion)
    assert error_de(aprobar, apartado=operacion, cop=cop, descuento=descuento, monto=1) == mensajes.OPERACION_CERRADA
    assert refrescar(descuento).estado == "en_negociacion"


# --- Financiamiento ----------------------------------------------------------------------


def enviar(apartado, actor, financiera="BBVA", tipo="banco", monto=Decimal("200000"), plazo=48):
    return services.financiamiento_enviar(
        actor=actor,
        apartado=apartado,
        financiera=financiera,
        tipo_financiera=tipo,
        monto_solicitado=monto,
        plazo_meses=plazo,
    )


def responder(apartado, cop, solicitud, **cambios):
    datos = {"aprobada": True, "condiciones": "48 meses, enganche 20 %", "monto_aprobado": Decimal("180000")}
    datos.update(cambios)
    return services.financiamiento_registrar_respuesta(actor=cop, financiamiento=solicitud, **datos)


def confirmar(apartado, cop, solicitud):
    return services.financiamiento_confirmar_credito(actor=cop, financiamiento=solicitud)


def test_el_asesor_envia_la_solicitud_y_el_cop_es_avisado(operacion, asesor, cop):
    solicitud = enviar(operacion, asesor)
    assert (solicitud.estado, solicitud.enviada_por, solicitud.plazo_meses) == ("enviada", asesor, 48)
    assert Evento.objects.get(tipo=eventos.EVENTO_FINANCIAMIENTO_ENVIADO).objeto_id == str(operacion.pk)
    clave = f"operaciones-financiamiento-{solicitud.pk}-enviada"
    assert notificados(clave) == {cop.pk} and correos(clave) == {cop.email}


def test_el_cop_envia_y_avisa_al_asesor(operacion, asesor, cop):
    solicitud = enviar(operacion, cop)
    assert notificados(f"operaciones-financiamiento-{solicitud.pk}-enviada") == {asesor.pk}


def test_guardas_del_envio(operacion, asesor, otro_asesor, gerente_ventas, apartar, unidad, cop):
    for actor in (otro_asesor, gerente_ventas):
        assert error_de(enviar, apartado=operacion, actor=actor) == mensajes.NO_ENVIA_FINANCIAMIENTO
    for cambios in ({"financiera": " "}, {"tipo": "otro"}, {"monto": Decimal("0")}, {"plazo": 0}):
        assert error_de(enviar, apartado=operacion, actor=asesor, **cambios) == mensajes.FINANCIAMIENTO_DATOS
    assert not SolicitudFinanciamiento.objects.exists()
    enviar(operacion, asesor)
    assert error_de(enviar, apartado=operacion, actor=cop) == mensajes.FINANCIAMIENTO_VIGENTE
    assert SolicitudFinanciamiento.objects.count() == 1


def test_una_operacion_de_contado_no_lleva_financiamiento(apartar, otro_concesionario, asesor):
    from tests.operaciones.factories import UnidadFactory

    contado = apartar(UnidadFactory(concesionario=otro_concesionario), forma_pago="contado", financiera="")
    assert error_de(enviar, apartado=contado, actor=asesor) == mensajes.NO_FINANCIADO


def test_no_se_envia_financiamiento_despues_del_cierre(operacion, asesor):
    cerrar(operacion)
    assert error_de(enviar, apartado=operacion, actor=asesor) == mensajes.OPERACION_CERRADA
    assert not SolicitudFinanciamiento.objects.exists()


def test_aprobada_con_condiciones_y_el_cop_confirma_el_credito(operacion, asesor, cop):
    solicitud = responder(operacion, cop, enviar(operacion, asesor), tasa=Decimal("14.5"))
    assert (solicitud.estado, solicitud.monto_aprobado, solicitud.tasa) == ("aprobada", 180000, Decimal("14.5"))
    assert notificados(f"operaciones-financiamiento-{solicitud.pk}-respuesta") == {asesor.pk}
    assert error_de(responder, apartado=operacion, cop=cop, solicitud=solicitud) == NO_DISPONIBLE.format(
        accion="Registrar la aprobación de la financiera", estado="Aprobada"
    )
    solicitud = confirmar(operacion, cop, solicitud)
    assert solicitud.credito_confirmado_por == cop and solicitud.credito_confirmado
    assert notificados(f"operaciones-financiamiento-{solicitud.pk}-credito") == {asesor.pk}
    assert error_de(confirmar, apartado=operacion, cop=cop, solicitud=solicitud) == mensajes.CREDITO_YA_CONFIRMADO
    assert Evento.objects.filter(tipo=eventos.EVENTO_CREDITO_CONFIRMADO).count() == 1


def test_guardas_de_la_respuesta_y_la_confirmacion(operacion, asesor, cop):
    solicitud = enviar(operacion, asesor)
    sin_permiso = mensajes.NO_RESUELVE_FINANCIAMIENTO
    assert error_de(responder, apartado=operacion, cop=asesor, solicitud=solicitud) == sin_permiso
    assert error_de(responder, apartado=operacion, cop=cop, solicitud=solicitud, condiciones="") == (
        mensajes.FINANCIAMIENTO_APROBADO_DATOS
    )
    assert error_de(responder, apartado=operacion, cop=cop, solicitud=solicitud, monto_aprobado=None) == (
        mensajes.FINANCIAMIENTO_APROBADO_DATOS
    )
    assert error_de(responder, apartado=operacion, cop=cop, solicitud=solicitud, aprobada=False) == (
        mensajes.RECHAZO_MOTIVO_REQUERIDO
    )
    assert error_de(confirmar, apartado=operacion, cop=cop, solicitud=solicitud) == NO_DISPONIBLE.format(
        accion="Confirmar la disponibilidad del crédito", estado="Enviada"
    )
    solicitud = refrescar(solicitud)
    assert solicitud.estado == "enviada" and solicitud.respondida_en is None and not solicitud.credito_confirmado
    aprobada = responder(operacion, cop, solicitud)
    assert error_de(confirmar, apartado=operacion, cop=asesor, solicitud=aprobada) == sin_permiso
    assert not refrescar(aprobada).credito_confirmado


def test_tras_un_rechazo_se_envia_a_una_caja_popular(operacion, asesor, cop):
    banco = responder(operacion, cop, enviar(operacion, asesor), aprobada=False, motivo="Buró de crédito")
    assert (banco.estado, banco.motivo_rechazo) == ("rechazada", "Buró de crédito")
    caja = enviar(operacion, cop, financiera="Caja Popular Mexicana", tipo="caja_popular")
    assert caja.estado == "enviada" and SolicitudFinanciamiento.objects.count() == 2


# --- What the cierre reads ---------------------------------------------------------------------


def test_faltantes_y_precio_final_caso_por_caso(operacion_a_cuenta, asesor, cop, gerente_otro):
    apartado = operacion_a_cuenta
    assert refrescar(apartado).faltantes_de_negociacion() == [FALTA_CREDITO]
    descuento = solicitar(apartado, asesor)
    assert refrescar(apartado).faltantes_de_negociacion() == [FALTA_DESCUENTO, FALTA_CREDITO]
    aprobar(apartado, cop, negociar(apartado, cop, descuento), Decimal("9000"))
    services.tradein_activar(actor=cop, apartado=apartado, unidad=UNIDAD_A_CUENTA)
    assert refrescar(apartado).faltantes_de_negociacion() == [FALTA_CREDITO, FALTA_TRADE_IN]
    solicitud = responder(apartado, cop, enviar(apartado, asesor))
    assert refrescar(apartado).faltantes_de_negociacion() == [FALTA_CREDITO, FALTA_TRADE_IN]  # approved, not confirmed
    confirmar(apartado, cop, solicitud)
    services.tradein_responder(actor=gerente_otro, trade_in=apartado.trade_in, toma=True, oferta=Decimal("60000"))
    assert refrescar(apartado).faltantes_de_negociacion() == []
    assert selectors.precio_final_de(apartado) == PRECIO - Decimal("9000")


def test_una_operacion_de_contado_sin_pendientes_no_tiene_faltantes(apartar, otro_concesionario):
    from tests.operaciones.factories import UnidadFactory

    contado = apartar(
        UnidadFactory(concesionario=otro_concesionario), forma_pago="contado", financiera="", descuento_solicitado=0
    )
    assert refrescar(contado).faltantes_de_negociacion() == []
    assert selectors.precio_final_de(contado) == PRECIO


def test_resolver_negociacion_deja_la_operacion_lista(cop, gerente_ventas, apartado):
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    services.apartado_validar(actor=cop, apartado=apartado)
    assert refrescar(apartado).faltantes_de_negociacion() == [FALTA_DESCUENTO, FALTA_CREDITO]
    resolver_negociacion(apartado, cop)
    assert refrescar(apartado).faltantes_de_negociacion() == []
