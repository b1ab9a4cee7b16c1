"""The conversation of an operación: messages, read state and the email of what stays unread.

The COP is the intermediary (seed: «Facilitar la comunicación entre asesores de ventas y concesionarios»):
a message from the asesor or a concesionario rings the COP's bell; a message from the COP rings the people
its kind is for (``destinatarios_de``). An escalation message also goes by email at once; any other is
mailed once, by ``mensajes_correo_no_leidos``, to a recipient who has not read it after
``OPERACIONES_CORREO_SI_NO_LEIDO_MIN`` minutes. Messages are not bitácora events (they would cut the
stage intervals of the bottleneck report); the operación's timeline reads them from their own table.
"""

from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from enlace import roles
from enlace.notificaciones.services import encolar_correo, notificar
from operaciones import mensajes
from operaciones.escrituras import ESCRIBIR_MENSAJE
from operaciones.models import AdjuntoMensaje, AvisoMensaje, Hilo, LecturaHilo, Mensaje, TipoMensaje
from operaciones.models.conversaciones import SOLICITUDES
from operaciones.rules import CONFIRMAN, GERENTES
from operaciones.selectors.comun import usuarios
from operaciones.services.actividad import actividad_registrar
from operaciones.services.comun import ErrorOperacion, bloquear_apartado, cop_de, validar_archivo

__all__ = [
    "MAX_ADJUNTOS",
    "MAX_TEXTO",
    "destinatarios_de",
    "hilo_marcar_leido",
    "mensaje_enviar",
    "mensajes_correo_no_leidos",
    "tipos_de_mensaje_para",
]

MAX_TEXTO = 4000
MAX_ADJUNTOS = 5

# The concesionario roles a message of the COP is for, by kind (seed: «Soporte de Operación»).
ROLES_POR_TIPO = {
    TipoMensaje.DISPONIBILIDAD: CONFIRMAN,
    TipoMensaje.DESCUENTO: CONFIRMAN,
    TipoMensaje.ENTREGA: CONFIRMAN,
    TipoMensaje.FOTOS_VIDEOS: ("webmaster",),
    TipoMensaje.ESCALAMIENTO: ("gerente_general",),
    TipoMensaje.OTRA: GERENTES,
    TipoMensaje.RESPUESTA: GERENTES,
}
# Kinds that also ring the asesor when the COP writes them.
AL_ASESOR = (TipoMensaje.INTERVENCION, TipoMensaje.RESPUESTA, TipoMensaje.OTRA)

_DEL_ASESOR = (*SOLICITUDES, TipoMensaje.RESPUESTA)
_DEL_CONCESIONARIO = (TipoMensaje.RESPUESTA, TipoMensaje.OTRA, TipoMensaje.ESCALAMIENTO)


def _es_cop(usuario):
    from operaciones.rules import es_cop

    return es_cop(usuario)


def tipos_de_mensaje_para(usuario, apartado):
    """The kinds ``usuario`` may write on this operación: the COP all; the asesor requests, answers and
    escalations; the concesionario's people answers, other requests and escalations."""
    if _es_cop(usuario):
        return list(TipoMensaje)
    if apartado.asesor_id == usuario.pk:
        return [t for t in TipoMensaje if t in _DEL_ASESOR]
    return [t for t in TipoMensaje if t in _DEL_CONCESIONARIO]


def _concesionarios(apartado):
    """The owning concesionario and, on a Trade-In with a different A, concesionario A."""
    ids = [apartado.concesionario_id]
    trade_in = getattr(apartado, "trade_in", None)
    if trade_in is not None and trade_in.concesionario_a_id not in ids:
        ids.append(trade_in.concesionario_a_id)
    return ids


