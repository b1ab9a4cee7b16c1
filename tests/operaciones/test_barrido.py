"""The automatic Unidad Disponible: the 24-hour boundary, bulk history and idempotence."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from enlace import bitacora
from enlace.models import CorreoSaliente, Evento, Notificacion, Usuario
from operaciones import eventos as tipos_evento
from operaciones import mensajes, services, tasks
from operaciones.models import Apartado, Unidad
from operaciones.services import apartados as apartados_services
from tests.operaciones.factories import ConcesionarioFactory, RedFactory, UnidadFactory

pytestmark = pytest.mark.django_db


def conteos():
    return (
        Evento.objects.count(),
        Notificacion.objects.count(),
        CorreoSaliente.objects.count(),
        Apartado.history.count(),
        Unidad.history.count(),
    )


def test_no_se_libera_un_minuto_antes_y_si_despues(apartado, unidad):
    with time_machine.travel(apartado.vence - timedelta(minutes=1)):
        assert tasks.liberar_apartados_vencidos() == 0
    assert Apartado.objects.get(pk=apartado.pk).estado == Apartado.Estado.PENDIENTE
    with time_machine.travel(apartado.vence + timedelta(minutes=1)):
        assert tasks.liberar_apartados_vencidos() == 1
    liberado = Apartado.objects.get(pk=apartado.pk)
    assert liberado.estado == Apartado.Estado.LIBERADO and liberado.liberacion_automatica
    assert liberado.liberado_por is None and liberado.motivo_liberacion == mensajes.MOTIVO_AUTOMATICO
    unidad = Unidad.objects.get(pk=unidad.pk)
    assert unidad.estado == Unidad.Estado.DISPONIBLE and unidad.reservada_hasta is None


@override_settings(OPERACIONES_HORAS_VALIDACION=2)
def test_el_plazo_sale_de_la_configuracion(apartar, unidad):
    apartado = apartar(unidad)
    assert apartado.vence - apartado.creado == timedelta(hours=2)


def test_barrido_deja_historial_eventos_y_notificaciones_y_es_idempotente(apartar, concesionario, asesor, cop):
    unidades = [UnidadFactory(concesionario=concesionario) for _ in range(5)]
    apartados = [apartar(u) for u in unidades]
    validado = apartados[0]
    services.apartado_registrar_confirmacion(actor=cop, apartado=validado, confirmo="Ana", medio="telefono")
    services.apartado_validar(actor=cop, apartado=validado)
    antes = conteos()
    with time_machine.travel(apartados[-1].vence + timedelta(minutes=1)):
        assert services.apartados_liberar_vencidos(lote=2) == 4  # several batches
        despues = conteos()
        assert services.apartados_liberar_vencidos() == 0
        assert conteos() == despues  # run twice: nothing new
    eventos = Evento.objects.filter(tipo=tipos_evento.DETONANTE_UNIDAD_DISPONIBLE)
    assert eventos.count() == 4 and all(e.actor_id is None and e.datos["automatico"] for e in eventos)
    assert {e.objeto_id for e in eventos} == {str(a.pk) for a in apartados[1:]}
    assert despues[3] - antes[3] == 4  # one history row per apartado
    assert despues[4] - antes[4] == 4  # and per unit
    ultimo = Unidad.history.filter(id=unidades[1].pk).order_by("-history_id").first()
    assert ultimo.estado == Unidad.Estado.DISPONIBLE and ultimo.history_change_reason == "Unidad Disponible automática"
    assert Apartado.objects.get(pk=validado.pk).estado == Apartado.Estado.VALIDADO  # validated ones stay
    assert (
        Notificacion.objects.filter(destinatario=asesor, clave__startswith="operaciones-unidad-disponible").count() == 2
    )
    assert Notificacion.objects.filter(destinatario=cop, clave__startswith="operaciones-unidad-disponible").exists()
    assert not bitacora.verificar()


def test_las_notificaciones_del_barrido_no_se_duplican_con_la_misma_clave(apartado, asesor):
    """Replaying the notification of one release (same clave) adds nothing."""
    with time_machine.travel(apartado.vence + timedelta(minutes=1)):
        services.apartados_liberar_vencidos()
    antes = Notificacion.objects.count(), CorreoSaliente.objects.count()
    liberado = services.Liberado.de(Apartado.objects.select_related("unidad").get(pk=apartado.pk))
    apartados_services._notificar_disponibles([liberado], automatica=True)
    assert (Notificacion.objects.count(), CorreoSaliente.objects.count()) == antes


def test_el_barrido_deja_una_fila_de_historial_por_apartado_liberado(apartar, concesionario):
    apartados = [apartar(UnidadFactory(concesionario=concesionario)) for _ in range(3)]
    with time_machine.travel(apartados[-1].vence + timedelta(minutes=1)):
        assert services.apartados_liberar_vencidos(lote=2) == 3
    for apartado in apartados:
        liberado = Apartado.objects.get(pk=apartado.pk)
        fila = Apartado.history.get(id=apartado.pk, history_type="~")  # exactly one
        assert fila.history_date == liberado.liberado_en and fila.history_user_id is None
        assert fila.history_change_reason == "Unidad Disponible automática"
        assert fila.estado == Apartado.Estado.LIBERADO and fila.liberacion_automatica and fila.liberado_por_id is None
        assert fila.motivo_liberacion == mensajes.MOTIVO_AUTOMATICO and fila.vence == apartado.vence
        unidad = Unidad.history.get(id=apartado.unidad_id, history_type="~", history_date=liberado.liberado_en)
        assert unidad.estado == Unidad.Estado.DISPONIBLE and unidad.reservada_hasta is None


def _red_con_apartados(apartar, crear_usuario, asesores, nombre):
    """A new network with ``asesores`` asesores, each in its own concesionario, each with one pending apartado."""
    red = RedFactory(nombre=nombre, slug=nombre.lower())
    cop = crear_usuario("cop", organizacion=red)
    apartados = []
    for _ in range(asesores):
        concesionario = ConcesionarioFactory(padre=red)
        crear_usuario("gerente_ventas", organizacion=concesionario)
        asesor = crear_usuario("asesor", organizacion=concesionario)
        apartados.append(apartar(UnidadFactory(concesionario=concesionario), actor=asesor))
    return cop, apartados


def test_las_consultas_del_barrido_no_crecen_con_asesores_concesionarios_ni_redes(apartar, crear_usuario):
    """One batch reads its recipients and writes its avisos in the same number of queries at any size."""
    _, pocos = _red_con_apartados(apartar, crear_usuario, 1, "Uno")
    with time_machine.travel(pocos[-1].vence + timedelta(minutes=1)), CaptureQueriesContext(connection) as uno:
        assert services.apartados_liberar_vencidos() == 1
    cop_a, muchos = _red_con_apartados(apartar, crear_usuario, 4, "Norte")
    cop_b, otros = _red_con_apartados(apartar, crear_usuario, 3, "Sur")
    with time_machine.travel(otros[-1].vence + timedelta(minutes=1)), CaptureQueriesContext(connection) as siete:
        assert services.apartados_liberar_vencidos() == 7
    assert len(siete) == len(uno)
    # each network hears about its own units only, each asesor and each concesionario's gerente about theirs
    liberacion = {"clave__startswith": "operaciones-unidad-disponible"}
    assert "4 unidades" in Notificacion.objects.get(destinatario=cop_a, **liberacion).titulo
    assert "3 unidades" in Notificacion.objects.get(destinatario=cop_b, **liberacion).titulo
    for apartado in muchos + otros:
        assert Notificacion.objects.get(destinatario=apartado.asesor, **liberacion).titulo == "Su apartado fue liberado"
        assert CorreoSaliente.objects.filter(para=apartado.asesor.email, **liberacion).count() == 1
        gerente = Usuario.objects.get(organizacion=apartado.concesionario, groups__name="gerente_ventas")
        assert apartado.unidad.vin in Notificacion.objects.get(destinatario=gerente, **liberacion).cuerpo
    assert not CorreoSaliente.objects.filter(para=cop_a.email, **liberacion).exists()  # the network: in the app


def test_con_varios_lotes_cada_asesor_recibe_un_solo_aviso(apartar, crear_usuario):
    """Apartados released in several batches come together by concesionario and asesor, not by deadline: each
    asesor hears once about all of theirs, though their deadlines alternate with another asesor's."""
    red = RedFactory(nombre="Centro", slug="centro")
    asesores = []
    for _ in range(2):
        concesionario = ConcesionarioFactory(padre=red)
        asesores.append((crear_usuario("asesor", organizacion=concesionario), concesionario))
    apartados = [
        apartar(UnidadFactory(concesionario=concesionario), actor=asesor)
        for _ in range(2)
        for asesor, concesionario in asesores  # by deadline: A, B, A, B
    ]
    with time_machine.travel(apartados[-1].vence + timedelta(minutes=1)):
        assert services.apartados_liberar_vencidos(lote=2) == 4
    liberacion = {"clave__startswith": "operaciones-unidad-disponible"}
    for asesor, _ in asesores:
        # their own notice, once (the network's «vuelven al inventario», in the app only, comes with each batch)
        aviso = Notificacion.objects.get(destinatario=asesor, titulo__contains="liberado", **liberacion)
        assert aviso.titulo == "2 apartados suyos fueron liberados"
        assert all(a.unidad.vin in aviso.cuerpo for a in apartados if a.asesor_id == asesor.pk)
        assert CorreoSaliente.objects.filter(para=asesor.email, **liberacion).count() == 1
