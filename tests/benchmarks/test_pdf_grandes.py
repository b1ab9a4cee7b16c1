"""Large PDFs (issue 16, item 5): a GC-FOR-21 of 1,000 rows (asked in a request, rendered by the worker) and
the executive report of a PYME with 50,000 interactions through its real view. Prints ``BENCH`` lines with the
median and the CPU time of one render; asserts no time.

``BENCH_PERFIL=1`` also prints the 25 most expensive functions of one render (cProfile).
"""

import cProfile
import io
import os
import pstats
import time
from datetime import date, timedelta
from functools import partial

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from atencion import services
from atencion.models import MotivoContacto, PerfilPyme, Ticket
from comercial.crm import formatos
from comercial.crm.models import Prospecto
from enlace.models import Organizacion
from tests.comercial.crm.factories import ImportacionFactory, MarcaFactory, PerfilAsesorFactory
from tests.enlace.factories import UsuarioFactory

FILAS_GC_FOR_21 = 1_000
INTERACCIONES = 50_000
POR_TICKET = 4


def _cpu(nombre, funcion):
    """CPU seconds of one call: on a shared machine the wall-clock median mostly measures the other loads."""
    inicio = time.process_time()
    funcion()
    print(f"BENCH {nombre}: {time.process_time() - inicio:.2f} s de CPU")


def _perfilar(nombre, funcion):
    if not os.environ.get("BENCH_PERFIL"):
        return
    perfil = cProfile.Profile()
    perfil.runcall(funcion)
    salida = io.StringIO()
    pstats.Stats(perfil, stream=salida).sort_stats("cumulative").print_stats(25)
    print(f"\nPERFIL {nombre}\n{salida.getvalue()}")


def _prospectos(organizacion, perfiles, n):
    importacion = ImportacionFactory(organizacion=organizacion)
    ahora = timezone.now()
    filas = []
    for i in range(n):
        perfil = perfiles[i % len(perfiles)]
        dia = date(2026, 3, 1) + timedelta(days=i % 31)
        ultimo = dia + timedelta(days=i % 9) if i % 5 else None
        filas.append(
            Prospecto(
                organizacion=organizacion,
                id_spiga=f"TE-{i:07d}",
                importacion=importacion,
                importado_en=ahora,
                fecha=dia,
                marca_id=perfil.marca_id,
                asesor_id=perfil.usuario_id,
                cliente=f"Cliente de prueba número {i}",
                telefono="3001234567",
                n_llamadas=i % 4,
                n_cotizaciones=i % 2,
                n_visitas=i % 3,
                ultimo_seguimiento=ultimo,
                **Prospecto.derivados(dia, ultimo),  # bulk_create skips save(), as the import does
            )
        )
    Prospecto.objects.bulk_create(filas)


@pytest.mark.django_db
def test_bench_gc_for_21_de_1000_filas(client, crear_usuario, organizacion, medir, django_capture_on_commit_callbacks):
    """The request only asks the worker for the PDF (past ENLACE_PDF_FILAS_EN_FONDO rows); the render is timed
    as the worker runs it. BENCH_GC_FOR_21_FILAS=5000 gives the 5,000-row figure."""
    filas = int(os.environ.get("BENCH_GC_FOR_21_FILAS", FILAS_GC_FOR_21))
    lider = crear_usuario("lider_crm", organizacion=organizacion)
    marcas = [MarcaFactory(organizacion=organizacion) for _ in range(3)]
    perfiles = [PerfilAsesorFactory(marca=marcas[i % 3]) for i in range(12)]
    _prospectos(organizacion, perfiles, filas)
    client.force_login(lider)
    url = reverse("comercial:crm:formato_pdf", args=["gc-for-21"]) + "?mes=2026-03"
    with django_capture_on_commit_callbacks():
        medir(f"pedir el PDF GC-FOR-21 de {filas} filas", lambda: client.get(url), repeticiones=5)
    assert client.get(url).status_code == 302  # to the progress page, not a PDF rendered in the request
    hoy = timezone.localdate().isoformat()
    generar = partial(formatos.pdf_preparado, lider, clave="gc-for-21", consulta="mes=2026-03", hoy=hoy)
    medir(f"PDF GC-FOR-21 de {filas} filas en el worker", generar, repeticiones=1)
    _cpu(f"PDF GC-FOR-21 de {filas} filas en el worker", generar)
    _perfilar("GC-FOR-21", generar)


