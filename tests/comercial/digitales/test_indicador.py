"""The daily indicator: efficient sales / solicitudes × 100, > 95 % Aceptado, otherwise Observado."""

import datetime as dt
import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse

from comercial.digitales import selectors
from comercial.digitales.models import Estado, SolicitudDigital

pytestmark = pytest.mark.django_db
LA_PAZ = zoneinfo.ZoneInfo("America/La_Paz")
DIA = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("eficientes", "total", "esperado"),
    [
        (95, 100, selectors.OBSERVADO),  # exactly 95 %: not "mayor a 95 %"
        (9501, 10000, selectors.ACEPTADO),  # 95.01 %
        (9499, 10000, selectors.OBSERVADO),
        (100, 100, selectors.ACEPTADO),
        (0, 0, selectors.SIN_SOLICITUDES),
    ],
)
def test_bandas_del_indicador(eficientes, total, esperado):
    assert selectors.clasificar(eficientes, total) == esperado


def sembrar(organizacion, *, eficientes, total, dia=DIA):
    """``total`` solicitudes received that day, the first ``eficientes`` efficient; the rest fail in varied ways."""
    recibida = dt.datetime.combine(dia, dt.time(9), tzinfo=LA_PAZ)
    filas = []
    for i in range(total):
        campos = {"estado": Estado.CONCLUIDA, "factible": True, "satisfecho": True}
        if i < eficientes:
            campos["digitada_en"] = recibida + timedelta(hours=24)  # the limit itself is efficient
        elif i % 3 == 0:
            campos["digitada_en"] = recibida + timedelta(hours=24, seconds=1)  # too late
        elif i % 3 == 1:
            campos |= {"digitada_en": recibida + timedelta(hours=1), "satisfecho": False}  # QC failed
        else:
            campos = {"estado": Estado.IMPOSIBILITADA}  # never digitized
        filas.append(
            SolicitudDigital(organizacion=organizacion, canal="web", telefono="71234567", recibida=recibida, **campos)
        )
    SolicitudDigital.objects.bulk_create(filas, batch_size=2000)


def test_indicador_en_la_base_de_datos_95_es_observado(organizacion, responsable):
    sembrar(organizacion, eficientes=19, total=20)
    dias, _total = selectors.indicador_diario(responsable, desde=DIA, hasta=DIA)
    assert (dias[0].total, dias[0].eficientes, dias[0].porcentaje) == (20, 19, 95)
    assert dias[0].resultado == selectors.OBSERVADO


def test_indicador_en_la_base_de_datos_95_01_es_aceptado(organizacion, responsable):
    sembrar(organizacion, eficientes=9501, total=10000)
    dias, total = selectors.indicador_diario(responsable, desde=DIA, hasta=DIA)
    assert str(dias[0].porcentaje) == "95.01"
    assert dias[0].resultado == selectors.ACEPTADO == total.resultado


def test_indicador_agrupa_por_dia_de_la_paz_y_lista_dias_vacios(organizacion, responsable, otra_organizacion):
    sembrar(organizacion, eficientes=1, total=2, dia=DIA)
    # 23:30 in La Paz is already the next day in UTC: it belongs to DIA
    SolicitudDigital.objects.create(
        organizacion=organizacion,
        canal="web",
        telefono="71234567",
        recibida=dt.datetime.combine(DIA, dt.time(23, 30), tzinfo=LA_PAZ),
    )
    sembrar(otra_organizacion, eficientes=5, total=5, dia=DIA)  # not visible
    dias, total = selectors.indicador_diario(responsable, desde=DIA - timedelta(days=1), hasta=DIA + timedelta(days=1))
    assert [(d.fecha, d.total, d.eficientes) for d in dias] == [
        (DIA - timedelta(days=1), 0, 0),
        (DIA, 3, 1),
        (DIA + timedelta(days=1), 0, 0),
    ]
    assert dias[0].resultado == selectors.SIN_SOLICITUDES
    assert (total.total, total.eficientes) == (3, 1)


def test_pagina_del_indicador_muestra_definicion_tabla_y_grafica(client, organizacion, responsable, settings):
    sembrar(organizacion, eficientes=3, total=4)  # the 4th was digitized 24 h and 1 s after intake
    client.force_login(responsable)
    url = reverse("comercial:digitales:indicador")
    html = client.get(url, {"desde": "2026-03-09", "hasta": "2026-03-10"}).content.decode()
    assert "dentro de las 24 horas" in html and "<svg" in html
    assert "75,00 %" in html and "Observado" in html and "Sin solicitudes" in html
    settings.DIGITALES_EFICIENTE_HORAS = 48  # the definition lives in settings
    html = client.get(url, {"desde": "2026-03-09", "hasta": "2026-03-10"}).content.decode()
    assert "dentro de las 48 horas" in html
    assert "100,00 %" in html and "Aceptado" in html


