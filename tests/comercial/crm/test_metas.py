"""Targets per marca and month, set in the app by the Líder CRM and the gerente general, with history."""

from datetime import date

import pytest
from django.urls import reverse

from comercial.crm import selectors, services
from comercial.crm.models import MetaMensual
from enlace.acciones import AccionRechazada
from enlace.models import Evento
from tests.comercial.crm.factories import MarcaFactory, MetaFactory

pytestmark = pytest.mark.django_db


def guardar(actor, marca, p=40, a=120, periodo=date(2026, 3, 1)):
    return services.meta_guardar(actor=actor, marca=marca, periodo=periodo, prospectos_validos=p, actividades_validas=a)


def test_el_lider_crea_y_cambia_la_meta_con_historial_y_evento(lider, renault):
    meta = guardar(lider, renault, periodo=date(2026, 3, 15))
    assert (meta.periodo, meta.prospectos_validos, meta.actividades_validas) == (date(2026, 3, 1), 40, 120)

    guardar(lider, renault, p=50)

    meta.refresh_from_db()
    assert meta.prospectos_validos == 50
    historia = list(
        meta.history.order_by("history_date").values_list("prospectos_validos", "history_user", "history_type")
    )
    assert historia == [(40, lider.pk, "+"), (50, lider.pk, "~")]
    eventos = Evento.objects.filter(tipo="crm.meta_guardada").order_by("pk")
    assert [e.datos["antes"] for e in eventos] == [None, {"prospectos_validos": 40, "actividades_validas": 120}]
    assert eventos[1].datos["despues"] == {"prospectos_validos": 50, "actividades_validas": 120}


def test_guardar_los_mismos_valores_no_cambia_nada(lider, renault):
    meta = guardar(lider, renault)
    guardar(lider, renault)
    assert meta.history.count() == 1
    assert Evento.objects.filter(tipo="crm.meta_guardada").count() == 1


def test_el_gerente_general_tambien_fija_metas(crear_usuario, carrazos, renault):
    gerente_general = crear_usuario("gerente_general_carrazos", organizacion=carrazos)
    assert guardar(gerente_general, renault).prospectos_validos == 40


@pytest.mark.parametrize("rol", ["asesor_comercial", "gerente_comercial", "coordinador_calidad"])
def test_otros_roles_no_fijan_metas(crear_usuario, carrazos, renault, rol):
    usuario = crear_usuario(rol, organizacion=carrazos)
    with pytest.raises(AccionRechazada, match="Solo el Líder CRM y el gerente general"):
        guardar(usuario, renault)
    assert not MetaMensual.objects.exists()


def test_valores_fuera_de_rango_se_rechazan(lider, renault):
    with pytest.raises(services.ErrorCRM):
        guardar(lider, renault, p=-1)
    assert not MetaMensual.objects.exists()


def test_la_pagina_guarda_y_la_meta_cuenta_en_los_indicadores(client, lider, renault, kia):
    client.force_login(lider)
    respuesta = client.post(
        reverse("comercial:crm:meta_guardar", args=[renault.pk]),
        {"mes": "2026-03", "prospectos_validos": "30", "actividades_validas": "90"},
    )
    assert respuesta.status_code == 302 and respuesta["Location"].endswith("?mes=2026-03")
    pagina = client.get(reverse("comercial:crm:metas") + "?mes=2026-03").content.decode()
    assert "Metas de Renault para 03/2026 guardadas." in pagina
    assert "Meta de prospectos válidos: <strong>sin meta</strong>" in pagina  # Kia
    client.post(
        reverse("comercial:crm:meta_guardar", args=[renault.pk]),
        {"mes": "2026-03", "prospectos_validos": "35", "actividades_validas": "90"},
    )
    historial = client.get(reverse("comercial:crm:metas") + "?mes=2026-03").content.decode()
    historial = historial[historial.index("Historial de cambios") :]
    assert "Meta cambiada · Meta fijada en Enlace" in historial and "Meta creada" in historial
    assert "Changed" not in historial and "Created" not in historial
    indicadores = selectors.indicadores(lider, desde=date(2026, 3, 1), hasta=date(2026, 4, 1))
    assert {i.nombre: i.meta_prospectos for i in indicadores} == {"Kia": 0, "Renault": 35}


def test_la_pagina_rechaza_un_valor_malo_en_espanol_sin_cambiar_nada(client, lider, renault):
    MetaFactory(marca=renault, periodo=date(2026, 3, 1), prospectos_validos=10, actividades_validas=20)
    client.force_login(lider)
    respuesta = client.post(
        reverse("comercial:crm:meta_guardar", args=[renault.pk]),
        {"mes": "2026-03", "prospectos_validos": "-5", "actividades_validas": "muchas"},
    )
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert "mayor o igual a 0" in html and "Escriba un número entero." in html
    assert MetaMensual.objects.get().prospectos_validos == 10


def test_el_asesor_no_ve_ni_guarda_metas(client, crear_usuario, carrazos, renault, ana):
    client.force_login(ana.usuario)
    assert client.get(reverse("comercial:crm:metas")).status_code == 403
    respuesta = client.post(
        reverse("comercial:crm:meta_guardar", args=[renault.pk]),
        {"mes": "2026-03", "prospectos_validos": "30", "actividades_validas": "90"},
    )
    assert respuesta.status_code == 403
    assert not MetaMensual.objects.exists()


def test_el_gerente_comercial_ve_pero_no_edita(client, gerente, renault):
    MetaFactory(marca=renault, periodo=date(2026, 3, 1), prospectos_validos=10, actividades_validas=20)
    client.force_login(gerente)
    pagina = client.get(reverse("comercial:crm:metas") + "?mes=2026-03")
    assert pagina.status_code == 200
    assert "Guardar metas" not in pagina.content.decode()
    assert "Las metas las fijan el Líder CRM y el gerente general." in pagina.content.decode()


def test_marca_de_otra_organizacion_es_404(client, crear_usuario, otra_organizacion, renault):
    lider_ajeno = crear_usuario("lider_crm", organizacion=otra_organizacion)
    client.force_login(lider_ajeno)
    respuesta = client.post(
        reverse("comercial:crm:meta_guardar", args=[renault.pk]),
        {"mes": "2026-03", "prospectos_validos": "30", "actividades_validas": "90"},
    )
    assert respuesta.status_code == 404
    assert not MetaMensual.objects.exists()
    assert "Renault" not in client.get(reverse("comercial:crm:metas")).content.decode()


def test_la_pagina_de_metas_no_crece_en_consultas_con_las_marcas(client, lider, carrazos, django_assert_num_queries):
    client.force_login(lider)
    url = reverse("comercial:crm:metas") + "?mes=2026-03"

    def consultas():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captura:
            assert client.get(url).status_code == 200
        return len(captura)

    marca = MarcaFactory(organizacion=carrazos, nombre="M0")
    guardar(lider, marca)
    base = consultas()
    for n in range(1, 6):
        guardar(lider, MarcaFactory(organizacion=carrazos, nombre=f"M{n}"))
    with django_assert_num_queries(base):
        client.get(url)
