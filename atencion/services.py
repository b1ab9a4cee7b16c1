"""Every write of ENROK: onboarding, tickets and channels, SLA sweep, surveys, reports and campaigns."""

import logging
from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_fsm import can_proceed

from atencion import canales, horario
from atencion.models import (
    AvisoSla,
    Campana,
    Canal,
    Cliente,
    DiaInhabil,
    Encuesta,
    EnvioCampana,
    Guion,
    HorarioAtencion,
    Interaccion,
    MensajeSaliente,
    MotivoContacto,
    ObjetivoSla,
    PerfilPyme,
    Prioridad,
    ReporteEjecutivo,
    Seguimiento,
    Ticket,
)
from enlace import bitacora
from enlace.errores import ErrorNegocio
from enlace.models import Organizacion, Usuario
from enlace.notificaciones.services import encolar_correo, espera_tras_fallo, notificar

logger = logging.getLogger(__name__)


class ErrorAtencion(ErrorNegocio):
    """A business rule of ENROK refused the action; ``mensaje`` is shown to the user."""


# Messages (tests reuse them).
MSG_SIN_MOTIVO = "Asigne un motivo de contacto antes de resolver el ticket."
MSG_TRANSICION = "El ticket está «{estado}»: esa acción no está permitida ahora."
MSG_DIAGNOSTICO_VACIO = "Escriba el diagnóstico inicial antes de pasar a la configuración."
MSG_ACTIVAR_INCOMPLETO = "Para activar la PYME configure al menos un horario, un objetivo SLA y un motivo de contacto."
MSG_CANAL_NO_CONFIGURADO = "La PYME no tiene configurado el canal {canal}."
MSG_SIN_DESTINO = "El cliente no tiene {dato} para responder por este canal."
MSG_TEXTO_VACIO = "Escriba el mensaje."
MSG_ENCUESTA_INVALIDA = "El enlace de la encuesta no es válido."
MSG_ENCUESTA_RESPONDIDA = "Esta encuesta ya fue respondida. ¡Gracias!"
MSG_ENCUESTA_EXPIRADA = "Esta encuesta ya expiró."
MSG_ENCUESTA_VALORES = "Califique la atención de 1 a 5 y la recomendación de 0 a 10."
MSG_REPORTE_SIN_RECOMENDACIONES = "Escriba al menos una recomendación antes de enviar a validación."
MSG_REPORTE_TRANSICION = "El reporte está «{estado}»: esa acción no está permitida."
MSG_REPORTE_DUPLICADO = "Ya existe un reporte {periodicidad} de esa PYME para ese periodo."
MSG_DEVOLUCION_SIN_OBSERVACION = "Indique qué debe corregir el analista."
MSG_CAMPANA_TRANSICION = "La campaña está «{estado}»: esa acción no está permitida."
MSG_CAMPANA_PASADA = "Programe la campaña para una fecha futura."
MSG_CITA_PASADA = "La cita debe ser en el futuro."
MSG_AGENTE_INVALIDO = "Elija un agente de ENROK."

# Default SLA targets (business minutes) when a PYME has none for a channel and priority.
SLA_POR_OMISION = {
    Prioridad.CRITICA: (15, 240),
    Prioridad.ALTA: (60, 480),
    Prioridad.MEDIA: (120, 1440),
    Prioridad.BAJA: (240, 2880),
}


# --- Calendar and SLA helpers ------------------------------------------------------------


def calendario_de(pyme):
    """The PYME's business calendar: its weekly hours, the country's holidays and its own days off."""
    tramos = {}
    for h in HorarioAtencion.objects.filter(pyme=pyme).order_by("dia_semana", "abre"):
        tramos.setdefault(h.dia_semana, []).append((h.abre, h.cierra))
    anio = timezone.now().year
    feriados = set(holidays.country_holidays(pyme.pais or "MX", years=range(anio - 2, anio + 3)).keys())
    feriados |= set(DiaInhabil.objects.filter(pyme=pyme).values_list("fecha", flat=True))
    if not tramos:
        return horario.calendario_simple(pyme.zona_horaria, feriados=feriados)
    return horario.Calendario(
        zona=pyme.zona_horaria, horario={d: tuple(t) for d, t in tramos.items()}, feriados=frozenset(feriados)
    )


def objetivos_de(pyme, canal, prioridad):
    objetivo = ObjetivoSla.objects.filter(pyme=pyme, canal=canal, prioridad=prioridad).first()
    if objetivo:
        return objetivo.primera_respuesta_min, objetivo.resolucion_min
    return SLA_POR_OMISION[prioridad]


def _aviso_pct():
    return settings.ATENCION_SLA_AVISO_PORCENTAJE / 100


def _plazos(calendario, desde, minutos, consumidos=0):
    """(warning moment, deadline) for a target of ``minutos`` business minutes counted from ``desde``."""
    aviso = horario.sumar_segundos_habiles(calendario, desde, int(minutos * 60 * _aviso_pct()) + consumidos)
    vence = horario.sumar_segundos_habiles(calendario, desde, minutos * 60 + consumidos)
    return aviso, vence


def _bloquear(ticket):
    return Ticket.objects.select_for_update().select_related("pyme", "cliente").get(pk=ticket.pk)


def _transicion(ticket, metodo, **kwargs):
    accion = getattr(ticket, metodo)
    if not can_proceed(accion, check_conditions=False):
        raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
    if not can_proceed(accion):
        raise ErrorAtencion(MSG_SIN_MOTIVO)
    accion(**kwargs)


def gerentes_de(pyme):
    return list(
        Usuario.objects.filter(
            groups__name="gerente_operaciones", is_active=True, organizacion_id=pyme.padre_id or pyme.pk
        )
    )


# --- Onboarding ----------------------------------------------------------------------


def perfil_obtener_o_crear(*, actor, pyme):
    """The PYME's profile, created in diagnosis when it does not exist yet."""
    perfil, creado = PerfilPyme.objects.get_or_create(pyme=pyme)
    if creado:
        bitacora.registrar(tipo="atencion.pyme.alta", actor=actor, objeto=perfil, organizacion=pyme, datos={})
    return perfil


def perfil_actualizar(*, actor, perfil, **campos):
    """Update the PYME's profile (giro, diagnosis, channels, WhatsApp number, inbound email, escalation)."""
    with transaction.atomic():
        perfil = PerfilPyme.objects.select_for_update().get(pk=perfil.pk)
        for campo, valor in campos.items():
            setattr(perfil, campo, valor)
        perfil.save(update_fields=[*campos, "actualizado"])
        bitacora.registrar(
            tipo="atencion.pyme.perfil",
            actor=actor,
            objeto=perfil,
            organizacion=perfil.pyme,
            datos={"campos": sorted(campos)},
        )
        return perfil


def perfil_terminar_diagnostico(*, actor, perfil):
    with transaction.atomic():
        perfil = PerfilPyme.objects.select_for_update().get(pk=perfil.pk)
        if not can_proceed(perfil.terminar_diagnostico):
            raise ErrorAtencion(MSG_DIAGNOSTICO_VACIO)
        perfil.terminar_diagnostico()
        perfil.save(update_fields=["estado", "actualizado"])
        bitacora.registrar(tipo="atencion.pyme.diagnostico", actor=actor, objeto=perfil, organizacion=perfil.pyme)
        return perfil


def perfil_activar(*, actor, perfil):
    """Activate a configured PYME. Raises ErrorAtencion unless hours, an SLA target and a reason exist."""
    with transaction.atomic():
        perfil = PerfilPyme.objects.select_for_update().select_related("pyme").get(pk=perfil.pk)
        completo = (
            HorarioAtencion.objects.filter(pyme=perfil.pyme).exists()
            and ObjetivoSla.objects.filter(pyme=perfil.pyme).exists()
            and MotivoContacto.objects.filter(pyme=perfil.pyme, activo=True).exists()
        )
        if not can_proceed(perfil.activar) or not completo:
            raise ErrorAtencion(MSG_ACTIVAR_INCOMPLETO)
        perfil.activar()
        perfil.save(update_fields=["estado", "actualizado"])
        bitacora.registrar(tipo="atencion.pyme.activa", actor=actor, objeto=perfil, organizacion=perfil.pyme)
        return perfil


def horario_guardar(*, actor, pyme, tramos):
    """Replace the PYME's weekly hours with ``[(weekday, opens, closes), ...]``."""
    with transaction.atomic():
        Organizacion.objects.select_for_update().get(pk=pyme.pk)
        HorarioAtencion.objects.filter(pyme=pyme).delete()
        HorarioAtencion.objects.bulk_create(
            [HorarioAtencion(pyme=pyme, dia_semana=d, abre=a, cierra=c) for d, a, c in tramos]
        )
        bitacora.registrar(
            tipo="atencion.pyme.horario",
            actor=actor,
            objeto=pyme,
            organizacion=pyme,
            datos={"tramos": [[d, a.isoformat(), c.isoformat()] for d, a, c in tramos]},
        )


