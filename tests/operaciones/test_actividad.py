"""An operación's last activity (``Apartado.ultima_actividad``, ``ultimo_evento_tipo``) is kept by every path that
records activity — a step (event), a message, an escalation — in the same transaction; what the migration fills
from the log is the same; and the COP's tray and its section pages cost the same queries at any size."""

import importlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace import bitacora
from enlace.bitacora import NuevoEvento
from enlace.models import Evento
from operaciones import eventos, selectors, services
from operaciones.models import Apartado
from operaciones.selectors.bandeja import SECCIONES_BANDEJA
from tests.operaciones.factories import UnidadFactory
from tests.operaciones.fixtures_comisiones import crear_lineas, marcar_cerrado, regla  # noqa: F401 - fixture
from tests.operaciones.fixtures_entrega import SOLICITUD_DE_CONTADO, almacen_temporal  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def releer(apartado):
    return Apartado.objects.values_list("ultima_actividad", "ultimo_evento_tipo").get(pk=apartado.pk)


def validada(apartar, concesionario, cop, gerente_ventas, **cambios):
    apartado = apartar(UnidadFactory(concesionario=concesionario), **{**SOLICITUD_DE_CONTADO, **cambios})
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    return services.apartado_validar(actor=cop, apartado=apartado)


def ultimo_paso(apartado):
    return Evento.objects.filter(objeto_id=str(apartado.pk), tipo__startswith="operaciones.").latest("secuencia")


def test_cada_paso_registrado_la_mueve_con_la_hora_y_el_tipo_del_evento(apartar, unidad, cop, gerente_ventas):
    apartado = apartar(unidad)
    evento = ultimo_paso(apartado)
    assert releer(apartado) == (evento.creado, evento.tipo)
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    validado = services.apartado_validar(actor=cop, apartado=apartado)
    evento = ultimo_paso(apartado)
    assert releer(apartado) == (evento.creado, eventos.DETONANTE_VALIDACION)
    assert (validado.ultima_actividad, validado.ultimo_evento_tipo) == releer(apartado)  # the instance too


def test_el_barrido_la_mueve_en_su_propia_actualizacion(apartar, concesionario):
    """The sweep skips the bitácora's hook and writes the activity with the new state: the same values."""
    apartados = [apartar(UnidadFactory(concesionario=concesionario)) for _ in range(3)]
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        assert services.apartados_liberar_vencidos() == 3
    for apartado in apartados:
        evento = ultimo_paso(apartado)
        assert evento.tipo == eventos.DETONANTE_UNIDAD_DISPONIBLE
        assert releer(apartado) == (evento.creado, eventos.DETONANTE_UNIDAD_DISPONIBLE)


def test_un_mensaje_la_mueve_sin_cambiar_la_etapa(apartar, unidad, asesor):
    apartado = apartar(unidad)
    antes = releer(apartado)
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        mensaje = services.mensaje_enviar(actor=asesor, apartado=apartado, tipo="otra", texto="¿Alguna novedad?")
    assert releer(apartado) == (mensaje.creado, antes[1])
    assert mensaje.creado > antes[0] and antes[1] == ultimo_paso(apartado).tipo


def test_cada_paso_de_un_escalamiento_la_mueve(apartar, concesionario, cop, gerente_ventas, gerente_general):
    validado = validada(apartar, concesionario, cop, gerente_ventas)
    inicio = timezone.now()
    with time_machine.travel(inicio + timedelta(hours=1), tick=False):
        escalamiento = services.escalamiento_abrir(
            actor=cop, apartado=validado, motivo="El cliente no contesta", severidad="alta"
        )
    assert releer(validado) == (inicio + timedelta(hours=1), eventos.DETONANTE_VALIDACION)
    with time_machine.travel(inicio + timedelta(hours=2), tick=False):
        escalamiento = services.escalamiento_responder(actor=gerente_general, escalamiento=escalamiento, respuesta="Ya")
    assert releer(validado)[0] == inicio + timedelta(hours=2)
    with time_machine.travel(inicio + timedelta(hours=3), tick=False):
        services.escalamiento_resolver(actor=gerente_general, escalamiento=escalamiento, resolucion="Resuelto")
    assert releer(validado) == (inicio + timedelta(hours=3), eventos.DETONANTE_VALIDACION)


