"""Aging alerts at 60 and 90 days: once per unit and threshold, notifying gerentes and the COP."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
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


def test_la_lista_de_antiguedad_muestra_cada_unidad_una_vez_con_lo_que_se_intento_antes(
    client, concesionario, gerente_ventas, django_assert_num_queries
):
    """A unit past 90 days is one row, its 90-day alert, with the strategy of its 60-day alert beside it; a
    filter by the 60-day threshold no longer finds it. The queries do not grow with the rows."""
    a_los_60 = UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(91))
    services.unidades_alertar_antiguedad(hoy=timezone.localdate() - timedelta(days=30))  # then 61 days old
    services.alerta_registrar_estrategia(
        actor=gerente_ventas, alerta=a_los_60.alertas.get(), estrategia="promocion_red", detalle="Banner en la red"
    )
    assert services.unidades_alertar_antiguedad(hoy=timezone.localdate()) == 1  # the unit is now 91 days old
    client.force_login(gerente_ventas)
    url = reverse("operaciones:antiguedad")
    filas = list(client.get(url).context["pagina"])
    assert [(f.unidad_id, f.umbral) for f in filas] == [(a_los_60.pk, 90)]
    assert "A los 60 días: Promoción a la red — Banner en la red" in client.get(url).content.decode()
    assert list(client.get(url, {"umbral": 60}).context["pagina"]) == []

    with django_assert_num_queries(7) as con_una:
        client.get(url)
    for dias in (61, 70, 95, 120):
        UnidadFactory(concesionario=concesionario, fecha_ingreso=hace(dias))
    services.unidades_alertar_antiguedad()
    for alerta in AlertaAntiguedad.objects.filter(umbral=60):
        if not alerta.estrategia:
            services.alerta_registrar_estrategia(actor=gerente_ventas, alerta=alerta, estrategia="otra", detalle="x")
    with django_assert_num_queries(len(con_una)):
        assert len(client.get(url).context["pagina"]) == 5
