"""The append-only event log: hash chain, ORM immutability, tamper detection, bulk and concurrent writes."""

import contextlib
import itertools
import json
import math
import threading
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from decimal import Decimal
from io import StringIO
from uuid import UUID

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from enlace import bitacora
from enlace.models import Evento, SelloBitacora
from enlace.models.bitacora import BitacoraInmutable

pytestmark = pytest.mark.django_db


def _sql(sentencia, parametros):
    """Run raw SQL against the event table, behind the ORM's back, as an intruder owning the
    database would: in PostgreSQL they must first turn off the trigger that refuses it."""
    tabla = connection.ops.quote_name(Evento._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # ends with the test's transaction
        cursor.execute(sentencia.format(tabla=tabla), parametros)
        assert cursor.rowcount == 1


def _verificar_bitacora():
    salida, errores = StringIO(), StringIO()
    call_command("verificar_bitacora", stdout=salida, stderr=errores)
    return salida.getvalue()


def _verificar_bitacora_falla():
    errores = StringIO()
    with pytest.raises(CommandError, match="Bitácora alterada"):
        call_command("verificar_bitacora", stdout=StringIO(), stderr=errores)
    return errores.getvalue()


def _registrar_cinco():
    return [bitacora.registrar(tipo="prueba.evento", datos={"n": n}) for n in range(1, 6)]


# --- Recording -------------------------------------------------------------


def test_registrar_encadena_eventos_con_actor_objeto_y_datos(organizacion, crear_usuario):
    usuario = crear_usuario("cop", organizacion=organizacion)
    cuando = timezone.make_aware(datetime(2026, 3, 1, 9, 30))
    primero = bitacora.registrar(
        tipo="apartado.validado",
        actor=usuario,
        objeto=organizacion,
        organizacion=organizacion,
        datos={"vence": date(2026, 3, 2), "validado": cuando, "anticipo": Decimal("15000.50"), "regla": "24 h"},
    )
    segundo = bitacora.registrar(tipo="apartado.liberado")

    eventos = list(Evento.objects.order_by("secuencia"))
    assert [e.secuencia for e in eventos] == [1, 2]
    assert [e.pk for e in eventos] == [primero.pk, segundo.pk]
    uno, dos = eventos
    assert uno.hash_anterior == bitacora.HASH_INICIAL
    assert dos.hash_anterior == uno.hash
    assert len({uno.hash, dos.hash}) == 2
    assert uno.hash == bitacora.calcular_hash(uno, uno.hash_anterior)  # as read back from the database

    assert uno.actor == usuario and uno.actor_nombre == str(usuario)
    assert dos.actor is None and dos.actor_nombre == "sistema"
    assert uno.objeto == organizacion  # GenericForeignKey
    assert uno.objeto_tipo == ContentType.objects.get_for_model(organizacion)
    assert uno.objeto_id == str(organizacion.pk) and uno.objeto_repr == str(organizacion)
    assert dos.objeto is None and dos.objeto_repr == ""
    assert uno.organizacion == organizacion
    # Dates and Decimals are stored as JSON strings, exactly as hashed.
    assert uno.datos == {
        "vence": "2026-03-02",
        "validado": "2026-03-01T09:30:00-06:00",
        "anticipo": "15000.50",
        "regla": "24 h",
    }
    assert uno.creado <= dos.creado
    sello = SelloBitacora.objects.get(pk=1)
    assert (sello.ultima_secuencia, sello.ultimo_hash) == (2, dos.hash)
    assert bitacora.verificar() == []


def test_registrar_varios_devuelve_los_eventos_en_orden():
    eventos = bitacora.registrar_varios(
        [bitacora.NuevoEvento(tipo="importacion.fila", datos={"fila": n}) for n in range(1, 4)]
    )
    assert [e.secuencia for e in eventos] == [1, 2, 3]
    assert [e.datos["fila"] for e in Evento.objects.order_by("secuencia")] == [1, 2, 3]
    assert bitacora.registrar_varios([]) == []
    assert bitacora.verificar() == []


def test_un_lote_grande_se_encadena_igual_y_recibe_sus_ids(organizacion, crear_usuario):
    """From bitacora._COPIA_DESDE events on, PostgreSQL takes them by COPY: same rows, same chain, ids given."""
    usuario = crear_usuario("cop", organizacion=organizacion)
    cantidad = bitacora._COPIA_DESDE + 10
    datos = {"vence": date(2026, 3, 2), "anticipo": Decimal("15000.50"), "nota": 'comillas " y \\ tab\t'}
    eventos = bitacora.registrar_varios(
        [
            bitacora.NuevoEvento("prueba.lote", usuario, organizacion, organizacion, {**datos, "n": n})
            for n in range(cantidad)
        ]
    )
    guardados = list(Evento.objects.order_by("secuencia"))
    assert [e.pk for e in eventos] == [e.pk for e in guardados] and len(guardados) == cantidad
    ultimo = guardados[-1]
    assert ultimo.actor == usuario and ultimo.organizacion == organizacion and ultimo.objeto == organizacion
    assert ultimo.datos == {
        "vence": "2026-03-02",
        "anticipo": "15000.50",
        "nota": 'comillas " y \\ tab\t',
        "n": cantidad - 1,
    }
    assert SelloBitacora.objects.get(pk=1).ultimo_hash == ultimo.hash == eventos[-1].hash
    assert bitacora.verificar() == []


def test_numeros_que_postgresql_reescribe_no_rompen_la_cadena():
    # jsonb gives 1e+20 back as an integer and -0.0 as 0.0; the hash must survive the round trip.
    bitacora.registrar(tipo="prueba.numeros", datos={"grande": 1e20, "cero": -0.0, "tasa": 0.1, "chico": 1e-7})
    evento = Evento.objects.get()
    assert evento.datos == {"grande": 10**20, "cero": 0.0, "tasa": 0.1, "chico": 1e-7}
    assert bitacora.verificar() == []


def _ida_y_vuelta(datos):
    return json.loads(json.dumps(datos, cls=DjangoJSONEncoder))


@pytest.mark.parametrize(
    "datos",
    [
        {
            "texto": 'Peña \u00f1 "citado" \\ \ud800',
            "entero": 10**20,
            "negativo": -3,
            "si": True,
            "no": False,
            "nada": None,
            "vence": datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC),
            "local": timezone.make_aware(datetime(2026, 3, 1, 9, 30)),
            "dia": date(2026, 3, 2),
            "hora": dt_time(9, 30, 0, 500000),
            "plazo": timedelta(hours=24, seconds=1),
            "monto": Decimal("15000.50"),
            "uuid": UUID("12345678-1234-5678-1234-567812345678"),
        },
        {},
    ],
)
def test_los_datos_planos_quedan_como_su_ida_y_vuelta_por_json(datos):
    """The sweep's fast path (a flat dict converted value by value) gives exactly the JSON round trip."""
    assert bitacora._plano(datos) is not None
    normalizados = bitacora._normalizar(datos)
    assert normalizados == _ida_y_vuelta(datos)
    assert [type(v) for v in normalizados.values()] == [type(v) for v in _ida_y_vuelta(datos).values()]


