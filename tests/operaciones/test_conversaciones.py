# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega
"""The conversation of an operación: who takes part, who each message rings and by which channel, the read
state, the unread-mail sweep (once, even twice or concurrently), attachments, and the timeline."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from enlace.acciones import AccionRechazada
from enlace.models import CorreoSaliente, Notificacion
from operaciones import mensajes, services
from operaciones.models import AdjuntoMensaje, AvisoMensaje, Hilo, Mensaje
from operaciones.services.comun import ErrorOperacion
from tests.operaciones.factories import ConcesionarioFactory
from tests.operaciones.fixtures_entrega import PDF, PNG, almacen_temporal, archivos_guardados  # noqa: F401
from tests.operaciones.fixtures_negociacion import UNIDAD_A_CUENTA

pytestmark = pytest.mark.django_db


def png(nombre="frente.png", contenido=PNG):
    return SimpleUploadedFile(nombre, contenido, content_type="image/png")


def enviar(actor, apartado, tipo="otra", texto="Hola", **extra):
    return services.mensaje_enviar(actor=actor, apartado=apartado, tipo=tipo, texto=texto, **extra)


@pytest.fixture
def equipo(cop, asesor, gerente_ventas, gerente_general, webmaster, crear_usuario, concesionario):
    """Everybody the owning concesionario has, plus the asesor and the COP."""
    financiera = crear_usuario("gerente_financiera", organizacion=concesionario)
    return {
        "cop": cop,
        "asesor": asesor,
        "gerente_ventas": gerente_ventas,
        "gerente_general": gerente_general,
        "gerente_financiera": financiera,
        "webmaster": webmaster,
    }


@pytest.fixture
def tercero(red, crear_usuario):
    """A gerente general of a third concesionario of the same network."""
    return crear_usuario("gerente_general", organizacion=ConcesionarioFactory(padre=red, nombre="Tercero"))


def notificados(mensaje):
    return {n.destinatario.email for n in Notificacion.objects.filter(clave=f"operaciones-mensaje-{mensaje.pk}")}


def nombres(equipo, *roles):
    return {equipo[r].email for r in roles}


# --- Who takes part ----------------------------------------------------------------------------------


def test_otro_concesionario_recibe_404_en_la_conversacion_y_sus_adjuntos(client, apartado, asesor, tercero):
    mensaje = enviar(asesor, apartado, "fotos_videos", "Fotos del interior", adjuntos=[png()])
    adjunto = mensaje.adjuntos.get()
    client.force_login(tercero)
    url = reverse("operaciones:conversacion", args=[apartado.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"tipo": "respuesta", "texto": "Intruso"}).status_code == 404
    assert client.get(reverse("operaciones:adjunto_mensaje", args=[apartado.pk, adjunto.pk])).status_code == 404
    assert Mensaje.objects.count() == 1


def test_quien_no_participa_no_puede_escribir(client, apartado, gerente_otro, otro_asesor):
    """Concesionario A's gerente, without a Trade-In, and another asesor: 404 on the page, refused by the service."""
    for intruso in (gerente_otro, otro_asesor):
        client.force_login(intruso)
        url = reverse("operaciones:conversacion", args=[apartado.pk])
        assert client.post(url, {"tipo": "respuesta", "texto": "Hola"}).status_code == 404
        with pytest.raises(AccionRechazada) as rechazo:
            enviar(intruso, apartado, "respuesta")
        assert rechazo.value.mensaje == mensajes.NO_PARTICIPA
    assert not Hilo.objects.exists() and not Mensaje.objects.exists()


