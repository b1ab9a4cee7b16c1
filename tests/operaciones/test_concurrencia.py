"""The race: many asesores reserve one unit at once; exactly one wins (PostgreSQL only)."""

import threading

import pytest
from django.db import connection, connections

from enlace.errores import ErrorNegocio
from operaciones import eventos, mensajes, services
from operaciones.models import Apartado
from tests.operaciones.factories import CLIENTE, solicitud_completa

HILOS = 20


@pytest.mark.django_db(transaction=True)
def test_veinte_asesores_apartan_la_misma_unidad(unidad, crear_usuario, otro_concesionario):
    if connection.vendor != "postgresql":
        pytest.skip("La carrera de apartados necesita PostgreSQL (bloqueos de fila reales).")
    asesores = [crear_usuario("asesor", organizacion=otro_concesionario) for _ in range(HILOS)]
    barrera = threading.Barrier(HILOS)
    exitos, rechazos, errores = [], [], []

    def apartar(asesor):
        try:
            barrera.wait()
            apartado = services.apartado_crear(
                actor=asesor, unidad=unidad, cliente=CLIENTE, solicitud=solicitud_completa()
            )
            exitos.append(apartado.pk)
        except ErrorNegocio as error:
            rechazos.append(error.mensaje)
        except Exception as error:
            errores.append(repr(error))
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=apartar, args=(a,)) for a in asesores]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert errores == []
    assert len(exitos) == 1
    assert rechazos == [mensajes.UNIDAD_NO_DISPONIBLE] * (HILOS - 1)
    assert Apartado.objects.filter(unidad=unidad).count() == 1


@pytest.mark.django_db(transaction=True)
def test_dos_barridos_en_paralelo_liberan_una_vez(apartar, concesionario):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED necesita PostgreSQL.")
    from datetime import timedelta

    import time_machine

    from enlace.models import Evento
    from tests.operaciones.factories import UnidadFactory

    apartados = [apartar(UnidadFactory(concesionario=concesionario)) for _ in range(30)]
    resultados = []
    with time_machine.travel(apartados[-1].vence + timedelta(minutes=1), tick=True):

        def barrer():
            try:
                resultados.append(services.apartados_liberar_vencidos(lote=5))
            finally:
                connections.close_all()

        hilos = [threading.Thread(target=barrer) for _ in range(2)]
        for hilo in hilos:
            hilo.start()
        for hilo in hilos:
            hilo.join()
    assert sum(resultados) == 30
    assert Evento.objects.filter(tipo=eventos.DETONANTE_UNIDAD_DISPONIBLE).count() == 30