def destinatarios_de(apartado, *, autor, tipo):
    """Who a message rings: the COP of the network for a message of the asesor or a concesionario; for one of
    the COP, the concesionario roles its kind is for (``ROLES_POR_TIPO``) and, for an intervention, an answer
    or another note, the asesor. Photos and videos go straight between the asesor and the owning
    concesionario's webmaster (the COP still sees both): the asesor's request also rings the webmaster, the
    webmaster's messages also ring the asesor. Never the author."""
    if not _es_cop(autor):
        quienes = list(cop_de(apartado.concesionario_id))
        if tipo == TipoMensaje.FOTOS_VIDEOS and apartado.asesor_id == autor.pk:
            quienes += list(usuarios("webmaster", organizacion_id=apartado.concesionario_id))
        elif autor.organizacion_id == apartado.concesionario_id and roles.tiene_rol(autor, "webmaster"):
            quienes += [apartado.asesor] if apartado.asesor.is_active else []
    else:
        quienes = []
        if tipo in ROLES_POR_TIPO:
            quienes += list(usuarios(*ROLES_POR_TIPO[tipo], organizacion_id__in=_concesionarios(apartado)))
        if tipo in AL_ASESOR and apartado.asesor.is_active:
            quienes.append(apartado.asesor)
    return [u for u in {u.pk: u for u in quienes}.values() if u.pk != autor.pk]


def mensaje_enviar(*, actor, apartado, tipo, texto, adjuntos=()):
    """A participant writes on the operación's conversation (``ESCRIBIR_MENSAJE``); rings the other side.

    Every attachment (image, video or PDF; a video has its own size limit) is checked before anything is
    saved: a refused file stores nothing.
    Raises ErrorOperacion or AccionRechazada with the Spanish reason. Returns the message.
    """
    texto = (texto or "").strip()
    if not texto:
        raise ErrorOperacion(mensajes.MENSAJE_VACIO)
    if len(texto) > MAX_TEXTO:
        raise ErrorOperacion(mensajes.MENSAJE_LARGO.format(maximo=MAX_TEXTO))
    adjuntos = [a for a in adjuntos if a]
    if len(adjuntos) > MAX_ADJUNTOS:
        raise ErrorOperacion(mensajes.DEMASIADOS_ADJUNTOS.format(maximo=MAX_ADJUNTOS))
    tipos = {}
    for archivo in adjuntos:
        tipos[id(archivo)] = validar_archivo(archivo, tipos=("imagen", "video", "pdf"), max_bytes=_limites())
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        ESCRIBIR_MENSAJE.exigir(apartado, actor)
        if tipo not in tipos_de_mensaje_para(actor, apartado):
            etiqueta = TipoMensaje(tipo).label if tipo in TipoMensaje.values else tipo
            raise ErrorOperacion(mensajes.TIPO_MENSAJE_NO_PERMITIDO.format(tipo=etiqueta))
        hilo, _ = Hilo.objects.get_or_create(apartado=apartado, defaults={"concesionario": apartado.concesionario})
        ahora = timezone.now()
        mensaje = Mensaje.objects.create(hilo=hilo, autor=actor, tipo=tipo, texto=texto, creado=ahora)
        for archivo in adjuntos:
            AdjuntoMensaje.objects.create(
                mensaje=mensaje,
                archivo=archivo,
                nombre=archivo.name[:200],
                es_imagen=tipos[id(archivo)] == "imagen",
                es_video=tipos[id(archivo)] == "video",
            )
        cambios = {"ultimo_mensaje": mensaje, "ultimo_mensaje_en": ahora, "n_mensajes": F("n_mensajes") + 1}
        if tipo == TipoMensaje.RESPUESTA:
            cambios["esperando_desde"] = None
        elif tipo in SOLICITUDES and hilo.esperando_desde is None:
            cambios["esperando_desde"] = ahora
        Hilo.objects.filter(pk=hilo.pk).update(**cambios)
        actividad_registrar([apartado.pk], ahora)
        apartado.ultima_actividad = ahora
        LecturaHilo.objects.update_or_create(hilo=hilo, usuario=actor, defaults={"leido_hasta": ahora})
        _avisar(mensaje, apartado)
        return mensaje


def _limites():
    archivo = settings.OPERACIONES_ARCHIVO_MAX_BYTES
    return {"imagen": archivo, "pdf": archivo, "video": settings.OPERACIONES_VIDEO_MAX_BYTES}


