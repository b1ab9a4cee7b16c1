"""Semáforo GC-FOR-21 at its thresholds, committee report, indicators and timeliness, hand-computed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from comercial.crm import selectors, services
from comercial.crm.models import Prospecto
from tests.comercial.crm.factories import ActividadFactory, MetaFactory, PerfilAsesorFactory, ProspectoFactory

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def hoy_20_de_marzo():
    # 23:30 in Bogotá is already the 21st in UTC: "today" must be Bogotá's.
    with time_machine.travel(datetime(2026, 3, 20, 23, 30, tzinfo=BOGOTA), tick=False):
        yield date(2026, 3, 20)


def test_semaforo_en_sus_umbrales(lider, ana, settings, hoy_20_de_marzo, semaforo_de):
    settings.CRM_SEMAFORO_VERDE_DIAS, settings.CRM_SEMAFORO_AMARILLO_DIAS = 3, 7
    casos = {  # last follow-up → expected (days, colour)
        date(2026, 3, 17): (3, "verde"),
        date(2026, 3, 16): (4, "amarillo"),
        date(2026, 3, 13): (7, "amarillo"),
        date(2026, 3, 12): (8, "rojo"),
    }
    for ultimo in casos:
        ActividadFactory(prospecto=ProspectoFactory(perfil=ana, fecha=date(2026, 3, 1)), fecha_realizada=ultimo)
    sin_seguimiento = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 18))
    ProspectoFactory(perfil=ana, fecha=date(2026, 2, 28))  # another month
    services.recalcular_seguimiento(list(Prospecto.objects.values_list("pk", flat=True)))

    resultado = semaforo_de(lider, services.hoy(lider.organizacion))

    assert (resultado.total, resultado.verde, resultado.amarillo, resultado.rojo) == (5, 2, 2, 1)
    filas = list(resultado.decorar(resultado.filas))
    assert [(p.ultimo_seguimiento, p.dias, p.color) for p in filas] == [
        (date(2026, 3, 12), 8, "rojo"),
        (date(2026, 3, 13), 7, "amarillo"),
        (date(2026, 3, 16), 4, "amarillo"),
        (date(2026, 3, 17), 3, "verde"),
        (None, 2, "verde"),
    ]
    assert filas[-1].pk == sin_seguimiento.pk
    solo_rojo = semaforo_de(lider, hoy_20_de_marzo, color="rojo")
    assert [p.ultimo_seguimiento for p in solo_rojo.filas] == [date(2026, 3, 12)]


def test_el_semaforo_cuenta_por_tipo_y_descarta_lo_no_realizado_o_no_valido(lider, ana, hoy_20_de_marzo, semaforo_de):
    prospecto = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 2))
    for tipo, dia in [
        ("llamada", 3),
        ("llamada", 5),
        ("cotizacion", 6),
        ("visita", 7),
        ("prueba_manejo", 8),
        ("matricula", 9),
        ("entrega", 10),
        ("whatsapp", 11),
    ]:
        ActividadFactory(prospecto=prospecto, tipo=tipo, fecha_realizada=date(2026, 3, dia))
    ActividadFactory(
        prospecto=prospecto,
        tipo="visita",
        estado_spiga="no_realizada",
        fecha_realizada=None,
        fecha_programada=date(2026, 3, 15),
    )
    refutada = ActividadFactory(prospecto=prospecto, tipo="visita", fecha_realizada=date(2026, 3, 14))
    services.recalcular_seguimiento([prospecto.pk])
    services.actividad_validar(actor=lider, actividad=refutada, valida=False, motivo="No hay evidencia")

    (fila,) = semaforo_de(lider, hoy_20_de_marzo).filas
    assert (fila.n_llamadas, fila.n_cotizaciones, fila.n_visitas, fila.n_pruebas, fila.n_otros) == (2, 1, 1, 1, 3)
    assert fila.ultimo_seguimiento == date(2026, 3, 11)


@pytest.fixture
def marzo(lider, renault, kia, ana, luis, pedro):
    """Renault: target 10 prospects / 20 activities; Ana and Luis active. Kia: no target."""
    MetaFactory(marca=renault, periodo=date(2026, 3, 1), prospectos_validos=10, actividades_validas=20)
    MetaFactory(marca=renault, periodo=date(2026, 2, 1), prospectos_validos=8, actividades_validas=16)
    PerfilAsesorFactory(marca=renault, activo=False)  # inactive: gets no share of the target

    def prospecto(perfil, dia, resultado, mes=3):
        p = ProspectoFactory(perfil=perfil, fecha=date(2026, mes, dia))
        if resultado:
            services.prospecto_validar(
                actor=lider, prospecto=p, resultado=resultado, recibio_asesoria=True, notas="Llamada"
            )
        return p

    base_ana = [prospecto(ana, d, "valido") for d in (3, 4, 10)]
    prospecto(ana, 5, "falso")
    prospecto(ana, 27, "valido", mes=2)
    prospecto(luis, 5, "valido")
    prospecto(luis, 6, None)
    prospecto(pedro, 4, "valido")

    def actividades(p, dias, valida=True):
        for dia in dias:
            a = ActividadFactory(prospecto=p, fecha_programada=date(2026, 3, dia), fecha_realizada=date(2026, 3, dia))
            services.actividad_validar(actor=lider, actividad=a, valida=valida, motivo="" if valida else "No")

    actividades(base_ana[0], [3, 4, 6, 12, 13])
    actividades(base_ana[1], [5], valida=False)
    actividades(ProspectoFactory(perfil=luis, fecha=date(2026, 3, 1)), [2, 9])
    return renault, kia


def test_indicadores_mensuales_contra_valores_calculados_a_mano(lider, marzo):
    kia, renault = selectors.indicadores(lider, desde=date(2026, 3, 1), hasta=date(2026, 4, 1))

    assert (kia.nombre, kia.pct_prospectos, kia.pct_actividades) == ("Kia", None, None)
    assert (renault.meta_prospectos, renault.prospectos_validos, renault.pct_prospectos) == (10, 4, 40.0)
    assert (renault.meta_actividades, renault.actividades_validas, renault.pct_actividades) == (20, 7, 35.0)
    por_nombre = {a.nombre: a for a in renault.asesores}
    ana = next(a for n, a in por_nombre.items() if a.prospectos_validos == 3)
    luis = next(a for n, a in por_nombre.items() if a.prospectos_validos == 1)
    assert (ana.meta_prospectos, ana.pct_prospectos, ana.meta_actividades, ana.pct_actividades) == (5, 60.0, 10, 50.0)
    assert (luis.pct_prospectos, luis.actividades_validas, luis.pct_actividades) == (20.0, 2, 20.0)


def test_indicadores_semanales_con_meta_prorrateada(lider, marzo):
    # Week 2–8 March: meta 10 × 7 / 31 = 2.3 prospects and 20 × 7 / 31 = 4.5 activities;
    # valid: Ana 3 and 4 March + Luis 5 March; activities Ana 3, 4, 6 + Luis 2 March.
    _, renault = selectors.indicadores(lider, desde=date(2026, 3, 2), hasta=date(2026, 3, 9))
    assert (renault.meta_prospectos, renault.prospectos_validos, renault.pct_prospectos) == (2.3, 3, 130.4)
    assert (renault.meta_actividades, renault.actividades_validas, renault.pct_actividades) == (4.5, 4, 88.9)


def test_tendencia_mensual_y_semanal(lider, marzo):
    prospectos, actividades = selectors.tendencia_mensual(lider, hasta_mes=date(2026, 3, 1), meses=2)
    assert prospectos["Renault"] == [("02/2026", 12.5), ("03/2026", 40.0)]
    assert actividades["Renault"] == [("02/2026", 0.0), ("03/2026", 35.0)]
    assert prospectos["Kia"] == [("02/2026", None), ("03/2026", None)]
    semanal = selectors.tendencia_semanal(lider, hasta_semana=date(2026, 3, 2), semanas=1)
    assert semanal["Prospectos válidos"] == [
        ("02/03", round(100 * 4 / (10 * 7 / 31), 1))
    ]  # Kia has no target but its valid prospect counts


def test_un_gerente_ve_solo_su_marca(gerente, marzo):
    assert [i.nombre for i in selectors.indicadores(gerente, desde=date(2026, 3, 1), hasta=date(2026, 4, 1))] == [
        "Renault"
    ]


def test_informe_semanal_del_comite(lider, marzo, ana, luis, pedro):
    filas = {f.perfil.usuario_id: f for f in selectors.comite(lider, semana=date(2026, 3, 2))}
    f = filas[ana.usuario_id]
    assert (f.prospectos, f.validos, f.falsos, f.sin_validar) == (3, 2, 1, 0)
    assert (f.actividades, f.realizadas, f.validas, f.no_validas, f.por_validar) == (4, 4, 3, 1, 0)
    f = filas[luis.usuario_id]
    assert (f.prospectos, f.validos, f.sin_validar, f.actividades, f.validas) == (2, 1, 1, 1, 1)
    assert filas[pedro.usuario_id].validos == 1


def test_oportunidad_del_diligenciamiento(lider, ana, settings):
    settings.CRM_OPORTUNIDAD_DIAS = 7
    lunes = datetime(2026, 3, 2, 9, tzinfo=BOGOTA)
    with time_machine.travel(lunes, tick=False):
        a_tiempo, tarde, nunca = (ProspectoFactory(perfil=ana) for _ in range(3))
    with time_machine.travel(lunes + timedelta(days=6), tick=False):
        services.prospecto_validar(actor=lider, prospecto=a_tiempo, resultado="falso", notas="No existe")
    with time_machine.travel(lunes + timedelta(days=9), tick=False):
        services.prospecto_validar(actor=lider, prospecto=tarde, resultado="falso", notas="No existe")
        atrasados = selectors.atrasados(lider, ahora=lunes + timedelta(days=9))

    (semana,) = selectors.oportunidad(lider, hasta_semana=date(2026, 3, 2), semanas=1)
    assert (semana.semana, semana.prospectos, semana.prospectos_a_tiempo, semana.pct_prospectos) == (
        date(2026, 3, 2),
        3,
        1,
        33.3,
    )
    assert atrasados == {"prospectos": 1, "actividades": 0}
    assert nunca.estado == "pendiente"