def dia_inhabil_agregar(*, actor, pyme, fecha, descripcion):
    with transaction.atomic():
        dia, _ = DiaInhabil.objects.update_or_create(pyme=pyme, fecha=fecha, defaults={"descripcion": descripcion})
        bitacora.registrar(
            tipo="atencion.pyme.dia_inhabil",
            actor=actor,
            objeto=dia,
            organizacion=pyme,
            datos={"fecha": fecha.isoformat()},
        )
        return dia


def objetivo_sla_guardar(*, actor, pyme, canal, prioridad, primera_respuesta_min, resolucion_min):
    with transaction.atomic():
        objetivo, _ = ObjetivoSla.objects.update_or_create(
            pyme=pyme,
            canal=canal,
            prioridad=prioridad,
            defaults={"primera_respuesta_min": primera_respuesta_min, "resolucion_min": resolucion_min},
        )
        bitacora.registrar(
            tipo="atencion.pyme.sla",
            actor=actor,
            objeto=objetivo,
            organizacion=pyme,
            datos={
                "canal": canal,
                "prioridad": prioridad,
                "respuesta": primera_respuesta_min,
                "resolucion": resolucion_min,
            },
        )
        return objetivo


def motivo_agregar(*, actor, pyme, nombre):
    with transaction.atomic():
        motivo, _ = MotivoContacto.objects.update_or_create(pyme=pyme, nombre=nombre.strip(), defaults={"activo": True})
        bitacora.registrar(
            tipo="atencion.pyme.motivo", actor=actor, objeto=motivo, organizacion=pyme, datos={"nombre": motivo.nombre}
        )
        return motivo


def guion_guardar(*, actor, guion=None, **campos):
    """Create or update a script (per giro when ``pyme`` is None)."""
    with transaction.atomic():
        if guion is None:
            guion = Guion.objects.create(**campos)
        else:
            guion = Guion.objects.select_for_update().get(pk=guion.pk)
            for campo, valor in campos.items():
                setattr(guion, campo, valor)
            guion.save(update_fields=list(campos))
        bitacora.registrar(
            tipo="atencion.guion", actor=actor, objeto=guion, organizacion=guion.pyme, datos={"giro": guion.giro}
        )
        return guion


# --- Tickets ---------------------------------------------------------------------------


def _cliente(pyme, *, telefono="", correo="", nombre=""):
    filtro = {"telefono": telefono} if telefono else {"correo": correo.lower()}
    cliente, creado = Cliente.objects.get_or_create(
        pyme=pyme, **filtro, defaults={"nombre": nombre, "correo": correo.lower(), "telefono": telefono}
    )
    if not creado and nombre and not cliente.nombre:
        cliente.nombre = nombre
        cliente.save(update_fields=["nombre"])
    return cliente


def _nuevo_ticket(*, pyme, cliente, canal, asunto, prioridad, motivo, ahora, agente=None):
    calendario = calendario_de(pyme)
    resp_min, res_min = objetivos_de(pyme, canal, prioridad)
    aviso_r, vence_r = _plazos(calendario, ahora, resp_min)
    aviso_s, vence_s = _plazos(calendario, ahora, res_min)
    return Ticket.objects.create(
        pyme=pyme,
        cliente=cliente,
        canal=canal,
        asunto=asunto[:200] or "Sin asunto",
        prioridad=prioridad,
        motivo=motivo,
        creado=ahora,
        agente=agente,
        objetivo_respuesta_min=resp_min,
        objetivo_resolucion_min=res_min,
        aviso_respuesta_en=aviso_r,
        vence_respuesta=vence_r,
        aviso_resolucion_en=aviso_s,
        vence_resolucion=vence_s,
    )


def _escalar(ticket, *, actor, ahora, motivo):
    """Mark the ticket escalated and notify the Gerente de Operaciones and the PYME's escalation contacts."""
    if ticket.escalado_en is not None:
        return
    Ticket.objects.filter(pk=ticket.pk).update(escalado_en=ahora)
    ticket.escalado_en = ahora
    enlace = reverse("atencion:ticket", args=[ticket.pk])
    titulo = f"Caso crítico escalado: {ticket.pyme} #{ticket.pk}"
    cuerpo = f"{ticket.asunto}\nCliente: {ticket.cliente}\nMotivo del escalamiento: {motivo}"
    notificar(
        destinatarios=gerentes_de(ticket.pyme),
        titulo=titulo,
        cuerpo=cuerpo,
        enlace=enlace,
        clave=f"atencion-escalado-{ticket.pk}",
    )
    perfil = PerfilPyme.objects.filter(pyme=ticket.pyme).first()
    for correo in perfil.correos_escalamiento() if perfil else []:
        encolar_correo(para=correo, asunto=titulo, cuerpo_texto=cuerpo, clave=f"atencion-escalado-{ticket.pk}")
    bitacora.registrar(
        tipo="atencion.ticket.escalado",
        actor=actor,
        objeto=ticket,
        organizacion=ticket.pyme,
        datos={"prioridad": ticket.prioridad, "motivo": motivo},
    )


def ticket_crear(
    *,
    actor,
    pyme,
    canal,
    asunto,
    prioridad=Prioridad.MEDIA,
    motivo=None,
    telefono="",
    correo="",
    nombre="",
    contenido="",
    ahora=None,
):
    """Open a ticket for a customer of the PYME with its SLA deadlines; a critical one escalates at once."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        cliente = _cliente(pyme, telefono=telefono, correo=correo, nombre=nombre)
        ticket = _nuevo_ticket(
            pyme=pyme, cliente=cliente, canal=canal, asunto=asunto, prioridad=prioridad, motivo=motivo, ahora=ahora
        )
        if contenido:
            Interaccion.objects.create(
                ticket=ticket,
                pyme=pyme,
                canal=canal,
                direccion=Interaccion.Direccion.ENTRANTE,
                contenido=contenido,
                creado=ahora,
            )
        bitacora.registrar(
            tipo="atencion.ticket.creado",
            actor=actor,
            objeto=ticket,
            organizacion=pyme,
            datos={"canal": canal, "prioridad": prioridad, "vence_respuesta": ticket.vence_respuesta},
        )
        if prioridad == Prioridad.CRITICA:
            _escalar(ticket, actor=actor, ahora=ahora, motivo="prioridad crítica al abrir")
        return ticket


def _contacto_del_agente(ticket, *, actor, ahora):
    """Bookkeeping of an agent's contact: take the ticket, first response and SLA outcome."""
    if ticket.estado == Ticket.Estado.ABIERTO:
        ticket.atender(agente=ticket.agente or actor)
    elif ticket.agente_id is None:
        ticket.agente = actor
    ticket.contactos += 1
    campos = ["estado", "agente", "contactos"]
    if ticket.primera_respuesta_en is None:
        segundos = horario.segundos_habiles(calendario_de(ticket.pyme), ticket.creado, ahora)
        ticket.primera_respuesta_en = ahora
        ticket.segundos_respuesta = segundos
        ticket.sla_respuesta_cumplido = segundos <= ticket.objetivo_respuesta_min * 60
        campos += ["primera_respuesta_en", "segundos_respuesta", "sla_respuesta_cumplido"]
    ticket.save(update_fields=campos)


def llamada_registrar(
    *, actor, pyme, telefono, nombre, asunto, motivo, prioridad, notas, duracion_segundos, resuelta=False, ahora=None
):
    """Log an inbound call as a new ticket attended by the agent (first response at once); optionally resolved."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        inicio = ahora - timedelta(seconds=duracion_segundos)
        ticket = ticket_crear(
            actor=actor,
            pyme=pyme,
            canal=Canal.LLAMADA,
            asunto=asunto,
            prioridad=prioridad,
            motivo=motivo,
            telefono=telefono,
            nombre=nombre,
            ahora=inicio,
        )
        ticket = _bloquear(ticket)
        Interaccion.objects.create(
            ticket=ticket,
            pyme=pyme,
            canal=Canal.LLAMADA,
            direccion=Interaccion.Direccion.ENTRANTE,
            autor=actor,
            contenido=notas,
            duracion_segundos=duracion_segundos,
            creado=inicio,
        )
        _contacto_del_agente(ticket, actor=actor, ahora=inicio)
    if resuelta:
        ticket = ticket_resolver(actor=actor, ticket=ticket, ahora=ahora)
    return ticket


def llamada_agregar(*, actor, ticket, notas, duracion_segundos, ahora=None):
    """Log a follow-up call on an open ticket (counts as an agent contact)."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = _bloquear(ticket)
        if not ticket.abierto:
            raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
        if ticket.estado == Ticket.Estado.ESPERANDO_CLIENTE:
            _reanudar(ticket, ahora=ahora)
        Interaccion.objects.create(
            ticket=ticket,
            pyme=ticket.pyme,
            canal=Canal.LLAMADA,
            direccion=Interaccion.Direccion.SALIENTE,
            autor=actor,
            contenido=notas,
            duracion_segundos=duracion_segundos,
            creado=ahora,
        )
        _contacto_del_agente(ticket, actor=actor, ahora=ahora)
        bitacora.registrar(
            tipo="atencion.ticket.llamada",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"duracion_segundos": duracion_segundos},
        )
        return ticket