def _avisar(mensaje, apartado):
    destinatarios = destinatarios_de(apartado, autor=mensaje.autor, tipo=mensaje.tipo)
    if not destinatarios:
        return
    urgente = mensaje.tipo == TipoMensaje.ESCALAMIENTO
    unidad = apartado.unidad
    notificar(
        destinatarios=destinatarios,
        titulo=f"{mensaje.get_tipo_display()} · operación {apartado.pk} ({unidad.marca} {unidad.modelo})",
        cuerpo=f"{mensaje.autor}: {mensaje.texto[:300]}",
        enlace=reverse("operaciones:conversacion", args=[apartado.pk]),
        por_correo=urgente,
        clave=f"operaciones-mensaje-{mensaje.pk}",
    )
    estado = AvisoMensaje.Correo.ENVIADO if urgente else AvisoMensaje.Correo.PENDIENTE
    AvisoMensaje.objects.bulk_create(
        [
            AvisoMensaje(
                mensaje=mensaje,
                destinatario=u,
                creado=mensaje.creado,
                correo=estado,
                correo_en=mensaje.creado if urgente else None,
            )
            for u in destinatarios
        ]
    )


def hilo_marcar_leido(*, actor, hilo, hasta=None):
    """``actor`` has read the conversation up to now (or ``hasta``): what it shows him is no longer unread."""
    hasta = hasta or timezone.now()
    with transaction.atomic():
        lectura, creada = LecturaHilo.objects.select_for_update().get_or_create(
            hilo=hilo, usuario=actor, defaults={"leido_hasta": hasta}
        )
        if not creada and lectura.leido_hasta < hasta:
            lectura.leido_hasta = hasta
            lectura.save(update_fields=["leido_hasta"])
    return lectura


def mensajes_correo_no_leidos(*, ahora=None, lote=500):
    """Email each recipient a message still unread ``OPERACIONES_CORREO_SI_NO_LEIDO_MIN`` minutes after it came.

    Idempotent and safe to run concurrently: each notice is claimed with ``select_for_update(skip_locked)``
    and leaves ``pendiente`` in the same transaction (enviado, or innecesario when read in time or the user
    cannot receive email); the outbox key makes a repeated enqueue a no-op. Returns the emails queued.
    """
    ahora = ahora or timezone.now()
    limite = ahora - timedelta(minutes=settings.OPERACIONES_CORREO_SI_NO_LEIDO_MIN)
    enviados = 0
    while True:
        with transaction.atomic():
            avisos = list(
                AvisoMensaje.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(correo=AvisoMensaje.Correo.PENDIENTE, creado__lte=limite)
                .select_related("mensaje__autor", "mensaje__hilo__apartado__unidad", "destinatario")
                .order_by("creado", "id")[:lote]
            )
            if not avisos:
                return enviados
            lecturas = {
                (hilo_id, usuario_id): leido
                for hilo_id, usuario_id, leido in LecturaHilo.objects.filter(
                    hilo_id__in={a.mensaje.hilo_id for a in avisos},
                    usuario_id__in={a.destinatario_id for a in avisos},
                ).values_list("hilo_id", "usuario_id", "leido_hasta")
            }
            enviar, sobran = [], []
            for aviso in avisos:
                leido = lecturas.get((aviso.mensaje.hilo_id, aviso.destinatario_id))
                usuario = aviso.destinatario
                if (leido is not None and leido >= aviso.mensaje.creado) or not usuario.is_active or not usuario.email:
                    sobran.append(aviso.pk)
                    continue
                _correo_no_leido(aviso)
                enviar.append(aviso.pk)
            AvisoMensaje.objects.filter(pk__in=enviar).update(correo=AvisoMensaje.Correo.ENVIADO, correo_en=ahora)
            AvisoMensaje.objects.filter(pk__in=sobran).update(correo=AvisoMensaje.Correo.INNECESARIO, correo_en=ahora)
            enviados += len(enviar)


def _correo_no_leido(aviso):
    mensaje = aviso.mensaje
    apartado = mensaje.hilo.apartado
    contexto = {
        "usuario": aviso.destinatario,
        "mensaje": mensaje,
        "apartado": apartado,
        "minutos": settings.OPERACIONES_CORREO_SI_NO_LEIDO_MIN,
        "url": urljoin(
            settings.ENLACE_URL_BASE.rstrip("/") + "/", reverse("operaciones:conversacion", args=[apartado.pk])
        ),
    }
    encolar_correo(
        para=aviso.destinatario.email,
        asunto=f"Mensaje sin leer · operación {apartado.pk} ({apartado.unidad.marca} {apartado.unidad.modelo})",
        cuerpo_texto=render_to_string("operaciones/conversaciones/correo_no_leido.txt", contexto),
        clave=f"operaciones-mensaje-no-leido-{aviso.pk}",
    )