def test_pagina_del_indicador_rechaza_rango_invertido(client, responsable):
    client.force_login(responsable)
    respuesta = client.get(reverse("comercial:digitales:indicador"), {"desde": "2026-03-10", "hasta": "2026-03-01"})
    assert respuesta.status_code == 200
    assert "La fecha inicial debe ser anterior o igual a la final." in respuesta.content.decode()


@pytest.mark.parametrize("filas", [5, 60])
def test_consultas_del_indicador_no_crecen(client, organizacion, responsable, django_assert_num_queries, filas):
    sembrar(organizacion, eficientes=filas // 2, total=filas)
    client.force_login(responsable)
    url = reverse("comercial:digitales:indicador")
    # session, user with its organisation, role groups, the grouped indicator query,
    # and the two permission lookups of the shared navigation
    with django_assert_num_queries(6):  # + 2 menu counters
        assert client.get(url, {"desde": "2026-03-01", "hasta": "2026-03-10"}).status_code == 200


# --- Periods in progress are not judged ---------------------------------------------------------------


def test_dia_y_mes_en_curso_no_tienen_veredicto(organizacion, responsable, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 15, tzinfo=LA_PAZ))
    sembrar(organizacion, eficientes=1, total=4, dia=dt.date(2026, 2, 20))  # closed month: judged
    sembrar(organizacion, eficientes=1, total=4, dia=DIA)  # today, March: in progress
    sembrar(organizacion, eficientes=1, total=4, dia=DIA - timedelta(days=1))  # yesterday: a closed day
    dias, total = selectors.indicador_diario(responsable, desde=dt.date(2026, 2, 1), hasta=DIA)
    assert dias[-1].fecha == DIA and dias[-1].resultado == selectors.EN_CURSO
    assert dias[-2].resultado == selectors.OBSERVADO
    assert total.en_curso and total.resultado == selectors.EN_CURSO
    meses = selectors.indicador_mensual(dias, hoy=DIA)
    assert [(m.fecha, m.total, m.eficientes, m.resultado) for m in meses] == [
        (dt.date(2026, 2, 1), 4, 1, selectors.OBSERVADO),
        (dt.date(2026, 3, 1), 8, 2, selectors.EN_CURSO),
    ]


def test_pagina_muestra_el_mes_en_curso_sin_rechazo(client, organizacion, responsable, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 15, tzinfo=LA_PAZ))
    sembrar(organizacion, eficientes=1, total=4, dia=DIA)
    client.force_login(responsable)
    html = client.get(reverse("comercial:digitales:indicador"), {"desde": "2026-03-01", "hasta": "2026-03-10"})
    tablas = html.content.decode().split("<h2>Por mes</h2>")[1]
    assert "En curso" in tablas
    assert "Observado" not in tablas and "Aceptado" not in tablas  # the definition above names them, not a verdict


def test_por_omision_se_muestra_el_ultimo_mes_cerrado(client, organizacion, responsable, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 15, tzinfo=LA_PAZ))
    sembrar(organizacion, eficientes=4, total=4, dia=dt.date(2026, 2, 27))
    sembrar(organizacion, eficientes=0, total=4, dia=DIA)  # the month in progress is not in the default
    client.force_login(responsable)
    respuesta = client.get(reverse("comercial:digitales:indicador"))
    assert (respuesta.context["desde"], respuesta.context["hasta"]) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert (respuesta.context["total"].total, respuesta.context["total"].eficientes) == (4, 4)
    assert respuesta.context["total"].resultado == selectors.ACEPTADO
    assert "En curso" not in respuesta.content.decode().split("<h2>Por mes</h2>")[1]


def test_indicador_filtra_por_canal_de_origen(client, organizacion, responsable):
    sembrar(organizacion, eficientes=2, total=2)  # web
    SolicitudDigital.objects.create(
        organizacion=organizacion,
        canal="facebook",
        telefono="71234567",
        recibida=dt.datetime.combine(DIA, dt.time(9), tzinfo=LA_PAZ),
    )
    _dias, total = selectors.indicador_diario(responsable, desde=DIA, hasta=DIA, canal="facebook")
    assert (total.total, total.eficientes) == (1, 0)
    _dias, total = selectors.indicador_diario(responsable, desde=DIA, hasta=DIA)
    assert (total.total, total.eficientes) == (3, 2)
    client.force_login(responsable)
    respuesta = client.get(
        reverse("comercial:digitales:indicador"), {"desde": "2026-03-10", "hasta": "2026-03-10", "canal": "web"}
    )
    assert (respuesta.context["total"].total, respuesta.context["canal"]) == (2, "Página web")