@pytest.mark.parametrize(
    "datos",
    [
        {"tasa": 0.1},
        {"anidado": {"a": 1}},
        {"lista": [1, 2]},
        {1: "clave entera"},
        {"estado": Evento._meta.get_field("tipo").verbose_name},  # a lazy text: a str subclass
    ],
)
def test_lo_demas_toma_la_ida_y_vuelta(datos):
    assert bitacora._plano(datos) is None
    assert bitacora._normalizar(datos) == _ida_y_vuelta(datos)


def test_registro_revertido_no_deja_huella_ni_consume_secuencia():
    with pytest.raises(RuntimeError), transaction.atomic():
        bitacora.registrar(tipo="prueba.revertida")
        raise RuntimeError
    evento = bitacora.registrar(tipo="prueba.confirmada")
    assert evento.secuencia == 1
    assert bitacora.verificar() == []


# --- Immutability through the ORM ------------------------------------------


def test_el_orm_no_permite_modificar_ni_borrar_eventos():
    evento = bitacora.registrar(tipo="prueba.evento", datos={"monto": "10.00"})
    evento.tipo = "otro"
    with pytest.raises(BitacoraInmutable):
        evento.save()
    with pytest.raises(BitacoraInmutable):
        evento.delete()
    with pytest.raises(BitacoraInmutable):
        Evento.objects.filter(pk=evento.pk).update(tipo="otro")
    with pytest.raises(BitacoraInmutable):
        Evento.objects.all().delete()
    with pytest.raises(BitacoraInmutable), transaction.atomic():
        Evento.objects.bulk_update([evento], ["tipo"])
    assert Evento.objects.get().tipo == "prueba.evento"
    assert bitacora.verificar() == []