def _encolar(*, pyme, ticket, canal, destino, cuerpo, asunto="", payload=None, cabeceras=None, clave=""):
    """Write an outbound message to the channel outbox; it is published to Celery after commit."""
    if clave and MensajeSaliente.objects.filter(canal=canal, destino=destino, clave=clave).exists():
        return None
    mensaje = MensajeSaliente.objects.create(
        pyme=pyme,
        ticket=ticket,
        canal=canal,
        destino=destino,
        cuerpo=cuerpo,
        asunto=asunto[:250],
        payload=payload or {},
        cabeceras=cabeceras or {},
        clave=clave,
    )
    transaction.on_commit(partial(_publicar, mensaje.pk), robust=True)
    return mensaje


def _publicar(mensaje_id):
    from atencion import tasks

    try:
        tasks.enviar_mensaje.apply_async((mensaje_id,), retry=False)
    except Exception as exc:  # broker down: the sweep sends it
        logger.warning("No se pudo publicar el mensaje %s (%s); queda para el barrido.", mensaje_id, exc)


def _hilo_correo(ticket):
    """(In-Reply-To, References) for a reply: the last inbound Message-ID and the chain of the ticket."""
    ids = list(
        ticket.interacciones.filter(canal=Canal.CORREO)
        .exclude(externo_id="")
        .order_by("creado", "id")
        .values_list("externo_id", "direccion")
    )
    entrantes = [i for i, d in ids if d == Interaccion.Direccion.ENTRANTE]
    responder_a = entrantes[-1] if entrantes else (ids[-1][0] if ids else "")
    return responder_a, " ".join(i for i, _ in ids)[-900:]


def _asunto_correo(ticket):
    return f"Re: {ticket.asunto} {ticket.etiqueta}"


def ticket_responder(*, actor, ticket, texto, ahora=None):
    """Reply to the customer on the ticket's channel (outbox), record it and count the first response.

    Raises ErrorAtencion for a closed ticket, an empty text or a customer without a phone/email.
    """
    ahora = ahora or timezone.now()
    texto = (texto or "").strip()
    if not texto:
        raise ErrorAtencion(MSG_TEXTO_VACIO)
    with transaction.atomic():
        ticket = _bloquear(ticket)
        if not ticket.abierto:
            raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
        externo = ""
        if ticket.canal == Canal.WHATSAPP:
            if not ticket.cliente.telefono:
                raise ErrorAtencion(MSG_SIN_DESTINO.format(dato="teléfono"))
            _encolar(
                pyme=ticket.pyme,
                ticket=ticket,
                canal=Canal.WHATSAPP,
                destino=ticket.cliente.telefono,
                cuerpo=texto,
                payload=canales.payload_texto(ticket.cliente.telefono, texto),
            )
        elif ticket.canal == Canal.CORREO:
            if not ticket.cliente.correo:
                raise ErrorAtencion(MSG_SIN_DESTINO.format(dato="correo"))
            externo = canales.nuevo_message_id(ticket.pk)
            en_respuesta, referencias = _hilo_correo(ticket)
            cabeceras = {"Message-ID": externo}
            if en_respuesta:
                cabeceras["In-Reply-To"] = en_respuesta
                cabeceras["References"] = referencias
            _encolar(
                pyme=ticket.pyme,
                ticket=ticket,
                canal=Canal.CORREO,
                destino=ticket.cliente.correo,
                asunto=_asunto_correo(ticket),
                cuerpo=texto,
                cabeceras=cabeceras,
            )
        Interaccion.objects.create(
            ticket=ticket,
            pyme=ticket.pyme,
            canal=ticket.canal,
            direccion=Interaccion.Direccion.SALIENTE,
            autor=actor,
            contenido=texto,
            externo_id=externo,
            creado=ahora,
        )
        if ticket.estado == Ticket.Estado.ESPERANDO_CLIENTE:
            _reanudar(ticket, ahora=ahora)
        _contacto_del_agente(ticket, actor=actor, ahora=ahora)
        bitacora.registrar(
            tipo="atencion.ticket.respuesta",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"canal": ticket.canal, "primera": ticket.contactos == 1},
        )
        return ticket


def ticket_nota(*, actor, ticket, texto):
    texto = (texto or "").strip()
    if not texto:
        raise ErrorAtencion(MSG_TEXTO_VACIO)
    with transaction.atomic():
        ticket = _bloquear(ticket)
        return Interaccion.objects.create(
            ticket=ticket,
            pyme=ticket.pyme,
            canal=ticket.canal,
            direccion=Interaccion.Direccion.NOTA,
            autor=actor,
            contenido=texto,
        )


def ticket_clasificar(*, actor, ticket, motivo, prioridad):
    """Set the contact reason and priority; raising it to critical escalates at once."""
    with transaction.atomic():
        ticket = _bloquear(ticket)
        anterior = ticket.prioridad
        ticket.motivo = motivo
        ticket.prioridad = prioridad
        ticket.save(update_fields=["motivo", "prioridad"])
        bitacora.registrar(
            tipo="atencion.ticket.clasificado",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"motivo": str(motivo) if motivo else "", "prioridad": prioridad, "prioridad_anterior": anterior},
        )
        if prioridad == Prioridad.CRITICA and ticket.abierto:
            _escalar(ticket, actor=actor, ahora=timezone.now(), motivo="prioridad cambiada a crítica")
        return ticket


def ticket_escalar(*, actor, ticket, motivo):
    """Escalate a case to the Gerente de Operaciones (idempotent) and make it critical."""
    with transaction.atomic():
        ticket = _bloquear(ticket)
        if not ticket.abierto:
            raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
        if ticket.prioridad != Prioridad.CRITICA:
            ticket.prioridad = Prioridad.CRITICA
            ticket.save(update_fields=["prioridad"])
        _escalar(ticket, actor=actor, ahora=timezone.now(), motivo=motivo or "escalado por el agente")
        return ticket


def ticket_asignar(*, actor, ticket, agente):
    if not agente.groups.filter(name="agente").exists():
        raise ErrorAtencion(MSG_AGENTE_INVALIDO)
    with transaction.atomic():
        ticket = _bloquear(ticket)
        if not ticket.abierto:
            raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
        ticket.agente = agente
        ticket.save(update_fields=["agente"])
        bitacora.registrar(
            tipo="atencion.ticket.asignado",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"agente": agente.email},
        )
        notificar(
            destinatarios=[agente],
            titulo=f"Ticket asignado #{ticket.pk}",
            cuerpo=ticket.asunto,
            enlace=reverse("atencion:ticket", args=[ticket.pk]),
            por_correo=False,
        )
        return ticket


def ticket_esperar_cliente(*, actor, ticket, ahora=None):
    """Pause the resolution clock while the ticket waits on the customer."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = _bloquear(ticket)
        _transicion(ticket, "esperar_cliente", ahora=ahora)
        ticket.save(update_fields=["estado", "pausado_desde"])
        bitacora.registrar(
            tipo="atencion.ticket.esperando_cliente", actor=actor, objeto=ticket, organizacion=ticket.pyme
        )
        return ticket


def _reanudar(ticket, *, ahora):
    calendario = calendario_de(ticket.pyme)
    pausa = horario.segundos_habiles(calendario, ticket.pausado_desde, ahora)
    aviso, vence = _plazos(
        calendario, ticket.creado, ticket.objetivo_resolucion_min, consumidos=ticket.segundos_pausa + pausa
    )
    ticket.reanudar(segundos_pausados=pausa, vence_resolucion=vence, aviso_resolucion_en=aviso)
    ticket.save(update_fields=["estado", "pausado_desde", "segundos_pausa", "vence_resolucion", "aviso_resolucion_en"])


def ticket_reanudar(*, actor, ticket, ahora=None):
    """Resume the clock: the paused business time moves the resolution deadline."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = _bloquear(ticket)
        if ticket.estado != Ticket.Estado.ESPERANDO_CLIENTE:
            raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
        _reanudar(ticket, ahora=ahora)
        bitacora.registrar(
            tipo="atencion.ticket.reanudado",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"vence_resolucion": ticket.vence_resolucion},
        )
        return ticket


def ticket_resolver(*, actor, ticket, ahora=None):
    """Resolve: resolution business time (minus pauses), SLA and FCR outcome; sends the survey on its channel.

    Raises ErrorAtencion when the ticket has no contact reason or is not open.
    """
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = _bloquear(ticket)
        calendario = calendario_de(ticket.pyme)
        pausa = ticket.segundos_pausa
        if ticket.estado == Ticket.Estado.ESPERANDO_CLIENTE and ticket.pausado_desde:
            pausa += horario.segundos_habiles(calendario, ticket.pausado_desde, ahora)
        segundos = max(horario.segundos_habiles(calendario, ticket.creado, ahora) - pausa, 0)
        if ticket.agente_id is None and actor is not None and actor.groups.filter(name="agente").exists():
            ticket.agente = actor
        _transicion(ticket, "resolver", ahora=ahora, segundos_resolucion=segundos)
        ticket.save(
            update_fields=[
                "estado",
                "agente",
                "resuelto_en",
                "pausado_desde",
                "segundos_resolucion",
                "sla_resolucion_cumplido",
                "fcr",
            ]
        )
        bitacora.registrar(
            tipo="atencion.ticket.resuelto",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"segundos_resolucion": segundos, "sla": ticket.sla_resolucion_cumplido, "fcr": ticket.fcr},
        )
        _enviar_encuesta(ticket, ahora=ahora)
        return ticket


