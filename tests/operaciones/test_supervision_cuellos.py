"""Bottlenecks from the event log (via the derived stage intervals) and operaciones without movement."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace import bitacora
from enlace.models import Evento
from operaciones import eventos, mensajes, selectors, services
from operaciones.models import MarcaTramos, TramoEtapa
from tests.operaciones.factories import ApartadoFactory, UnidadFactory
from tests.operaciones.test_vistas import CONSULTAS_BANDEJA

HORA = 3600


def registrar_en(momento, tipo, apartado):
    with time_machine.travel(momento, tick=False):
        bitacora.registrar(tipo=tipo, objeto=apartado, organizacion=apartado.concesionario)


def bitacora_de(apartado, inicio, pasos):
    """``pasos``: (hours after ``inicio``, event type) in order."""
    for horas, tipo in pasos:
        registrar_en(inicio + timedelta(hours=horas), tipo, apartado)


@pytest.fixture
def bitacora_pequena(concesionario, otro_concesionario):
    """Two apartados in «Autos del Norte», one in «Seminuevos del Sur», one with a single event, one too old."""
    t = timezone.now() - timedelta(days=10)
    norte = [ApartadoFactory(unidad__concesionario=concesionario) for _ in range(3)]
    sur = [ApartadoFactory(unidad__concesionario=otro_concesionario) for _ in range(2)]
    bitacora_de(
        norte[0],
        t,
        [
            (0, eventos.DETONANTE_APARTADO),
            (2, eventos.DETONANTE_CONFIRMACION),
            (6, eventos.DETONANTE_VALIDACION),
            (30, eventos.EVENTO_FINANCIAMIENTO_ENVIADO),
            (40, eventos.DETONANTE_CANCELACION),  # opens no stage: nothing after it counts
            (200, eventos.EVENTO_RETIRO_EN_REVISION),
        ],
    )
    bitacora_de(
        norte[1],
        t,
        [
            (0, eventos.DETONANTE_APARTADO),
            (10, eventos.DETONANTE_VALIDACION),
            (22, eventos.EVENTO_DESCUENTO_SOLICITADO),
            (26, eventos.DETONANTE_UNIDAD_DISPONIBLE),
        ],
    )
    bitacora_de(
        sur[0], t, [(0, eventos.DETONANTE_APARTADO), (8, eventos.DETONANTE_VALIDACION), (9, eventos.DETONANTE_CIERRE)]
    )
    bitacora_de(sur[1], t, [(0, eventos.DETONANTE_APARTADO)])  # a single event: no interval
    antiguo = timezone.now() - timedelta(days=100)
    bitacora_de(norte[2], antiguo, [(0, eventos.DETONANTE_APARTADO), (1, eventos.DETONANTE_VALIDACION)])
    return antiguo


def cifras(filas):
    return {(f.etapa, f.concesionario): (f.mediana / HORA, f.p90 / HORA, f.tramos) for f in filas}


def test_mediana_y_p90_por_etapa_y_por_concesionario(bitacora_pequena, cop):
    assert services.tramos_actualizar() == 10
    reporte = selectors.cuellos_de_botella(cop)
    assert cifras(reporte["etapas"]) == {
        ("Validación del apartado", None): pytest.approx((6, 9.4, 4)),  # 2, 4, 10, 8 h
        ("Negociación", None): pytest.approx((8, 20.4, 4)),  # 24, 12, 4, 1 h
        ("Financiamiento", None): pytest.approx((10, 10, 1)),
    }
    assert [f.etapa for f in reporte["etapas"]] == ["Validación del apartado", "Negociación", "Financiamiento"]
    assert cifras(reporte["por_concesionario"]) == {
        ("Validación del apartado", "Autos del Norte"): pytest.approx((4, 8.8, 3)),
        ("Validación del apartado", "Seminuevos del Sur"): pytest.approx((8, 8, 1)),
        ("Negociación", "Autos del Norte"): pytest.approx((12, 21.6, 3)),
        ("Negociación", "Seminuevos del Sur"): pytest.approx((1, 1, 1)),
        ("Financiamiento", "Autos del Norte"): pytest.approx((10, 10, 1)),
    }


def test_filtro_por_periodo_y_concesionario(bitacora_pequena, cop, otro_concesionario):
    services.tramos_actualizar()
    reporte = selectors.cuellos_de_botella(cop, desde=bitacora_pequena - timedelta(days=1))
    assert cifras(reporte["etapas"])[("Validación del apartado", None)] == pytest.approx(
        (4, 9.2, 5)
    )  # 1, 2, 4, 8, 10 h
    solo_antiguo = selectors.cuellos_de_botella(
        cop, desde=bitacora_pequena - timedelta(days=1), hasta=bitacora_pequena + timedelta(days=1)
    )
    assert cifras(solo_antiguo["etapas"]) == {("Validación del apartado", None): pytest.approx((1, 1, 1))}
    sur = selectors.cuellos_de_botella(cop, concesionario_id=otro_concesionario.pk)
    assert cifras(sur["etapas"]) == {
        ("Validación del apartado", None): pytest.approx((8, 8, 1)),
        ("Negociación", None): pytest.approx((1, 1, 1)),
    }
    assert {f.concesionario for f in sur["por_concesionario"]} == {"Seminuevos del Sur"}


def test_otra_red_no_cuenta(bitacora_pequena, crear_usuario):
    from tests.operaciones.factories import RedFactory

    otra_red = RedFactory(slug="otra-red", nombre="Otra red")
    cop_ajeno = crear_usuario("cop", organizacion=otra_red)
    services.tramos_actualizar()
    assert selectors.cuellos_de_botella(cop_ajeno) == {"etapas": [], "por_concesionario": []}


def test_pagina_de_cuellos_de_botella(bitacora_pequena, client, cop, otro_concesionario):
    client.force_login(cop)
    respuesta = client.get(reverse("operaciones:cuellos_de_botella"))
    assert respuesta.status_code == 200
    contenido = respuesta.content.decode()
    assert "Validación del apartado" in contenido and "6,0 h" in contenido and "20,4 h" in contenido
    assert "<svg" in contenido
    respuesta = client.get(reverse("operaciones:cuellos_de_botella"), {"concesionario": otro_concesionario.pk})
    assert "Autos del Norte" not in respuesta.content.decode().split('id="por-concesionario"')[1]
    respuesta = client.get(reverse("operaciones:cuellos_de_botella"), {"desde": "2030-01-02", "hasta": "2030-01-01"})
    assert mensajes.PERIODO_INVERTIDO in respuesta.content.decode()


def tramos():
    return set(
        TramoEtapa.objects.values_list(
            "apartado_id", "concesionario_id", "etapa", "inicio", "segundos", "secuencia_fin"
        )
    )


def test_tramos_idempotentes_y_por_lotes(bitacora_pequena):
    assert services.tramos_actualizar(lote=2) == 10
    de_a_dos = tramos()
    MarcaTramos.objects.update(ultima_secuencia=0)  # a second run over the whole log adds nothing
    assert services.tramos_actualizar() == 0
    assert tramos() == de_a_dos and len(de_a_dos) == 10
    TramoEtapa.objects.all().delete()
    MarcaTramos.objects.all().delete()
    assert services.tramos_actualizar() == 10 and tramos() == de_a_dos


def test_tramos_incrementales(concesionario, cop):
    apartado, otro = ApartadoFactory(unidad__concesionario=concesionario), ApartadoFactory()
    t = timezone.now() - timedelta(days=5)
    bitacora_de(apartado, t, [(0, eventos.DETONANTE_APARTADO), (3, eventos.DETONANTE_VALIDACION)])
    assert services.tramos_actualizar() == 1
    # The validation (before the watermark) opens an interval that the next event closes.
    bitacora_de(otro, t, [(0, eventos.DETONANTE_APARTADO)])
    bitacora_de(apartado, t, [(7, eventos.EVENTO_FINANCIAMIENTO_ENVIADO), (9, eventos.DETONANTE_CIERRE)])
    assert services.tramos_actualizar() == 2
    negociacion = TramoEtapa.objects.get(etapa=1)
    assert (negociacion.apartado_id, negociacion.concesionario_id) == (apartado.pk, concesionario.pk)
    assert negociacion.inicio == t + timedelta(hours=3)
    assert negociacion.segundos == pytest.approx(4 * HORA)  # julianday on SQLite is off by microseconds
    assert negociacion.nombre_etapa == "Negociación"
    reporte = selectors.cuellos_de_botella(cop)
    assert cifras(reporte["etapas"]) == {
        ("Validación del apartado", None): pytest.approx((3, 3, 1)),
        ("Negociación", None): pytest.approx((4, 4, 1)),
        ("Financiamiento", None): pytest.approx((2, 2, 1)),
    }


def test_las_cifras_se_reutilizan_hasta_que_llega_un_tramo(bitacora_pequena, cop, concesionario):
    services.tramos_actualizar()
    periodo = {"desde": timezone.now() - timedelta(days=90), "hasta": timezone.now() + timedelta(days=1)}
    validacion = ("Validación del apartado", None)
    assert cifras(selectors.cuellos_de_botella(cop, **periodo)["etapas"])[validacion] == pytest.approx((6, 9.4, 4))
    with CaptureQueriesContext(connection) as consultas:
        selectors.cuellos_de_botella(cop, **periodo)
    assert not any("percentile" in c["sql"] for c in consultas.captured_queries)  # from the cache
    apartado = ApartadoFactory(unidad__concesionario=concesionario)
    bitacora_de(
        apartado, timezone.now() - timedelta(days=2), [(0, eventos.DETONANTE_APARTADO), (1, eventos.DETONANTE_CIERRE)]
    )
    assert cifras(selectors.cuellos_de_botella(cop, **periodo)["etapas"])[validacion] == pytest.approx((6, 9.4, 4))
    assert services.tramos_actualizar() == 1  # a new interval: the figures are read again
    assert cifras(selectors.cuellos_de_botella(cop, **periodo)["etapas"])[validacion] == pytest.approx((4, 9.2, 5))


def test_tramos_al_dia_en_una_consulta(bitacora_pequena, django_assert_num_queries):
    services.tramos_actualizar()
    with django_assert_num_queries(1):
        assert services.tramos_actualizar() == 0


def test_la_pagina_pone_al_dia_los_tramos(bitacora_pequena, client, cop):
    client.force_login(cop)
    assert "20,4 h" in client.get(reverse("operaciones:cuellos_de_botella")).content.decode()
    assert MarcaTramos.objects.get().ultima_secuencia == Evento.objects.latest("secuencia").secuencia


@pytest.mark.parametrize("rol", ["asesor", "gerente_ventas", "gerente_general"])
def test_cuellos_de_botella_solo_cop(client, crear_usuario, concesionario, rol):
    client.force_login(crear_usuario(rol, organizacion=concesionario))
    assert client.get(reverse("operaciones:cuellos_de_botella")).status_code == 403


def test_texto_de_duraciones():
    assert selectors.texto_duracion(90 * 60) == "1,5 h"
    assert selectors.texto_duracion(47 * HORA) == "47,0 h"
    assert selectors.texto_duracion(72 * HORA) == "3,0 días"
    assert selectors.texto_duracion(None) == "—"


# --- Operaciones sin movimiento ----------------------------------------------------


def validar(cop, gerente_ventas, apartado):
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    return services.apartado_validar(actor=cop, apartado=apartado)


def test_sin_movimiento_en_el_umbral(apartado, cop, gerente_ventas, client, settings):
    settings.OPERACIONES_HORAS_SIN_MOVIMIENTO = 72
    validado = validar(cop, gerente_ventas, apartado)
    ultimo = Evento.objects.get(tipo=eventos.DETONANTE_VALIDACION).creado
    assert not selectors.operaciones_sin_movimiento(cop, ahora=ultimo + timedelta(hours=72)).exists()
    estancadas = list(selectors.operaciones_sin_movimiento(cop, ahora=ultimo + timedelta(hours=72, seconds=1)))
    assert [a.pk for a in estancadas] == [validado.pk]
    assert selectors.etapa_de(estancadas[0].ultimo_evento_tipo) == "Negociación"
    client.force_login(cop)
    with time_machine.travel(ultimo + timedelta(hours=72), tick=False):
        contenido = client.get(reverse("operaciones:bandeja")).content.decode()
    assert "Ninguna operación validada lleva más de 72 h sin movimiento" in contenido
    with time_machine.travel(ultimo + timedelta(hours=80), tick=False):
        contenido = client.get(reverse("operaciones:bandeja")).content.decode()
    seccion = contenido.split('id="sin-movimiento"')[1]
    assert validado.folio in seccion and "Negociación" in seccion and 'data-total="1"' in seccion


def test_un_evento_nuevo_quita_la_marca_y_solo_cuentan_las_validadas(
    apartado, cop, gerente_ventas, apartar, concesionario
):
    validado = validar(cop, gerente_ventas, apartado)
    pendiente = apartar(UnidadFactory(concesionario=concesionario))
    despues = validado.validado_en + timedelta(hours=100)
    registrar_en(validado.validado_en + timedelta(hours=50), eventos.EVENTO_DESCUENTO_SOLICITADO, validado)
    assert not selectors.operaciones_sin_movimiento(cop, ahora=despues).exists()
    estancadas = selectors.operaciones_sin_movimiento(cop, ahora=despues + timedelta(hours=30))
    assert list(estancadas.values_list("pk", flat=True)) == [validado.pk]  # not the pending one
    assert pendiente.pk not in estancadas.values_list("pk", flat=True)
    services.apartado_liberar(actor=cop, apartado=validado, motivo="El cliente no volvió")
    assert not selectors.operaciones_sin_movimiento(cop, ahora=despues + timedelta(hours=300)).exists()


def test_bandeja_consultas_constantes(client, cop, gerente_ventas, concesionario, apartar, django_assert_num_queries):
    def operaciones_estancadas(n):
        for _ in range(n):
            validar(cop, gerente_ventas, apartar(UnidadFactory(concesionario=concesionario)))

    client.force_login(cop)
    operaciones_estancadas(1)
    futuro = timezone.now() + timedelta(hours=100)
    with time_machine.travel(futuro, tick=False):
        client.get(reverse("operaciones:bandeja"))  # warm the session and content types
        with django_assert_num_queries(CONSULTAS_BANDEJA):
            assert (
                b'data-total="1"' in client.get(reverse("operaciones:bandeja")).content.split(b'id="sin-movimiento"')[1]
            )
    operaciones_estancadas(4)
    with time_machine.travel(futuro, tick=False), django_assert_num_queries(CONSULTAS_BANDEJA):
        html = client.get(reverse("operaciones:bandeja")).content
    assert b'data-total="5"' in html.split(b'id="sin-movimiento"')[1]
