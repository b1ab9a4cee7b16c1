"""Coaching: the COP records feedback, coaching and operational-training sessions with an asesor."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from enlace import bitacora
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.eventos import EVENTO_COACHING
from operaciones.models import Apartado, SesionCoaching
from operaciones.services.comun import ErrorOperacion, exigir_cop, red_de, usuarios


def coaching_asesores_de_la_red(red):
    """Active asesores of the network: of its concesionarios, of the network itself, and independent ones
    (no organisation) when it is the default network (``OPERACIONES_RED``), as ``red_de`` has it."""
    de_la_red = Q(organizacion=red) | Q(organizacion__padre=red)
    if red is not None and red.slug == settings.OPERACIONES_RED:
        de_la_red |= Q(organizacion__isnull=True)
    return usuarios("asesor").filter(de_la_red)


def coaching_registrar(*, actor, asesor_id, fecha, tipo, temas, acuerdos="", fecha_seguimiento=None, apartado_id=None):
    """The COP records a session with an asesor of the network (EVENTO_COACHING on the session).

    The asesor is told in the app. Raises ErrorOperacion (not COP, asesor outside the network, no topics,
    follow-up before the session, or an apartado that is not that asesor's).
    """
    exigir_cop(actor)
    red = red_de(actor)
    asesor = coaching_asesores_de_la_red(red).filter(pk=asesor_id).first()
    if asesor is None:
        raise ErrorOperacion(mensajes.COACHING_ASESOR_INVALIDO)
    if tipo not in SesionCoaching.Tipo.values:
        raise ErrorOperacion(mensajes.COACHING_TIPO_INVALIDO)
    if not (temas or "").strip():
        raise ErrorOperacion(mensajes.COACHING_TEMAS_REQUERIDOS)
    if fecha_seguimiento is not None and fecha_seguimiento < fecha:
        raise ErrorOperacion(mensajes.COACHING_SEGUIMIENTO_ANTERIOR)
    apartado = None
    if apartado_id is not None:
        apartado = Apartado.objects.filter(pk=apartado_id, asesor=asesor).first()
        if apartado is None:
            raise ErrorOperacion(mensajes.COACHING_APARTADO_AJENO)
    with transaction.atomic():
        sesion = SesionCoaching.objects.create(
            red=red,
            asesor=asesor,
            registrada_por=actor,
            fecha=fecha,
            tipo=tipo,
            temas=temas.strip(),
            acuerdos=(acuerdos or "").strip(),
            fecha_seguimiento=fecha_seguimiento,
            apartado=apartado,
        )
        bitacora.registrar(
            tipo=EVENTO_COACHING,
            actor=actor,
            objeto=sesion,
            organizacion=red,
            datos={
                "asesor_id": asesor.pk,
                "tipo": sesion.tipo,
                "fecha": sesion.fecha,
                "fecha_seguimiento": sesion.fecha_seguimiento,
                "apartado_id": apartado_id,
                "condicion": "Sesión registrada por el COP con un asesor de la red",
            },
        )
        seguimiento = f" Seguimiento: {fecha_seguimiento:%d/%m/%Y}." if fecha_seguimiento else ""
        notificar(
            destinatarios=[asesor],
            titulo=f"Sesión de {sesion.get_tipo_display().lower()} registrada",
            cuerpo=f"El COP registró la sesión del {sesion.fecha:%d/%m/%Y} con sus temas y acuerdos.{seguimiento}",
            enlace=reverse("operaciones:coaching"),
            por_correo=False,
            clave=f"operaciones-coaching-{sesion.pk}",
        )
        return sesion
