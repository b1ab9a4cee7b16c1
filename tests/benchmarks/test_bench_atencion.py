"""ENROK at scale: 1,000,000 interactions across 50 PYMEs (BENCH_ATENCION_INTERACCIONES to change it; 400000 is
100,000 tickets).

Seeds with INSERT … SELECT generate_series (PostgreSQL only) and prints the ticket list (with its SLA column), its
free-text search, the ticket page, the agent board, gerente board and metrics pages, and the monthly executive PDF
of a PYME with 50,000 interactions.
"""

import os
import statistics
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from atencion import services
from atencion.models import MotivoContacto, PerfilPyme, Ticket
from enlace.models import Organizacion
from tests.enlace.factories import UsuarioFactory

INTERACCIONES = int(os.environ.get("BENCH_ATENCION_INTERACCIONES", "1000000"))
POR_TICKET = 4
PYMES = 50
GRANDE = 50_000  # interactions of the PYME whose PDF is measured


def _sembrar(pymes, motivos, agentes):
    tickets = INTERACCIONES // POR_TICKET
    grande = GRANDE // POR_TICKET
    ids = ",".join(str(p.pk) for p in pymes)
    agentes_ids = ",".join(str(a.pk) for a in agentes)
    primer_motivo = motivos[0].pk
    # Ticket g belongs to PYME 0 while g <= grande, then round-robin over the other 49.
    indice = f"(CASE WHEN g <= {grande} THEN 0 ELSE 1 + (g % {PYMES - 1}) END)"
    with connection.cursor() as c:
        c.execute(
            f"""
            INSERT INTO atencion_cliente (pyme_id, nombre, telefono, correo, acepta_campanas, token_baja, creado)
            SELECT (ARRAY[{ids}])[{indice} + 1], 'Cliente ' || g, '52' || g, '', true, md5('c' || g), now()
            FROM generate_series(1, {tickets}) g ORDER BY g""",  # noqa: S608 - numbers and ids built by the test, no user input
        )
        c.execute(
            f"""
            INSERT INTO atencion_ticket (pyme_id, cliente_id, canal, motivo_id, prioridad, estado, asunto, agente_id,
                creado, objetivo_respuesta_min, objetivo_resolucion_min, aviso_respuesta_en, vence_respuesta,
                aviso_resolucion_en, vence_resolucion, segundos_pausa, primera_respuesta_en, segundos_respuesta,
                resuelto_en, segundos_resolucion, cerrado_en, sla_respuesta_cumplido, sla_resolucion_cumplido,
                contactos, reabierto, fcr, escalado_en, pausado_desde)
            SELECT p, cl.id, (ARRAY['whatsapp','llamada','correo'])[1 + g % 3],
                {primer_motivo} + {indice} * 4 + g % 4, (ARRAY['baja','media','media','alta'])[1 + g % 4],
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
                1 + g % 3, false, CASE WHEN g % 7 = 0 OR g % 11 = 0 THEN NULL ELSE g % 3 = 0 END,
                CASE WHEN g % 997 = 0 AND g % 7 = 0 THEN c END, NULL
            FROM (SELECT g, (ARRAY[{ids}])[{indice} + 1] AS p,
                         now() - (g % 180) * interval '1 day' - (g % 600) * interval '1 min' AS c
                  FROM generate_series(1, {tickets}) g) s
            JOIN atencion_cliente cl ON cl.token_baja = md5('c' || g)""",  # noqa: S608 - numbers and ids built by the test, no user input
        )
        c.execute(
            f"""
            INSERT INTO atencion_interaccion (ticket_id, pyme_id, canal, direccion, autor_id, contenido,
                duracion_segundos, externo_id, creado)
            SELECT t.id, t.pyme_id, t.canal, CASE WHEN k % 2 = 1 THEN 'entrante' ELSE 'saliente' END,
                CASE WHEN k % 2 = 0 THEN t.agente_id END, 'Mensaje ' || k, NULL, '', t.creado + k * interval '10 min'
            FROM atencion_ticket t CROSS JOIN generate_series(1, {POR_TICKET}) k""",  # noqa: S608 - numbers and ids built by the test, no user input
        )
        c.execute(
            """
            INSERT INTO atencion_encuesta (ticket_id, pyme_id, agente_id, canal, nonce, enviada_en, expira_en,
                respondida_en, csat, nps, comentario, no_enviable_motivo)
            SELECT id, pyme_id, agente_id, canal, md5('e' || id), resuelto_en, resuelto_en + interval '7 days',
                resuelto_en + interval '2 hours', 1 + id % 5, id % 11, '', ''
            FROM atencion_ticket WHERE resuelto_en IS NOT NULL AND id % 5 < 3""",
        )


