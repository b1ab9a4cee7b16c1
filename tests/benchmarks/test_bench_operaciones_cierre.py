"""Cierre de Operación with all its notifications, in a network of 20 concesionarios.

Each concesionario has a gerente general, a gerente de ventas, a webmaster and 10 asesores, so the
network notice of one cierre reaches ≈260 users (in the app) besides the client, the asesor and the
staff of concesionarios A and B (by email). Background: BENCH_CIERRE_UNIDADES units, BENCH_CIERRE_EVENTOS
event-log rows (their hash chain is not valid; the seal is moved past them, which the bench does not need)
and BENCH_CIERRE_NOTIFICACIONES older notifications per network user.

BENCH_CIERRES operaciones are prepared through the services (contado without discount, documents, payment,
factura and entrega; the asesor's concesionario A is not the owner B) and every ``operacion_cerrar`` is
timed. The query count of one cierre is asserted equal with 2 concesionarios and with the full network.
Smaller network on SQLite: its bulk inserts hold at most 999 parameters (142 notifications), so above
≈140 network users SQLite needs one more INSERT per 142 notifications; PostgreSQL inserts them in one.
"""

import os
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from enlace.models import CorreoSaliente, Evento, Notificacion, SelloBitacora, Usuario
from operaciones import services
from operaciones.models import Apartado, Unidad
from tests.enlace.factories import UsuarioFactory
from tests.operaciones.factories import (
    CLIENTE,
    ConcesionarioFactory,
    RedFactory,
    UnidadFactory,
    solicitud_completa,
)
from tests.operaciones.fixtures_entrega import SOLICITUD_DE_CONTADO, almacen_temporal, preparar_cierre  # noqa: F401

PG = connection.vendor == "postgresql"
CONCESIONARIOS = int(os.environ.get("BENCH_CIERRE_CONCESIONARIOS", 20 if PG else 6))
CONCESIONARIOS_RED_CHICA = 2
CIERRES = int(os.environ.get("BENCH_CIERRES", 30 if PG else 10))
UNIDADES = int(os.environ.get("BENCH_CIERRE_UNIDADES", 5_000 if PG else 1_000))
EVENTOS = int(os.environ.get("BENCH_CIERRE_EVENTOS", 50_000 if PG else 5_000))
NOTIFICACIONES_POR_USUARIO = int(os.environ.get("BENCH_CIERRE_NOTIFICACIONES", 20 if PG else 5))
STAFF = ("gerente_general", "gerente_ventas", "webmaster")
ASESORES_POR_CONCESIONARIO = 10
# client, the sales force (every asesor of the network, the operación's included) and the staff of A and of B
CORREOS_POR_CIERRE = 1 + ASESORES_POR_CONCESIONARIO * CONCESIONARIOS + 2 * len(STAFF)


@dataclass
class Sede:
    concesionario: object
    gerente_ventas: object
    asesores: list


def sembrar_sedes(red, cuantas):
    """``cuantas`` concesionarios of the network, each with its staff and its asesores."""
    sedes = []
    for _ in range(cuantas):
        concesionario = ConcesionarioFactory(padre=red)
        staff = {rol: UsuarioFactory(rol=rol, organizacion=concesionario) for rol in STAFF}
        asesores = [UsuarioFactory(rol="asesor", organizacion=concesionario) for _ in range(ASESORES_POR_CONCESIONARIO)]
        sedes.append(Sede(concesionario, staff["gerente_ventas"], asesores))
    return sedes


def preparar_operaciones(sedes, cop, cuantas):
    """``cuantas`` validated operaciones meeting every condition of the cierre; A (asesor) ≠ B (unit owner)."""
    operaciones = []
    for n in range(cuantas):
        sede_a, sede_b = sedes[n % len(sedes)], sedes[(n + 1) % len(sedes)]
        unidad = UnidadFactory(concesionario=sede_b.concesionario, precio=Decimal("229900"))
        apartado = services.apartado_crear(
            actor=sede_a.asesores[n % ASESORES_POR_CONCESIONARIO],
            unidad=unidad,
            cliente=CLIENTE,
            solicitud=solicitud_completa(**SOLICITUD_DE_CONTADO),
        )
        services.apartado_confirmar_disponibilidad(actor=sede_b.gerente_ventas, apartado=apartado)
        operacion = services.apartado_validar(actor=cop, apartado=apartado)
        preparar_cierre(operacion, cop)
        assert Apartado.objects.get(pk=operacion.pk).faltantes_para_cierre() == []
        operaciones.append(operacion)
    return operaciones


