"""Coaching sessions (service, guards, who sees them) and the performance figures and ranking per period."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from enlace.errores import ErrorNegocio
from enlace.models import Evento, Notificacion
from operaciones import eventos, mensajes, selectors, services
from operaciones.models import Apartado, LineaComision, SesionCoaching
from tests.operaciones.factories import ApartadoFactory
from tests.operaciones.fixtures_comisiones import crear_regla

pytestmark = pytest.mark.django_db
RANKING_CONSULTAS = 5  # + the COP's 4 menu counters, in one query
AHORA = timezone.make_aware(datetime.datetime(2026, 3, 20, 12, 0))
HOY = AHORA.date()


def registrar(cop, asesor, **cambios):
    datos = {
        "actor": cop,
        "asesor": asesor,
        "fecha": HOY,
        "tipo": SesionCoaching.Tipo.COACHING,
        "temas": "Seguimiento de prospectos",
        "acuerdos": "Llamar a 5 clientes por día",
        "fecha_seguimiento": HOY + timedelta(days=3),
    }
    datos.update(cambios)
    return services.coaching_registrar(**datos)


# --- Coaching ------------------------------------------------------------------------------


@time_machine.travel(AHORA, tick=False)
def test_el_cop_registra_una_sesion(cop, asesor, red, apartado):
    sesion = registrar(cop, asesor, apartado=apartado)
    assert (sesion.red, sesion.registrada_por, sesion.apartado) == (red, cop, apartado)
    evento = Evento.objects.get(tipo=eventos.EVENTO_COACHING)
    assert (evento.objeto_id, evento.organizacion_id, evento.actor) == (str(sesion.pk), red.pk, cop)
    assert evento.datos["condicion"] == "Sesión registrada por el COP con un asesor de la red"
    assert list(
        Notificacion.objects.filter(clave=f"operaciones-coaching-{sesion.pk}").values_list("destinatario", flat=True)
    ) == [asesor.pk]


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"temas": "  "}, mensajes.COACHING_TEMAS_REQUERIDOS),
        ({"fecha_seguimiento": HOY - timedelta(days=1)}, mensajes.COACHING_SEGUIMIENTO_ANTERIOR),
        ({"tipo": "otro"}, mensajes.COACHING_TIPO_INVALIDO),
    ],
)
def test_guardas_de_la_sesion(cop, asesor, cambios, mensaje):
    with pytest.raises(ErrorNegocio) as error:
        registrar(cop, asesor, **cambios)
    assert error.value.mensaje == mensaje
    assert not SesionCoaching.objects.exists()
    assert not Evento.objects.filter(tipo=eventos.EVENTO_COACHING).exists()


def test_la_operacion_relacionada_es_del_asesor(cop, asesor, otro_asesor, apartar, unidad):
    ajena = apartar(unidad, actor=otro_asesor)
    with pytest.raises(ErrorNegocio) as error:
        registrar(cop, asesor, apartado=ajena)
    assert error.value.mensaje == mensajes.COACHING_APARTADO_AJENO
    assert not SesionCoaching.objects.exists()


def test_solo_el_cop_registra_y_solo_asesores_de_su_red(cop, asesor, gerente_ventas, crear_usuario):
    with pytest.raises(ErrorNegocio) as error:
        registrar(asesor, asesor)
    assert error.value.mensaje == mensajes.SOLO_COP
    with pytest.raises(ErrorNegocio) as error:
        registrar(cop, gerente_ventas)
    assert error.value.mensaje == mensajes.COACHING_ASESOR_INVALIDO
    assert not SesionCoaching.objects.exists()


@time_machine.travel(AHORA, tick=False)
def test_quien_ve_las_sesiones(client, cop, asesor, otro_asesor, gerente_ventas):
    suya = registrar(cop, asesor)
    ajena = registrar(cop, otro_asesor, fecha_seguimiento=HOY + timedelta(days=30))
    client.force_login(asesor)
    respuesta = client.get(reverse("operaciones:coaching"))
    assert list(respuesta.context["pagina"]) == [suya]
    assert b"Registrar sesi" not in respuesta.content
    assert client.get(reverse("operaciones:coaching_nueva")).status_code == 403
    client.force_login(cop)
    respuesta = client.get(reverse("operaciones:coaching"))
    assert set(respuesta.context["pagina"]) == {suya, ajena}
    assert respuesta.context["proximos"] == [suya, ajena]
    assert {s.pk: s.seguimiento_proximo for s in respuesta.context["pagina"]} == {suya.pk: True, ajena.pk: False}
    assert f'class="op-urgencia-alta" data-sesion="{suya.pk}"' in respuesta.content.decode()
    client.force_login(gerente_ventas)
    assert client.get(reverse("operaciones:coaching")).status_code == 403


def test_el_cop_registra_desde_el_formulario(client, cop, asesor):
    client.force_login(cop)
    url = reverse("operaciones:coaching_nueva")
    datos = {"asesor": asesor.pk, "fecha": "2026-03-20", "tipo": "capacitacion", "temas": "Uso del sistema"}
    respuesta = client.post(url, {**datos, "fecha_seguimiento": "2026-03-01"})
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and mensajes.COACHING_SEGUIMIENTO_ANTERIOR in contenido
    assert 'value="Uso del sistema"' in contenido or ">\nUso del sistema</textarea>" in contenido
    respuesta = client.post(url, {**datos, "apartado": "999999"})
    assert respuesta.status_code == 200 and mensajes.COACHING_APARTADO_AJENO in respuesta.content.decode()
    assert not SesionCoaching.objects.exists()
    respuesta = client.post(url, datos, follow=True)
    assert [str(m) for m in respuesta.context["messages"]] == [mensajes.OK_COACHING]
    assert SesionCoaching.objects.get().tipo == "capacitacion"


# --- Performance and ranking ---------------------------------------------------------------


def operaciones_de(asesor, *, apartados, validados, cancelados, cierres_dias):
    """Bulk rows for one asesor in March 2026: apartados (the first ``validados`` validated), then cierres
    whose apartado → cierre time is given in days."""
    inicio = AHORA - timedelta(days=10)
    for i in range(apartados):
        ApartadoFactory(
            asesor=asesor,
            creado=inicio + timedelta(hours=i),
            validado_en=inicio + timedelta(hours=i + 1) if i < validados else None,
            estado=Apartado.Estado.CANCELADO if i >= apartados - cancelados else Apartado.Estado.PENDIENTE,
            motivo_cancelacion="otro" if i >= apartados - cancelados else "",
        )
    for dias in cierres_dias:
        cerrado_en = AHORA - timedelta(days=1)
        ApartadoFactory(
            asesor=asesor,
            creado=cerrado_en - timedelta(days=dias),
            validado_en=cerrado_en - timedelta(days=dias) + timedelta(hours=1),
            estado=Apartado.Estado.CERRADO,
            cerrado_en=cerrado_en,
            precio_final=Decimal("200000.00"),
        )


@pytest.fixture
def tres_asesores(crear_usuario, otro_concesionario):
    return [crear_usuario("asesor", organizacion=otro_concesionario, first_name=n) for n in ("Ana", "Beto", "Caro")]


@time_machine.travel(AHORA, tick=False)
def test_cifras_por_asesor_y_mediana(cop, tres_asesores):
    ana = tres_asesores[0]
    operaciones_de(ana, apartados=4, validados=3, cancelados=1, cierres_dias=[1, 2, 4])
    cerrada = Apartado.objects.filter(asesor=ana, estado="cerrado").first()
    regla = crear_regla()
    LineaComision.objects.create(
        apartado=cerrada,
        regla=regla,
        rol="asesor",
        beneficiario_asesor=ana,
        base=Decimal("100"),
        porcentaje=40,
        monto=Decimal("1234.56"),
    )
    desde = timezone.make_aware(datetime.datetime(2026, 3, 1))
    hasta = timezone.make_aware(datetime.datetime(2026, 4, 1))
    fila = selectors.desempeno_de_asesor(cop, ana.pk, desde, hasta)
    # The 3 cierres' apartados were made in the period too: 7 apartados, 6 validated.
    assert (fila.n_apartados, fila.n_validados, fila.n_cancelados, fila.n_cierres) == (7, 6, 1, 3)
    assert fila.tasa_validacion == pytest.approx(600 / 7)
    assert fila.mediana_cierre == pytest.approx(2 * 86400)
    assert fila.comisiones_ganadas == Decimal("1234.56")
    febrero = selectors.desempeno_de_asesor(cop, ana.pk, timezone.make_aware(datetime.datetime(2026, 2, 1)), desde)
    assert (febrero.n_apartados, febrero.n_cierres, febrero.mediana_cierre) == (0, 0, None)


@time_machine.travel(AHORA, tick=False)
def test_ranking_por_cierres_y_tasa_de_validacion(client, cop, asesor, gerente_ventas, tres_asesores):
    ana, beto, caro = tres_asesores
    operaciones_de(ana, apartados=4, validados=1, cancelados=0, cierres_dias=[1, 2])
    operaciones_de(beto, apartados=4, validados=4, cancelados=0, cierres_dias=[3, 3])
    operaciones_de(caro, apartados=0, validados=0, cancelados=0, cierres_dias=[5, 5, 5])
    for usuario in (cop, asesor, gerente_ventas):
        client.force_login(usuario)
        respuesta = client.get(reverse("operaciones:ranking"))
        assert respuesta.status_code == 200
        assert [fila.pk for fila in respuesta.context["pagina"]][:3] == [caro.pk, beto.pk, ana.pk]


@pytest.mark.parametrize("por_asesor", [1, 5])
def test_consultas_del_ranking_no_crecen(client, cop, tres_asesores, por_asesor, django_assert_num_queries):
    with time_machine.travel(AHORA, tick=False):
        for asesor in tres_asesores:
            operaciones_de(asesor, apartados=por_asesor, validados=1, cancelados=0, cierres_dias=[1] * por_asesor)
        client.force_login(cop)
        with django_assert_num_queries(RANKING_CONSULTAS):
            assert client.get(reverse("operaciones:ranking")).status_code == 200


@time_machine.travel(AHORA, tick=False)
def test_pagina_del_asesor_para_el_cop(client, cop, asesor, crear_usuario):
    registrar(cop, asesor)
    client.force_login(cop)
    respuesta = client.get(reverse("operaciones:desempeno_asesor", args=[asesor.pk]))
    assert respuesta.status_code == 200
    assert len(respuesta.context["sesiones"]) == 1
    client.force_login(asesor)
    assert client.get(reverse("operaciones:desempeno_asesor", args=[asesor.pk])).status_code == 403
    from tests.operaciones.factories import ConcesionarioFactory, RedFactory

    otra_red = RedFactory(nombre="Otra", slug="otra")
    ajeno = crear_usuario("asesor", organizacion=ConcesionarioFactory(padre=otra_red))
    client.force_login(cop)
    assert client.get(reverse("operaciones:desempeno_asesor", args=[ajeno.pk])).status_code == 404
