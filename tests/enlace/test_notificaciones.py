"""In-app notifications and the outbox writers: services, selectors and views.

Delivery over real SMTP and a real broker is proven in test_bandeja_salida.py; here the
email backend is Django's locmem one and on-commit callbacks are captured, never run
against a broker.
"""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace import tasks
from enlace.models import CorreoSaliente, Notificacion
from enlace.notificaciones import selectors, services
from tests.ayudas import afirmar_404_para

pytestmark = pytest.mark.django_db

Estado = CorreoSaliente.Estado


def _notificaciones(usuario, cantidad, **campos):
    return Notificacion.objects.bulk_create(
        [Notificacion(destinatario=usuario, titulo=f"Aviso {i}", cuerpo="Texto", **campos) for i in range(cantidad)]
    )


@pytest.fixture
def usuario(crear_usuario):
    return crear_usuario("cop")


@pytest.fixture
def cliente(client, usuario):
    client.force_login(usuario)
    return client


# --- notificar / encolar_correo ------------------------------------------------


def test_notificar_escribe_notificacion_y_correo_y_publica_solo_tras_commit(
    crear_usuario, django_capture_on_commit_callbacks
):
    ana, beto = crear_usuario("cop"), crear_usuario("asesor")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        creadas = services.notificar(
            destinatarios=[ana, beto, ana],
            titulo="Apartado validado",
            cuerpo="La unidad 12 quedó apartada.",
            enlace="/x/",
        )
        # Inside the transaction: rows written, nothing published or sent.
        assert len(creadas) == 2
        assert CorreoSaliente.objects.filter(estado=Estado.PENDIENTE).count() == 2
        assert callbacks == []
    assert len(callbacks) == 1  # one publish for both emails, registered for after commit
    assert mail.outbox == []
    correo = CorreoSaliente.objects.get(para=ana.email)
    assert correo.notificacion.destinatario == ana
    assert correo.asunto == "Apartado validado"
    assert "La unidad 12 quedó apartada." in correo.cuerpo_texto
    assert "http://127.0.0.1:8000/x/" in correo.cuerpo_texto
    assert 'href="http://127.0.0.1:8000/x/"' in correo.cuerpo_html
    assert correo.proximo_intento <= timezone.now()


def test_notificar_revertido_no_deja_nada(usuario, django_capture_on_commit_callbacks):
    class Falla(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Falla), transaction.atomic():
        services.notificar(destinatarios=[usuario], titulo="T", cuerpo="C")
        raise Falla
    assert callbacks == []
    assert not Notificacion.objects.exists()
    assert not CorreoSaliente.objects.exists()


def test_notificar_con_clave_es_idempotente(crear_usuario, django_capture_on_commit_callbacks):
    ana, beto = crear_usuario("cop"), crear_usuario("cop")
    services.notificar(destinatarios=[ana], titulo="T", cuerpo="C", clave="apartado-1-validado")
    with django_capture_on_commit_callbacks() as callbacks:
        segunda = services.notificar(destinatarios=[ana, beto], titulo="T", cuerpo="C", clave="apartado-1-validado")
    assert [n.destinatario for n in segunda] == [beto]
    assert Notificacion.objects.filter(clave="apartado-1-validado").count() == 2
    assert CorreoSaliente.objects.filter(clave="apartado-1-validado").count() == 2
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.notificar(destinatarios=[ana, beto], titulo="T", cuerpo="C", clave="apartado-1-validado") == []
    assert callbacks == []
    assert CorreoSaliente.objects.count() == 2


