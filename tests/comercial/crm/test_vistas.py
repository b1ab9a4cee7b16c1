"""Pages: access per role, scope (asesor / gerente / other organisation → 404), forms and query counts."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from comercial.crm import services
from comercial.crm.models import SOLO_LIDER_PROSPECTOS, Importacion, Prospecto
from tests.ayudas import afirmar_404_para
from tests.comercial.crm.factories import (
    ENCABEZADOS_TRAFICO,
    ActividadFactory,
    MarcaFactory,
    PerfilAsesorFactory,
    ProspectoFactory,
    archivo_csv,
    fila_trafico,
)

pytestmark = pytest.mark.django_db
MES = "?mes=2026-03"

PAGINAS = [
    "inicio",
    "prospectos",
    "actividades",
    "avisos",
    "semaforo",
    "comite",
    "indicadores",
    "oportunidad",
    "importar",
    "importaciones",
    "procedimiento",
    "cumplimiento",
    "metas",
    "formatos_periodo",
]
PARA_TODOS = {"inicio", "prospectos", "actividades", "avisos", "semaforo", "procedimiento"}
ACCESO = {  # role → pages it may open (the rest answer 403)
    "lider_crm": set(PAGINAS),
    "asesor_comercial": PARA_TODOS,
    "gerente_comercial": PARA_TODOS | {"comite", "indicadores", "cumplimiento", "metas"},
    "gerente_general_carrazos": set(PAGINAS) - {"importar"},
    "coordinador_mercadeo": set(PAGINAS) - {"importar", "oportunidad", "formatos_periodo"},
    "coordinador_calidad": set(PAGINAS) - {"importar"},
    "cop": set(),
    "agente_digital": set(),
}


@pytest.fixture
def datos(lider, ana, luis, pedro):
    a = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 3))
    b = ProspectoFactory(perfil=luis, fecha=date(2026, 3, 4))
    c = ProspectoFactory(perfil=pedro, fecha=date(2026, 3, 5))
    return {
        "ana": (a, ActividadFactory(prospecto=a)),
        "luis": (b, ActividadFactory(prospecto=b)),
        "pedro": (c, ActividadFactory(prospecto=c)),
    }


@pytest.mark.parametrize("rol", list(ACCESO))
def test_cada_rol_abre_sus_paginas_y_no_las_demas(client, crear_usuario, carrazos, datos, rol):
    client.force_login(crear_usuario(rol, organizacion=carrazos))
    for nombre in PAGINAS:
        respuesta = client.get(reverse(f"comercial:crm:{nombre}") + MES)
        assert respuesta.status_code == (200 if nombre in ACCESO[rol] else 403), (rol, nombre)


def test_el_asesor_ve_solo_lo_suyo(client, ana, datos):
    client.force_login(ana.usuario)
    lista = client.get(reverse("comercial:crm:prospectos") + MES).content.decode()
    assert datos["ana"][0].id_spiga in lista and datos["luis"][0].id_spiga not in lista
    semaforo = client.get(reverse("comercial:crm:semaforo") + MES).content.decode()
    assert datos["ana"][0].id_spiga in semaforo and datos["pedro"][0].id_spiga not in semaforo
    afirmar_404_para(client, ana.usuario, reverse("comercial:crm:prospecto", args=[datos["luis"][0].pk]))
    afirmar_404_para(client, ana.usuario, reverse("comercial:crm:actividad", args=[datos["luis"][1].pk]))
    assert client.get(reverse("comercial:crm:prospecto", args=[datos["ana"][0].pk])).status_code == 200
    # An asesor cannot validate, not even their own: the refusal says why and changes nothing.
    url = reverse("comercial:crm:prospecto_accion", args=[datos["ana"][0].pk, "validar"])
    respuesta = client.post(url, {"resultado": "valido", "recibio_asesoria": "si"})
    assert respuesta.status_code == 200 and SOLO_LIDER_PROSPECTOS in respuesta.content.decode()
    assert Prospecto.objects.get(pk=datos["ana"][0].pk).estado == "pendiente"


def test_el_gerente_ve_su_marca(client, gerente, datos):
    client.force_login(gerente)
    lista = client.get(reverse("comercial:crm:prospectos") + MES).content.decode()
    assert datos["ana"][0].id_spiga in lista and datos["luis"][0].id_spiga in lista
    assert datos["pedro"][0].id_spiga not in lista
    afirmar_404_para(client, gerente, reverse("comercial:crm:prospecto", args=[datos["pedro"][0].pk]))


def test_otra_organizacion_recibe_404(client, crear_usuario, otra_organizacion, datos):
    ajeno = crear_usuario("lider_crm", organizacion=otra_organizacion)
    prospecto, actividad = datos["ana"]
    afirmar_404_para(client, ajeno, reverse("comercial:crm:prospecto", args=[prospecto.pk]))
    afirmar_404_para(client, ajeno, reverse("comercial:crm:actividad", args=[actividad.pk]))
    afirmar_404_para(
        client, ajeno, reverse("comercial:crm:prospecto_accion", args=[prospecto.pk, "validar"]), metodo="post"
    )
    afirmar_404_para(
        client, ajeno, reverse("comercial:crm:actividad_accion", args=[actividad.pk, "validar"]), metodo="post"
    )
    assert Prospecto.objects.get(pk=prospecto.pk).estado == "pendiente"
    client.force_login(ajeno)
    assert prospecto.id_spiga not in client.get(reverse("comercial:crm:prospectos") + MES).content.decode()


def test_validar_prospecto_desde_la_lista(client, lider, datos):
    prospecto = datos["ana"][0]
    client.force_login(lider)
    url = reverse("comercial:crm:prospecto_accion", args=[prospecto.pk, "validar"])
    siguiente = reverse("comercial:crm:prospectos") + MES

    # The missing answer: the prospect's page again (200) with what was typed and the error.
    respuesta = client.post(
        url, {"resultado": "valido", "recibio_asesoria": "", "notas": "Llamé dos veces", "siguiente": siguiente}
    )
    html = respuesta.content.decode()
    assert respuesta.status_code == 200 and services.ERROR_FALTA_RESPUESTA in html
    assert 'value="Llamé dos veces"' in html and '<option value="valido" selected>' in html
    assert Prospecto.objects.get(pk=prospecto.pk).estado == "pendiente"

    respuesta = client.post(url, {"resultado": "valido", "recibio_asesoria": "si", "siguiente": siguiente})
    assert respuesta.status_code == 302 and respuesta.url == siguiente
    assert Prospecto.objects.get(pk=prospecto.pk).estado == "valido"
    respuesta = client.post(url, {"resultado": "falso", "notas": "Otra vez", "siguiente": siguiente})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "No se puede «Marcar el prospecto como falso» en el estado «Válido»." in html
    assert 'value="Otra vez"' in html
    assert Prospecto.objects.get(pk=prospecto.pk).estado == "valido"


def test_validar_actividad_sin_motivo_muestra_el_error(client, lider, datos):
    actividad = datos["ana"][1]
    client.force_login(lider)
    url = reverse("comercial:crm:actividad_accion", args=[actividad.pk, "validar"])
    respuesta = client.post(url, {"decision": "no_valida", "motivo": "   "})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200 and services.ERROR_FALTA_MOTIVO in html
    assert '<option value="no_valida" selected>' in html
    actividad.refresh_from_db()
    assert actividad.validacion == "pendiente"
    respuesta = client.post(url, {"decision": "no_valida", "motivo": "Sin evidencia"})
    assert respuesta.status_code == 302 and respuesta.url == reverse("comercial:crm:actividad", args=[actividad.pk])
    actividad.refresh_from_db()
    assert (actividad.validacion, actividad.motivo) == ("no_valida", "Sin evidencia")


def test_importar_archivo_malo_desde_la_pagina_muestra_filas_y_no_guarda(client, lider, ana):
    client.force_login(lider)
    archivo = archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana), fila_trafico("T2", ana, fecha="ayer")])
    respuesta = client.post(reverse("comercial:crm:importar"), {"tipo": "trafico", "archivo": archivo})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "<td>3</td><td>Fecha</td><td>«ayer» no es una fecha válida (use DD/MM/AAAA).</td>" in html
    assert services.ERROR_FILAS.format(n=1) in html
    assert '<option value="trafico" selected>' in html
    assert not Importacion.objects.exists() and not Prospecto.objects.exists()

    archivo = archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)])
    respuesta = client.post(reverse("comercial:crm:importar"), {"tipo": "trafico", "archivo": archivo})
    assert respuesta.status_code == 302 and Prospecto.objects.count() == 1


def test_enviar_avisos_desde_la_pagina(client, lider, datos):
    services.actividad_validar(actor=lider, actividad=datos["ana"][1], valida=False, motivo="Sin evidencia")
    client.force_login(lider)
    respuesta = client.post(reverse("comercial:crm:avisos"), follow=True)
    assert "Se enviaron 1 correo(s) a asesores con 1 actividades." in respuesta.content.decode()
    respuesta = client.post(reverse("comercial:crm:avisos"), follow=True)
    assert "No hay actividades no válidas pendientes de aviso." in respuesta.content.decode()


def _sembrar(perfil, n, inicio=0):
    prospectos = [ProspectoFactory(perfil=perfil, fecha=date(2026, 3, 1 + (inicio + i) % 28)) for i in range(n)]
    for p in prospectos:
        ActividadFactory(prospecto=p)
    services.recalcular_seguimiento([p.pk for p in prospectos])


@pytest.mark.parametrize(
    ("rol", "pagina", "consultas"),
    [
        ("lider_crm", "semaforo", 8),
        ("lider_crm", "prospectos", 7),
        ("lider_crm", "actividades", 6),
        ("asesor_comercial", "semaforo", 10),
        ("gerente_comercial", "semaforo", 10),
        ("lider_crm", "inicio", 7),  # its 2 KPI aggregates come from the cache after the first visit
    ],
)
def test_consultas_constantes_con_mas_filas(
    client, crear_usuario, carrazos, gerente, ana, luis, rol, pagina, consultas, django_assert_num_queries
):
    usuario = {"asesor_comercial": ana.usuario, "gerente_comercial": gerente}.get(rol) or crear_usuario(
        rol, organizacion=carrazos
    )
    client.force_login(usuario)
    url = reverse(f"comercial:crm:{pagina}") + MES
    with time_machine.travel(date(2026, 3, 20), tick=False):
        _sembrar(ana, 3)
        _sembrar(luis, 2)
        client.get(url)  # warm the session
        with django_assert_num_queries(consultas):
            assert client.get(url).status_code == 200
        _sembrar(ana, 40, inicio=3)
        _sembrar(luis, 30)
        with django_assert_num_queries(consultas):
            assert client.get(url).status_code == 200


def test_otra_marca_sin_gerente_no_se_filtra_a_otro_gerente(client, crear_usuario, carrazos, datos):
    otro_gerente = crear_usuario("gerente_comercial", organizacion=carrazos)
    marca = MarcaFactory(organizacion=carrazos, gerente=otro_gerente)
    propio = ProspectoFactory(perfil=PerfilAsesorFactory(marca=marca), fecha=date(2026, 3, 9))
    client.force_login(otro_gerente)
    lista = client.get(reverse("comercial:crm:prospectos") + MES).content.decode()
    assert propio.id_spiga in lista and datos["ana"][0].id_spiga not in lista
