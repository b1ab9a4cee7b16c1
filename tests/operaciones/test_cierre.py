# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega
"""Cierre de Operación: each missing condition refuses it, the notification matrix, the survey."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enlace.acciones import NO_DISPONIBLE
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import Apartado, Cliente, EncuestaCierre, TipoDocumento, Unidad, documentos_requeridos
from tests.operaciones.factories import ConcesionarioFactory
from tests.operaciones.fixtures_entrega import (  # noqa: F401
    SOLICITUD_DE_CONTADO,
    almacen_temporal,
    operacion,
    operacion_lista,
    pdf,
    pendiente_de_contado,
    preparar_cierre,
)

pytestmark = pytest.mark.django_db


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


def clave(apartado):
    return f"operaciones-cierre-{apartado.pk}"


def afirmar_nada_cambio(apartado):
    apartado = refrescar(apartado)
    assert apartado.estado == Apartado.Estado.VALIDADO and apartado.cerrado_en is None
    assert apartado.precio_final is None
    assert refrescar(apartado.unidad).estado == Unidad.Estado.VALIDADA
    assert not Evento.objects.filter(tipo=eventos.DETONANTE_CIERRE).exists()
    assert not Notificacion.objects.filter(clave=clave(apartado)).exists()
    assert not CorreoSaliente.objects.filter(clave=clave(apartado)).exists()
    assert not EncuestaCierre.objects.exists()


def cerrar_y_fallar(apartado, actor):
    with pytest.raises(ErrorNegocio) as error:
        services.operacion_cerrar(actor=actor, apartado=apartado)
    return error.value.mensaje


# --- Refused: one test per missing condition ----------------------------------------


@pytest.mark.parametrize(
    ("sin", "faltante"),
    [
        ("pago", mensajes.CIERRE_SIN_PAGO),
        ("factura", mensajes.CIERRE_SIN_FACTURA),
        ("entrega", mensajes.CIERRE_SIN_ENTREGA),
        ("seguro", mensajes.FALTA_SEGURO),
    ],
)
def test_cierre_rechazado_por_cada_condicion_faltante(operacion, cop, sin, faltante):
    preparar_cierre(operacion, cop, sin=[sin])
    assert cerrar_y_fallar(operacion, cop) == f"{mensajes.CIERRE_INTRO} {faltante}"
    afirmar_nada_cambio(operacion)


def test_cierre_rechazado_por_un_documento_faltante_lo_nombra(operacion, cop):
    preparar_cierre(operacion, cop, sin=["documentos"])
    for tipo in ("identificacion", "comprobante_domicilio", "contrato_compraventa"):
        services.documento_agregar(actor=cop, apartado=operacion, tipo=tipo, archivo=pdf())
    faltante = mensajes.CIERRE_DOCUMENTO.format(documento=TipoDocumento.CONSTANCIA_FISCAL.label)
    assert cerrar_y_fallar(operacion, cop) == f"{mensajes.CIERRE_INTRO} {faltante}"
    afirmar_nada_cambio(operacion)


def test_documentos_requeridos_segun_persona_y_forma_de_pago():
    base = ["identificacion", "comprobante_domicilio", "constancia_fiscal", "contrato_compraventa"]
    assert documentos_requeridos(tipo_persona="fisica", forma_pago="contado") == base
    assert documentos_requeridos(tipo_persona="fisica", forma_pago="financiado") == [*base, "solicitud_credito"]
    assert documentos_requeridos(tipo_persona="moral", forma_pago="financiado") == [
        *base,
        "acta_constitutiva",
        "poder_representante",
        "solicitud_credito",
    ]


def test_persona_moral_requiere_acta_y_poder(apartar, unidad, gerente_ventas, cop):
    apartado = apartar(unidad, tipo_persona="moral", **SOLICITUD_DE_CONTADO)
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    operacion = services.apartado_validar(actor=cop, apartado=apartado)
    preparar_cierre(operacion, cop, sin=["documentos"])
    for tipo in ("identificacion", "comprobante_domicilio", "constancia_fiscal", "contrato_compraventa"):
        services.documento_agregar(actor=cop, apartado=operacion, tipo=tipo, archivo=pdf())
    faltantes = [
        mensajes.CIERRE_DOCUMENTO.format(documento=TipoDocumento.ACTA_CONSTITUTIVA.label),
        mensajes.CIERRE_DOCUMENTO.format(documento=TipoDocumento.PODER_REPRESENTANTE.label),
    ]
    assert refrescar(operacion).faltantes_para_cierre() == faltantes
    assert cerrar_y_fallar(operacion, cop) == " ".join([mensajes.CIERRE_INTRO, *faltantes])
    afirmar_nada_cambio(operacion)


def test_cierre_rechazado_sin_apartado_validado_lista_todo(pendiente_de_contado, cop):
    documentos = [
        mensajes.CIERRE_DOCUMENTO.format(documento=TipoDocumento(t).label)
        for t in ("identificacion", "comprobante_domicilio", "constancia_fiscal", "contrato_compraventa")
    ]
    esperado = [
        mensajes.CIERRE_NO_VALIDADO,
        mensajes.CIERRE_SIN_PAGO,
        mensajes.CIERRE_SIN_FACTURA,
        *documentos,
        mensajes.CIERRE_SIN_ENTREGA,
        mensajes.FALTA_SEGURO,  # the seguro's task is born with the validation
    ]
    assert refrescar(pendiente_de_contado).faltantes_para_cierre() == esperado  # what the cierre page lists
    assert cerrar_y_fallar(pendiente_de_contado, cop) == NO_DISPONIBLE.format(
        accion="Cierre de Operación", estado="Pendiente de validación"
    )
    assert refrescar(pendiente_de_contado).estado == Apartado.Estado.PENDIENTE
    assert not Evento.objects.filter(tipo=eventos.DETONANTE_CIERRE).exists()


def test_solo_el_cop_cierra(operacion_lista, asesor, gerente_ventas):
    for actor in (asesor, gerente_ventas):
        assert cerrar_y_fallar(operacion_lista, actor) == mensajes.SOLO_COP
    afirmar_nada_cambio(operacion_lista)


# --- Successful cierre and its notification matrix -------------------------------------


@pytest.fixture
def tercero(red, crear_usuario):
    """A network user of a third concesionario (neither A nor B)."""
    return crear_usuario("gerente_general", organizacion=ConcesionarioFactory(padre=red))


def test_cierre_vende_la_unidad_registra_el_detonante_y_notifica_segun_la_tabla(
    operacion_lista, cop, asesor, otro_asesor, gerente_ventas, gerente_otro, tercero
):
    cerrado = services.operacion_cerrar(actor=cop, apartado=operacion_lista)

    apartado = refrescar(cerrado)
    assert apartado.estado == Apartado.Estado.CERRADO and apartado.cerrado_por == cop
    assert apartado.precio_final == apartado.unidad.precio  # no discount negotiated
    assert refrescar(apartado.unidad).estado == Unidad.Estado.VENDIDA
    evento = Evento.objects.get(tipo=eventos.DETONANTE_CIERRE)
    assert evento.objeto_id == str(apartado.pk) and evento.actor == cop
    assert evento.datos["condicion"].startswith("Pago confirmado, factura registrada, expediente completo")
    assert evento.datos["folio"] == apartado.folio

    # Email: the client, the sales force (every asesor) and the gerentes of A and B; nobody else.
    correos = {c.para: c for c in CorreoSaliente.objects.filter(clave=clave(apartado))}
    assert set(correos) == {
        "maria@ejemplo.test",
        asesor.email,
        otro_asesor.email,
        gerente_ventas.email,
        gerente_otro.email,
    }
    al_cliente = correos["maria@ejemplo.test"]
    assert apartado.folio in al_cliente.asunto
    assert (
        apartado.unidad.vin in al_cliente.cuerpo_texto
        and "venta de su unidad quedó facturada" in al_cliente.cuerpo_texto
    )
    encuesta = EncuestaCierre.objects.get(apartado=apartado)
    assert f"/operaciones/encuesta/{encuesta.token}/" in al_cliente.cuerpo_texto
    assert encuesta.enviada_en is not None
    assert al_cliente.notificacion_id is None

    # In the app: the asesor, both concesionarios and the whole network, once each; never the client.
    notificaciones = Notificacion.objects.filter(clave=clave(apartado))
    por_usuario = {n.destinatario_id: n for n in notificaciones}
    assert notificaciones.count() == len(por_usuario)
    assert {asesor.pk, gerente_ventas.pk, gerente_otro.pk, tercero.pk, cop.pk} <= set(por_usuario)
    assert por_usuario[asesor.pk].titulo.startswith("Operación concretada")
    assert str(asesor) in por_usuario[asesor.pk].cuerpo and "Estatus: cerrada" in por_usuario[asesor.pk].cuerpo
    assert por_usuario[otro_asesor.pk].titulo.startswith("Operación concretada en la red")
    assert (
        str(asesor) in por_usuario[otro_asesor.pk].cuerpo and "Estatus: cerrada" in por_usuario[otro_asesor.pk].cuerpo
    )
    assert "salió del inventario" in por_usuario[gerente_ventas.pk].cuerpo
    assert "comisiones" in por_usuario[gerente_otro.pk].cuerpo
    # The cierre mails neither the rest of the network nor the COP (who only got «lista para cierre» before).
    assert not CorreoSaliente.objects.filter(clave=clave(apartado), para__in=[tercero.email, cop.email]).exists()
    assert not Cliente.objects.filter(correo__in=[n.destinatario.email for n in notificaciones]).exists()


def test_cerrar_dos_veces_no_cambia_nada(operacion_lista, cop):
    services.operacion_cerrar(actor=cop, apartado=operacion_lista)
    conteos = (Notificacion.objects.count(), CorreoSaliente.objects.count(), Evento.objects.count())
    assert cerrar_y_fallar(operacion_lista, cop) == NO_DISPONIBLE.format(
        accion="Cierre de Operación", estado="Operación cerrada"
    )
    assert (Notificacion.objects.count(), CorreoSaliente.objects.count(), Evento.objects.count()) == conteos
    assert EncuestaCierre.objects.count() == 1


def test_mismo_concesionario_a_y_b_notifica_una_vez(apartar, unidad, otro_asesor, gerente_ventas, cop):
    apartado = apartar(unidad, actor=otro_asesor, **SOLICITUD_DE_CONTADO)
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    operacion = preparar_cierre(services.apartado_validar(actor=cop, apartado=apartado), cop)
    services.operacion_cerrar(actor=cop, apartado=operacion)
    assert Notificacion.objects.filter(clave=clave(operacion), destinatario=gerente_ventas).count() == 1
    assert CorreoSaliente.objects.filter(clave=clave(operacion), para=gerente_ventas.email).count() == 1


def test_sin_encuesta_por_configuracion(operacion_lista, cop, settings):
    settings.OPERACIONES_ENCUESTA_CIERRE = False
    services.operacion_cerrar(actor=cop, apartado=operacion_lista)
    assert not EncuestaCierre.objects.exists()
    al_cliente = CorreoSaliente.objects.get(clave=clave(operacion_lista), para="maria@ejemplo.test")
    assert "/operaciones/encuesta/" not in al_cliente.cuerpo_texto


def test_cliente_sin_correo_no_recibe_correo(operacion_lista, cop, asesor):
    Cliente.objects.filter(pk=operacion_lista.cliente_id).update(correo="")
    services.operacion_cerrar(actor=cop, apartado=operacion_lista)
    assert not CorreoSaliente.objects.filter(para="maria@ejemplo.test").exists()
    assert CorreoSaliente.objects.filter(clave=clave(operacion_lista), para=asesor.email).exists()
    assert EncuestaCierre.objects.get().enviada_en is None


# --- Survey -----------------------------------------------------------------------------


@pytest.fixture
def encuesta(operacion_lista, cop):
    services.operacion_cerrar(actor=cop, apartado=operacion_lista)
    return EncuestaCierre.objects.get(apartado=operacion_lista)


def test_la_encuesta_se_responde_una_sola_vez(encuesta):
    services.encuesta_responder(encuesta=encuesta, calificacion=5, comentario=" Excelente trato ")
    respondida = refrescar(encuesta)
    assert (respondida.calificacion, respondida.comentario) == (5, "Excelente trato")
    assert respondida.respondida_en is not None
    evento = Evento.objects.get(tipo=eventos.EVENTO_ENCUESTA_RESPONDIDA)
    assert evento.objeto_id == str(encuesta.apartado_id) and evento.actor is None
    assert evento.datos["calificacion"] == 5

    with pytest.raises(ErrorNegocio) as error:
        services.encuesta_responder(encuesta=encuesta, calificacion=1, comentario="cambié de opinión")
    assert error.value.mensaje == mensajes.ENCUESTA_YA_RESPONDIDA
    otra_vez = refrescar(encuesta)
    assert (otra_vez.calificacion, otra_vez.comentario, otra_vez.respondida_en) == (
        5,
        "Excelente trato",
        respondida.respondida_en,
    )
    assert Evento.objects.filter(tipo=eventos.EVENTO_ENCUESTA_RESPONDIDA).count() == 1


@pytest.mark.parametrize("calificacion", [0, 6, None, "5"])
def test_calificacion_invalida_no_cambia_nada(encuesta, calificacion):
    with pytest.raises(ErrorNegocio) as error:
        services.encuesta_responder(encuesta=encuesta, calificacion=calificacion)
    assert error.value.mensaje == mensajes.ENCUESTA_CALIFICACION_INVALIDA
    assert not refrescar(encuesta).respondida
    assert not Evento.objects.filter(tipo=eventos.EVENTO_ENCUESTA_RESPONDIDA).exists()


def test_el_token_no_se_adivina(encuesta, operacion_lista):
    assert len(encuesta.token) >= 40 and str(operacion_lista.pk) != encuesta.token


def test_la_entrega_debe_ser_futura_para_el_cierre(operacion, cop):
    with pytest.raises(ErrorNegocio) as error:
        pasada = timezone.now() - timedelta(minutes=1)
        services.entrega_programar(actor=cop, apartado=operacion, fecha_programada=pasada)
    assert error.value.mensaje == mensajes.ENTREGA_FECHA_PASADA