def test_en_un_trade_in_el_concesionario_a_participa(
    client, cop, asesor, gerente_otro, gerente_ventas, unidad, apartar, crear_usuario
):
    from tests.operaciones.semillas import sembrar_configuracion

    sembrar_configuracion()
    pendiente = apartar(unidad, descuento_solicitado=0, unidad_a_cuenta=True, unidad_a_cuenta_descripcion="Tsuru")
    services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=pendiente)
    operacion = services.apartado_validar(actor=cop, apartado=pendiente)
    services.tradein_activar(actor=cop, apartado=operacion, unidad=UNIDAD_A_CUENTA)
    client.force_login(gerente_otro)
    url = reverse("operaciones:conversacion", args=[operacion.pk])
    assert client.get(url).status_code == 200
    respuesta = client.post(url, {"tipo": "respuesta", "texto": "Recibimos el Tsuru"})
    assert respuesta.status_code == 302
    assert Mensaje.objects.get().autor == gerente_otro
    # A COP request of photos then rings A's webmaster too.
    webmaster_a = crear_usuario("webmaster", organizacion=gerente_otro.organizacion)
    fotos = enviar(cop, operacion, "fotos_videos", "Fotos del Tsuru")
    assert webmaster_a.email in notificados(fotos)


def test_el_rol_solo_envia_los_tipos_que_le_tocan(apartado, asesor, gerente_ventas):
    with pytest.raises(ErrorOperacion) as rechazo:
        enviar(asesor, apartado, "intervencion")
    assert rechazo.value.mensaje == mensajes.TIPO_MENSAJE_NO_PERMITIDO.format(tipo="Intervención del COP")
    with pytest.raises(ErrorOperacion):
        enviar(gerente_ventas, apartado, "descuento")
    assert not Mensaje.objects.exists()


@pytest.mark.parametrize("texto", ["", "   ", "x" * (services.MAX_TEXTO + 1)])
def test_un_texto_vacio_o_demasiado_largo_no_se_guarda(apartado, asesor, texto):
    with pytest.raises(ErrorOperacion):
        enviar(asesor, apartado, "otra", texto)
    assert not Mensaje.objects.exists()


# --- Who each message rings, and by which channel --------------------------------------------------------

# (author, kind) → who gets the bell. The COP is the intermediary: a message of the asesor or the concesionario
# rings the COP; the COP's rings the roles its kind is for (seed: «Soporte de Operación»). Photos and videos also go
# straight between the asesor and the webmaster (the asesor's request rings the webmaster, the webmaster's answer the
# asesor).
CASOS_DESTINATARIOS = {
    ("asesor", "disponibilidad"): {"cop"},
    ("asesor", "descuento"): {"cop"},
    ("asesor", "entrega"): {"cop"},
    ("asesor", "fotos_videos"): {"cop", "webmaster"},
    ("asesor", "otra"): {"cop"},
    ("asesor", "respuesta"): {"cop"},
    ("asesor", "escalamiento"): {"cop"},
    ("gerente_ventas", "respuesta"): {"cop"},
    ("webmaster", "respuesta"): {"cop", "asesor"},
    ("gerente_general", "escalamiento"): {"cop"},
    ("cop", "disponibilidad"): {"gerente_ventas", "gerente_general"},
    ("cop", "descuento"): {"gerente_ventas", "gerente_general"},
    ("cop", "entrega"): {"gerente_ventas", "gerente_general"},
    ("cop", "fotos_videos"): {"webmaster"},
    ("cop", "escalamiento"): {"gerente_general"},
    ("cop", "intervencion"): {"asesor"},
    ("cop", "respuesta"): {"asesor", "gerente_ventas", "gerente_general", "gerente_financiera", "webmaster"},
    ("cop", "otra"): {"asesor", "gerente_ventas", "gerente_general", "gerente_financiera", "webmaster"},
}