def test_el_orm_no_sobrescribe_un_evento_con_su_pk():
    evento = bitacora.registrar(tipo="prueba.evento")
    impostor = Evento(**{campo.attname: getattr(evento, campo.attname) for campo in Evento._meta.concrete_fields})
    impostor.tipo = "otro"
    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()
    with pytest.raises(BitacoraInmutable):
        Evento.objects.bulk_create([impostor], update_conflicts=True, unique_fields=["id"], update_fields=["tipo"])
    with pytest.raises(BitacoraInmutable):
        Evento.objects.bulk_create([impostor], ignore_conflicts=True)
    assert Evento.objects.get().tipo == "prueba.evento"


# --- Immutability in PostgreSQL itself ---------------------------------------

solo_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger that refuses UPDATE and DELETE exists only in PostgreSQL"
)


@solo_postgresql
@pytest.mark.parametrize(
    "sentencia",
    ["UPDATE enlace_evento SET tipo = 'prueba.alterada' WHERE secuencia = 2", "DELETE FROM enlace_evento"],
)
def test_la_base_de_datos_rechaza_modificar_o_borrar_eventos_con_sql(sentencia):
    _registrar_cinco()
    with pytest.raises(DatabaseError, match="La bitácora no admite"), transaction.atomic(), connection.cursor() as c:
        c.execute(sentencia)
    assert sorted(Evento.objects.values_list("tipo", flat=True)) == ["prueba.evento"] * 5
    assert bitacora.verificar() == []