def sembrar_fondo(sedes, usuarios_red):
    """Background rows: units, event-log rows and older notifications of every network user."""
    hoy = timezone.localdate()
    Unidad.objects.bulk_create(
        [
            Unidad(
                vin=f"C{i:016d}",
                marca="Mazda",
                modelo="CX-5",
                anio=2016 + i % 9,
                km=1000 + i % 120_000,
                color="Gris",
                precio=Decimal(180_000 + (i * 37) % 500_000),
                concesionario=sedes[i % len(sedes)].concesionario,
                ciudad="Guadalajara",
                fecha_ingreso=hoy - timedelta(days=i % 150),
            )
            for i in range(UNIDADES)
        ],
        batch_size=2000,
    )
    primera = Unidad.objects.filter(vin__startswith="C").order_by("pk").values_list("pk", flat=True).first()
    ct_unidad = ContentType.objects.get_for_model(Unidad).pk
    inicio = SelloBitacora.objects.get(pk=1).ultima_secuencia
    ahora = timezone.now()
    Evento.objects.bulk_create(
        [
            Evento(
                secuencia=inicio + i,
                creado=ahora - timedelta(minutes=i),
                tipo="operaciones.unidad_disponible",
                organizacion=sedes[i % len(sedes)].concesionario,
                objeto_tipo_id=ct_unidad,
                objeto_id=str(primera + i % UNIDADES),
                objeto_repr="bench",
                datos={"condicion": "bench"},
                hash_anterior=f"{i:064d}",
                hash=f"{i + 1:064x}",
            )
            for i in range(1, EVENTOS + 1)
        ],
        batch_size=5000,
    )
    SelloBitacora.objects.filter(pk=1).update(ultima_secuencia=inicio + EVENTOS, ultimo_hash="f" * 64)
    Notificacion.objects.bulk_create(
        [
            Notificacion(destinatario=u, titulo="Aviso anterior", cuerpo="bench", clave=f"bench-{k}")
            for u in usuarios_red
            for k in range(NOTIFICACIONES_POR_USUARIO)
        ],
        batch_size=2000,
    )


def usuarios_de_la_red(red):
    return list(Usuario.objects.filter(organizacion__in=[red, *red.hijas.all()]))


def clave(apartado_id):
    return f"operaciones-cierre-{apartado_id}"


@pytest.mark.django_db(transaction=True)
def test_cierre_de_operacion_a_escala(medir, analizar):
    red = RedFactory()
    cop = UsuarioFactory(rol="cop", organizacion=red)

    def medir_cierres(nombre, operaciones):
        """Close each operación in turn (the first warms caches, the last is the one whose queries count)."""
        pendientes = iter(operaciones)
        medicion = medir(
            nombre,
            lambda: services.operacion_cerrar(actor=cop, apartado=next(pendientes)),
            repeticiones=len(operaciones) - 2,
        )
        assert next(pendientes, None) is None
        ids = [operacion.pk for operacion in operaciones]
        assert Apartado.objects.filter(pk__in=ids, estado=Apartado.Estado.CERRADO).count() == len(ids)
        return medicion

    sedes = sembrar_sedes(red, CONCESIONARIOS_RED_CHICA)
    chica = medir_cierres(
        f"cierre de operación (red de {CONCESIONARIOS_RED_CHICA} concesionarios, {len(usuarios_de_la_red(red))} "
        "usuarios)",
        preparar_operaciones(sedes, cop, 5),
    )

    inicio = time.perf_counter()
    sedes += sembrar_sedes(red, CONCESIONARIOS - CONCESIONARIOS_RED_CHICA)
    usuarios_red = usuarios_de_la_red(red)
    sembrar_fondo(sedes, usuarios_red)
    print(
        f"\nBENCH sembrar red de {CONCESIONARIOS} concesionarios ({len(usuarios_red)} usuarios), {UNIDADES} "
        f"unidades, {EVENTOS} eventos y {NOTIFICACIONES_POR_USUARIO * len(usuarios_red)} notificaciones: "
        f"{time.perf_counter() - inicio:.1f} s"
    )
    inicio = time.perf_counter()
    operaciones = preparar_operaciones(sedes, cop, CIERRES + 2)
    print(
        f"\nBENCH preparar {len(operaciones)} operaciones listas para cierre con los servicios: "
        f"{time.perf_counter() - inicio:.1f} s"
    )
    analizar()
    completa = medir_cierres(
        f"cierre de operación (red de {CONCESIONARIOS} concesionarios, {len(usuarios_red)} usuarios)", operaciones
    )

    notificaciones = Notificacion.objects.filter(clave=clave(operaciones[-1].pk))
    correos = CorreoSaliente.objects.filter(clave=clave(operaciones[-1].pk))
    print(
        f"\nBENCH filas que crea un cierre: {notificaciones.count()} Notificacion (en la app), "
        f"{correos.count()} CorreoSaliente"
    )
    assert set(notificaciones.values_list("destinatario_id", flat=True)) == {u.pk for u in usuarios_red}
    assert notificaciones.count() == len(usuarios_red)
    assert correos.count() == CORREOS_POR_CIERRE
    assert chica.consultas == completa.consultas