def ticket_cerrar(*, actor, ticket, ahora=None):
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = _bloquear(ticket)
        _transicion(ticket, "cerrar", ahora=ahora)
        ticket.save(update_fields=["estado", "cerrado_en"])
        bitacora.registrar(tipo="atencion.ticket.cerrado", actor=actor, objeto=ticket, organizacion=ticket.pyme)
        return ticket


def _reabrir(ticket, *, ahora):
    calendario = calendario_de(ticket.pyme)
    pausa = horario.segundos_habiles(calendario, ticket.resuelto_en, ahora)
    aviso, vence = _plazos(
        calendario, ticket.creado, ticket.objetivo_resolucion_min, consumidos=ticket.segundos_pausa + pausa
    )
    ticket.reabrir(segundos_pausados=pausa, vence_resolucion=vence, aviso_resolucion_en=aviso)
    ticket.save(
        update_fields=[
            "estado",
            "reabierto",
            "segundos_pausa",
            "resuelto_en",
            "segundos_resolucion",
            "sla_resolucion_cumplido",
            "fcr",
            "vence_resolucion",
            "aviso_resolucion_en",
        ]
    )


def ticket_reabrir(*, actor, ticket, ahora=None):
    """Reopen a resolved ticket (it no longer counts as first-contact resolution)."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = _bloquear(ticket)
        if ticket.estado != Ticket.Estado.RESUELTO:
            raise ErrorAtencion(MSG_TRANSICION.format(estado=ticket.get_estado_display()))
        _reabrir(ticket, ahora=ahora)
        bitacora.registrar(tipo="atencion.ticket.reabierto", actor=actor, objeto=ticket, organizacion=ticket.pyme)
        return ticket


# --- Inbound messages ------------------------------------------------------------------


def _hilo_o_nuevo(*, pyme, cliente, canal, asunto, ahora, ticket=None):
    """The ticket an inbound message belongs to: the given one, the customer's open one, or a new one."""
    if ticket is None:
        ticket = Ticket.objects.select_for_update().filter(cliente=cliente, canal=canal).abiertos().first()
    else:
        ticket = _bloquear(ticket)
    if ticket is None:
        nuevo = _nuevo_ticket(
            pyme=pyme, cliente=cliente, canal=canal, asunto=asunto, prioridad=Prioridad.MEDIA, motivo=None, ahora=ahora
        )
        bitacora.registrar(
            tipo="atencion.ticket.creado",
            actor=None,
            objeto=nuevo,
            organizacion=pyme,
            datos={"canal": canal, "origen": "mensaje entrante"},
        )
        return nuevo
    if ticket.estado == Ticket.Estado.ESPERANDO_CLIENTE:
        _reanudar(ticket, ahora=ahora)
    elif ticket.estado == Ticket.Estado.RESUELTO:
        _reabrir(ticket, ahora=ahora)
    return ticket


def whatsapp_procesar(*, payload, ahora=None):
    """Thread each inbound WhatsApp message into its customer's open ticket (idempotent by message id).

    A reply button of a survey records the score. Returns the number of new interactions.
    """
    ahora = ahora or timezone.now()
    nuevas = 0
    for numero, mensaje, nombre in canales.mensajes_de_payload(payload):
        mensaje_id = str(mensaje.get("id", ""))
        telefono = str(mensaje.get("from", ""))
        if not mensaje_id or not telefono:
            continue
        perfil = PerfilPyme.objects.select_related("pyme").filter(whatsapp_phone_number_id=numero).first()
        if perfil is None:
            logger.warning(
                "WhatsApp: phone_number_id %s sin PYME configurada; mensaje %s ignorado.", numero, mensaje_id
            )
            continue
        texto, boton = canales.texto_de_mensaje(mensaje)
        try:
            with transaction.atomic():
                if Interaccion.objects.filter(canal=Canal.WHATSAPP, externo_id=mensaje_id).exists():
                    continue
                if boton.startswith("csat:"):
                    _encuesta_boton(perfil.pyme, telefono, boton, mensaje_id=mensaje_id, ahora=ahora)
                    nuevas += 1
                    continue
                cliente = _cliente(perfil.pyme, telefono=telefono, nombre=nombre)
                ticket = _hilo_o_nuevo(
                    pyme=perfil.pyme,
                    cliente=cliente,
                    canal=Canal.WHATSAPP,
                    asunto=texto[:80] or "Mensaje de WhatsApp",
                    ahora=ahora,
                )
                Interaccion.objects.create(
                    ticket=ticket,
                    pyme=perfil.pyme,
                    canal=Canal.WHATSAPP,
                    direccion=Interaccion.Direccion.ENTRANTE,
                    contenido=texto,
                    externo_id=mensaje_id,
                    creado=ahora,
                )
                nuevas += 1
        except IntegrityError:  # the same message id arriving twice at the same time
            logger.info("WhatsApp: mensaje %s duplicado.", mensaje_id)
    return nuevas


def correo_procesar(
    *, para, de, nombre="", asunto="", message_id="", in_reply_to="", references="", texto="", ahora=None
):
    """Thread an inbound email: by In-Reply-To/References, then the [ENROK-n] tag, else a new ticket.

    Idempotent by Message-ID. Returns the ticket, or None when the address is not a PYME's or it was seen.
    """
    ahora = ahora or timezone.now()
    perfil = PerfilPyme.objects.select_related("pyme").filter(correo_entrada__iexact=para.strip()).first()
    if perfil is None or not de:
        return None
    message_id = message_id.strip() or canales.nuevo_message_id("entrante")
    with transaction.atomic():
        if Interaccion.objects.filter(canal=Canal.CORREO, externo_id=message_id).exists():
            return None
        referencias = canales.ids_de_cabecera(in_reply_to) + canales.ids_de_cabecera(references)
        ticket = None
        if referencias:
            previa = (
                Interaccion.objects.filter(pyme=perfil.pyme, canal=Canal.CORREO, externo_id__in=referencias)
                .select_related("ticket")
                .order_by("-creado")
                .first()
            )
            ticket = previa.ticket if previa else None
        if ticket is None:
            folio = canales.ticket_de_asunto(asunto)
            if folio:
                ticket = Ticket.objects.filter(pk=folio, pyme=perfil.pyme, canal=Canal.CORREO).first()
        if ticket is not None and ticket.estado == Ticket.Estado.CERRADO:
            ticket = None
        cliente = ticket.cliente if ticket else _cliente(perfil.pyme, correo=de, nombre=nombre)
        ticket = _hilo_o_nuevo(
            pyme=perfil.pyme,
            cliente=cliente,
            canal=Canal.CORREO,
            asunto=canales.ETIQUETA_RE.sub("", asunto).strip() or "Correo sin asunto",
            ahora=ahora,
            ticket=ticket,
        )
        Interaccion.objects.create(
            ticket=ticket,
            pyme=perfil.pyme,
            canal=Canal.CORREO,
            direccion=Interaccion.Direccion.ENTRANTE,
            contenido=texto,
            externo_id=message_id,
            creado=ahora,
        )
        return ticket


# --- Surveys and follow-ups ------------------------------------------------------------

SAL_ENCUESTA = "atencion.encuesta"


def token_encuesta(encuesta):
    return signing.dumps({"e": encuesta.pk, "n": encuesta.nonce}, salt=SAL_ENCUESTA)


def encuesta_de_token(token):
    """The survey of a signed token; raises ErrorAtencion when tampered with or unknown."""
    try:
        datos = signing.loads(token, salt=SAL_ENCUESTA)
        return Encuesta.objects.select_related("ticket", "pyme").get(pk=datos["e"], nonce=datos["n"])
    except (signing.BadSignature, Encuesta.DoesNotExist, KeyError, TypeError):
        raise ErrorAtencion(MSG_ENCUESTA_INVALIDA) from None


def _url(ruta):
    return settings.ENLACE_URL_BASE.rstrip("/") + ruta


