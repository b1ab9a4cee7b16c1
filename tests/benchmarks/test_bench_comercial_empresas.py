"""Ventas Equipo Empresas at scale: the monthly report and indicator pages.

BENCH_EMPRESAS (default 20,000) companies and BENCH_INTERACCIONES (default 200,000) interactions,
plus 13 months of billing per company and one completed sale per 10 companies this month.
"""

import os
import random
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comercial.empresas.meses import mes_anterior
from comercial.empresas.models import Derivacion, Empresa, Estado, FacturacionMensual, Interaccion, Venta
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory

EMPRESAS = int(os.environ.get("BENCH_EMPRESAS", "20000"))
INTERACCIONES = int(os.environ.get("BENCH_INTERACCIONES", "200000"))
LOTE = 5_000


def _sembrar(org, ejecutivos):
    azar = random.Random(7)  # deterministic test data
    Empresa.objects.bulk_create(
        (
            Empresa(
                organizacion=org,
                razon_social=f"Empresa {i}",
                nit=f"{1000000000 + i}",
                giro="comercio",
                localidad="Cala Cala",
                situacion="cliente",
                ejecutivo=ejecutivos[i % len(ejecutivos)],
            )
            for i in range(EMPRESAS)
        ),
        batch_size=LOTE,
    )
    ids = list(Empresa.objects.filter(organizacion=org).values_list("pk", flat=True))
    ahora = timezone.now()
    for desde in range(0, INTERACCIONES, LOTE):
        Interaccion.objects.bulk_create(
            Interaccion(
                organizacion=org,
                empresa_id=ids[(desde + i) % len(ids)],
                usuario=ejecutivos[(desde + i) % len(ejecutivos)],
                fecha=ahora - timedelta(days=azar.randint(0, 360)),
                canal="llamada",
                resultado="Seguimiento",
            )
            for i in range(min(LOTE, INTERACCIONES - desde))
        )
    meses = [timezone.localdate().replace(day=1)]
    for _ in range(12):
        meses.insert(0, mes_anterior(meses[0]))
    for mes in meses:
        FacturacionMensual.objects.bulk_create(
            (
                FacturacionMensual(
                    organizacion=org,
                    empresa_id=pk,
                    mes=mes,
                    monto=Decimal(azar.randint(500, 5000)),
                    origen="importacion",
                )
                for pk in ids
            ),
            batch_size=LOTE,
        )
    Venta.objects.bulk_create(
        (
            Venta(
                organizacion=org,
                empresa_id=pk,
                ejecutivo=ejecutivos[n % len(ejecutivos)],
                flujo="captacion" if n % 2 else "cartera",
                estado=Estado.COMPLETADA,
                completada_en=ahora,
                tarifa_mensual_total=Decimal("1200"),
            )
            for n, pk in enumerate(ids[::10])
        ),
        batch_size=LOTE,
    )


@pytest.mark.django_db(transaction=True)
def test_informe_mensual_e_indicador_a_escala(client, medir, analizar):
    org = OrganizacionFactory(slug="comteco-bench", zona_horaria="America/La_Paz")
    responsable = UsuarioFactory(rol="responsable_empresas", organizacion=org)
    ejecutivos = [UsuarioFactory(rol="ejecutivo_empresas", organizacion=org) for _ in range(8)]
    inicio = time.perf_counter()
    _sembrar(org, ejecutivos)
    print(
        f"\nBENCH sembrar {EMPRESAS} empresas, {INTERACCIONES} interacciones, {EMPRESAS * 13} filas de facturación: "
        f"{time.perf_counter() - inicio:.1f} s"
    )
    analizar()
    client.force_login(responsable)
    informe = medir(
        "empresas: informe mensual (Responsable)", lambda: client.get(reverse("comercial:empresas:informes"))
    )
    indicador = medir("empresas: indicador (13 meses)", lambda: client.get(reverse("comercial:empresas:indicador")))
    client.force_login(ejecutivos[0])
    propio = medir("empresas: informe mensual (ejecutivo)", lambda: client.get(reverse("comercial:empresas:informes")))
    # same counts as tests/comercial/empresas/test_vistas.py with a handful of rows
    assert (informe.consultas, indicador.consultas, propio.consultas) == (10, 4, 8)