@pytest.mark.parametrize(("autor", "tipo"), sorted(CASOS_DESTINATARIOS))
def test_cada_tipo_suena_la_campana_de_quien_corresponde(
    django_capture_on_commit_callbacks, equipo, apartado, autor, tipo
):
    with django_capture_on_commit_callbacks(execute=False):
        mensaje = enviar(equipo[autor], apartado, tipo, "Texto")
    esperados = nombres(equipo, *CASOS_DESTINATARIOS[(autor, tipo)])
    assert notificados(mensaje) == esperados
    assert set(AvisoMensaje.objects.filter(mensaje=mensaje).values_list("destinatario__email", flat=True)) == esperados
    correos = set(
        CorreoSaliente.objects.filter(clave=f"operaciones-mensaje-{mensaje.pk}").values_list("para", flat=True)
    )
    if tipo == "escalamiento":  # bell and email at once; the sweep has nothing left to send
        assert correos == {equipo[r].email for r in CASOS_DESTINATARIOS[(autor, tipo)]}
        assert not AvisoMensaje.objects.filter(mensaje=mensaje, correo="pendiente").exists()
    else:  # bell only; the email waits for the sweep
        assert correos == set()
        assert not AvisoMensaje.objects.filter(mensaje=mensaje).exclude(correo="pendiente").exists()


def test_las_notificaciones_salen_solo_tras_el_commit(django_capture_on_commit_callbacks, equipo, apartado):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enviar(equipo["asesor"], apartado, "escalamiento", "Urgente")
    assert callbacks, "el correo del escalamiento se publica al confirmar la transacción"


# --- Read state and the unread-mail sweep ---------------------------------------------------------------


def _minutos(settings):
    return settings.OPERACIONES_CORREO_SI_NO_LEIDO_MIN


def test_el_barrido_envia_una_sola_vez_lo_no_leido(settings, equipo, apartado):
    settings.OPERACIONES_CORREO_SI_NO_LEIDO_MIN = 30
    mensaje = enviar(equipo["cop"], apartado, "disponibilidad", "¿Sigue disponible?")
    claves = CorreoSaliente.objects.filter(clave__startswith="operaciones-mensaje-no-leido-")
    assert services.mensajes_correo_no_leidos() == 0  # too early
    assert not claves.exists()
    despues = mensaje.creado + timedelta(minutes=31)
    with time_machine.travel(despues):
        assert services.mensajes_correo_no_leidos() == 2  # gerente de ventas and gerente general
        assert services.mensajes_correo_no_leidos() == 0  # run again: nothing
    assert set(claves.values_list("para", flat=True)) == {
        equipo["gerente_ventas"].email,
        equipo["gerente_general"].email,
    }
    assert claves.count() == 2
    assert set(AvisoMensaje.objects.values_list("correo", flat=True)) == {"enviado"}


def test_quien_ya_leyo_no_recibe_correo(client, settings, equipo, apartado):
    mensaje = enviar(equipo["cop"], apartado, "disponibilidad", "¿Sigue disponible?")
    client.force_login(equipo["gerente_ventas"])
    assert client.get(reverse("operaciones:conversacion", args=[apartado.pk])).status_code == 200
    with time_machine.travel(mensaje.creado + timedelta(minutes=_minutos(settings) + 1)):
        assert services.mensajes_correo_no_leidos() == 1
    avisos = dict(AvisoMensaje.objects.values_list("destinatario__email", "correo"))
    assert avisos == {equipo["gerente_ventas"].email: "innecesario", equipo["gerente_general"].email: "enviado"}


def test_leer_antes_del_mensaje_no_cuenta_como_leido(client, settings, equipo, apartado):
    enviar(equipo["asesor"], apartado, "otra", "Primero")
    client.force_login(equipo["cop"])
    client.get(reverse("operaciones:conversacion", args=[apartado.pk]))
    segundo = enviar(equipo["asesor"], apartado, "otra", "Segundo")
    with time_machine.travel(segundo.creado + timedelta(minutes=_minutos(settings) + 1)):
        assert services.mensajes_correo_no_leidos() == 1  # only the second one
    assert AvisoMensaje.objects.get(mensaje=segundo).correo == "enviado"