def _enviar_encuesta(ticket, *, ahora):
    """Create the ticket's survey (once) and send it on the ticket's channel; schedule the confirmation."""
    dias = settings.ATENCION_ENCUESTA_DIAS
    encuesta, creada = Encuesta.objects.get_or_create(
        ticket=ticket,
        defaults={
            "pyme": ticket.pyme,
            "agente": ticket.agente,
            "canal": ticket.canal,
            "enviada_en": ahora,
            "expira_en": ahora + timedelta(days=dias),
        },
    )
    if not creada:
        return encuesta
    enlace = _url(reverse("atencion:encuesta", args=[token_encuesta(encuesta)]))
    texto = (
        f"Hola {ticket.cliente.nombre or ''}, gracias por contactar a {ticket.pyme}. "
        f"¿Cómo calificarías la atención recibida? Responde la encuesta (1 minuto): {enlace}"
    )
    perfil = PerfilPyme.objects.filter(pyme=ticket.pyme).first()
    if ticket.cliente.telefono and perfil and perfil.canal_whatsapp and ticket.canal in (Canal.WHATSAPP, Canal.LLAMADA):
        botones = [
            (f"csat:{encuesta.pk}:5", "Excelente"),
            (f"csat:{encuesta.pk}:3", "Regular"),
            (f"csat:{encuesta.pk}:1", "Mala"),
        ]
        _encolar(
            pyme=ticket.pyme,
            ticket=ticket,
            canal=Canal.WHATSAPP,
            destino=ticket.cliente.telefono,
            cuerpo=texto,
            payload=canales.payload_botones(ticket.cliente.telefono, texto, botones),
            clave=f"encuesta-{encuesta.pk}",
        )
    elif ticket.cliente.correo:
        _encolar(
            pyme=ticket.pyme,
            ticket=ticket,
            canal=Canal.CORREO,
            destino=ticket.cliente.correo,
            asunto=f"¿Cómo te atendimos? {ticket.etiqueta}",
            cuerpo=texto,
            cabeceras={"Message-ID": canales.nuevo_message_id(ticket.pk)},
            clave=f"encuesta-{encuesta.pk}",
        )
    horas = settings.ATENCION_CONFIRMACION_HORAS
    Seguimiento.objects.get_or_create(
        ticket=ticket,
        tipo=Seguimiento.Tipo.CONFIRMACION,
        defaults={
            "pyme": ticket.pyme,
            "cliente": ticket.cliente,
            "canal": ticket.canal,
            "programado_para": ahora + timedelta(hours=horas),
            "mensaje": f"Hola, somos {ticket.pyme}. ¿Quedó resuelto tu caso «{ticket.asunto}»? "
            "Responde este mensaje si necesitas algo más.",
        },
    )
    bitacora.registrar(
        tipo="atencion.encuesta.enviada",
        actor=None,
        objeto=encuesta,
        organizacion=ticket.pyme,
        datos={"canal": encuesta.canal, "expira_en": encuesta.expira_en},
    )
    return encuesta


def encuesta_responder(*, token, csat, nps, comentario="", ahora=None):
    """Record the answer of a survey once. Raises ErrorAtencion when invalid, expired, answered or out of range."""
    ahora = ahora or timezone.now()
    encuesta = encuesta_de_token(token)
    if csat is None or nps is None or not (1 <= int(csat) <= 5) or not (0 <= int(nps) <= 10):
        raise ErrorAtencion(MSG_ENCUESTA_VALORES)
    with transaction.atomic():
        encuesta = Encuesta.objects.select_for_update().get(pk=encuesta.pk)
        _encuesta_vigente(encuesta, ahora)
        encuesta.csat, encuesta.nps, encuesta.comentario = int(csat), int(nps), (comentario or "")[:2000]
        encuesta.respondida_en = ahora
        encuesta.save(update_fields=["csat", "nps", "comentario", "respondida_en"])
        bitacora.registrar(
            tipo="atencion.encuesta.respondida",
            actor=None,
            objeto=encuesta,
            organizacion=encuesta.pyme,
            datos={"csat": encuesta.csat, "nps": encuesta.nps},
        )
        return encuesta


def _encuesta_vigente(encuesta, ahora):
    if encuesta.respondida_en is not None:
        raise ErrorAtencion(MSG_ENCUESTA_RESPONDIDA)
    if encuesta.expira_en <= ahora:
        raise ErrorAtencion(MSG_ENCUESTA_EXPIRADA)


def _encuesta_boton(pyme, telefono, boton, *, mensaje_id, ahora):
    """A WhatsApp reply button ``csat:<survey>:<score>`` from the ticket's own customer records CSAT."""
    try:
        _, encuesta_id, valor = boton.split(":")
        encuesta = (
            Encuesta.objects.select_for_update()
            .select_related("ticket__cliente")
            .get(pk=int(encuesta_id), pyme=pyme, ticket__cliente__telefono=telefono)
        )
        valor = int(valor)
    except (ValueError, Encuesta.DoesNotExist):
        logger.warning("WhatsApp: botón de encuesta inválido %r de %s.", boton, telefono)
        return None
    Interaccion.objects.create(
        ticket=encuesta.ticket,
        pyme=pyme,
        canal=Canal.WHATSAPP,
        direccion=Interaccion.Direccion.ENTRANTE,
        contenido=f"Encuesta: {valor}",
        externo_id=mensaje_id,
        creado=ahora,
    )
    if encuesta.respondida_en is not None or encuesta.expira_en <= ahora or not 1 <= valor <= 5:
        return None
    encuesta.csat = valor
    encuesta.respondida_en = ahora
    encuesta.save(update_fields=["csat", "respondida_en"])
    bitacora.registrar(
        tipo="atencion.encuesta.respondida",
        actor=None,
        objeto=encuesta,
        organizacion=pyme,
        datos={"csat": valor, "canal": "whatsapp"},
    )
    return encuesta


def cita_recordatorio_programar(*, actor, ticket, cita, horas_antes=24, ahora=None):
    """Schedule an appointment reminder for the ticket's customer ``horas_antes`` before ``cita``."""
    ahora = ahora or timezone.now()
    if cita <= ahora:
        raise ErrorAtencion(MSG_CITA_PASADA)
    with transaction.atomic():
        ticket = _bloquear(ticket)
        local = cita.astimezone(ZoneInfo(ticket.pyme.zona_horaria))
        seguimiento = Seguimiento.objects.create(
            pyme=ticket.pyme,
            ticket=ticket,
            cliente=ticket.cliente,
            tipo=Seguimiento.Tipo.RECORDATORIO_CITA,
            canal=ticket.canal if ticket.canal != Canal.LLAMADA else Canal.WHATSAPP,
            programado_para=max(cita - timedelta(hours=horas_antes), ahora),
            creado_por=actor,
            mensaje=f"Te recordamos tu cita en {ticket.pyme} el {local:%d/%m/%Y a las %H:%M}. ¡Te esperamos!",
        )
        bitacora.registrar(
            tipo="atencion.seguimiento.programado",
            actor=actor,
            objeto=seguimiento,
            organizacion=ticket.pyme,
            datos={"cita": cita},
        )
        return seguimiento


def _enviar_a_cliente(*, pyme, cliente, canal, texto, asunto, clave, ticket=None):
    """Send a text to a customer on a channel it can be reached on (WhatsApp if configured, else email)."""
    perfil = PerfilPyme.objects.filter(pyme=pyme).first()
    if canal in (Canal.WHATSAPP, Canal.LLAMADA) and cliente.telefono and perfil and perfil.canal_whatsapp:
        return _encolar(
            pyme=pyme,
            ticket=ticket,
            canal=Canal.WHATSAPP,
            destino=cliente.telefono,
            cuerpo=texto,
            payload=canales.payload_texto(cliente.telefono, texto),
            clave=clave,
        )
    if cliente.correo:
        return _encolar(
            pyme=pyme,
            ticket=ticket,
            canal=Canal.CORREO,
            destino=cliente.correo,
            asunto=asunto,
            cuerpo=texto,
            cabeceras={"Message-ID": canales.nuevo_message_id(ticket.pk if ticket else 0)},
            clave=clave,
        )
    return None


def seguimientos_enviar(*, ahora=None, lote=200):
    """Send the due post-sale follow-ups (a confirmation is skipped if the survey was answered). Idempotent."""
    ahora = ahora or timezone.now()
    enviados = 0
    with transaction.atomic():
        candidatos = Seguimiento.objects.filter(enviado_en__isnull=True, cancelado=False, programado_para__lte=ahora)
        if connection.features.has_select_for_update_skip_locked:
            candidatos = candidatos.select_for_update(skip_locked=True, of=("self",))
        for seg in candidatos.select_related("pyme", "cliente", "ticket").order_by("programado_para")[:lote]:
            respondida = Encuesta.objects.filter(ticket_id=seg.ticket_id, respondida_en__isnull=False).exists()
            if seg.tipo == Seguimiento.Tipo.CONFIRMACION and respondida:
                seg.cancelado = True
                seg.save(update_fields=["cancelado"])
                continue
            _enviar_a_cliente(
                pyme=seg.pyme,
                cliente=seg.cliente,
                canal=seg.canal,
                texto=seg.mensaje,
                asunto=f"{seg.get_tipo_display()} · {seg.pyme}",
                clave=f"seguimiento-{seg.pk}",
                ticket=seg.ticket,
            )
            seg.enviado_en = ahora
            seg.save(update_fields=["enviado_en"])
            enviados += 1
    return enviados


# --- SLA sweep -------------------------------------------------------------------------


