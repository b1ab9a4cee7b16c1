"""enlace.copia.copiar: the rows COPY writes are the rows bulk_create would write (keys, JSON, dates, foreign
keys to rows copied just before), and with ignorar_conflictos a duplicate is skipped, not an error."""

import pytest
from django.db import connection
from django.utils import timezone

from atencion.models import Canal, Cliente, EnvioCampana, MensajeSaliente
from enlace.copia import copiar
from tests.atencion.factories import campana_en

pytestmark = pytest.mark.django_db


def _mensaje(pyme, n, cuando):
    return MensajeSaliente(
        pyme=pyme,
        canal=Canal.WHATSAPP,
        destino=f"+5215500000{n:03d}",
        cuerpo=f"Hola {n} ñ «€»",
        payload={"to": n, "texto": ["a", None, 1.5]},
        clave=f"prueba-{n}",
        proximo_intento=cuando,
    )


def test_copia_filas_con_sus_claves_json_fechas_y_claves_foraneas(pyme, gerente, django_assert_num_queries):
    cuando = timezone.now()
    mensajes = [_mensaje(pyme, n, cuando) for n in range(120)]
    consultas = 2 if connection.vendor == "postgresql" else 1  # keys from the sequence, then the COPY
    with django_assert_num_queries(consultas):
        copiar(MensajeSaliente, mensajes)
    assert all(m.pk for m in mensajes) and len({m.pk for m in mensajes}) == 120
    leido = MensajeSaliente.objects.get(pk=mensajes[7].pk)
    assert (leido.destino, leido.cuerpo, leido.payload) == ("+5215500000007", "Hola 7 ñ «€»", mensajes[7].payload)
    assert leido.proximo_intento == cuando and leido.estado == MensajeSaliente.Estado.PENDIENTE  # model default
    assert leido.creado >= cuando  # auto_now_add, through the field's pre_save
    # a row pointing at a row copied just before takes its key
    campana = campana_en(pyme, gerente, "programada")
    cliente = Cliente.objects.create(pyme=pyme, nombre="Ana", telefono="+5215500000007")
    envio = EnvioCampana(campana=campana, cliente=cliente, canal=Canal.WHATSAPP, mensaje=mensajes[7])
    copiar(EnvioCampana, [envio])
    assert EnvioCampana.objects.get(pk=envio.pk).mensaje_id == mensajes[7].pk
    # the sequence moved on: an ordinary insert does not collide with the copied keys
    assert MensajeSaliente.objects.create(pyme=pyme, canal=Canal.CORREO, destino="x@y.test").pk > mensajes[-1].pk


def test_con_ignorar_conflictos_se_salta_lo_repetido(pyme, gerente):
    campana = campana_en(pyme, gerente, "programada")
    clientes = [Cliente.objects.create(pyme=pyme, nombre=f"C{n}", correo=f"c{n}@x.test") for n in range(3)]
    EnvioCampana.objects.create(campana=campana, cliente=clientes[0], canal=Canal.CORREO)

    def envios():
        return [EnvioCampana(campana=campana, cliente=c, canal=Canal.CORREO) for c in clientes]

    copiar(EnvioCampana, envios(), ignorar_conflictos=True)
    copiar(EnvioCampana, envios(), ignorar_conflictos=True)  # twice in one transaction: the temporary table goes
    assert sorted(EnvioCampana.objects.values_list("cliente__nombre", flat=True)) == ["C0", "C1", "C2"]


def test_nada_que_copiar_no_consulta(django_assert_num_queries):
    with django_assert_num_queries(0):
        copiar(MensajeSaliente, [])


def test_copia_tuplas_de_las_columnas_dadas_y_el_resto_por_omision(pyme, gerente, django_assert_num_queries):
    """A fan-out of plain tuples: no model instances; the fields not named take their defaults."""
    cuando = timezone.now()
    columnas = ("pyme", "canal", "destino", "cuerpo", "payload", "clave", "proximo_intento")
    filas = [(pyme.pk, Canal.WHATSAPP, f"+52155{n:08d}", f"Hola {n} ñ «€»", {"to": n}, "t", cuando) for n in range(50)]
    consultas = 2 if connection.vendor == "postgresql" else 1
    with django_assert_num_queries(consultas):
        ids = copiar(MensajeSaliente, filas, columnas=columnas)
    assert len(set(ids)) == 50
    leido = MensajeSaliente.objects.get(pk=ids[7])
    assert (leido.pyme_id, leido.destino, leido.cuerpo, leido.payload) == (
        pyme.pk,
        "+5215500000007",
        "Hola 7 ñ «€»",
        {"to": 7},
    )
    assert leido.proximo_intento == cuando and leido.estado == MensajeSaliente.Estado.PENDIENTE
    assert (leido.intentos, leido.cabeceras, leido.ticket_id, leido.asunto) == (0, {}, None, "")
    assert leido.creado is not None  # auto_now_add
    # rows pointing at them take the returned keys; a repeated delivery is skipped
    campana = campana_en(pyme, gerente, "programada")
    cliente = Cliente.objects.create(pyme=pyme, nombre="Ana", telefono="+5215500000007")
    envio = (campana.pk, cliente.pk, Canal.WHATSAPP, "", EnvioCampana.Estado.ENCOLADO, ids[7])
    columnas_envio = ("campana", "cliente", "canal", "ocasion", "estado", "mensaje")
    assert copiar(EnvioCampana, [envio, envio], columnas=columnas_envio, ignorar_conflictos=True) is None
    assert copiar(EnvioCampana, [envio], columnas=columnas_envio, ignorar_conflictos=True) is None
    copiado = EnvioCampana.objects.get(campana=campana)
    assert (copiado.mensaje_id, copiado.estado, copiado.creado is not None) == (ids[7], "encolado", True)
    assert MensajeSaliente.objects.create(pyme=pyme, canal=Canal.CORREO, destino="x@y.test").pk > max(ids)