@pytest.mark.django_db(transaction=True)
def test_atencion_a_escala(client, medir, analizar):
    if connection.vendor != "postgresql":
        pytest.skip("La siembra masiva usa generate_series de PostgreSQL.")
    enrok = Organizacion.objects.create(nombre="ENROK", slug="enrok-bench", tipo="empresa")
    pymes = Organizacion.objects.bulk_create(
        [Organizacion(nombre=f"PYME {i:02d}", slug=f"pyme-bench-{i}", tipo="pyme", padre=enrok) for i in range(PYMES)]
    )
    PerfilPyme.objects.bulk_create([PerfilPyme(pyme=p, whatsapp_phone_number_id=f"9{i}") for i, p in enumerate(pymes)])
    motivos = MotivoContacto.objects.bulk_create(
        [MotivoContacto(pyme=p, nombre=f"Motivo {k}") for p in pymes for k in range(4)]
    )
    agentes = [UsuarioFactory(rol="agente", organizacion=enrok) for _ in range(10)]
    gerente = UsuarioFactory(rol="gerente_operaciones", organizacion=enrok)
    analista = UsuarioFactory(rol="analista", organizacion=enrok)
    inicio = time.perf_counter()
    _sembrar(pymes, motivos, agentes)
    analizar()
    total = Ticket.objects.count()
    print(
        f"\nBENCH sembrar {INTERACCIONES:,} interacciones ({total:,} tickets, {PYMES} PYMES): "
        f"{time.perf_counter() - inicio:.1f} s"
    )
    inicio = time.perf_counter()
    consolidado = services.metricas_recalcular()  # the first run backfills all history
    print(f"\nBENCH consolidación diaria inicial: {consolidado} en {time.perf_counter() - inicio:.1f} s")
    inicio = time.perf_counter()
    services.metricas_recalcular()  # what beat does every ATENCION_METRICAS_CADA_MINUTOS
    print(f"\nBENCH consolidación periódica (últimos días): {time.perf_counter() - inicio:.1f} s")
    with connection.cursor() as c:
        # After a bulk load autovacuum (insert threshold) sets the visibility map; do it now so
        # index-only scans are measured as they run in production.
        for tabla in ("atencion_ticket", "atencion_interaccion", "atencion_encuesta", "atencion_metricadiaria"):
            c.execute(f"VACUUM ANALYZE {tabla}")

    from atencion import selectors

    if os.environ.get("BENCH_EXPLAIN"):
        print("\nPLAN lista:\n" + selectors.lista_tickets(agentes[0])[:51].explain(analyze=True))
        print(
            "\nPLAN tablero:\n"
            + Ticket.objects.visibles_para(agentes[0])
            .abiertos()
            .filter(agente=agentes[0])
            .order_by("vence_respuesta", "id")[:50]
            .explain(analyze=True)
        )
    client.force_login(agentes[0])
    medir(
        f"lista de tickets con la columna SLA a {total:,} tickets (agente, primera página)",
        lambda: client.get(reverse("atencion:tickets")),
    )
    _medir_busquedas(client, medir, total)
    ticket = Ticket.objects.filter(pyme=pymes[0], estado="resuelto").order_by("-creado").first()
    medir(f"página de un ticket ({total:,} tickets)", lambda: client.get(reverse("atencion:ticket", args=[ticket.pk])))
    medir(
        "lista de tickets abiertos de una PYME",
        lambda: client.get(reverse("atencion:tickets"), {"estado": "abiertos", "pyme": pymes[3].slug}),
    )
    medir("tablero del agente", lambda: client.get(reverse("atencion:tablero")))
    client.force_login(gerente)
    medir("tablero del gerente (escalamientos y SLA)", lambda: client.get(reverse("atencion:escalamientos")))
    hoy = timezone.localdate()
    desde = (hoy.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    mes = {"desde": desde.isoformat(), "hasta": (hoy.replace(day=1) - timezone.timedelta(days=1)).isoformat()}
    medir(
        "métricas de una PYME (mes)",
        lambda: client.get(reverse("atencion:metricas"), {**mes, "pyme": pymes[0].slug}),
        repeticiones=20,
    )
    medir("métricas de todas las PYMES (mes)", lambda: client.get(reverse("atencion:metricas"), mes), repeticiones=10)

    inicio = time.perf_counter()
    reporte = services.reporte_crear(
        actor=analista,
        pyme=pymes[0],
        periodicidad="mensual",
        inicio=desde,
        fin=hoy.replace(day=1) - timezone.timedelta(days=1),
    )
    print(
        f"\nBENCH borrador del reporte mensual (PYME con {GRANDE:,} interacciones): "
        f"{(time.perf_counter() - inicio) * 1000:.0f} ms"
    )
    services.reporte_enviar_a_validacion(actor=analista, reporte=reporte)
    medir(
        "PDF del reporte ejecutivo mensual",
        lambda: client.get(reverse("atencion:reporte_pdf", args=[reporte.pk])),
        repeticiones=3,
    )
    assert Ticket.objects.filter(pyme=pymes[0]).count() == GRANDE // POR_TICKET


def _medir_busquedas(client, medir, total):
    """The list's search (``?q=``) with what agents type: a customer's name, part of a subject, a word every ticket
    has, a phone's digits, a folio and a text nothing matches; then the p95 of all of them together."""
    folio = Ticket.objects.order_by("pk").values_list("pk", flat=True)[total // 2]
    textos = {
        "nombre de un cliente": "Cliente 4567",
        "parte del asunto (1.111 coincidencias)": "caso 99",
        "palabra de todos los tickets": "caso",
        "dígitos de un teléfono": "5212345",
        "folio": f"#{folio}",
        "sin coincidencias": "zzzz",
    }
    tiempos, consultas = [], set()
    for nombre, texto in textos.items():
        medicion = medir(
            f"búsqueda de tickets, {nombre} «{texto}» ({total:,} tickets)",
            lambda texto=texto: client.get(reverse("atencion:tickets"), {"q": texto}),
            repeticiones=20,
        )
        tiempos += medicion.tiempos_ms
        consultas.add(medicion.consultas)
    print(
        f"\nBENCH búsqueda de tickets, los {len(textos)} textos ({total:,} tickets): "
        f"mediana {statistics.median(tiempos):.1f} ms, p95 {statistics.quantiles(tiempos, n=20)[-1]:.1f} ms, "
        f"{min(consultas)}–{max(consultas)} consultas"
    )