def sla_barrer(*, ahora=None, lote=500):
    """Raise each SLA warning and breach once (unique AvisoSla) and record breaches on the ticket.

    Picks open tickets past a warning moment; paused tickets (waiting on the customer) are skipped.
    Running it again raises nothing new. Returns the number of warnings created.
    """
    ahora = ahora or timezone.now()
    creados = 0
    reglas = (
        (
            AvisoSla.Tipo.RESPUESTA_POR_VENCER,
            Q(primera_respuesta_en__isnull=True, aviso_respuesta_en__lte=ahora),
            "vence_respuesta",
        ),
        (
            AvisoSla.Tipo.RESPUESTA_INCUMPLIDA,
            Q(primera_respuesta_en__isnull=True, vence_respuesta__lte=ahora),
            "vence_respuesta",
        ),
        (
            AvisoSla.Tipo.RESOLUCION_POR_VENCER,
            ~Q(estado=Ticket.Estado.ESPERANDO_CLIENTE) & Q(aviso_resolucion_en__lte=ahora),
            "vence_resolucion",
        ),
        (
            AvisoSla.Tipo.RESOLUCION_INCUMPLIDA,
            ~Q(estado=Ticket.Estado.ESPERANDO_CLIENTE) & Q(vence_resolucion__lte=ahora),
            "vence_resolucion",
        ),
    )
    for tipo, condicion, campo_vence in reglas:
        with transaction.atomic():
            candidatos = (
                Ticket.objects.abiertos()
                .filter(condicion)
                .exclude(Exists(AvisoSla.objects.filter(ticket=OuterRef("pk"), tipo=tipo, vence=OuterRef(campo_vence))))
            )
            if connection.features.has_select_for_update_skip_locked:
                candidatos = candidatos.select_for_update(skip_locked=True, of=("self",))
            tickets = list(candidatos.select_related("pyme", "agente").order_by("pk")[:lote])
            AvisoSla.objects.bulk_create(
                [AvisoSla(ticket=t, tipo=tipo, vence=getattr(t, campo_vence)) for t in tickets],
                ignore_conflicts=True,
            )
            if tipo == AvisoSla.Tipo.RESPUESTA_INCUMPLIDA and tickets:
                Ticket.objects.filter(pk__in=[t.pk for t in tickets], sla_respuesta_cumplido__isnull=True).update(
                    sla_respuesta_cumplido=False
                )
            eventos = []
            etiqueta = AvisoSla.Tipo(tipo).label
            for ticket in tickets:
                vence = getattr(ticket, campo_vence)
                destinatarios = gerentes_de(ticket.pyme) + ([ticket.agente] if ticket.agente else [])
                notificar(
                    destinatarios=destinatarios,
                    titulo=f"{etiqueta}: #{ticket.pk} {ticket.pyme}",
                    cuerpo=f"{ticket.asunto}. Vence: {timezone.localtime(vence):%d/%m/%Y %H:%M}.",
                    enlace=reverse("atencion:ticket", args=[ticket.pk]),
                    por_correo=tipo.endswith("incumplida"),
                    clave=f"atencion-sla-{ticket.pk}-{tipo}-{vence.timestamp():.0f}",
                )
                eventos.append(
                    bitacora.NuevoEvento(
                        tipo=f"atencion.sla.{tipo}",
                        objeto=ticket,
                        organizacion=ticket.pyme,
                        datos={"vence": vence, "ahora": ahora},
                    )
                )
            bitacora.registrar_varios(eventos)
            creados += len(tickets)
    return creados


# --- Outbox dispatch -------------------------------------------------------------------


def mensaje_enviar(mensaje_id):
    """Send one outbound message if pending (claimed by a conditional UPDATE). Returns True when sent."""
    ahora = timezone.now()
    if not MensajeSaliente.objects.filter(
        pk=mensaje_id, estado=MensajeSaliente.Estado.PENDIENTE, proximo_intento__lte=ahora
    ).update(estado=MensajeSaliente.Estado.ENVIANDO, reclamado_en=ahora):
        return False
    mensaje = MensajeSaliente.objects.select_related("pyme").get(pk=mensaje_id)
    mio = MensajeSaliente.objects.filter(pk=mensaje.pk, estado=MensajeSaliente.Estado.ENVIANDO, reclamado_en=ahora)
    try:
        if mensaje.canal == Canal.WHATSAPP:
            perfil = PerfilPyme.objects.get(pyme=mensaje.pyme)
            externo = canales.enviar_whatsapp(perfil.whatsapp_phone_number_id, mensaje.payload)
        else:
            perfil = PerfilPyme.objects.filter(pyme=mensaje.pyme).first()
            externo = canales.enviar_correo(
                para=mensaje.destino,
                asunto=mensaje.asunto,
                cuerpo=mensaje.cuerpo,
                cabeceras=mensaje.cabeceras,
                responder_a=perfil.correo_entrada if perfil else "",
            )
    except Exception as exc:  # network, HTTP status, SMTP: retried with backoff by the sweep
        intentos = mensaje.intentos + 1
        agotado = intentos >= settings.ATENCION_MENSAJES_MAX_INTENTOS
        mio.update(
            estado=MensajeSaliente.Estado.FALLIDO if agotado else MensajeSaliente.Estado.PENDIENTE,
            intentos=intentos,
            reclamado_en=None,
            ultimo_error=f"{type(exc).__name__}: {exc}"[:2000],
            proximo_intento=timezone.now() + espera_tras_fallo(intentos),
        )
        logger.warning("Mensaje %s (%s) no enviado: %s", mensaje.pk, mensaje.canal, exc)
        return False
    mio.update(
        estado=MensajeSaliente.Estado.ENVIADO,
        enviado_en=timezone.now(),
        intentos=mensaje.intentos + 1,
        externo_id=externo or "",
        ultimo_error="",
    )
    return True


def mensajes_barrer(*, lote=200):
    """Send the pending messages that are due (and release claims older than 15 minutes)."""
    ahora = timezone.now()
    MensajeSaliente.objects.filter(
        estado=MensajeSaliente.Estado.ENVIANDO, reclamado_en__lt=ahora - timedelta(minutes=15)
    ).update(estado=MensajeSaliente.Estado.PENDIENTE, reclamado_en=None)
    ids = list(
        MensajeSaliente.objects.filter(estado=MensajeSaliente.Estado.PENDIENTE, proximo_intento__lte=ahora)
        .order_by("proximo_intento", "id")
        .values_list("id", flat=True)[:lote]
    )
    return sum(1 for i in ids if mensaje_enviar(i))


# --- Executive reports -----------------------------------------------------------------


def recomendaciones_de(kpis):
    """Actionable recommendations from rules over the metrics (the analyst edits them afterwards)."""
    reglas = []
    if kpis.get("sla") is not None and kpis["sla"] < 90:
        reglas.append(
            f"El SLA de primera respuesta fue {kpis['sla']} % (meta 90 %): reforzar la cobertura en las "
            "horas de mayor volumen y revisar los avisos de vencimiento."
        )
    if kpis.get("csat") is not None and kpis["csat"] < 4:
        reglas.append(
            f"El CSAT promedio fue {kpis['csat']}: revisar los comentarios de las calificaciones bajas y "
            "ajustar el guion con el equipo."
        )
    if kpis.get("nps") is not None and kpis["nps"] < 30:
        reglas.append(
            f"El NPS fue {kpis['nps']}: contactar a los detractores en las próximas 48 horas y lanzar una "
            "campaña de fidelización para los pasivos."
        )
    if kpis.get("fcr") is not None and kpis["fcr"] < 70:
        reglas.append(
            f"La resolución en primer contacto fue {kpis['fcr']} %: documentar respuestas a los motivos "
            "más frecuentes para resolver sin devolver la llamada."
        )
    if kpis.get("abiertos", 0) > kpis.get("cerrados", 0):
        reglas.append(
            f"Se abrieron {kpis['abiertos']} tickets y se resolvieron {kpis['cerrados']}: el backlog crece; "
            "asignar refuerzo temporal."
        )
    motivos = kpis.get("por_motivo") or []
    if motivos and motivos[0].get("motivo__nombre"):
        reglas.append(
            f"El motivo principal fue «{motivos[0]['motivo__nombre']}» ({motivos[0]['total']} casos): "
            "publicar esa información en los canales de la PYME para prevenir contactos."
        )
    if not reglas:
        reglas.append(
            "Los indicadores cumplieron las metas: mantener los protocolos y compartir las buenas "
            "prácticas con el equipo."
        )
    return "\n".join(f"- {r}" for r in reglas)


def kpis_para_json(datos):
    """The metrics dict as JSON-safe data for the report snapshot."""
    datos = dict(datos)
    datos.pop("periodo", None)
    datos["tendencia"] = [{**f, "fecha": f["fecha"].isoformat()} for f in datos["tendencia"]]
    datos["csat_distribucion"] = [list(x) for x in datos["csat_distribucion"]]
    return datos


def reporte_crear(*, actor, pyme, periodicidad, inicio, fin):
    """Draft the executive report of a PYME for a period: KPI snapshot and rule-based recommendations.

    Raises ErrorAtencion when that report already exists.
    """
    from atencion import selectors

    periodo = selectors.Periodo(inicio, fin, pyme.zona_horaria)
    kpis = kpis_para_json(selectors.metricas(Ticket.objects.filter(pyme=pyme), periodo=periodo, pymes=[pyme.pk]))
    try:
        with transaction.atomic():
            reporte = ReporteEjecutivo.objects.create(
                pyme=pyme,
                periodicidad=periodicidad,
                inicio=inicio,
                fin=fin,
                kpis=kpis,
                recomendaciones=recomendaciones_de(kpis),
                elaborado_por=actor,
            )
            bitacora.registrar(
                tipo="atencion.reporte.borrador",
                actor=actor,
                objeto=reporte,
                organizacion=pyme,
                datos={
                    "periodo": [inicio, fin],
                    "sla": kpis["sla"],
                    "csat": kpis["csat"],
                    "nps": kpis["nps"],
                    "fcr": kpis["fcr"],
                },
            )
            return reporte
    except IntegrityError:
        raise ErrorAtencion(MSG_REPORTE_DUPLICADO.format(periodicidad=periodicidad)) from None


