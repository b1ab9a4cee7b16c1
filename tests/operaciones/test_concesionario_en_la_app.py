"""The concesionario's people act in the app: the gerente de ventas answers discounts, the gerente de financiera
records the financing, the asesor asks to cancel its apartado and sees its own performance.

Every guard through the services (amount above the limit, reason required, another concesionario, wrong role,
double submit), the recipients of each notification, the pages (403 role, 404 other concesionario) and lists
whose query count does not grow with their rows.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace.acciones import NO_DISPONIBLE
from enlace.dinero import formatear
from enlace.errores import ErrorNegocio
from enlace.models import Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import Apartado, SolicitudCancelacion, SolicitudDescuento, Unidad
from tests.ayudas import afirmar_404_para
from tests.operaciones import fixtures_negociacion
from tests.operaciones.factories import UnidadFactory
from tests.operaciones.fixtures_comisiones import crear_lineas, crear_regla, marcar_cerrado

pytestmark = pytest.mark.django_db

operacion = fixtures_negociacion.operacion
PRECIO = Decimal("289900.00")


def url(nombre, *args):
    return reverse(f"operaciones:{nombre}", args=args)


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


def error_de(funcion, **kwargs):
    with pytest.raises(ErrorNegocio) as error:
        funcion(**kwargs)
    return error.value.mensaje


def notificados(clave):
    return set(Notificacion.objects.filter(clave=clave).values_list("destinatario_id", flat=True))


def consultas(client, direccion):
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(direccion).status_code == 200
    return len(capturadas)


@pytest.fixture
def descuento(operacion, asesor):
    return services.descuento_solicitar(
        actor=asesor, apartado=operacion, tipo="monto", valor=Decimal("8000"), motivo="Cliente frecuente"
    )


def responder(descuento, actor, resultado="aprobada", **datos):
    return services.descuento_responder(actor=actor, descuento=descuento, resultado=resultado, **datos)


# --- Gerente de ventas: the discount ----------------------------------------------------------------


def test_el_gerente_de_ventas_aprueba_y_avisa_al_asesor_y_al_cop(descuento, gerente_ventas, asesor, cop):
    aprobado = responder(descuento, gerente_ventas, monto=Decimal("6000"))
    assert (aprobado.estado, aprobado.monto_aprobado, aprobado.resuelta_por) == ("aprobada", 6000, gerente_ventas)
    assert aprobado.acordado_con == gerente_ventas.get_full_name()
    assert notificados(f"operaciones-descuento-{descuento.pk}-resuelto") == {asesor.pk, cop.pk}
    evento = Evento.objects.get(tipo=eventos.EVENTO_DESCUENTO_RESUELTO)
    assert evento.datos["resultado"] == "aprobada" and evento.actor == gerente_ventas
    # Double submit: the second answer finds the request approved and changes nothing.
    assert error_de(responder, descuento=descuento, actor=gerente_ventas, monto=Decimal("1")) == NO_DISPONIBLE.format(
        accion="Aprobar el descuento (gerente de ventas)", estado="Aprobada"
    )
    assert refrescar(descuento).monto_aprobado == 6000


def test_el_monto_no_supera_el_precio_menos_lo_ya_aprobado(descuento, gerente_ventas, asesor, operacion):
    responder(descuento, gerente_ventas, monto=Decimal("280000"))
    segundo = services.descuento_solicitar(
        actor=asesor, apartado=operacion, tipo="monto", valor=Decimal("9000"), motivo="Llantas"
    )
    disponible = formatear(PRECIO - 280000, "MXN")
    for resultado in ("aprobada", "contraoferta"):
        assert error_de(
            responder, descuento=segundo, actor=gerente_ventas, resultado=resultado, monto=Decimal("9900.01")
        ) == mensajes.DESCUENTO_APROBADO_EXCESIVO.format(disponible=disponible)
    assert error_de(responder, descuento=segundo, actor=gerente_ventas, monto=None) == (
        mensajes.DESCUENTO_APROBADO_INVALIDO
    )
    assert refrescar(segundo).estado == "solicitada"
    assert responder(segundo, gerente_ventas, monto=Decimal("9900")).monto_aprobado == Decimal("9900")


def test_el_rechazo_pide_motivo_y_otro_concesionario_o_rol_no_responde(
    descuento, gerente_ventas, gerente_otro, gerente_general, asesor, cop
):
    assert error_de(responder, descuento=descuento, actor=gerente_ventas, resultado="rechazada", motivo=" ") == (
        mensajes.RECHAZO_MOTIVO_REQUERIDO
    )
    for actor in (gerente_otro, gerente_general, asesor, cop):
        assert error_de(responder, descuento=descuento, actor=actor, monto=Decimal("100")) == (
            mensajes.NO_RESPONDE_DESCUENTO
        )
    assert refrescar(descuento).estado == "solicitada"
    rechazado = responder(descuento, gerente_ventas, resultado="rechazada", motivo="Precio ya rebajado")
    assert (rechazado.estado, rechazado.motivo_rechazo) == ("rechazada", "Precio ya rebajado")
    assert notificados(f"operaciones-descuento-{descuento.pk}-resuelto") == {asesor.pk, cop.pk}


def test_la_contraoferta_la_acepta_el_asesor_y_se_avisa_al_gerente(descuento, gerente_ventas, asesor, cop):
    assert error_de(
        responder, descuento=descuento, actor=gerente_ventas, resultado="contraoferta", monto=Decimal("8000")
    ) == (mensajes.CONTRAOFERTA_IGUAL)
    assert error_de(responder, descuento=descuento, actor=gerente_ventas, resultado="contraoferta", monto=0) == (
        mensajes.CONTRAOFERTA_INVALIDA
    )
    oferta = responder(descuento, gerente_ventas, "contraoferta", monto=Decimal("5000"), motivo="Sin garantía")
    assert (oferta.estado, oferta.monto_contraoferta) == ("contraoferta", 5000)
    assert oferta.nota_contraoferta == "Sin garantía"
    assert notificados(f"operaciones-descuento-{descuento.pk}-contraoferta") == {asesor.pk, cop.pk}
    assert Evento.objects.filter(tipo=eventos.EVENTO_DESCUENTO_CONTRAOFERTA).count() == 1
    assert refrescar(descuento.apartado).faltantes_de_negociacion()[0] == mensajes.FALTA_DESCUENTO  # still open
    aceptada = services.descuento_decidir_contraoferta(actor=asesor, descuento=descuento, acepta=True)
    assert (aceptada.estado, aceptada.monto_aprobado) == ("aprobada", Decimal("5000"))
    assert aceptada.acordado_con == gerente_ventas.get_full_name()
    assert notificados(f"operaciones-descuento-{descuento.pk}-resuelto") == {gerente_ventas.pk, cop.pk}


def test_rechazar_la_contraoferta_pide_motivo_y_solo_la_decide_el_asesor_o_el_cop(
    descuento, gerente_ventas, otro_asesor, asesor, cop
):
    responder(descuento, gerente_ventas, "contraoferta", monto=Decimal("3000"))
    decidir = services.descuento_decidir_contraoferta
    assert error_de(decidir, actor=asesor, descuento=descuento, acepta=False, motivo="") == (
        mensajes.RECHAZO_MOTIVO_REQUERIDO
    )
    for actor in (otro_asesor, gerente_ventas):
        assert error_de(decidir, actor=actor, descuento=descuento, acepta=True) == mensajes.NO_DECIDE_CONTRAOFERTA
    rechazada = decidir(actor=cop, descuento=descuento, acepta=False, motivo="El cliente no acepta")
    assert (rechazada.estado, rechazada.motivo_rechazo) == ("rechazada", "El cliente no acepta")
    assert notificados(f"operaciones-descuento-{descuento.pk}-resuelto") == {gerente_ventas.pk, asesor.pk}


def test_paginas_del_descuento_del_gerente(client, descuento, operacion, gerente_ventas, gerente_otro, asesor):
    client.force_login(gerente_ventas)
    html = client.get(url("apartado", operacion.pk)).content.decode()
    assert url("descuento_responder", operacion.pk, descuento.pk) in html
    assert url("descuento_resolver", operacion.pk, descuento.pk) not in html  # the COP's own record
    respuesta = client.post(
        url("descuento_responder", operacion.pk, descuento.pk), {"resultado": "aprobada", "monto": "300000"}
    )
    assert respuesta.status_code == 200 and "no puede superar" in respuesta.content.decode()
    respuesta = client.post(
        url("descuento_responder", operacion.pk, descuento.pk),
        {"resultado": "contraoferta", "monto": "4000", "motivo": "Con seguro"},
    )
    assert respuesta.status_code == 302 and refrescar(descuento).estado == "contraoferta"
    afirmar_404_para(client, gerente_otro, url("descuento_responder", operacion.pk, descuento.pk))
    client.force_login(asesor)
    assert client.get(url("descuento_responder", operacion.pk, descuento.pk)).status_code == 403
    assert client.get(url("descuentos_por_responder")).status_code == 403
    assert (
        url("descuento_contraoferta", operacion.pk, descuento.pk)
        in client.get(url("apartado", operacion.pk)).content.decode()
    )
    respuesta = client.post(url("descuento_contraoferta", operacion.pk, descuento.pk), {"resultado": "acepta"})
    assert respuesta.status_code == 302 and refrescar(descuento).monto_aprobado == 4000


def test_descuentos_por_responder_solo_de_su_concesionario_y_consultas_constantes(
    client, apartar, concesionario, otro_concesionario, gerente_ventas
):
    apartar(UnidadFactory(concesionario=concesionario))  # its Solicitud asks 5,000
    ajeno = apartar(UnidadFactory(concesionario=otro_concesionario))
    client.force_login(gerente_ventas)
    antes = consultas(client, url("descuentos_por_responder"))
    for _ in range(3):
        apartar(UnidadFactory(concesionario=concesionario))
    assert consultas(client, url("descuentos_por_responder")) == antes
    html = client.get(url("descuentos_por_responder")).content.decode()
    assert html.count('data-accion="responder"') == 4 and ajeno.unidad.vin not in html


# --- Gerente de financiera: the financing ---------------------------------------------------------


def enviar(apartado, actor):
    return services.financiamiento_enviar(
        actor=actor,
        apartado=apartado,
        financiera="Financiera del Norte",
        tipo_financiera="concesionario",
        monto_solicitado=Decimal("200000"),
        plazo_meses=36,
    )


def test_el_gerente_de_financiera_registra_cada_paso_y_avisa(operacion, gerente_financiera, asesor, cop):
    solicitud = enviar(operacion, gerente_financiera)
    assert notificados(f"operaciones-financiamiento-{solicitud.pk}-enviada") == {asesor.pk, cop.pk}
    aprobada = services.financiamiento_registrar_respuesta(
        actor=gerente_financiera,
        financiamiento=solicitud,
        aprobada=True,
        condiciones="36 meses, seguro incluido",
        monto_aprobado=Decimal("190000"),
    )
    assert (aprobada.estado, aprobada.respuesta_registrada_por) == ("aprobada", gerente_financiera)
    assert notificados(f"operaciones-financiamiento-{solicitud.pk}-respuesta") == {asesor.pk, cop.pk}
    confirmada = services.financiamiento_confirmar_credito(actor=gerente_financiera, financiamiento=solicitud)
    assert confirmada.credito_confirmado_por == gerente_financiera
    assert notificados(f"operaciones-financiamiento-{solicitud.pk}-credito") == {asesor.pk, cop.pk}
    assert (
        error_de(services.financiamiento_confirmar_credito, actor=cop, financiamiento=solicitud)
        == mensajes.CREDITO_YA_CONFIRMADO
    )  # double submit, whoever repeats it


def test_el_cop_registra_y_avisa_al_gerente_de_financiera(operacion, gerente_financiera, asesor, cop):
    solicitud = enviar(operacion, asesor)
    services.financiamiento_registrar_respuesta(
        actor=cop, financiamiento=solicitud, aprobada=False, motivo="Buró de crédito"
    )
    assert notificados(f"operaciones-financiamiento-{solicitud.pk}-respuesta") == {asesor.pk, gerente_financiera.pk}


def test_otro_concesionario_u_otro_rol_no_registra_el_financiamiento(
    operacion, gerente_financiera_otro, gerente_ventas, asesor
):
    assert error_de(enviar, apartado=operacion, actor=gerente_financiera_otro) == mensajes.NO_ENVIA_FINANCIAMIENTO
    solicitud = enviar(operacion, asesor)
    for actor in (gerente_financiera_otro, gerente_ventas, asesor):
        assert (
            error_de(
                services.financiamiento_registrar_respuesta,
                actor=actor,
                financiamiento=solicitud,
                aprobada=False,
                motivo="No",
            )
            == mensajes.NO_RESUELVE_FINANCIAMIENTO
        )
    assert refrescar(solicitud).estado == "enviada"


def test_paginas_del_financiamiento_del_gerente(
    client, operacion, gerente_financiera, gerente_financiera_otro, asesor, gerente_ventas
):
    solicitud = enviar(operacion, asesor)
    client.force_login(gerente_financiera)
    html = client.get(url("financiamientos")).content.decode()
    assert operacion.unidad.vin in html and 'data-financiamiento="enviada"' in html
    assert (
        url("financiamiento_responder", operacion.pk, solicitud.pk)
        in client.get(url("apartado", operacion.pk)).content.decode()
    )
    respuesta = client.post(
        url("financiamiento_responder", operacion.pk, solicitud.pk),
        {"resultado": "aprobada", "condiciones": "36 meses", "monto_aprobado": "190000"},
    )
    assert respuesta.status_code == 302 and refrescar(solicitud).estado == "aprobada"
    respuesta = client.post(url("financiamiento_confirmar", operacion.pk, solicitud.pk))
    assert respuesta.status_code == 302 and refrescar(solicitud).credito_confirmado
    afirmar_404_para(client, gerente_financiera_otro, url("financiamiento_responder", operacion.pk, solicitud.pk))
    assert operacion.unidad.vin not in client.get(url("financiamientos")).content.decode()
    for usuario in (asesor, gerente_ventas):
        client.force_login(usuario)
        assert client.get(url("financiamientos")).status_code == 403
        assert client.get(url("financiamiento_confirmar", operacion.pk, solicitud.pk)).status_code == 403


def test_operaciones_financiadas_con_consultas_constantes(
    client, apartar, concesionario, gerente_financiera, gerente_ventas, cop, asesor
):
    def financiada():
        apartado = apartar(UnidadFactory(concesionario=concesionario), descuento_solicitado=0)
        services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
        enviar(services.apartado_validar(actor=cop, apartado=apartado), asesor)

    financiada()
    client.force_login(gerente_financiera)
    antes = consultas(client, url("financiamientos"))
    for _ in range(3):
        financiada()
    assert consultas(client, url("financiamientos")) == antes
    assert client.get(url("financiamientos")).content.decode().count('data-financiamiento="enviada"') == 4


# --- Asesor: the cancellation request -------------------------------------------------------------


def solicitar_cancelacion(apartado, actor, motivo="cliente_desiste", detalle="Consiguió otro auto"):
    return services.cancelacion_solicitar(actor=actor, apartado=apartado, motivo=motivo, detalle=detalle)


def test_el_asesor_solicita_y_el_cop_aprueba_la_cancelacion(operacion, asesor, cop, gerente_ventas):
    assert error_de(solicitar_cancelacion, apartado=operacion, actor=asesor, detalle=" ") == (
        mensajes.CANCELACION_DETALLE_REQUERIDO
    )
    assert error_de(solicitar_cancelacion, apartado=operacion, actor=asesor, motivo="") == (
        mensajes.MOTIVO_CANCELACION_REQUERIDO
    )
    solicitud = solicitar_cancelacion(operacion, asesor)
    assert notificados(f"operaciones-cancelacion-solicitada-{solicitud.pk}") == {cop.pk}
    assert error_de(solicitar_cancelacion, apartado=operacion, actor=asesor) == mensajes.CANCELACION_PENDIENTE
    services.cancelacion_aprobar(actor=cop, solicitud=solicitud)
    apartado = refrescar(operacion)
    assert (apartado.estado, apartado.motivo_cancelacion) == ("cancelado", "cliente_desiste")
    assert apartado.cancelado_por == cop
    assert "Consiguió otro auto" in apartado.detalle_cancelacion
    assert apartado.unidad.estado == Unidad.Estado.DISPONIBLE
    assert notificados(f"operaciones-cancelacion-{apartado.pk}") >= {asesor.pk, gerente_ventas.pk}
    tipos = set(Evento.objects.values_list("tipo", flat=True))
    assert {eventos.EVENTO_CANCELACION_SOLICITADA, eventos.EVENTO_CANCELACION_APROBADA} <= tipos
    assert eventos.DETONANTE_CANCELACION in tipos
    assert error_de(services.cancelacion_aprobar, actor=cop, solicitud=solicitud) == NO_DISPONIBLE.format(
        accion="Aprobar la cancelación", estado="Aprobada"
    )


def test_el_cop_rechaza_con_motivo_y_el_apartado_sigue(operacion, asesor, cop, otro_asesor, gerente_ventas):
    assert error_de(solicitar_cancelacion, apartado=operacion, actor=otro_asesor) == mensajes.NO_SOLICITA_CANCELACION
    assert error_de(solicitar_cancelacion, apartado=operacion, actor=cop) == mensajes.NO_SOLICITA_CANCELACION
    solicitud = solicitar_cancelacion(operacion, asesor)
    assert error_de(services.cancelacion_rechazar, actor=cop, solicitud=solicitud, motivo="") == (
        mensajes.RECHAZO_MOTIVO_REQUERIDO
    )
    for actor in (asesor, gerente_ventas):
        assert error_de(services.cancelacion_aprobar, actor=actor, solicitud=solicitud) == mensajes.SOLO_COP
    rechazada = services.cancelacion_rechazar(actor=cop, solicitud=solicitud, motivo="El cliente ya pagó")
    assert (rechazada.estado, rechazada.motivo_rechazo) == ("rechazada", "El cliente ya pagó")
    assert refrescar(operacion).estado == Apartado.Estado.VALIDADO
    assert notificados(f"operaciones-cancelacion-rechazada-{solicitud.pk}") == {asesor.pk}
    assert solicitar_cancelacion(operacion, asesor).estado == "pendiente"  # may ask again after a rejection


def test_no_se_solicita_cancelar_una_operacion_cerrada(operacion, asesor, cop):
    marcar_cerrado(operacion, cop=cop, precio_final=PRECIO)
    assert error_de(solicitar_cancelacion, apartado=refrescar(operacion), actor=asesor) == (
        mensajes.OPERACION_CERRADA_CANCELACION
    )
    assert not SolicitudCancelacion.objects.exists()


def test_paginas_de_la_cancelacion(client, operacion, asesor, otro_asesor, cop, gerente_ventas):
    client.force_login(asesor)
    assert url("cancelacion_solicitar", operacion.pk) in client.get(url("apartado", operacion.pk)).content.decode()
    respuesta = client.post(url("cancelacion_solicitar", operacion.pk), {"motivo": "financiamiento", "detalle": ""})
    assert respuesta.status_code == 200 and mensajes.CANCELACION_DETALLE_REQUERIDO in respuesta.content.decode()
    respuesta = client.post(
        url("cancelacion_solicitar", operacion.pk), {"motivo": "financiamiento", "detalle": "Banco lo rechazó"}
    )
    assert respuesta.status_code == 302
    solicitud = SolicitudCancelacion.objects.get()
    afirmar_404_para(client, otro_asesor, url("cancelacion_solicitar", operacion.pk))
    client.force_login(gerente_ventas)
    assert client.get(url("cancelacion_solicitar", operacion.pk)).status_code == 403
    assert client.get(url("cancelacion_decidir", operacion.pk, solicitud.pk, "aprobar")).status_code == 403
    client.force_login(cop)
    assert "Banco lo rechazó" in client.get(url("cancelaciones")).content.decode()
    respuesta = client.post(
        url("cancelacion_decidir", operacion.pk, solicitud.pk, "rechazar"), {"motivo": "Hay otra financiera"}
    )
    assert respuesta.status_code == 302 and refrescar(solicitud).estado == "rechazada"
    assert client.get(url("cancelacion_decidir", operacion.pk, solicitud.pk, "otra")).status_code == 404


def test_cancelaciones_solicitadas_con_consultas_constantes(client, apartar, concesionario, asesor, cop):
    solicitar_cancelacion(apartar(UnidadFactory(concesionario=concesionario)), asesor)
    client.force_login(cop)
    antes = consultas(client, url("cancelaciones"))
    for _ in range(3):
        solicitar_cancelacion(apartar(UnidadFactory(concesionario=concesionario)), asesor)
    assert consultas(client, url("cancelaciones")) == antes


# --- Asesor: «Mi desempeño», «Mis apartados» and the commission's days to payment ---------------


@pytest.fixture
def operacion_pagada(operacion, cop):
    crear_regla()
    cerrado = marcar_cerrado(operacion, cop=cop, precio_final=PRECIO, cerrado_en=timezone.now() - timedelta(days=12))
    lineas = crear_lineas(refrescar(cerrado), actor=cop)
    services.comision_verificar(actor=cop, lineas=lineas)
    services.comision_pagar(actor=cop, lineas=lineas, fecha=timezone.localdate(), referencia="SPEI 1")
    return refrescar(operacion)


def test_mi_desempeno_muestra_solo_lo_propio(client, operacion_pagada, asesor, otro_asesor, gerente_ventas):
    hoy = timezone.localdate()
    periodo = f"?desde={hoy - timedelta(days=30):%Y-%m-%d}&hasta={hoy:%Y-%m-%d}"
    client.force_login(asesor)
    html = client.get(url("mi_desempeno") + periodo).content.decode()
    assert "Mi desempeño" in html and operacion_pagada.folio in html and "<td>12</td>" in html
    assert url("coaching_nueva") not in html
    assert url("mi_desempeno") in client.get(url("apartados")).content.decode()  # in its navigation
    client.force_login(otro_asesor)
    assert operacion_pagada.folio not in client.get(url("mi_desempeno") + periodo).content.decode()
    assert client.get(url("desempeno_asesor", asesor.pk)).status_code == 403
    client.force_login(gerente_ventas)
    assert client.get(url("mi_desempeno")).status_code == 403


def test_mis_comisiones_muestran_los_dias_del_cierre_al_pago(client, operacion_pagada, asesor):
    client.force_login(asesor)
    html = client.get(url("mis_comisiones")).content.decode()
    assert "Días del cierre al pago" in html and "<td data-dias-pago>12</td>" in html


def test_mis_apartados_muestran_descuento_y_comision_con_consultas_constantes(
    client, operacion_pagada, apartar, concesionario, asesor, gerente_ventas
):
    apartar(UnidadFactory(concesionario=concesionario))  # its Solicitud's discount, solicitada
    client.force_login(asesor)
    html = client.get(url("apartados")).content.decode()
    assert 'data-descuento="solicitada"' in html and 'data-comision="pagada"' in html
    antes = consultas(client, url("apartados"))
    for _ in range(3):
        apartar(UnidadFactory(concesionario=concesionario))
    assert consultas(client, url("apartados")) == antes
    client.force_login(gerente_ventas)
    assert "data-descuento" not in client.get(url("apartados")).content.decode()


def test_la_navegacion_lleva_a_cada_rol_a_sus_paginas(client, gerente_ventas, gerente_financiera, cop):
    for usuario, nombre in (
        (gerente_ventas, "descuentos_por_responder"),
        (gerente_financiera, "financiamientos"),
        (cop, "cancelaciones"),
    ):
        client.force_login(usuario)
        assert url(nombre) in client.get(url("apartados")).content.decode()


def test_el_descuento_abierto_incluye_la_contraoferta(descuento, gerente_ventas):
    responder(descuento, gerente_ventas, "contraoferta", monto=Decimal("1000"))
    assert SolicitudDescuento.objects.abiertas().filter(pk=descuento.pk).exists()
