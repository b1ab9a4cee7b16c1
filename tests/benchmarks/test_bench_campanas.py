"""Enqueueing a 50,000-recipient campaign (target ≤ 10 s) with no duplicate, and the second run a no-op.

Every customer has an email and half a phone in the 24-hour window, so the campaign writes one email and one
WhatsApp message per customer where it can (about 75,000 outbox rows) plus 100,000 delivery rows."""

import os
import time
from datetime import timedelta

import pytest
import time_machine
from django.db.models import Count
from django.utils import timezone

from atencion import services
from atencion.models import Cliente, EnvioCampana, MensajeSaliente, PlantillaWhatsapp
from tests.atencion.factories import EnrokFactory, PerfilFactory, PymeFactory
from tests.enlace.factories import UsuarioFactory

CLIENTES = int(os.environ.get("BENCH_CAMPANA_CLIENTES", "50000"))

pytestmark = pytest.mark.django_db


def test_encolar_una_campana_de_50000_destinatarios(analizar, settings):
    settings.ATENCION_CAMPANA_MENSAJES_POR_MINUTO = 600
    enrok = EnrokFactory()
    pyme = PerfilFactory(pyme=PymeFactory(padre=enrok)).pyme
    gerente = UsuarioFactory(rol="gerente_operaciones", organizacion=enrok)
    Cliente.objects.bulk_create(
        [
            Cliente(pyme=pyme, nombre=f"Cliente {n}", correo=f"c{n}@x.test", telefono=f"+52155{n:08d}" if n % 2 else "")
            for n in range(CLIENTES)
        ],
        batch_size=5000,
    )
    plantilla = PlantillaWhatsapp.objects.create(
        pyme=pyme, nombre="promo", cuerpo="{{1}}", variables=["cliente"], estado=PlantillaWhatsapp.Estado.APROBADA
    )
    analizar()
    campana = services.campana_crear(
        actor=gerente,
        pyme=pyme,
        nombre="Gran venta",
        tipo="promocion",
        asunto="Gran venta",
        mensaje="30 % en todo.",
        por_whatsapp=True,
        plantilla=plantilla,
        programada_para=timezone.now() + timedelta(minutes=10),
    )
    services.campana_programar(actor=gerente, campana=campana)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        inicio, cpu = time.perf_counter(), time.process_time()
        assert services.campanas_enviar() == 1
        segundos, cpu = time.perf_counter() - inicio, time.process_time() - cpu
        assert services.campanas_enviar() == 0
    envios = EnvioCampana.objects.filter(campana=campana)
    assert envios.count() == 2 * CLIENTES
    repetidos = envios.values("cliente", "canal", "ocasion").annotate(n=Count("pk")).filter(n__gt=1)
    assert not repetidos.exists()
    mensajes = MensajeSaliente.objects.filter(pyme=pyme)
    assert mensajes.count() == CLIENTES + CLIENTES // 2
    assert mensajes.values("canal", "destino").distinct().count() == mensajes.count()
    print(
        f"\nBENCH campaña de {CLIENTES} destinatarios: {segundos:.2f} s ({cpu:.2f} s de CPU de Python) para encolar "
        f"{mensajes.count()} mensajes y {envios.count()} entregas; segunda corrida sin cambios"
    )