def _reporte_bloquear(reporte):
    return ReporteEjecutivo.objects.select_for_update().select_related("pyme").get(pk=reporte.pk)


def reporte_editar(*, actor, reporte, recomendaciones):
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        if reporte.estado not in (ReporteEjecutivo.Estado.BORRADOR, ReporteEjecutivo.Estado.DEVUELTO):
            raise ErrorAtencion(MSG_REPORTE_TRANSICION.format(estado=reporte.get_estado_display()))
        reporte.recomendaciones = recomendaciones.strip()
        reporte.save(update_fields=["recomendaciones"])
        bitacora.registrar(tipo="atencion.reporte.editado", actor=actor, objeto=reporte, organizacion=reporte.pyme)
        return reporte


def reporte_recalcular(*, actor, reporte):
    """Refresh the KPI snapshot of a draft (recommendations are kept)."""
    from atencion import selectors

    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        if reporte.estado not in (ReporteEjecutivo.Estado.BORRADOR, ReporteEjecutivo.Estado.DEVUELTO):
            raise ErrorAtencion(MSG_REPORTE_TRANSICION.format(estado=reporte.get_estado_display()))
        periodo = selectors.Periodo(reporte.inicio, reporte.fin, reporte.pyme.zona_horaria)
        reporte.kpis = kpis_para_json(
            selectors.metricas(Ticket.objects.filter(pyme=reporte.pyme), periodo=periodo, pymes=[reporte.pyme_id])
        )
        reporte.save(update_fields=["kpis"])
        return reporte


def reporte_enviar_a_validacion(*, actor, reporte):
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        if not can_proceed(reporte.enviar_a_validacion, check_conditions=False):
            raise ErrorAtencion(MSG_REPORTE_TRANSICION.format(estado=reporte.get_estado_display()))
        if not can_proceed(reporte.enviar_a_validacion):
            raise ErrorAtencion(MSG_REPORTE_SIN_RECOMENDACIONES)
        reporte.enviar_a_validacion()
        reporte.save(update_fields=["estado"])
        bitacora.registrar(
            tipo="atencion.reporte.en_validacion", actor=actor, objeto=reporte, organizacion=reporte.pyme
        )
        notificar(
            destinatarios=gerentes_de(reporte.pyme),
            titulo=f"Reporte por validar: {reporte}",
            cuerpo="El analista envió el reporte ejecutivo a validación.",
            enlace=reverse("atencion:reporte", args=[reporte.pk]),
            clave=f"atencion-reporte-val-{reporte.pk}-{timezone.now().timestamp():.0f}",
        )
        return reporte


def reporte_devolver(*, actor, reporte, observacion):
    if not (observacion or "").strip():
        raise ErrorAtencion(MSG_DEVOLUCION_SIN_OBSERVACION)
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        if not can_proceed(reporte.devolver):
            raise ErrorAtencion(MSG_REPORTE_TRANSICION.format(estado=reporte.get_estado_display()))
        reporte.devolver(observacion=observacion.strip())
        reporte.save(update_fields=["estado", "observacion"])
        bitacora.registrar(
            tipo="atencion.reporte.devuelto",
            actor=actor,
            objeto=reporte,
            organizacion=reporte.pyme,
            datos={"observacion": observacion.strip()},
        )
        if reporte.elaborado_por:
            notificar(
                destinatarios=[reporte.elaborado_por],
                titulo=f"Reporte devuelto: {reporte}",
                cuerpo=observacion.strip(),
                enlace=reverse("atencion:reporte", args=[reporte.pk]),
            )
        return reporte


def reporte_validar(*, actor, reporte, ahora=None):
    """Validate and publish: the PYME's users are notified by email and see it in their portal."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        if not can_proceed(reporte.validar):
            raise ErrorAtencion(MSG_REPORTE_TRANSICION.format(estado=reporte.get_estado_display()))
        reporte.validar(gerente=actor, ahora=ahora)
        reporte.save(update_fields=["estado", "validado_por", "publicado_en"])
        bitacora.registrar(
            tipo="atencion.reporte.publicado",
            actor=actor,
            objeto=reporte,
            organizacion=reporte.pyme,
            datos={"kpis": {k: reporte.kpis.get(k) for k in ("sla", "csat", "nps", "fcr")}},
        )
        usuarios_pyme = Usuario.objects.filter(organizacion=reporte.pyme, is_active=True, groups__name="pyme")
        k = reporte.kpis
        notificar(
            destinatarios=list(usuarios_pyme),
            titulo=f"Su reporte ejecutivo está listo: {reporte}",
            cuerpo=(
                f"SLA {k.get('sla')} % · CSAT {k.get('csat')} · NPS {k.get('nps')} · FCR {k.get('fcr')} %.\n"
                "Descargue el PDF desde su portal."
            ),
            enlace=reverse("atencion:reporte", args=[reporte.pk]),
            clave=f"atencion-reporte-pub-{reporte.pk}",
        )
        return reporte


# --- Campaigns -------------------------------------------------------------------------


def campana_crear(*, actor, pyme, **campos):
    with transaction.atomic():
        campana = Campana.objects.create(pyme=pyme, creada_por=actor, **campos)
        bitacora.registrar(
            tipo="atencion.campana.creada", actor=actor, objeto=campana, organizacion=pyme, datos={"tipo": campana.tipo}
        )
        return campana


def campana_programar(*, actor, campana, ahora=None):
    ahora = ahora or timezone.now()
    with transaction.atomic():
        campana = Campana.objects.select_for_update().select_related("pyme").get(pk=campana.pk)
        if not can_proceed(campana.programar):
            raise ErrorAtencion(MSG_CAMPANA_TRANSICION.format(estado=campana.get_estado_display()))
        if campana.programada_para < ahora - timedelta(minutes=5):
            raise ErrorAtencion(MSG_CAMPANA_PASADA)
        campana.programar()
        campana.save(update_fields=["estado"])
        bitacora.registrar(
            tipo="atencion.campana.programada",
            actor=actor,
            objeto=campana,
            organizacion=campana.pyme,
            datos={"programada_para": campana.programada_para},
        )
        return campana


def campana_cancelar(*, actor, campana):
    with transaction.atomic():
        campana = Campana.objects.select_for_update().select_related("pyme").get(pk=campana.pk)
        if not can_proceed(campana.cancelar):
            raise ErrorAtencion(MSG_CAMPANA_TRANSICION.format(estado=campana.get_estado_display()))
        campana.cancelar()
        campana.save(update_fields=["estado"])
        bitacora.registrar(tipo="atencion.campana.cancelada", actor=actor, objeto=campana, organizacion=campana.pyme)
        return campana


def _texto_campana(campana, cliente):
    baja = _url(reverse("atencion:baja", args=[cliente.token_baja]))
    return render_to_string("atencion/correo/campana.txt", {"campana": campana, "cliente": cliente, "baja": baja})


def campanas_enviar(*, ahora=None):
    """Send the due scheduled campaigns: one delivery row per customer and channel, opt-outs skipped.

    Idempotent: the unique delivery row and the outbox key make a second run send nothing.
    """
    ahora = ahora or timezone.now()
    enviadas = 0
    candidatos = Campana.objects.filter(estado=Campana.Estado.PROGRAMADA, programada_para__lte=ahora)
    for campana_id in candidatos.values_list("pk", flat=True):
        with transaction.atomic():
            qs = Campana.objects.filter(pk=campana_id, estado=Campana.Estado.PROGRAMADA)
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            campana = qs.select_related("pyme").first()
            if campana is None:
                continue
            perfil = PerfilPyme.objects.filter(pyme=campana.pyme).first()
            ya = set(EnvioCampana.objects.filter(campana=campana).values_list("cliente_id", "canal"))
            envios = []
            for cliente in Cliente.objects.filter(pyme=campana.pyme).order_by("pk").iterator(chunk_size=1000):
                canales_cliente = [Canal.CORREO]
                if campana.por_whatsapp and perfil and perfil.canal_whatsapp:
                    canales_cliente.append(Canal.WHATSAPP)
                for canal in canales_cliente:
                    if (cliente.pk, canal) in ya:
                        continue
                    destino = cliente.correo if canal == Canal.CORREO else cliente.telefono
                    if not cliente.acepta_campanas:
                        estado, mensaje = EnvioCampana.Estado.OMITIDO_BAJA, None
                    elif not destino:
                        estado, mensaje = EnvioCampana.Estado.SIN_DATOS, None
                    else:
                        texto = _texto_campana(campana, cliente)
                        payload = canales.payload_texto(destino, texto) if canal == Canal.WHATSAPP else None
                        mensaje = _encolar(
                            pyme=campana.pyme,
                            ticket=None,
                            canal=canal,
                            destino=destino,
                            asunto=campana.asunto,
                            cuerpo=texto,
                            payload=payload,
                            cabeceras={
                                "List-Unsubscribe": f"<{_url(reverse('atencion:baja', args=[cliente.token_baja]))}>"
                            }
                            if canal == Canal.CORREO
                            else None,
                            clave=f"campana-{campana.pk}",
                        )
                        estado = EnvioCampana.Estado.ENCOLADO
                    envios.append(
                        EnvioCampana(campana=campana, cliente=cliente, canal=canal, estado=estado, mensaje=mensaje)
                    )
            EnvioCampana.objects.bulk_create(envios, ignore_conflicts=True, batch_size=1000)
            campana.marcar_enviada(ahora=ahora)
            campana.save(update_fields=["estado", "enviada_en"])
            bitacora.registrar(
                tipo="atencion.campana.enviada",
                actor=None,
                objeto=campana,
                organizacion=campana.pyme,
                datos={"envios": len(envios), "omitidos_baja": sum(e.estado == "omitido_baja" for e in envios)},
            )
            enviadas += 1
    return enviadas


def cliente_baja(*, token, ahora=None):
    """Opt a customer out of loyalty campaigns (idempotent). Raises ErrorAtencion for an unknown token."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        cliente = Cliente.objects.select_for_update().filter(token_baja=token).first()
        if cliente is None:
            raise ErrorAtencion("El enlace para darse de baja no es válido.")
        if cliente.acepta_campanas:
            cliente.acepta_campanas = False
            cliente.baja_en = ahora
            cliente.save(update_fields=["acepta_campanas", "baja_en"])
            bitacora.registrar(tipo="atencion.cliente.baja", actor=None, objeto=cliente, organizacion=cliente.pyme)
        return cliente


