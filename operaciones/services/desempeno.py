"""Coaching: the COP records feedback, coaching and operational-training sessions with an asesor."""

from django.db import transaction
from django.urls import reverse

from enlace import bitacora
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.escrituras import REGISTRAR_COACHING
from operaciones.eventos import EVENTO_COACHING
from operaciones.models import SesionCoaching
from operaciones.selectors.comun import red_de
from operaciones.selectors.desempeno import coaching_asesores_de_la_red
from operaciones.services.comun import ErrorOperacion

__all__ = ["coaching_registrar"]


def coaching_registrar(*, actor, asesor, fecha, tipo, temas, acuerdos="", fecha_seguimiento=None, apartado=None):
    """The COP records a session with an asesor of the network (EVENTO_COACHING on the session).

    The asesor is told in the app. Raises AccionRechazada (not the COP: ``REGISTRAR_COACHING``) or ErrorOperacion
    (asesor outside the network, no topics, follow-up before the session, or an apartado that is not that asesor's).
    """
    REGISTRAR_COACHING.exigir(None, actor)
    red = red_de(actor)
    if asesor is None or not coaching_asesores_de_la_red(red).filter(pk=asesor.pk).exists():
        raise ErrorOperacion(mensajes.COACHING_ASESOR_INVALIDO)
    if tipo not in SesionCoaching.Tipo.values:
        raise ErrorOperacion(mensajes.COACHING_TIPO_INVALIDO)
    if not (temas or "").strip():
        raise ErrorOperacion(mensajes.COACHING_TEMAS_REQUERIDOS)
    if fecha_seguimiento is not None and fecha_seguimiento < fecha:
        raise ErrorOperacion(mensajes.COACHING_SEGUIMIENTO_ANTERIOR)
    if apartado is not None and apartado.asesor_id != asesor.pk:
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
                "apartado_id": apartado.pk if apartado else None,
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
