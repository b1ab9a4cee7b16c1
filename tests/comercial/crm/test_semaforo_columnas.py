"""The semáforo's stored columns (``mes``, ``referencia``, per-type counters) stay right through
imports, re-imports and validations, and the colour filters (date ranges on ``referencia``) agree
with the colours computed row by row. Also the XLSX reader (python-calamine) on native cells."""

from datetime import date

import pytest

from comercial.crm import selectors, services
from comercial.crm.models import Importacion, Prospecto
from tests.comercial.crm.factories import (
    ENCABEZADOS_ACTIVIDADES,
    ENCABEZADOS_TRAFICO,
    ActividadFactory,
    ProspectoFactory,
    archivo_csv,
    archivo_xlsx,
    fila_actividad,
    fila_trafico,
)

pytestmark = pytest.mark.django_db


def importar(lider, tipo, archivo):
    return services.importacion_registrar(actor=lider, organizacion=lider.organizacion, tipo=tipo, archivo=archivo)


def _estado(id_spiga="T1"):
    p = Prospecto.objects.get(id_spiga=id_spiga)
    return p.mes, p.referencia, p.ultimo_seguimiento, (p.n_llamadas, p.n_cotizaciones, p.n_visitas, p.n_otros)


def test_importar_trafico_guarda_mes_y_referencia(lider, ana):
    filas = [fila_trafico("T1", ana, fecha="03/03/2026"), fila_trafico("T2", ana, fecha="28/02/2026")]
    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, filas))

    assert _estado("T1") == (date(2026, 3, 1), date(2026, 3, 3), None, (0, 0, 0, 0))
    assert _estado("T2") == (date(2026, 2, 1), date(2026, 2, 28), None, (0, 0, 0, 0))


def test_reimportar_una_actividad_cambiada_recalcula_la_referencia(lider, ana):
    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)]))
    filas = [
        fila_actividad("A1", "T1", ana, tipo="Llamada", realizada="05/03/2026"),
        fila_actividad("A2", "T1", ana, tipo="Cotización", realizada="08/03/2026"),
    ]
    importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_csv(ENCABEZADOS_ACTIVIDADES, filas))
    assert _estado() == (date(2026, 3, 1), date(2026, 3, 8), date(2026, 3, 8), (1, 1, 0, 0))

    # SPIGA now says the quote was not done: it stops counting and the reference goes back to the call.
    filas[1] = fila_actividad("A2", "T1", ana, tipo="Cotización", estado="No realizada", realizada="")
    cambio = importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_csv(ENCABEZADOS_ACTIVIDADES, filas))
    assert (cambio.actualizadas, cambio.sin_cambios) == (1, 1)
    assert _estado() == (date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 5), (1, 0, 0, 0))

    # Then done later, as a visit: counted again, with the new date.
    filas[1] = fila_actividad("A2", "T1", ana, tipo="Visita", realizada="12/03/2026")
    importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_xlsx(ENCABEZADOS_ACTIVIDADES, filas))
    assert _estado() == (date(2026, 3, 1), date(2026, 3, 12), date(2026, 3, 12), (1, 0, 1, 0))


def test_validar_como_no_valida_recalcula_la_referencia(lider, ana):
    importar(lider, Importacion.Tipo.TRAFICO, archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)]))
    filas = [
        fila_actividad("A1", "T1", ana, tipo="Llamada", realizada="05/03/2026"),
        fila_actividad("A2", "T1", ana, tipo="WhatsApp", realizada="08/03/2026"),
    ]
    importar(lider, Importacion.Tipo.ACTIVIDADES, archivo_csv(ENCABEZADOS_ACTIVIDADES, filas))
    a1, a2 = (Prospecto.objects.get().actividades.get(id_spiga=i) for i in ("A1", "A2"))

    services.actividad_validar(actor=lider, actividad=a2, valida=False, motivo="Sin evidencia")
    assert _estado() == (date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 5), (1, 0, 0, 0))
    services.actividad_validar(actor=lider, actividad=a1, valida=True)
    assert _estado() == (date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 5), (1, 0, 0, 0))

    # With no follow-up left the days count from the traffic date again (fila_trafico: 03/03/2026).
    prospecto = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 10))
    unica = ActividadFactory(prospecto=prospecto, fecha_realizada=date(2026, 3, 11))
    services.recalcular_seguimiento([prospecto.pk])
    services.actividad_validar(actor=lider, actividad=unica, valida=False, motivo="Sin evidencia")
    prospecto.refresh_from_db()
    assert (prospecto.ultimo_seguimiento, prospecto.referencia) == (None, date(2026, 3, 10))
    (fila,) = selectors.Semaforo(filas=None, total=0, verde=0, amarillo=0, rojo=0, hoy=date(2026, 3, 20)).decorar(
        [prospecto]
    )
    assert fila.dias == 10


