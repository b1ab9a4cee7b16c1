"""Aging alerts at 60 and 90 days: once per unit and threshold, notifying gerentes and the COP."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from enlace.acciones import AccionRechazada
from enlace.models import Evento, Notificacion
from operaciones import eventos, mensajes, services, tasks
from operaciones.models import AlertaAntiguedad, Unidad
from operaciones.services import ErrorOperacion
from tests.operaciones.factories import UnidadFactory

pytestmark = pytest.mark.django_db


def hace(dias):
    return timezone.localdate() - timedelta(days=dias)


def test_una_alerta_por_umbral_nunca_dos_veces(concesionario, gerente_ventas, cop, crear_usuario):
    gerente_general = crear_usuario("gerente_general", organizacion=concesionario)
    u59 = UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(59))
    u60 = UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(60))
    u95 = UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(95))
    assert tasks.alertas_antiguedad() == 3
    assert set(AlertaAntiguedad.objects.values_list("unidad_id", "umbral")) == {
        (u60.pk, 60),
        (u95.pk, 60),
        (u95.pk, 90),
    }
    assert not AlertaAntiguedad.objects.filter(unidad=u59).exists()
    for usuario in (gerente_ventas, gerente_general, cop):
        assert (
            Notificacion.objects.filter(destinatario=usuario, clave__startswith="operaciones-antiguedad").count() == 2
        )
    assert Evento.objects.filter(tipo=eventos.EVENTO_ALERTA_ANTIGUEDAD).count() == 3
    antes = (AlertaAntiguedad.objects.count(), Notificacion.objects.count(), Evento.objects.count())
    assert tasks.alertas_antiguedad() == 0
    assert (AlertaAntiguedad.objects.count(), Notificacion.objects.count(), Evento.objects.count()) == antes
    # A day later only the unit that just reached 60 days is new.
    assert services.unidades_alertar_antiguedad(hoy=timezone.localdate() + timedelta(days=1)) == 1


def test_unidades_vendidas_o_retiradas_no_alertan(concesionario):
    UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(70), estado=Unidad.Estado.RETIRADA)
    assert services.unidades_alertar_antiguedad() == 0


@override_settings(OPERACIONES_ALERTA_DIAS_1=30, OPERACIONES_ALERTA_DIAS_2=45)
def test_umbrales_configurables(concesionario):
    UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(46))
    assert services.unidades_alertar_antiguedad() == 2
    assert set(AlertaAntiguedad.objects.values_list("umbral", flat=True)) == {30, 45}


def test_estrategia_de_ajuste_de_precio(concesionario, gerente_ventas, cop):
    unidad = UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(61))
    services.unidades_alertar_antiguedad()
    alerta = AlertaAntiguedad.objects.get()
    with pytest.raises(ErrorOperacion) as error:
        services.alerta_registrar_estrategia(actor=gerente_ventas, alerta=alerta, estrategia="ajuste_precio")
    assert error.value.mensaje == mensajes.PRECIO_REQUERIDO
    with pytest.raises(ErrorOperacion) as error:
        services.alerta_registrar_estrategia(actor=gerente_ventas, alerta=alerta, estrategia="")
    assert error.value.mensaje == mensajes.ESTRATEGIA_REQUERIDA
    services.alerta_registrar_estrategia(
        actor=gerente_ventas,
        alerta=alerta,
        estrategia="ajuste_precio",
        nuevo_precio=Decimal("250000"),
        detalle="-5%",
    )
    alerta.refresh_from_db()
    assert alerta.estrategia == "ajuste_precio" and alerta.estrategia_registrada_por == gerente_ventas
    assert Unidad.objects.get(pk=unidad.pk).precio == Decimal("250000")
    evento = Evento.objects.get(tipo=eventos.EVENTO_ESTRATEGIA)
    assert evento.datos["precio_anterior"] == "289900.00"
    assert Notificacion.objects.filter(destinatario=cop, titulo__startswith="Estrategia").exists()


def test_otro_concesionario_no_registra_estrategia(concesionario, gerente_otro, asesor):
    UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(61))
    services.unidades_alertar_antiguedad()
    alerta = AlertaAntiguedad.objects.get()
    for actor in (gerente_otro, asesor):
        with pytest.raises(AccionRechazada) as error:
            services.alerta_registrar_estrategia(actor=actor, alerta=alerta, estrategia="promocion_red")
        assert error.value.mensaje == mensajes.NO_ESTRATEGIA
