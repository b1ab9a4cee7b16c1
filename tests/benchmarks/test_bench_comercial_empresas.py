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
from django.urls import reverse
from django.utils import timezone

from comercial.empresas.meses import mes_anterior
from comercial.empresas.models import Empresa, Estado, FacturacionMensual, Interaccion, Venta
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
    assert (informe.consultas, indicador.consultas, propio.consultas) == (13, 7, 11)