def test_guardar_un_prospecto_mantiene_mes_y_referencia(ana):
    prospecto = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 31))
    assert (prospecto.mes, prospecto.referencia) == (date(2026, 3, 1), date(2026, 3, 31))
    prospecto.fecha = date(2026, 4, 2)
    prospecto.save(update_fields=["fecha"])
    prospecto.refresh_from_db()
    assert (prospecto.mes, prospecto.referencia) == (date(2026, 4, 1), date(2026, 4, 2))


def test_filtros_de_color_coinciden_con_el_color_de_cada_fila(lider, ana, luis, settings, semaforo_de):
    settings.CRM_SEMAFORO_VERDE_DIAS, settings.CRM_SEMAFORO_AMARILLO_DIAS = 3, 7
    hoy = date(2026, 3, 20)
    for i in range(14):  # traffic dates 1..14 March, half with a follow-up a few days later
        prospecto = ProspectoFactory(perfil=ana if i % 2 else luis, fecha=date(2026, 3, 1 + i))
        if i % 2:
            ActividadFactory(prospecto=prospecto, fecha_realizada=date(2026, 3, min(1 + i + i % 5, 19)))
    ProspectoFactory(perfil=ana, fecha=date(2026, 4, 1))  # another month
    services.recalcular_seguimiento(list(Prospecto.objects.values_list("pk", flat=True)))

    todo = semaforo_de(lider, hoy)
    filas = list(todo.decorar(todo.filas))
    assert [p.pk for p in filas] == [p.pk for p in sorted(filas, key=lambda p: (p.ultimo_seguimiento or p.fecha, p.pk))]
    por_color = {color: [p.pk for p in filas if p.color == color] for color in selectors.COLORES}
    assert all(por_color.values())  # the data exercises the three colours
    for color, esperados in por_color.items():
        filtrado = semaforo_de(lider, hoy, color=color)
        assert [p.pk for p in filtrado.filas] == esperados
        assert getattr(todo, color) == len(esperados)
    assert todo.total == len(filas) == 14
    solo_luis = semaforo_de(lider, hoy, asesor=str(luis.usuario_id))
    assert {p.asesor_id for p in solo_luis.filas} == {luis.usuario_id} and solo_luis.total == 7


def test_xlsx_con_celdas_nativas_y_una_fila_vacia_numera_las_filas_como_la_hoja(lider, ana):
    buena = fila_trafico("T1", ana)
    buena[0], buena[1], buena[8] = 777.0, date(2026, 3, 9), 3001112233  # a date cell without time
    mala = fila_trafico("T2", ana)
    mala[1] = "31/02/2026"
    with pytest.raises(services.ErrorCRM) as error:
        importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(ENCABEZADOS_TRAFICO, [buena, [], mala]))
    assert [(e.fila, e.columna) for e in error.value.errores] == [(4, "Fecha")]
    assert not Prospecto.objects.exists()

    importar(lider, Importacion.Tipo.TRAFICO, archivo_xlsx(ENCABEZADOS_TRAFICO, [buena, []]))
    prospecto = Prospecto.objects.get()
    assert (prospecto.id_spiga, prospecto.fecha, prospecto.telefono, prospecto.referencia) == (
        "777",
        date(2026, 3, 9),
        "+573001112233",
        date(2026, 3, 9),
    )