def test_notificar_varios_en_consultas_constantes_y_gana_el_primer_aviso_de_cada_clave(
    crear_usuario, django_capture_on_commit_callbacks, django_assert_num_queries
):
    ana, beto, carla = crear_usuario("cop"), crear_usuario("cop"), crear_usuario("cop")
    services.notificar(destinatarios=[carla], titulo="Ya avisada", cuerpo="C", clave="lote-1")
    pdf = services.Adjunto("informe.pdf", b"%PDF-1.4 prueba")
    avisos = [
        services.Aviso([ana], "Para Ana", "Suyo", clave="lote-1", adjuntos=(pdf,)),
        services.Aviso([ana, beto, carla], "Para todos", "De la red", clave="lote-1"),
        services.Aviso([ana], "Sin clave", "Uno", por_correo=False),
        services.Aviso([ana], "Sin clave", "Dos", por_correo=False),
    ]
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(10):
        creadas = services.notificar_varios(avisos)
    assert [(n.destinatario, n.titulo) for n in creadas] == [
        (ana, "Para Ana"),
        (beto, "Para todos"),
        (ana, "Sin clave"),
        (ana, "Sin clave"),
    ]
    assert Notificacion.objects.get(destinatario=carla).titulo == "Ya avisada"  # nothing new for her
    correos = {c.para: c for c in CorreoSaliente.objects.filter(clave="lote-1")}
    assert correos[ana.email].asunto == "Para Ana" and correos[beto.email].asunto == "Para todos"
    assert [a.nombre for a in correos[ana.email].adjuntos.all()] == ["informe.pdf"]
    assert not correos[beto.email].adjuntos.exists()
    assert len(callbacks) == 1  # one publish for the whole call


@pytest.mark.parametrize("enlace", ["https://otro.example/", "//otro.example/x", "javascript:alert(1)"])
def test_notificar_solo_acepta_enlaces_del_sitio(usuario, enlace):
    with pytest.raises(ValueError):
        services.notificar(destinatarios=[usuario], titulo="T", cuerpo="C", enlace=enlace)
    assert not Notificacion.objects.exists()


def test_notificar_sin_correo_o_usuario_inactivo(crear_usuario):
    activo, inactivo = crear_usuario("cop"), crear_usuario("cop", is_active=False)
    services.notificar(destinatarios=[activo], titulo="Solo campana", cuerpo="", por_correo=False)
    services.notificar(destinatarios=[inactivo], titulo="Inactivo", cuerpo="")
    assert Notificacion.objects.count() == 2
    assert not CorreoSaliente.objects.exists()