def test_lo_que_no_es_un_paso_de_la_operacion_no_la_mueve(apartar, unidad, cop):
    apartado = apartar(unidad)
    antes = releer(apartado)
    with time_machine.travel(timezone.now() + timedelta(hours=5), tick=False):
        bitacora.registrar(tipo="enlace.nota", objeto=apartado, organizacion=apartado.concesionario)  # not operaciones.
        bitacora.registrar(tipo=eventos.EVENTO_UNIDAD_PUBLICADA, objeto=unidad, organizacion=unidad.concesionario)
    assert releer(apartado) == antes


def test_quien_la_mueve_saca_la_operacion_de_sin_movimiento(apartar, concesionario, cop, gerente_ventas, asesor):
    validado = validada(apartar, concesionario, cop, gerente_ventas)
    quieta = validada(apartar, concesionario, cop, gerente_ventas)
    despues = timezone.now() + timedelta(hours=100)
    assert set(selectors.operaciones_sin_movimiento(cop, ahora=despues)) == {validado, quieta}
    with time_machine.travel(timezone.now() + timedelta(hours=90), tick=False):
        services.mensaje_enviar(actor=asesor, apartado=validado, tipo="otra", texto="Sigo en contacto con el cliente")
    assert list(selectors.operaciones_sin_movimiento(cop, ahora=despues)) == [quieta]


def test_muchos_eventos_a_la_vez_una_actualizacion_por_tipo(apartar, concesionario, django_assert_num_queries):
    apartados = [apartar(UnidadFactory(concesionario=concesionario)) for _ in range(30)]
    bitacora.registrar(tipo=eventos.EVENTO_DOCUMENTO, objeto=apartados[0])  # content types cached
    nuevos = [NuevoEvento(eventos.EVENTO_DOCUMENTO, objeto=a) for a in apartados[:20]]
    nuevos += [NuevoEvento(eventos.EVENTO_FACTURA, objeto=a) for a in apartados[10:]]
    # savepoint, lock, insert, seal, one UPDATE per last step (documento: 10, factura: 20 apartados), release
    with django_assert_num_queries(7):
        bitacora.registrar_varios(nuevos)
    creado = Evento.objects.latest("secuencia").creado
    tipos = dict(Apartado.objects.filter(pk__in=[a.pk for a in apartados]).values_list("pk", "ultimo_evento_tipo"))
    assert [tipos[a.pk] for a in apartados] == [eventos.EVENTO_DOCUMENTO] * 10 + [eventos.EVENTO_FACTURA] * 20
    assert set(Apartado.objects.filter(pk__in=tipos).values_list("ultima_actividad", flat=True)) == {creado}


def test_si_la_accion_falla_no_queda_movida(apartar, unidad):
    apartado = apartar(unidad)
    antes = releer(apartado)
    with pytest.raises(RuntimeError), transaction.atomic():
        bitacora.registrar(tipo=eventos.EVENTO_DOCUMENTO, objeto=apartado, organizacion=apartado.concesionario)
        raise RuntimeError
    assert releer(apartado) == antes