@pytest.mark.django_db(transaction=True)
def test_dos_barridos_a_la_vez_envian_cada_correo_una_vez(settings, cop, asesor, gerente_ventas, apartar, unidad):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED necesita PostgreSQL.")
    from tests.operaciones.factories import UnidadFactory

    mensajes_ = [enviar(asesor, apartar(UnidadFactory(concesionario=unidad.concesionario)), "otra") for _ in range(12)]
    resultados, errores = [], []
    barrera = threading.Barrier(2)
    with time_machine.travel(mensajes_[-1].creado + timedelta(minutes=_minutos(settings) + 1), tick=True):

        def barrer():
            try:
                barrera.wait()
                resultados.append(services.mensajes_correo_no_leidos(lote=3))
            except Exception as error:
                errores.append(repr(error))
            finally:
                connections.close_all()

        hilos = [threading.Thread(target=barrer) for _ in range(2)]
        for hilo in hilos:
            hilo.start()
        for hilo in hilos:
            hilo.join()
    assert errores == []
    assert sum(resultados) == 12
    assert CorreoSaliente.objects.filter(clave__startswith="operaciones-mensaje-no-leido-").count() == 12


def test_la_tarea_llama_al_barrido(settings, equipo, apartado):
    from operaciones.tasks import correo_mensajes_no_leidos

    mensaje = enviar(equipo["asesor"], apartado, "otra")
    with time_machine.travel(mensaje.creado + timedelta(minutes=_minutos(settings) + 1)):
        assert correo_mensajes_no_leidos() == 1
        assert correo_mensajes_no_leidos() == 0


def test_el_horario_del_barrido_esta_en_el_codigo(settings):
    programa = settings.CELERY_BEAT_SCHEDULE["operaciones-correo-mensajes-no-leidos"]
    assert programa["task"] == "operaciones.tasks.correo_mensajes_no_leidos"


# --- Attachments ------------------------------------------------------------------------------------------


def test_adjuntos_validos_se_guardan_en_privado_y_se_sirven_a_participantes(
    client, apartado, asesor, cop, almacen_temporal
):
    documento = SimpleUploadedFile("cotizacion.pdf", PDF, content_type="application/pdf")
    mensaje = enviar(asesor, apartado, "descuento", "Cotización adjunta", adjuntos=[png(), documento])
    assert mensaje.adjuntos.count() == 2 and len(archivos_guardados(almacen_temporal)) == 2
    imagen = mensaje.adjuntos.get(es_imagen=True)
    client.force_login(cop)
    respuesta = client.get(reverse("operaciones:adjunto_mensaje", args=[apartado.pk, imagen.pk]))
    assert respuesta.status_code == 200 and respuesta["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "malo",
    [
        lambda: SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        lambda: SimpleUploadedFile("falso.png", b"%PDF-1.4 no soy imagen", content_type="image/png"),
        lambda: SimpleUploadedFile("vacio.pdf", b"", content_type="application/pdf"),
    ],
    ids=["tipo", "contenido", "vacio"],
)
def test_un_adjunto_malo_se_rechaza_y_no_se_guarda_nada(client, apartado, asesor, almacen_temporal, malo):
    with pytest.raises(ErrorOperacion):
        enviar(asesor, apartado, "otra", "Con adjunto", adjuntos=[png(), malo()])
    client.force_login(asesor)
    url = reverse("operaciones:conversacion", args=[apartado.pk])
    respuesta = client.post(url, {"tipo": "otra", "texto": "Con adjunto", "adjuntos": [png(), malo()]})
    assert respuesta.status_code == 200
    assert "Con adjunto" in respuesta.content.decode()  # the form comes back with what was typed
    assert not Mensaje.objects.exists() and not Hilo.objects.exists() and not AdjuntoMensaje.objects.exists()
    assert archivos_guardados(almacen_temporal) == []
    assert not Notificacion.objects.exists()


def test_un_adjunto_demasiado_grande_se_rechaza(settings, apartado, asesor, almacen_temporal):
    settings.OPERACIONES_ARCHIVO_MAX_BYTES = 40
    with pytest.raises(ErrorOperacion):
        enviar(asesor, apartado, adjuntos=[png(contenido=PNG + b"0" * 100)])
    assert not Mensaje.objects.exists() and archivos_guardados(almacen_temporal) == []