# --- Daily metrics roll-up ---------------------------------------------------------------


def _dias_recalculo():
    return max(int(settings.ATENCION_METRICAS_DIAS_RECALCULO), 1)


def _inicio_local(dia, tz):
    from datetime import datetime, time

    return datetime.combine(dia, time.min, tzinfo=tz)


def _filas_metricas(pyme, ini, fin, tz, ahora):
    """The roll-up rows of one PYME between two instants: key (día, agente, canal, motivo) → counters."""
    from django.db.models import Count, F, Sum
    from django.db.models.functions import TruncDate

    from atencion.models import CAMPOS_METRICA

    filas = {}

    def sumar(qs, campos_clave):
        for fila in qs:
            clave = tuple(fila.pop(c) for c in campos_clave)
            destino = filas.setdefault(clave, dict.fromkeys(CAMPOS_METRICA, 0))
            for campo, valor in fila.items():
                destino[campo] += valor or 0

    clave = ("dia", "agente_id", "canal", "motivo_id")
    tickets = Ticket.objects.filter(pyme=pyme)
    sumar(
        tickets.filter(creado__gte=ini, creado__lt=fin)
        .annotate(dia=TruncDate("creado", tzinfo=tz))
        .values(*clave)
        .annotate(
            abiertos=Count("id"),
            sla_ok=Count("id", filter=Q(sla_respuesta_cumplido=True)),
            sla_mal=Count(
                "id",
                filter=Q(sla_respuesta_cumplido=False)
                | Q(sla_respuesta_cumplido__isnull=True, primera_respuesta_en__isnull=True, vence_respuesta__lt=ahora),
            ),
            resp_suma=Sum("segundos_respuesta"),
            resp_n=Count("segundos_respuesta"),
        )
        .order_by(),
        clave,
    )
    sumar(
        tickets.filter(resuelto_en__gte=ini, resuelto_en__lt=fin)
        .annotate(dia=TruncDate("resuelto_en", tzinfo=tz))
        .values(*clave)
        .annotate(
            resueltos=Count("id"),
            fcr=Count("id", filter=Q(fcr=True)),
            res_ok=Count("id", filter=Q(sla_resolucion_cumplido=True)),
            res_sla_ok=Count("id", filter=Q(sla_respuesta_cumplido=True)),
            res_suma=Sum("segundos_resolucion"),
            res_n=Count("segundos_resolucion"),
            res_csat_suma=Sum("encuesta__csat"),
            res_csat_n=Count("encuesta__csat"),
        )
        .order_by(),
        clave,
    )
    sumar(
        Encuesta.objects.filter(pyme=pyme, respondida_en__gte=ini, respondida_en__lt=fin)
        .annotate(dia=TruncDate("respondida_en", tzinfo=tz), motivo_id=F("ticket__motivo_id"))
        .values(*clave)
        .annotate(
            csat_suma=Sum("csat"),
            csat_n=Count("id", filter=Q(csat__isnull=False)),
            **{f"csat_{i}": Count("id", filter=Q(csat=i)) for i in range(1, 6)},
            nps_n=Count("id", filter=Q(nps__isnull=False)),
            promotores=Count("id", filter=Q(nps__gte=9)),
            pasivos=Count("id", filter=Q(nps__in=[7, 8])),
            detractores=Count("id", filter=Q(nps__lte=6)),
        )
        .order_by(),
        clave,
    )
    sumar(
        Interaccion.objects.filter(pyme=pyme, creado__gte=ini, creado__lt=fin)
        .annotate(
            dia=TruncDate("creado", tzinfo=tz), agente_id=F("ticket__agente_id"), motivo_id=F("ticket__motivo_id")
        )
        .values(*clave)
        .annotate(interacciones=Count("id"))
        .order_by(),
        clave,
    )
    return {k: v for k, v in filas.items() if any(v.values())}


def _primer_dia(pyme, tz):
    from django.db.models import Min

    primeros = [
        Ticket.objects.filter(pyme=pyme).aggregate(m=Min("creado"))["m"],
        Interaccion.objects.filter(pyme=pyme).aggregate(m=Min("creado"))["m"],
    ]
    primeros = [p for p in primeros if p is not None]
    return min(primeros).astimezone(tz).date() if primeros else None


def metricas_recalcular(*, pyme=None, desde=None, ahora=None):
    """Rebuild the daily roll-up of closed days (up to yesterday in each PYME's zone) and move its cut.

    Without ``desde``: the last ATENCION_METRICAS_DIAS_RECALCULO days (all history the first time, and
    any day missed since the last run). Idempotent: rows are diffed, so a re-run writes nothing.
    Returns ``{"pymes": n, "creadas": n, "borradas": n}``.
    """
    from atencion.models import CAMPOS_METRICA, CorteMetricas, MetricaDiaria

    ahora = ahora or timezone.now()
    pymes = [pyme] if pyme is not None else list(Organizacion.objects.filter(tipo=Organizacion.Tipo.PYME))
    total = {"pymes": 0, "creadas": 0, "borradas": 0}
    for org in pymes:
        tz = ZoneInfo(org.zona_horaria)
        ayer = ahora.astimezone(tz).date() - timedelta(days=1)
        with transaction.atomic():
            Organizacion.objects.select_for_update().filter(pk=org.pk).first()  # one rebuild per PYME at a time
            corte = CorteMetricas.objects.filter(pyme=org).first()
            if corte is None:  # first run: all history, so the roll-up never has holes
                inicio = _primer_dia(org, tz) or ayer + timedelta(days=1)
                inicio = min(inicio, desde) if desde else inicio
            else:  # the last N days and any day missed since the previous run
                inicio = min(corte.dia + timedelta(days=1), desde or ayer - timedelta(days=_dias_recalculo() - 1))
            if inicio <= ayer:
                ini, fin = _inicio_local(inicio, tz), _inicio_local(ayer + timedelta(days=1), tz)
                nuevas = _filas_metricas(org, ini, fin, tz, ahora)
                existentes = {
                    (m.dia, m.agente_id, m.canal, m.motivo_id): m
                    for m in MetricaDiaria.objects.filter(pyme=org, dia__gte=inicio, dia__lte=ayer)
                }
                borrar = [
                    m.pk
                    for k, m in existentes.items()
                    if k not in nuevas or any(getattr(m, c) != nuevas[k][c] for c in CAMPOS_METRICA)
                ]
                crear = [
                    MetricaDiaria(pyme=org, dia=k[0], agente_id=k[1], canal=k[2], motivo_id=k[3], **v)
                    for k, v in nuevas.items()
                    if k not in existentes or existentes[k].pk in borrar
                ]
                MetricaDiaria.objects.filter(pk__in=borrar).delete()
                MetricaDiaria.objects.bulk_create(crear, batch_size=2000)
                total["creadas"] += len(crear)
                total["borradas"] += len(borrar)
            desde_vivo = _inicio_local(ayer + timedelta(days=1), tz)
            if corte is None:
                CorteMetricas.objects.create(pyme=org, dia=ayer, desde=desde_vivo)
            elif corte.dia < ayer:
                corte.dia, corte.desde = ayer, desde_vivo
                corte.save(update_fields=["dia", "desde"])
        total["pymes"] += 1
    if total["creadas"] or total["borradas"]:
        logger.info("métricas diarias recalculadas: %s", total)
    return total