@solo_postgresql
@pytest.mark.django_db(transaction=True)
def test_el_disparador_no_impide_vaciar_la_base_entre_pruebas_transaccionales():
    """pytest-django flushes with TRUNCATE after this test; the e2e tests run after it still find the groups."""
    _registrar_cinco()
    with pytest.raises(DatabaseError, match="La bitácora no admite DELETE"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM enlace_evento WHERE secuencia = 5")
    assert Evento.objects.count() == 5
    assert Group.objects.exists()


# --- verificar_bitacora ----------------------------------------------------


def test_verificar_bitacora_integra_sale_bien_e_informa_el_total():
    assert "Bitácora íntegra: 0 eventos verificados." in _verificar_bitacora()
    _registrar_cinco()
    assert "Bitácora íntegra: 5 eventos verificados." in _verificar_bitacora()


def test_verificar_recorre_la_cadena_en_varios_lotes():
    _registrar_cinco()
    assert bitacora.verificar(lote=2) == []
    _sql("UPDATE {tabla} SET tipo = %s WHERE secuencia = %s", ["prueba.alterada", 4])
    assert bitacora.verificar(lote=2) == ["Secuencia 4: su contenido fue modificado."]


def test_editar_el_tipo_con_sql_se_detecta():
    _registrar_cinco()
    _sql("UPDATE {tabla} SET tipo = %s WHERE secuencia = %s", ["prueba.otro", 3])
    errores = _verificar_bitacora_falla()
    assert "Secuencia 3: su contenido fue modificado." in errores
    assert "Secuencia 4" not in errores  # the next event still chains to the stored hash


def test_editar_los_datos_con_sql_se_detecta():
    _registrar_cinco()
    datos = Evento._meta.get_field("datos").get_db_prep_save({"n": 200}, connection)
    _sql("UPDATE {tabla} SET datos = %s WHERE secuencia = %s", [datos, 2])
    assert "Secuencia 2: su contenido fue modificado." in _verificar_bitacora_falla()


def test_recalcular_el_hash_del_evento_editado_rompe_el_siguiente_eslabon():
    _registrar_cinco()
    evento = Evento.objects.get(secuencia=2)
    evento.tipo = "prueba.otro"
    _sql(
        "UPDATE {tabla} SET tipo = %s, hash = %s WHERE secuencia = %s",
        [evento.tipo, bitacora.calcular_hash(evento, evento.hash_anterior), 2],
    )
    assert bitacora.verificar() == [
        "Secuencia 3: no encadena con el evento anterior (se borró o alteró un evento previo)."
    ]


def test_borrar_un_evento_intermedio_con_sql_se_detecta():
    _registrar_cinco()
    _sql("DELETE FROM {tabla} WHERE secuencia = %s", [3])
    errores = _verificar_bitacora_falla()
    assert "Secuencia 4 (id" in errores and "se esperaba 3" in errores
    assert "Secuencia 4: no encadena con el evento anterior" in errores


def test_borrar_el_ultimo_evento_con_sql_se_detecta_por_el_sello():
    _registrar_cinco()
    _sql("DELETE FROM {tabla} WHERE secuencia = %s", [5])
    errores = _verificar_bitacora_falla()
    assert "El sello indica 5 eventos y la cadena termina en 4" in errores


def test_registrar_mientras_se_verifica_no_es_una_falsa_alarma(monkeypatch):
    """A writer that commits during verification must not look like a truncated tail."""
    _registrar_cinco()
    leer_sello = SelloBitacora.objects.get
    escrituras = []

    def leer_sello_con_escritor_concurrente(*args, **kwargs):
        if not escrituras:  # another connection commits just before the seal is read
            escrituras.append(bitacora.registrar(tipo="prueba.concurrente"))
        return leer_sello(*args, **kwargs)

    monkeypatch.setattr(SelloBitacora.objects, "get", leer_sello_con_escritor_concurrente)
    assert bitacora.verificar() == []
    assert escrituras and escrituras[0].secuencia == 6


# --- Volume and concurrency ------------------------------------------------


@pytest.mark.parametrize("cantidad", [10, 1000])
def test_registrar_varios_usa_pocas_consultas(cantidad, organizacion, crear_usuario, django_assert_max_num_queries):
    usuario = crear_usuario("cop", organizacion=organizacion)
    ContentType.objects.get_for_model(organizacion)  # warm the content-type cache, as in a running process
    nuevos = [
        bitacora.NuevoEvento(
            tipo="importacion.fila", actor=usuario, objeto=organizacion, organizacion=organizacion, datos={"fila": n}
        )
        for n in range(cantidad)
    ]
    # Savepoint, lock the seal, one insert, update the seal, release: 5 queries for any number of events on
    # PostgreSQL, 6 from bitacora._COPIA_DESDE events on (COPY, then read the ids back). SQLite splits the
    # insert into batches by its limit of query parameters.
    campos = [campo for campo in Evento._meta.concrete_fields if not campo.primary_key]
    lotes = math.ceil(cantidad / connection.ops.bulk_batch_size(campos, nuevos))
    copia = int(cantidad >= bitacora._COPIA_DESDE)
    maximo = 5 + copia if connection.vendor == "postgresql" else 4 + lotes
    with django_assert_max_num_queries(maximo):
        bitacora.registrar_varios(nuevos)
    assert Evento.objects.count() == cantidad
    assert bitacora.verificar() == []


@pytest.mark.django_db(transaction=True)
def test_escritores_concurrentes_dejan_una_cadena_integra():
    """8 threads × 20 events in separate transactions; a 9th thread verifies while they write.

    On PostgreSQL the writers really run at once and queue on the seal's row lock.
    SQLite's in-memory test database (shared cache) answers "table is locked" at once
    instead of waiting, so there the test takes turns through a lock of its own.
    """
    hilos_escritores, por_hilo = 8, 20
    turno = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    barrera = threading.Barrier(hilos_escritores + 1)
    escribiendo = threading.Event()
    errores, problemas = [], []

    def escribir(hilo):
        try:
            barrera.wait()
            for n in range(por_hilo):
                with turno:
                    bitacora.registrar(tipo="prueba.concurrente", datos={"hilo": hilo, "n": n})
        except Exception as error:
            errores.append(error)
        finally:
            connection.close()

    def verificar_mientras_escriben():
        try:
            barrera.wait()
            while escribiendo.is_set():
                with turno:
                    problemas.extend(bitacora.verificar())
                time.sleep(0.005)  # let the writers have the turn
        except Exception as error:
            errores.append(error)
        finally:
            connection.close()

    escribiendo.set()
    escritores = [threading.Thread(target=escribir, args=(hilo,)) for hilo in range(hilos_escritores)]
    verificador = threading.Thread(target=verificar_mientras_escriben)
    for hilo in [*escritores, verificador]:
        hilo.start()
    for hilo in escritores:
        hilo.join(timeout=120)
    escribiendo.clear()
    verificador.join(timeout=120)

    assert errores == []
    assert problemas == []
    eventos = list(Evento.objects.order_by("secuencia").values_list("secuencia", "datos"))
    assert [secuencia for secuencia, _ in eventos] == list(range(1, hilos_escritores * por_hilo + 1))
    for hilo in range(hilos_escritores):  # each thread's events keep its own order
        assert [d["n"] for _, d in eventos if d["hilo"] == hilo] == list(range(por_hilo))
    # The threads interleaved: their events are not one block per thread.
    cambios_de_hilo = sum(1 for a, b in itertools.pairwise(eventos) if a[1]["hilo"] != b[1]["hilo"])
    assert cambios_de_hilo > hilos_escritores
    assert bitacora.verificar() == []
    assert "Bitácora íntegra: 160 eventos verificados." in _verificar_bitacora()