def test_mas_de_cinco_adjuntos_se_rechazan(apartado, asesor):
    with pytest.raises(ErrorOperacion) as rechazo:
        enviar(asesor, apartado, adjuntos=[png(f"{n}.png") for n in range(services.MAX_ADJUNTOS + 1)])
    assert rechazo.value.mensaje == mensajes.DEMASIADOS_ADJUNTOS.format(maximo=services.MAX_ADJUNTOS)


# --- The thread's state, the page and the timeline ------------------------------------------------------


def test_una_solicitud_espera_hasta_que_llega_una_respuesta(equipo, apartado):
    hilo = lambda: Hilo.objects.get(apartado=apartado)  # noqa: E731
    primera = enviar(equipo["asesor"], apartado, "descuento", "¿Hay descuento?")
    assert hilo().esperando_desde == primera.creado
    enviar(equipo["cop"], apartado, "intervencion", "Pide la cotización por escrito")
    enviar(equipo["asesor"], apartado, "otra", "¿Y la entrega?")
    assert hilo().esperando_desde == primera.creado  # still the first wait
    enviar(equipo["cop"], apartado, "respuesta", "Sí, 5 000")
    assert hilo().esperando_desde is None and hilo().n_mensajes == 4


def test_la_pagina_muestra_el_hilo_y_ofrece_los_tipos_del_rol(client, equipo, apartado):
    enviar(equipo["asesor"], apartado, "disponibilidad", "¿Sigue disponible el auto?")
    client.force_login(equipo["asesor"])
    html = client.get(reverse("operaciones:conversacion", args=[apartado.pk])).content.decode()
    assert "¿Sigue disponible el auto?" in html and 'data-accion="mensaje"' in html
    assert 'value="intervencion"' not in html
    client.force_login(equipo["cop"])
    html = client.get(reverse("operaciones:conversacion", args=[apartado.pk])).content.decode()
    assert 'value="intervencion"' in html and "Sin responder desde hace" in html


def test_en_una_operacion_cancelada_la_conversacion_es_de_solo_lectura(client, equipo, apartado):
    enviar(equipo["asesor"], apartado, "otra", "Antes de cancelar")
    services.apartado_cancelar(actor=equipo["cop"], apartado=apartado, motivo="cliente_desiste")
    client.force_login(equipo["asesor"])
    url = reverse("operaciones:conversacion", args=[apartado.pk])
    html = client.get(url).content.decode()
    assert "Antes de cancelar" in html and mensajes.CONVERSACION_CERRADA in html and 'data-accion="mensaje"' not in html
    respuesta = client.post(url, {"tipo": "otra", "texto": "Después"})
    assert mensajes.CONVERSACION_CERRADA in respuesta.content.decode()
    assert Mensaje.objects.count() == 1


def test_los_mensajes_aparecen_en_la_linea_de_tiempo_de_la_operacion(client, equipo, apartado):
    enviar(equipo["asesor"], apartado, "descuento", "Pide 5 000 de descuento")
    client.force_login(equipo["cop"])
    html = client.get(reverse("operaciones:apartado", args=[apartado.pk])).content.decode()
    linea = html[html.index("Línea de tiempo de la operación") :]
    assert "Mensaje · Solicitud de descuento" in linea and "Pide 5 000 de descuento" in linea
    assert linea.index("Apartado") < linea.index("Mensaje · Solicitud de descuento")


def test_el_mensaje_no_es_un_evento_de_la_bitacora_ni_corta_los_tramos(equipo, apartado):
    from enlace.models import Evento

    antes = Evento.objects.count()
    enviar(equipo["asesor"], apartado, "otra", "Hola")
    assert Evento.objects.count() == antes


def test_marcar_leido_no_retrocede(equipo, apartado):
    enviar(equipo["asesor"], apartado, "otra")
    hilo = Hilo.objects.get()
    ahora = timezone.now()
    services.hilo_marcar_leido(actor=equipo["cop"], hilo=hilo, hasta=ahora)
    lectura = services.hilo_marcar_leido(actor=equipo["cop"], hilo=hilo, hasta=ahora - timedelta(hours=1))
    assert lectura.leido_hasta == ahora