def test_encolar_correo_para_quien_no_es_usuario(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        correo = services.encolar_correo(
            para="cliente@ejemplo.test", asunto="Su encuesta\r\nBcc: x@y", cuerpo_texto="Hola", clave="encuesta-9"
        )
        repetido = services.encolar_correo(
            para="cliente@ejemplo.test", asunto="Otra", cuerpo_texto="", clave="encuesta-9"
        )
    assert repetido is None
    assert len(callbacks) == 1
    assert correo.estado == Estado.PENDIENTE
    assert correo.asunto == "Su encuesta Bcc: x@y"  # one line: no header injection
    assert CorreoSaliente.objects.count() == 1


# --- dispatch with the locmem backend -------------------------------------------


def test_enviar_correo_una_sola_vez_con_message_id_fijo(usuario):
    correo = services.encolar_correo(para="a@ejemplo.test", asunto="Hola", cuerpo_texto="Texto", cuerpo_html="<p>T</p>")
    assert services.enviar_correo(correo.pk) is True
    assert services.enviar_correo(correo.pk) is False
    assert len(mail.outbox) == 1
    correo.refresh_from_db()
    assert correo.estado == Estado.ENVIADO
    assert correo.intentos == 1
    assert correo.enviado_en is not None
    mensaje = mail.outbox[0]
    assert mensaje.extra_headers["Message-ID"] == services.message_id(correo)
    assert services.message_id(correo).startswith(f"<correo-{correo.pk}.")
    assert mensaje.alternatives[0][1] == "text/html"


def test_enviar_correo_respeta_proximo_intento():
    correo = services.encolar_correo(para="a@ejemplo.test", asunto="Hola", cuerpo_texto="Texto")
    CorreoSaliente.objects.filter(pk=correo.pk).update(proximo_intento=timezone.now() + timedelta(minutes=5))
    assert services.enviar_correo(correo.pk) is False
    assert services.barrer_bandeja_salida() == 0
    assert mail.outbox == []


def test_espera_exponencial_con_tope(settings):
    settings.ENLACE_BANDEJA_REINTENTO_SEGUNDOS = 60
    esperas = [services.espera_tras_fallo(n).total_seconds() for n in (1, 2, 3, 4, 10, 20)]
    assert esperas == [60, 120, 240, 480, 3600, 3600]


def test_barrido_libera_envios_con_arriendo_vencido(caplog):
    correo = services.encolar_correo(para="a@ejemplo.test", asunto="Hola", cuerpo_texto="Texto")
    hace_rato = timezone.now() - services.ARRIENDO_ENVIO - timedelta(minutes=1)
    CorreoSaliente.objects.filter(pk=correo.pk).update(estado=Estado.ENVIANDO, reclamado_en=hace_rato)
    reciente = services.encolar_correo(para="b@ejemplo.test", asunto="Hola", cuerpo_texto="Texto")
    CorreoSaliente.objects.filter(pk=reciente.pk).update(estado=Estado.ENVIANDO, reclamado_en=timezone.now())
    with caplog.at_level(logging.WARNING):
        assert services.barrer_bandeja_salida() == 1
    correo.refresh_from_db()
    reciente.refresh_from_db()
    assert correo.estado == Estado.ENVIADO
    assert correo.intentos == 2  # the interrupted attempt counts
    assert reciente.estado == Estado.ENVIANDO  # its worker may still be sending: untouched
    assert [m.to for m in mail.outbox] == [["a@ejemplo.test"]]
    assert "vencidos liberados" in caplog.text


def test_despachar_bandeja_a_mano(capsys):
    for i in range(3):
        services.encolar_correo(para=f"c{i}@ejemplo.test", asunto="Hola", cuerpo_texto="Texto")
    call_command("despachar_bandeja")
    assert "3 correo(s) enviados; 0 pendiente(s); 0 fallido(s)." in capsys.readouterr().out
    assert len(mail.outbox) == 3


def test_las_tareas_de_beat_existen(settings):
    from enlace.celery import app as celery_app

    for entrada in settings.CELERY_BEAT_SCHEDULE.values():
        if entrada["task"].startswith("enlace."):
            assert entrada["task"] in celery_app.tasks


def test_latido_registra_hora_y_pendientes(caplog):
    services.encolar_correo(para="a@ejemplo.test", asunto="Hola", cuerpo_texto="Texto")
    with caplog.at_level(logging.INFO, logger="enlace.tasks"):
        assert tasks.latido() == 1
    assert "latido de beat: " in caplog.text
    assert "1 correos pendientes" in caplog.text


def test_limpiar_sesiones_borra_las_vencidas():
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    vencida, vigente = SessionStore(), SessionStore()
    vencida.create()
    vigente.create()
    Session.objects.filter(session_key=vencida.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    tasks.limpiar_sesiones()
    assert list(Session.objects.values_list("session_key", flat=True)) == [vigente.session_key]


# --- marcar leída ---------------------------------------------------------------


def test_marcar_leida_es_idempotente_y_solo_del_dueno(usuario, crear_usuario):
    propia = _notificaciones(usuario, 1)[0]
    ajena = _notificaciones(crear_usuario("cop"), 1)[0]
    primera = services.marcar_leida(actor=usuario, notificacion_id=propia.pk).leida_en
    assert primera is not None
    assert services.marcar_leida(actor=usuario, notificacion_id=propia.pk).leida_en == primera
    with pytest.raises(services.NotificacionNoEncontrada):
        services.marcar_leida(actor=usuario, notificacion_id=ajena.pk)
    ajena.refresh_from_db()
    assert ajena.leida_en is None


def test_marcar_todas_leidas_solo_las_propias(usuario, crear_usuario):
    otro = crear_usuario("cop")
    _notificaciones(usuario, 3)
    _notificaciones(otro, 2)
    assert services.marcar_todas_leidas(actor=usuario) == 3
    assert services.marcar_todas_leidas(actor=usuario) == 0
    assert selectors.notificaciones_no_leidas(usuario) == 0
    assert selectors.notificaciones_no_leidas(otro) == 2


# --- views ----------------------------------------------------------------------

URLS_GET = [reverse("notificaciones:lista"), reverse("notificaciones:campana")]


@pytest.mark.parametrize("url", URLS_GET)
def test_vistas_exigen_sesion(client, url):
    respuesta = client.get(url)
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("login"))


def test_campana_htmx_sin_sesion_manda_la_pagina_al_login(client):
    respuesta = client.get(reverse("notificaciones:campana"), headers={"HX-Request": "true", "HX-Current-URL": "/"})
    assert respuesta["HX-Redirect"].startswith(reverse("login"))


def test_post_exige_sesion(client, usuario):
    notificacion = _notificaciones(usuario, 1)[0]
    for url in (
        reverse("notificaciones:marcar_leida", args=[notificacion.pk]),
        reverse("notificaciones:marcar_todas_leidas"),
    ):
        respuesta = client.post(url)
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith(reverse("login"))
    notificacion.refresh_from_db()
    assert notificacion.leida_en is None


def test_campana_muestra_no_leidas_propias(cliente, usuario, crear_usuario):
    _notificaciones(usuario, 3)
    _notificaciones(usuario, 2, leida_en=timezone.now())
    _notificaciones(crear_usuario("cop"), 4)
    respuesta = cliente.get(reverse("notificaciones:campana"), headers={"HX-Request": "true"})
    html = respuesta.content.decode()
    assert '<span class="contador" aria-hidden="true">3</span>' in html
    assert 'aria-label="Notificaciones: 3 sin leer"' in html
    # The refreshed bell keeps polling but must not carry "load" (the swap would loop).
    assert 'hx-trigger="every 30s"' in html
    assert 'hx-swap="outerHTML"' in html


def test_campana_sin_no_leidas_no_muestra_contador(cliente):
    html = cliente.get(reverse("notificaciones:campana")).content.decode()
    assert "contador" not in html
    assert 'aria-label="Notificaciones"' in html


def test_campana_de_la_cabecera_carga_el_contador(cliente):
    html = cliente.get(reverse("notificaciones:lista")).content.decode()
    assert f'hx-get="{reverse("notificaciones:campana")}"' in html
    assert 'hx-trigger="load, every 30s"' in html


@pytest.mark.parametrize("filas", [1, 25])
def test_campana_consultas_constantes(cliente, usuario, filas, django_assert_num_queries):
    _notificaciones(usuario, filas)
    # session, user, unread COUNT
    with django_assert_num_queries(3):
        respuesta = cliente.get(reverse("notificaciones:campana"))
    assert f">{filas}</span>" in respuesta.content.decode()


def test_lista_propia_paginada_y_no_marca_nada(cliente, usuario, crear_usuario):
    _notificaciones(usuario, 35)
    _notificaciones(crear_usuario("cop"), 1, enlace="/ajena/")
    respuesta = cliente.get(reverse("notificaciones:lista"))
    assert respuesta.status_code == 200
    pagina = respuesta.context["pagina"]
    assert len(pagina.object_list) == 30
    assert pagina.paginator.count == 35
    assert all(n.destinatario_id == usuario.pk for n in pagina.object_list)
    html = respuesta.content.decode()
    assert "35 notificaciones sin leer." in html
    assert "Marcar todas como leídas" in html
    assert "Página 1 de 2" in html
    assert "/ajena/" not in html
    segunda = cliente.get(reverse("notificaciones:lista"), {"pagina": 2})
    assert len(segunda.context["pagina"].object_list) == 5
    assert selectors.notificaciones_no_leidas(usuario) == 35


def test_lista_muestra_hora_en_la_zona_del_usuario(client, crear_usuario):
    usuario = crear_usuario("cop", zona_horaria="America/Bogota")
    notificacion = _notificaciones(usuario, 1)[0]
    Notificacion.objects.filter(pk=notificacion.pk).update(creada=datetime(2026, 3, 1, 15, 30, tzinfo=UTC))
    client.force_login(usuario)
    assert "01/03/2026 10:30" in client.get(reverse("notificaciones:lista")).content.decode()


def test_lista_vacia(cliente):
    html = cliente.get(reverse("notificaciones:lista")).content.decode()
    assert "Todavía no tiene notificaciones." in html
    assert "Marcar todas como leídas" not in html


@pytest.mark.parametrize("filas", [2, 40])
def test_lista_consultas_constantes(cliente, usuario, filas, django_assert_num_queries):
    _notificaciones(usuario, filas, enlace="/operaciones/")
    # session, user, page COUNT, unread COUNT, role + 2 permission queries (navigation), page SELECT
    with django_assert_num_queries(7):  # + the menu's 4 counters, in one query
        respuesta = cliente.get(reverse("notificaciones:lista"))
    assert respuesta.status_code == 200


def test_marcar_leida_redirige_al_enlace(cliente, usuario):
    notificacion = _notificaciones(usuario, 1, enlace="/operaciones/")[0]
    respuesta = cliente.post(reverse("notificaciones:marcar_leida", args=[notificacion.pk]))
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/operaciones/"
    notificacion.refresh_from_db()
    assert notificacion.leida_en is not None


def test_marcar_leida_sin_enlace_o_con_enlace_externo_vuelve_a_la_lista(cliente, usuario):
    for enlace in ("", "https://malicioso.example/"):
        notificacion = _notificaciones(usuario, 1, enlace=enlace)[0]
        respuesta = cliente.post(reverse("notificaciones:marcar_leida", args=[notificacion.pk]))
        assert respuesta["Location"] == reverse("notificaciones:lista")


def test_marcar_leida_htmx_devuelve_el_fragmento_y_la_campana(cliente, usuario):
    notificacion, _otra = _notificaciones(usuario, 2, enlace="/operaciones/")
    respuesta = cliente.post(
        reverse("notificaciones:marcar_leida", args=[notificacion.pk]), headers={"HX-Request": "true"}
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert f'id="notificacion-{notificacion.pk}"' in html
    assert "leída el" in html
    assert "Marcar como leída" not in html
    assert 'id="campana"' in html
    assert 'hx-swap-oob="true"' in html
    assert '<span class="contador" aria-hidden="true">1</span>' in html
    assert "<html" not in html


def test_marcar_leida_ajena_da_404(client, usuario, crear_usuario):
    ajena = _notificaciones(crear_usuario("cop"), 1)[0]
    afirmar_404_para(client, usuario, reverse("notificaciones:marcar_leida", args=[ajena.pk]), "post")
    ajena.refresh_from_db()
    assert ajena.leida_en is None


@pytest.mark.parametrize("nombre", ["marcar_leida", "marcar_todas_leidas"])
def test_marcar_solo_por_post(cliente, usuario, nombre):
    notificacion = _notificaciones(usuario, 1)[0]
    args = [notificacion.pk] if nombre == "marcar_leida" else []
    assert cliente.get(reverse(f"notificaciones:{nombre}", args=args)).status_code == 405
    notificacion.refresh_from_db()
    assert notificacion.leida_en is None


def test_marcar_todas_leidas(cliente, usuario, crear_usuario):
    otro = crear_usuario("cop")
    _notificaciones(usuario, 3)
    _notificaciones(otro, 1)
    respuesta = cliente.post(reverse("notificaciones:marcar_todas_leidas"), follow=True)
    assert respuesta.redirect_chain == [(reverse("notificaciones:lista"), 302)]
    assert "Se marcaron 3 notificaciones como leídas." in respuesta.content.decode()
    assert selectors.notificaciones_no_leidas(usuario) == 0
    assert selectors.notificaciones_no_leidas(otro) == 1


def test_identificadores_grandes_se_escriben_sin_separador_de_miles(cliente, usuario):
    notificacion = Notificacion.objects.create(destinatario=usuario, titulo="Aviso", cuerpo="", pk=12345)
    respuesta = cliente.post(
        reverse("notificaciones:marcar_leida", args=[notificacion.pk]), headers={"HX-Request": "true"}
    )
    assert 'id="notificacion-12345"' in respuesta.content.decode()