def _derivaciones(org, ejecutivos):
    """One completed sale per 4 companies, each handed to CUM-04: a third overdue, a third in process, some closed."""
    hoy = timezone.localdate()
    ahora = timezone.now()
    sin_venta = Empresa.objects.filter(organizacion=org, ventas__isnull=True).values_list("pk", flat=True)
    ids = list(sin_venta)[::4]
    Venta.objects.bulk_create(
        (
            Venta(
                organizacion=org,
                empresa_id=pk,
                ejecutivo=ejecutivos[n % len(ejecutivos)],
                flujo="captacion" if n % 2 else "cartera",
                estado=Estado.COMPLETADA,
                completada_en=ahora - timedelta(days=n % 60),
                tarifa_mensual_total=Decimal("1200"),
            )
            for n, pk in enumerate(ids)
        ),
        batch_size=LOTE,
    )
    ventas = Venta.objects.filter(organizacion=org, empresa_id__in=ids).values_list("pk", flat=True)
    estados = ("recibida", "en_proceso", "recibida", "cerrada")
    Derivacion.objects.bulk_create(
        (
            Derivacion(
                organizacion=org,
                venta_id=pk,
                derivada_por=ejecutivos[n % len(ejecutivos)],
                derivada_en=ahora - timedelta(days=n % 60),
                vence_el=hoy + timedelta(days=(n % 9) - 3),  # a third overdue
                servicios=[{"codigo": "EMP-FIB-100", "nombre": "Fibra", "cantidad": 1, "tarifa_mensual": "1150.00"}],
                documentos=[],
                prioridad=1 + n % 3,
                estado=estados[n % 4],
            )
            for n, pk in enumerate(ventas)
        ),
        batch_size=LOTE,
    )
    return len(ids)


def _empresas(org, ejecutivos, desde, hasta):
    Empresa.objects.bulk_create(
        (
            Empresa(
                organizacion=org,
                razon_social=f"Empresa {i}",
                nit=f"{2000000000 + i}",
                giro="comercio",
                localidad="Cala Cala",
                situacion="cliente",
                ejecutivo=ejecutivos[i % len(ejecutivos)],
            )
            for i in range(desde, hasta)
        ),
        batch_size=LOTE,
    )


def _consultas(client, url, **params):
    client.get(url, params)  # as medir: the KPI tiles come from the cache after the first visit
    with CaptureQueriesContext(connection) as capturadas:
        client.get(url, params)
    return len(capturadas)


@pytest.mark.django_db(transaction=True)
def test_bandeja_del_responsable_con_derivaciones_a_escala(client, medir, analizar):
    """The Responsable's home (overdue hand-offs first) and the hand-off list at BENCH_EMPRESAS companies."""
    org = OrganizacionFactory(slug="comteco-bench-dv", zona_horaria="America/La_Paz")
    responsable = UsuarioFactory(rol="responsable_empresas", organizacion=org)
    ejecutivos = [UsuarioFactory(rol="ejecutivo_empresas", organizacion=org) for _ in range(8)]
    inicio_url, lista_url = reverse("comercial:empresas:inicio"), reverse("comercial:empresas:derivaciones")
    client.force_login(responsable)
    _empresas(org, ejecutivos, 0, 12)
    _derivaciones(org, ejecutivos)
    pocas = (_consultas(client, inicio_url), _consultas(client, lista_url, orden="vence"))
    _empresas(org, ejecutivos, 12, EMPRESAS)
    derivadas = _derivaciones(org, ejecutivos) + 3
    print(f"\nBENCH {EMPRESAS} empresas, {derivadas} derivaciones a CUM-04")
    analizar()
    inicio = medir("empresas: inicio del Responsable (derivaciones)", lambda: client.get(inicio_url))
    lista = medir("empresas: derivaciones por plazo", lambda: client.get(lista_url, {"orden": "vence"}))
    html = client.get(inicio_url).content.decode()
    assert "vencida" in html.split('id="cola-derivaciones"')[1].split("</section>")[0]
    # flat: the same number of queries with 3 hand-offs as with thousands
    assert (inicio.consultas, lista.consultas) == pocas
