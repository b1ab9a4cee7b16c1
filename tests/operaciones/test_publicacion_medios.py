"""The webmaster answers an asesor's request for photos and videos in the operación's conversation: the
request rings the webmaster, the answer (JPG/PNG/WEBP and MP4/WebM, checked by magic bytes, videos size-limited
by ``OPERACIONES_VIDEO_MAX_BYTES``, private storage) rings the asesor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from enlace.archivos import ERROR_CONTENIDO, ERROR_TAMANO, validar_subida
from enlace.models import Notificacion
from operaciones import services
from operaciones.models import AdjuntoMensaje, Hilo
from tests.operaciones.fixtures_entrega import PNG, almacen_temporal  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 200


def video(nombre="recorrido.mp4", contenido=MP4):
    return SimpleUploadedFile(nombre, contenido)


def test_la_solicitud_del_asesor_llega_al_webmaster_y_su_respuesta_con_video_al_asesor(
    asesor,
    webmaster,
    cop,
    apartado,
    almacen_temporal,  # noqa: F811
):
    services.mensaje_enviar(actor=asesor, apartado=apartado, tipo="fotos_videos", texto="¿Video del interior?")
    assert Notificacion.objects.filter(destinatario=webmaster).count() == 1
    assert Notificacion.objects.filter(destinatario=cop).count() >= 1

    mensaje = services.mensaje_enviar(
        actor=webmaster,
        apartado=apartado,
        tipo="respuesta",
        texto="Aquí el recorrido y una foto del tablero.",
        adjuntos=[video(), video("tablero.webm", WEBM), SimpleUploadedFile("tablero.png", PNG)],
    )
    adjuntos = list(AdjuntoMensaje.objects.filter(mensaje=mensaje).order_by("id"))
    assert [(a.es_video, a.es_imagen) for a in adjuntos] == [(True, False), (True, False), (False, True)]
    assert all(a.archivo.name.startswith("operaciones/conversaciones/") for a in adjuntos)  # private storage
    assert Notificacion.objects.filter(destinatario=asesor).count() == 1
    assert Hilo.objects.get(apartado=apartado).esperando_desde is None


def test_un_video_que_pasa_del_limite_no_guarda_nada(settings, webmaster, apartado):
    settings.OPERACIONES_VIDEO_MAX_BYTES = 100
    with pytest.raises(services.ErrorOperacion) as error:
        services.mensaje_enviar(actor=webmaster, apartado=apartado, tipo="respuesta", texto="Video", adjuntos=[video()])
    assert error.value.mensaje == ERROR_TAMANO.format(
        nombre="recorrido.mp4", tamano=filesizeformat(len(MP4)), maximo=filesizeformat(100)
    )
    assert not AdjuntoMensaje.objects.exists()


def test_un_video_falso_se_rechaza_por_su_contenido(webmaster, apartado):
    with pytest.raises(services.ErrorOperacion) as error:
        services.mensaje_enviar(
            actor=webmaster, apartado=apartado, tipo="respuesta", texto="Video", adjuntos=[video(contenido=PNG)]
        )
    assert error.value.mensaje == ERROR_CONTENIDO.format(nombre="recorrido.mp4")


def test_el_limite_por_tipo_deja_pasar_un_video_grande_y_no_una_imagen_del_mismo_tamano():
    limites = {"imagen": 100, "video": 10_000}
    assert validar_subida(video(), tipos=("imagen", "video"), max_bytes=limites) == "video"
    with pytest.raises(Exception, match="máximo permitido"):
        validar_subida(SimpleUploadedFile("a.png", PNG + b"\x00" * 200), tipos=("imagen", "video"), max_bytes=limites)


def test_la_pagina_de_la_conversacion_muestra_la_foto_y_el_video(client, asesor, webmaster, apartado, almacen_temporal):  # noqa: F811
    mensaje = services.mensaje_enviar(
        actor=webmaster,
        apartado=apartado,
        tipo="respuesta",
        texto="Video y foto",
        adjuntos=[video(), SimpleUploadedFile("tablero.png", PNG)],
    )
    url = {a.nombre: reverse("operaciones:adjunto_mensaje", args=[apartado.pk, a.pk]) for a in mensaje.adjuntos.all()}
    client.force_login(asesor)
    html = client.get(reverse("operaciones:conversacion", args=[apartado.pk])).content.decode()
    assert "🎞 recorrido.mp4" in html and "🖼 tablero.png" in html
    assert f'<video controls preload="metadata" src="{url["recorrido.mp4"]}"' in html
    assert f'<img src="{url["tablero.png"]}" alt="tablero.png"' in html