def _sembrar_pyme(pyme, motivos, agentes):
    """``INTERACCIONES`` interactions (``POR_TICKET`` per ticket) over the last 180 days, with surveys."""
    tickets = INTERACCIONES // POR_TICKET
    motivos_ids = ",".join(str(m.pk) for m in motivos)
    agentes_ids = ",".join(str(a.pk) for a in agentes)
    with connection.cursor() as c:
        c.execute(
            f"""
            INSERT INTO atencion_cliente (pyme_id, nombre, telefono, correo, acepta_campanas, token_baja, creado)
            SELECT {pyme.pk}, 'Cliente ' || g, '52' || g, '', true, md5('c' || g), now()
            FROM generate_series(1, {tickets}) g""",  # noqa: S608 - numbers and ids built by the test
        )
        c.execute(
            f"""
            INSERT INTO atencion_ticket (pyme_id, cliente_id, canal, motivo_id, prioridad, estado, asunto, agente_id,
                creado, objetivo_respuesta_min, objetivo_resolucion_min, aviso_respuesta_en, vence_respuesta,
                aviso_resolucion_en, vence_resolucion, segundos_pausa, primera_respuesta_en, segundos_respuesta,
                resuelto_en, segundos_resolucion, cerrado_en, sla_respuesta_cumplido, sla_resolucion_cumplido,
                contactos, reabierto, fcr, escalado_en, pausado_desde)
            SELECT {pyme.pk}, cl.id, (ARRAY['whatsapp','llamada','correo'])[1 + g % 3],
                (ARRAY[{motivos_ids}])[1 + g % {len(motivos)}], (ARRAY['baja','media','media','alta'])[1 + g % 4],
                CASE WHEN g % 7 = 0 THEN 'en_proceso' WHEN g % 11 = 0 THEN 'abierto' ELSE 'resuelto' END,
                'Caso ' || g, CASE WHEN g % 11 = 0 THEN NULL ELSE (ARRAY[{agentes_ids}])[1 + g % {len(agentes)}] END,
                c, 60, 960, c + interval '48 min', c + interval '60 min',
                c + interval '12 hours', c + interval '16 hours',
                0, CASE WHEN g % 11 = 0 THEN NULL ELSE c + (g % 90) * interval '1 min' END,
                CASE WHEN g % 11 = 0 THEN NULL ELSE (g % 90) * 60 END,
                CASE WHEN g % 7 = 0 OR g % 11 = 0 THEN NULL ELSE c + (g % 20) * interval '1 hour' END,
                CASE WHEN g % 7 = 0 OR g % 11 = 0 THEN NULL ELSE (g % 20) * 3600 END, NULL,
                CASE WHEN g % 11 = 0 THEN NULL ELSE g % 90 <= 60 END,
                CASE WHEN g % 7 = 0 OR g % 11 = 0 THEN NULL ELSE g % 20 <= 16 END,
                1 + g % 3, false, CASE WHEN g % 7 = 0 OR g % 11 = 0 THEN NULL ELSE g % 3 = 0 END, NULL, NULL
            FROM (SELECT g, now() - (g % 180) * interval '1 day' - (g % 600) * interval '1 min' AS c
                  FROM generate_series(1, {tickets}) g) s
            JOIN atencion_cliente cl ON cl.token_baja = md5('c' || g) AND cl.pyme_id = {pyme.pk}""",  # noqa: S608
        )
        c.execute(
            f"""
            INSERT INTO atencion_interaccion (ticket_id, pyme_id, canal, direccion, autor_id, contenido,
                duracion_segundos, externo_id, creado)
            SELECT t.id, t.pyme_id, t.canal, CASE WHEN k % 2 = 1 THEN 'entrante' ELSE 'saliente' END,
                CASE WHEN k % 2 = 0 THEN t.agente_id END, 'Mensaje ' || k, NULL, '', t.creado + k * interval '10 min'
            FROM atencion_ticket t CROSS JOIN generate_series(1, {POR_TICKET}) k
            WHERE t.pyme_id = {pyme.pk}""",  # noqa: S608
        )
        c.execute(
            f"""
            INSERT INTO atencion_encuesta (ticket_id, pyme_id, agente_id, canal, nonce, enviada_en, expira_en,
                respondida_en, csat, nps, comentario, no_enviable_motivo)
            SELECT id, pyme_id, agente_id, canal, md5('e' || id), resuelto_en, resuelto_en + interval '7 days',
                resuelto_en + interval '2 hours', 1 + id % 5, id % 11, '', ''
            FROM atencion_ticket WHERE pyme_id = {pyme.pk} AND resuelto_en IS NOT NULL AND id % 5 < 3""",  # noqa: S608
        )


@pytest.mark.django_db
def test_bench_reporte_ejecutivo_de_50000_interacciones(client, medir, analizar):
    if connection.vendor != "postgresql":
        pytest.skip("La siembra masiva usa generate_series de PostgreSQL.")
    enrok = Organizacion.objects.create(nombre="ENROK", slug="enrok-pdf-grande", tipo="empresa")
    pyme = Organizacion.objects.create(nombre="Estética grande", slug="pyme-pdf-grande", tipo="pyme", padre=enrok)
    PerfilPyme.objects.create(pyme=pyme, whatsapp_phone_number_id="900")
    motivos = MotivoContacto.objects.bulk_create(
        [MotivoContacto(pyme=pyme, nombre=f"Motivo de contacto {k}") for k in range(8)]
    )
    agentes = [UsuarioFactory(rol="agente", organizacion=enrok) for _ in range(6)]
    gerente = UsuarioFactory(rol="gerente_operaciones", organizacion=enrok)
    analista = UsuarioFactory(rol="analista", organizacion=enrok)
    _sembrar_pyme(pyme, motivos, agentes)
    services.metricas_recalcular()
    analizar()
    assert Ticket.objects.filter(pyme=pyme).count() == INTERACCIONES // POR_TICKET

    hoy = timezone.localdate()
    fin = hoy.replace(day=1) - timedelta(days=1)
    reporte = services.reporte_crear(
        actor=analista, pyme=pyme, periodicidad="mensual", inicio=fin.replace(day=1), fin=fin
    )
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    client.force_login(gerente)
    url = reverse("atencion:reporte_pdf", args=[reporte.pk])
    medicion = medir(f"PDF del reporte ejecutivo ({INTERACCIONES} interacciones)", lambda: client.get(url), 5)
    print(f"BENCH PDF del reporte ejecutivo ({INTERACCIONES} interacciones): mediana {medicion.mediana / 1000:.2f} s")
    _cpu(f"PDF del reporte ejecutivo ({INTERACCIONES} interacciones)", lambda: client.get(url))
    _perfilar("reporte ejecutivo", lambda: client.get(url))
