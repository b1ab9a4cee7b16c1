import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from enlace import bitacora
from enlace.models import Evento, Organizacion
from tests.ayudas import afirmar_404_para
from tests.enlace.factories import OrganizacionFactory, UsuarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def red():
    """A network with two concesionarios, and an unrelated business."""
    matriz = OrganizacionFactory(slug="red", tipo=Organizacion.Tipo.RED)
    return {
        "red": matriz,
        "norte": OrganizacionFactory(slug="norte", tipo=Organizacion.Tipo.CONCESIONARIO, padre=matriz),
        "sur": OrganizacionFactory(slug="sur", tipo=Organizacion.Tipo.CONCESIONARIO, padre=matriz),
        "ajena": OrganizacionFactory(slug="ajena"),
    }


def _eventos_por_organizacion(red):
    for slug, organizacion in red.items():
        bitacora.registrar(tipo=f"prueba.{slug}", organizacion=organizacion)


def test_la_matriz_ve_su_organizacion_y_las_de_debajo(red):
    _eventos_por_organizacion(red)
    cop = UsuarioFactory(rol="cop", organizacion=red["red"])
    tipos = set(Evento.objects.visibles_para(cop).values_list("tipo", flat=True))
    assert tipos == {"prueba.red", "prueba.norte", "prueba.sur"}
    assert set(Organizacion.objects.visibles_para(cop)) == {red["red"], red["norte"], red["sur"]}


def test_un_concesionario_solo_ve_lo_suyo(red):
    _eventos_por_organizacion(red)
    gerente = UsuarioFactory(rol="gerente_general", organizacion=red["norte"])
    assert list(Evento.objects.visibles_para(gerente).values_list("tipo", flat=True)) == ["prueba.norte"]
    assert list(Organizacion.objects.visibles_para(gerente)) == [red["norte"]]


def test_superusuario_ve_todo_y_anonimo_nada(red, admin_usuario):
    _eventos_por_organizacion(red)
    assert Evento.objects.visibles_para(admin_usuario).count() == 4
    assert Evento.objects.visibles_para(AnonymousUser()).count() == 0


def test_usuario_sin_organizacion_no_ve_nada(red):
    _eventos_por_organizacion(red)
    assert Evento.objects.visibles_para(UsuarioFactory(organizacion=None)).count() == 0


def test_el_alcance_se_lee_antes_de_la_consulta_en_postgresql(red):
    """The organisations in scope are one subquery run before the query (an init plan), not one more table to
    join: with PostgreSQL's join search, that table made planning a page's query cost 5 to 9 ms."""
    from django.db import connection

    _eventos_por_organizacion(red)
    gerente = UsuarioFactory(rol="gerente_general", organizacion=red["norte"])
    eventos = Evento.objects.visibles_para(gerente).select_related("actor", "organizacion")
    sql = str(eventos.query)
    assert list(eventos.values_list("tipo", flat=True)) == ["prueba.norte"]
    if connection.vendor != "postgresql":
        assert '"organizacion_id" IN (SELECT' in sql
        return
    assert '"organizacion_id" = ANY(ARRAY(SELECT U0."id"' in sql and "ORDER BY U0" not in sql
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql.replace("%", "%%"))
        plan = "\n".join(fila[0] for fila in cursor.fetchall())
    assert "InitPlan" in plan and "Semi Join" not in plan


def test_el_alcance_por_una_relacion():
    """A model whose organisation is reached through another (``ruta_organizacion`` with ``__``) is scoped the same."""
    from operaciones.models import AlertaAntiguedad
    from tests.operaciones.factories import AlertaFactory

    propia, ajena = AlertaFactory(), AlertaFactory()
    assert ajena.unidad.concesionario != propia.unidad.concesionario
    gerente = UsuarioFactory(rol="gerente_general", organizacion=propia.unidad.concesionario)
    assert list(AlertaAntiguedad.objects.visibles_para(gerente)) == [propia]
    cop = UsuarioFactory(rol="cop", organizacion=propia.unidad.concesionario.padre)
    assert set(AlertaAntiguedad.objects.visibles_para(cop)) == {propia, ajena}


