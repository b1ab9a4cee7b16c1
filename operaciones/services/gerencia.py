"""The COP with the gerentes generales (seed, «Soporte de Contacto»): it escalates operational or
administrative problems, and notifies sales progress and incentive strategies.

An escalation moves through ``enlace.acciones.ejecutar`` (abierta → respondida → resuelta); each step is a
bitácora event on the Escalamiento (the apartado's timeline shows them; the bottleneck report, which reads
the apartado's own events, is not cut by them) and rings the other party by bell and email.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace import acciones, bitacora
from enlace.models import Organizacion
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.escrituras import ENVIAR_AVISO_AVANCE, ESCALAR
from operaciones.eventos import (
    EVENTO_AVISO_AVANCE,
    EVENTO_ESCALAMIENTO_ABIERTO,
    EVENTO_ESCALAMIENTO_RESPONDIDO,
    EVENTO_ESCALAMIENTO_RESUELTO,
)
from operaciones.models import AvisoAvance, Escalamiento
from operaciones.selectors.comun import red_de, usuarios
from operaciones.services.comun import ErrorOperacion, bloquear_apartado, cop_de

__all__ = [
    "aviso_avance_enviar",
    "escalamiento_abrir",
    "escalamiento_resolver",
    "escalamiento_responder",
    "gerentes_generales_de",
]


def gerentes_generales_de(concesionario_id):
    return usuarios("gerente_general", organizacion_id=concesionario_id)


def _enlace(escalamiento):
    return reverse("operaciones:escalamiento", args=[escalamiento.pk])


def _registrar(tipo, escalamiento, actor, condicion, **datos):
    bitacora.registrar(
        tipo=tipo,
        actor=actor,
        objeto=escalamiento,
        organizacion=escalamiento.concesionario,
        datos={
            "apartado_id": escalamiento.apartado_id,
            "severidad": escalamiento.severidad,
            "condicion": condicion,
            **datos,
        },
    )


def escalamiento_abrir(*, actor, apartado, motivo, severidad):
    """The COP escalates a problem of the operación to the owning concesionario's gerente general.

    One open escalation per operación (``ESCALAR``); the gerente general gets bell and email at once.
    Raises ErrorOperacion or AccionRechazada with the Spanish reason; nothing is saved then.
    """
    motivo = (motivo or "").strip()
    if not motivo:
        raise ErrorOperacion(mensajes.ESCALAMIENTO_MOTIVO_REQUERIDO)
    if severidad not in Escalamiento.Severidad.values:
        raise ErrorOperacion(mensajes.ESCALAMIENTO_SEVERIDAD_INVALIDA)
    with transaction.atomic():
        apartado = bloquear_apartado(apartado)
        ESCALAR.exigir(apartado, actor)
        gerentes = list(gerentes_generales_de(apartado.concesionario_id))
        if not gerentes:
            raise ErrorOperacion(mensajes.SIN_GERENTE_GENERAL.format(concesionario=apartado.concesionario))
        escalamiento = Escalamiento.objects.create(
            apartado=apartado,
            concesionario=apartado.concesionario,
            motivo=motivo,
            severidad=severidad,
            creado_por=actor,
        )
        _registrar(
            EVENTO_ESCALAMIENTO_ABIERTO,
            escalamiento,
            actor,
            "Escalado por el COP al gerente general",
            motivo=motivo,
        )
        unidad = apartado.unidad
        notificar(
            destinatarios=gerentes,
            titulo=(
                f"Escalamiento ({escalamiento.get_severidad_display().lower()}) · operación {apartado.pk} "
                f"({unidad.marca} {unidad.modelo})"
            ),
            cuerpo=motivo,
            enlace=_enlace(escalamiento),
            clave=f"operaciones-escalamiento-{escalamiento.pk}",
        )
        return escalamiento


def _aviso_al_cop(escalamiento, actor, titulo, cuerpo, clave):
    """The COP that escalated (and the network's COP) hears of a step the gerente took."""
    destinatarios = [u for u in {escalamiento.creado_por, *cop_de(escalamiento.concesionario_id)} if u.pk != actor.pk]
    return acciones.Aviso(destinatarios, titulo, cuerpo, _enlace(escalamiento), clave=clave)


def escalamiento_responder(*, actor, escalamiento, respuesta):
    """The gerente general answers (``responder``: abierta → respondida); the COP gets bell and email."""
    respuesta = (respuesta or "").strip()
    if not respuesta:
        raise ErrorOperacion(mensajes.ESCALAMIENTO_RESPUESTA_REQUERIDA)
    with transaction.atomic():
        escalamiento = acciones.ejecutar(
            escalamiento,
            "responder",
            actor=actor,
            argumentos={"por": actor, "respuesta": respuesta},
            evento=EVENTO_ESCALAMIENTO_RESPONDIDO,
            datos={"apartado_id": escalamiento.apartado_id, "condicion": "Respondido por el gerente general"},
            organizacion=escalamiento.concesionario,
            avisos=lambda e: [
                _aviso_al_cop(
                    e,
                    actor,
                    f"Escalamiento respondido · operación {e.apartado_id}",
                    respuesta,
                    f"operaciones-escalamiento-{e.pk}-respondido",
                )
            ],
        )
        return escalamiento


def escalamiento_resolver(*, actor, escalamiento, resolucion):
    """The gerente general (or the COP, once answered) resolves it; the other party gets bell and email."""
    resolucion = (resolucion or "").strip()
    if not resolucion:
        raise ErrorOperacion(mensajes.ESCALAMIENTO_RESOLUCION_REQUERIDA)

    def avisos(e):
        titulo = f"Escalamiento resuelto · operación {e.apartado_id}"
        clave = f"operaciones-escalamiento-{e.pk}-resuelto"
        if actor.pk in set(gerentes_generales_de(e.concesionario_id).values_list("pk", flat=True)):
            return [_aviso_al_cop(e, actor, titulo, resolucion, clave)]
        gerentes = [u for u in gerentes_generales_de(e.concesionario_id) if u.pk != actor.pk]
        return [acciones.Aviso(gerentes, titulo, resolucion, _enlace(e), clave=clave)]

    with transaction.atomic():
        return acciones.ejecutar(
            escalamiento,
            "resolver",
            actor=actor,
            argumentos={"por": actor, "resolucion": resolucion},
            evento=EVENTO_ESCALAMIENTO_RESUELTO,
            datos={"apartado_id": escalamiento.apartado_id, "condicion": "Resuelto", "resolucion": resolucion},
            organizacion=escalamiento.concesionario,
            avisos=avisos,
        )


def _periodo(desde, hasta):
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(desde, time.min), tz),
        timezone.make_aware(datetime.combine(hasta + timedelta(days=1), time.min), tz),
    )