def test_la_migracion_la_calcula_igual_desde_la_bitacora(
    apartar, concesionario, cop, gerente_ventas, gerente_general, asesor
):
    con_mensaje = validada(apartar, concesionario, cop, gerente_ventas)
    escalada = validada(apartar, concesionario, cop, gerente_ventas)
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        services.mensaje_enviar(actor=asesor, apartado=con_mensaje, tipo="otra", texto="Hola")
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        services.escalamiento_abrir(actor=cop, apartado=escalada, motivo="Sin respuesta", severidad="media")
    esperado = set(Apartado.objects.values_list("pk", "ultima_actividad", "ultimo_evento_tipo"))
    Apartado.objects.update(ultima_actividad=None, ultimo_evento_tipo="")
    migracion = importlib.import_module("operaciones.migrations.0016_apartado_ultima_actividad")
    with connection.schema_editor() as editor:
        migracion.rellenar(apps, editor)
    assert set(Apartado.objects.values_list("pk", "ultima_actividad", "ultimo_evento_tipo")) == esperado
    assert {(pk, tipo) for pk, _, tipo in esperado} == {
        (con_mensaje.pk, eventos.DETONANTE_VALIDACION),
        (escalada.pk, eventos.DETONANTE_VALIDACION),
    }
    assert len({cuando for _, cuando, _ in esperado}) == 2  # the message's and the escalation's times


# --- Query counts of the tray and of each section's page -------------------------------------------


def trabajo_en_cada_seccion(n, *, apartar, concesionario, cop, gerente_ventas, asesor):
    """``n`` more rows in every section of the tray."""
    for _ in range(n):
        pendiente = apartar(UnidadFactory(concesionario=concesionario), **SOLICITUD_DE_CONTADO)
        services.mensaje_enviar(actor=asesor, apartado=pendiente, tipo="disponibilidad", texto="¿Sigue?")
        with time_machine.travel(timezone.now() - timedelta(days=7), tick=False):
            validada(apartar, concesionario, cop, gerente_ventas)  # and nothing since: without movement
        activa = validada(
            apartar,
            concesionario,
            cop,
            gerente_ventas,
            descuento_solicitado=Decimal("1000"),
            forma_pago="financiado",
            financiera="BBVA",
            enganche=50000,
        )
        services.financiamiento_enviar(
            actor=cop,
            apartado=activa,
            financiera="BBVA",
            tipo_financiera="banco",
            monto_solicitado=Decimal("150000"),
            plazo_meses=36,
        )
        services.entrega_programar(actor=cop, apartado=activa, fecha_programada=timezone.now() + timedelta(hours=1))
        services.escalamiento_abrir(actor=cop, apartado=activa, motivo="Revisar", severidad="baja")
        cerrada = marcar_cerrado(
            validada(apartar, concesionario, cop, gerente_ventas), cop=cop, precio_final=Decimal("250000")
        )
        crear_lineas(cerrada, actor=cop)


def consultas(client, url):
    with CaptureQueriesContext(connection) as capturadas:
        assert client.get(url).status_code == 200
    return [c["sql"][:100] for c in capturadas.captured_queries]


@pytest.mark.usefixtures("regla")
# A Wednesday at noon in Mexico City: the deliveries programmed an hour ahead stay in «this week» (on a Sunday
# after 23:00 they fell in the next one and the section counted none).
@time_machine.travel(datetime(2026, 12, 9, 18, 0, tzinfo=UTC), tick=True)
def test_la_bandeja_y_cada_seccion_no_crecen_con_las_filas(
    client, cop, apartar, concesionario, gerente_ventas, gerente_general, asesor
):
    datos = {"apartar": apartar, "concesionario": concesionario, "cop": cop, "gerente_ventas": gerente_ventas}
    urls = [reverse("operaciones:bandeja")]
    urls += [reverse("operaciones:bandeja_seccion", args=[s.clave]) for s in SECCIONES_BANDEJA]
    client.force_login(cop)
    trabajo_en_cada_seccion(1, asesor=asesor, **datos)
    for url in urls:
        client.get(url)  # session, content types
    antes = {url: consultas(client, url) for url in urls}
    trabajo_en_cada_seccion(6, asesor=asesor, **datos)
    despues = {url: consultas(client, url) for url in urls}
    totales = {s.clave: s.total for s in selectors.secciones_bandeja(cop)}
    assert min(totales.values()) == 7 and totales["sin-movimiento"] == 7, totales
    for url in urls:
        assert len(despues[url]) == len(antes[url]), (url, despues[url])