def test_get_por_clave_sin_limit(red):
    """``get(pk=…)`` of a scoped queryset reads without ``LIMIT`` (a primary key has no duplicates to notice), finds
    nothing outside the scope, and any other ``get()`` is Django's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gerente = UsuarioFactory(rol="gerente_general", organizacion=red["norte"])
    visibles = Organizacion.objects.visibles_para(gerente)
    with CaptureQueriesContext(connection) as consultas:
        assert visibles.select_related("padre").get(pk=red["norte"].pk) == red["norte"]
    assert len(consultas) == 1 and "LIMIT" not in consultas[0]["sql"]
    with pytest.raises(Organizacion.DoesNotExist):
        visibles.get(pk=red["sur"].pk)
    cop = UsuarioFactory(rol="cop", organizacion=red["red"])
    with pytest.raises(Organizacion.MultipleObjectsReturned):
        Organizacion.objects.visibles_para(cop).get(padre=red["red"])
    with CaptureQueriesContext(connection) as consultas:
        assert Organizacion.objects.visibles_para(cop).get(slug="norte") == red["norte"]
    assert "LIMIT 21" in consultas[0]["sql"]


def test_bitacora_muestra_solo_eventos_de_la_organizacion(client, red):
    _eventos_por_organizacion(red)
    client.force_login(UsuarioFactory(rol="gerente_general", organizacion=red["norte"]))
    contenido = client.get(reverse("bitacora")).content.decode()
    assert "prueba.norte" in contenido
    assert "prueba.sur" not in contenido
    assert "prueba.ajena" not in contenido


def test_bitacora_exige_permiso(client, red):
    client.force_login(UsuarioFactory(rol="asesor", organizacion=red["norte"]))
    assert client.get(reverse("bitacora")).status_code == 403


def test_bitacora_con_consultas_constantes(client, red, django_assert_num_queries):
    cop = UsuarioFactory(rol="cop", organizacion=red["red"])
    client.force_login(cop)
    bitacora.registrar(tipo="prueba.uno", organizacion=red["norte"], actor=cop)
    client.get(reverse("bitacora"))  # warm the content-type and session caches
    # session, user, user and group permissions, groups (rol), one page of events with actor+organisation
    with django_assert_num_queries(7):  # + the menu's 4 counters, in one query
        client.get(reverse("bitacora"))
    bitacora.registrar_varios(
        [bitacora.NuevoEvento(tipo="prueba.muchos", organizacion=red["sur"], actor=cop) for _ in range(60)]
    )
    with django_assert_num_queries(7):  # + the menu's 4 counters, in one query
        respuesta = client.get(reverse("bitacora"))
    assert respuesta.content.decode().count("prueba.muchos") == 50


def test_ayuda_404_para_registro_ajeno(client, red):
    """The shared helper: another organisation's record answers 404 (here, an in-app notification)."""
    from enlace.models import Notificacion

    propia = UsuarioFactory(rol="cop", organizacion=red["red"])
    ajeno = UsuarioFactory(rol="agente", organizacion=red["ajena"])
    notificacion = Notificacion.objects.create(destinatario=propia, titulo="Apartado nuevo")
    afirmar_404_para(client, ajeno, reverse("notificaciones:marcar_leida", args=[notificacion.pk]), metodo="post")
    notificacion.refresh_from_db()
    assert notificacion.leida_en is None


def test_linea_de_tiempo_de_un_objeto(red):
    from enlace.selectors import eventos_de

    bitacora.registrar(tipo="concesionario.alta", objeto=red["norte"], organizacion=red["norte"])
    bitacora.registrar(tipo="otro.objeto", objeto=red["sur"], organizacion=red["sur"])
    bitacora.registrar(tipo="concesionario.cambio", objeto=red["norte"], organizacion=red["norte"])
    assert [evento.tipo for evento in eventos_de(red["norte"])] == ["concesionario.alta", "concesionario.cambio"]


@pytest.mark.parametrize(("zona", "hora"), [("America/Bogota", "07:30"), ("America/La_Paz", "08:30"), ("UTC", "12:30")])
def test_las_horas_se_muestran_en_la_zona_del_usuario(client, red, zona, hora):
    import datetime

    import time_machine

    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, 30, tzinfo=datetime.UTC), tick=False):
        bitacora.registrar(tipo="prueba.hora", organizacion=red["red"])
    client.force_login(UsuarioFactory(rol="cop", organizacion=red["red"], zona_horaria=zona))
    contenido = client.get(reverse("bitacora")).content.decode()
    assert f"02/03/2026 {hora}" in contenido
    assert zona in contenido  # the footer names the zone in use


def test_bitacora_pagina_sin_contar_filas(client, red):
    cop = UsuarioFactory(rol="cop", organizacion=red["red"])
    bitacora.registrar_varios(
        [bitacora.NuevoEvento(tipo=f"prueba.n{i:03d}", organizacion=red["red"]) for i in range(60)]
    )
    client.force_login(cop)
    primera = client.get(reverse("bitacora")).content.decode()
    assert "prueba.n059" in primera and "prueba.n010" in primera and "prueba.n009" not in primera
    assert "Siguiente" in primera and "Anterior" not in primera
    segunda = client.get(reverse("bitacora") + "?pagina=2").content.decode()
    assert "prueba.n009" in segunda and "prueba.n010" not in segunda
    assert "Página 2" in segunda and "Siguiente" not in segunda and "Anterior" in segunda
    assert "prueba.n059" in client.get(reverse("bitacora") + "?pagina=abc").content.decode()