def aviso_avance_enviar(*, actor, concesionarios, desde, hasta, incentivo):
    """The COP sends each concesionario's gerente general its platform figures for [desde, hasta] (filled in
    from the desempeño and ranking of the network) and an incentive text; bell and email.

    ``concesionarios``: one or every concesionario of the COP's network. Raises ErrorOperacion or
    AccionRechazada; returns the notices created (one per concesionario)."""
    from operaciones.selectors.conversaciones import cifras_avance

    ENVIAR_AVISO_AVANCE.exigir(None, actor)
    incentivo = (incentivo or "").strip()
    if not incentivo:
        raise ErrorOperacion(mensajes.AVISO_INCENTIVO_REQUERIDO)
    if desde > hasta:
        raise ErrorOperacion(mensajes.PERIODO_INVERTIDO)
    red = red_de(actor)
    concesionarios = list(concesionarios)
    ajenos = not concesionarios or any(c.padre_id != getattr(red, "pk", None) for c in concesionarios)
    if ajenos and not actor.is_superuser:
        raise ErrorOperacion(mensajes.AVISO_CONCESIONARIO_AJENO)
    inicio, fin = _periodo(desde, hasta)
    creados = []
    cifras_por_concesionario = cifras_avance(actor, concesionarios, inicio, fin)
    with transaction.atomic():
        for concesionario in concesionarios:
            cifras = cifras_por_concesionario[concesionario.pk]
            aviso = AvisoAvance.objects.create(
                concesionario=concesionario,
                desde=desde,
                hasta=hasta,
                cifras=cifras,
                incentivo=incentivo,
                enviado_por=actor,
            )
            bitacora.registrar(
                tipo=EVENTO_AVISO_AVANCE,
                actor=actor,
                objeto=aviso,
                organizacion=concesionario,
                datos={"condicion": "Aviso de avance del COP al gerente general", **cifras},
            )
            notificar(
                destinatarios=gerentes_generales_de(concesionario.pk),
                titulo=f"Avance en ventas {desde:%d/%m/%Y}–{hasta:%d/%m/%Y} · {concesionario.nombre}",
                cuerpo=(
                    f"Apartados: {cifras['apartados']} · validaciones: {cifras['validaciones']} · "
                    f"cierres: {cifras['cierres']} · cancelaciones: {cifras['cancelaciones']} · "
                    f"posición {cifras['posicion']} de {cifras['de_concesionarios']}.\n\n{incentivo}"
                ),
                enlace=reverse("operaciones:aviso_avance", args=[aviso.pk]),
                clave=f"operaciones-aviso-avance-{aviso.pk}",
            )
            creados.append(aviso)
    return creados


def concesionarios_de_la_red(actor):
    red = red_de(actor)
    return Organizacion.objects.filter(padre=red, tipo=Organizacion.Tipo.CONCESIONARIO).order_by("nombre")
