"""Tickets: opening with SLA deadlines, the agent's work on them (replies, notes, classification,
escalation, assignment) and their transitions (wait for the customer, resume, resolve, close, reopen)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from atencion import escrituras, horario, selectors
from atencion.canales import nuevo_message_id, payload_texto
from atencion.mensajes import MSG_AGENTE_INVALIDO, MSG_SIN_DESTINO, MSG_TEXTO_VACIO
from atencion.models import Canal, Cliente, Interaccion, PerfilPyme, Prioridad, Ticket
from atencion.services.comun import ErrorAtencion, bloquear_ticket
from atencion.services.encuestas import enviar_encuesta
from atencion.services.salida import encolar
from atencion.services.sla import calendario_de, objetivos_de, plazos
from enlace import acciones, bitacora
from enlace.historial import actualizar_con_historial
from enlace.notificaciones.services import encolar_correo, notificar
from enlace.roles import tiene_rol
from enlace.telefonos import normalizar_o_igual, region_de


def cliente_de_contacto(pyme, *, telefono="", correo="", nombre=""):
    telefono = normalizar_o_igual(telefono, region_de(pyme))
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
    aviso_r, vence_r = plazos(calendario, ahora, resp_min)
    aviso_s, vence_s = plazos(calendario, ahora, res_min)
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
    actualizar_con_historial(
        Ticket.objects.filter(pk=ticket.pk), {"escalado_en": ahora}, razon="Caso escalado", usuario=actor
    )
    ticket.escalado_en = ahora
    enlace = reverse("atencion:ticket", args=[ticket.pk])
    titulo = f"Caso crítico escalado: {ticket.pyme} #{ticket.pk}"
    cuerpo = f"{ticket.asunto}\nCliente: {ticket.cliente}\nMotivo del escalamiento: {motivo}"
    notificar(
        destinatarios=selectors.gerentes_de(ticket.pyme),
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
        cliente = cliente_de_contacto(pyme, telefono=telefono, correo=correo, nombre=nombre)
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


def registrar_contacto(ticket, *, actor, ahora):
    """An agent's contact (reply or call) on the locked ticket: resumes a paused clock, takes the ticket
    (``atender``), records the first response with its SLA outcome and the script version in use."""
    if ticket.estado == Ticket.Estado.ESPERANDO_CLIENTE:
        _reanudar(ticket, actor=actor, ahora=ahora)
    if ticket.estado == Ticket.Estado.ABIERTO:
        _ejecutar(ticket, "atender", actor=actor, argumentos={"agente": ticket.agente or actor})
    elif ticket.agente_id is None:
        ticket.agente = actor
    ticket.contactos += 1
    campos = ["agente", "contactos"]
    if ticket.guion_id is None and (guion := selectors.guion_aplicable(ticket)):
        ticket.guion, ticket.guion_version = guion, guion.version
        campos += ["guion", "guion_version"]
    if ticket.primera_respuesta_en is None:
        segundos = horario.segundos_habiles(calendario_de(ticket.pyme), ticket.creado, ahora)
        ticket.primera_respuesta_en = ahora
        ticket.segundos_respuesta = segundos
        ticket.sla_respuesta_cumplido = segundos <= ticket.objetivo_respuesta_min * 60
        campos += ["primera_respuesta_en", "segundos_respuesta", "sla_respuesta_cumplido"]
    ticket.save(update_fields=campos)


def _ejecutar(ticket, transicion, *, actor, argumentos=None, evento=None, datos=None):
    """Run a transition of a ticket the caller already locked (with its PYME as the event's organisation)."""
    return acciones.ejecutar(
        ticket,
        transicion,
        actor=actor,
        argumentos=argumentos,
        evento=evento,
        datos=datos,
        organizacion=ticket.pyme,
        bloquear=False,
    )


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

    Raises AccionRechazada unless the actor attends tickets and the ticket is open; ErrorAtencion for an
    empty text or a customer without a phone/email.
    """
    ahora = ahora or timezone.now()
    texto = (texto or "").strip()
    if not texto:
        raise ErrorAtencion(MSG_TEXTO_VACIO)
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        escrituras.TICKET_RESPONDER.exigir(ticket, actor)
        externo, saliente = "", None
        if ticket.canal == Canal.WHATSAPP:
            if not ticket.cliente.telefono:
                raise ErrorAtencion(MSG_SIN_DESTINO.format(dato="teléfono"))
            saliente = encolar(
                pyme=ticket.pyme,
                ticket=ticket,
                canal=Canal.WHATSAPP,
                destino=ticket.cliente.telefono,
                cuerpo=texto,
                payload=payload_texto(ticket.cliente.telefono, texto),
            )
        elif ticket.canal == Canal.CORREO:
            if not ticket.cliente.correo:
                raise ErrorAtencion(MSG_SIN_DESTINO.format(dato="correo"))
            externo = nuevo_message_id(ticket.pk)
            en_respuesta, referencias = _hilo_correo(ticket)
            cabeceras = {"Message-ID": externo}
            if en_respuesta:
                cabeceras["In-Reply-To"] = en_respuesta
                cabeceras["References"] = referencias
            encolar(
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
            mensaje=saliente,  # its WhatsApp delivery status shows next to the reply
            creado=ahora,
        )
        registrar_contacto(ticket, actor=actor, ahora=ahora)
        bitacora.registrar(
            tipo="atencion.ticket.respuesta",
            actor=actor,
            objeto=ticket,
            organizacion=ticket.pyme,
            datos={"canal": ticket.canal, "primera": ticket.contactos == 1},
        )
        return ticket


def ticket_nota(*, actor, ticket, texto):
    """An internal note of ENROK on an open ticket (the PYME does not see it). Raises AccionRechazada
    (see escrituras.TICKET_NOTA) or ErrorAtencion for an empty text."""
    texto = (texto or "").strip()
    if not texto:
        raise ErrorAtencion(MSG_TEXTO_VACIO)
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        escrituras.TICKET_NOTA.exigir(ticket, actor)
        return Interaccion.objects.create(
            ticket=ticket,
            pyme=ticket.pyme,
            canal=ticket.canal,
            direccion=Interaccion.Direccion.NOTA,
            autor=actor,
            contenido=texto,
        )


def ticket_clasificar(*, actor, ticket, motivo, prioridad):
    """Set the contact reason and priority of an open ticket; raising it to critical escalates at once.

    Raises AccionRechazada (see escrituras.TICKET_CLASIFICAR)."""
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        escrituras.TICKET_CLASIFICAR.exigir(ticket, actor)
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
        if prioridad == Prioridad.CRITICA:
            _escalar(ticket, actor=actor, ahora=timezone.now(), motivo="prioridad cambiada a crítica")
        return ticket


def ticket_escalar(*, actor, ticket, motivo):
    """Escalate an open case to the Gerente de Operaciones (idempotent) and make it critical.

    Raises AccionRechazada (see escrituras.TICKET_ESCALAR)."""
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        escrituras.TICKET_ESCALAR.exigir(ticket, actor)
        if ticket.prioridad != Prioridad.CRITICA:
            ticket.prioridad = Prioridad.CRITICA
            ticket.save(update_fields=["prioridad"])
        _escalar(ticket, actor=actor, ahora=timezone.now(), motivo=motivo or "escalado por el agente")
        return ticket


def ticket_asignar(*, actor, ticket, agente):
    """Assign an open ticket to an agent of ENROK, who is notified.

    Raises ErrorAtencion when ``agente`` is not an active agent of the ENROK serving the ticket's PYME,
    AccionRechazada (see escrituras.TICKET_ASIGNAR)."""
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        if not selectors.agentes_de(ticket.pyme).filter(pk=agente.pk).exists():
            raise ErrorAtencion(MSG_AGENTE_INVALIDO)  # not an active agent of the ENROK that serves this PYME
        escrituras.TICKET_ASIGNAR.exigir(ticket, actor)
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
    """Pause the resolution clock while the ticket waits on the customer. Raises AccionRechazada."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        return _ejecutar(
            ticket,
            "esperar_cliente",
            actor=actor,
            argumentos={"ahora": ahora},
            evento="atencion.ticket.esperando_cliente",
        )


def _reanudacion(ticket, ahora, desde):
    """The transition's arguments when the clock resumes at ``ahora`` after a pause since ``desde``."""
    calendario = calendario_de(ticket.pyme)
    pausa = horario.segundos_habiles(calendario, desde, ahora) if desde else 0
    aviso, vence = plazos(
        calendario, ticket.creado, ticket.objetivo_resolucion_min, consumidos=ticket.segundos_pausa + pausa
    )
    return {"segundos_pausados": pausa, "vence_resolucion": vence, "aviso_resolucion_en": aviso}


def _reanudar(ticket, *, actor, ahora, evento=None):
    argumentos = _reanudacion(ticket, ahora, ticket.pausado_desde)
    datos = {"vence_resolucion": argumentos["vence_resolucion"]}
    return _ejecutar(ticket, "reanudar", actor=actor, argumentos=argumentos, evento=evento, datos=datos)


def ticket_reanudar(*, actor, ticket, ahora=None):
    """Resume the clock: the paused business time moves the resolution deadline. Raises AccionRechazada."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        return _reanudar(ticket, actor=actor, ahora=ahora, evento="atencion.ticket.reanudado")


def ticket_resolver(*, actor, ticket, ahora=None):
    """Resolve: resolution business time (minus pauses), SLA and FCR outcome; sends the survey on its channel.

    An agent resolving an unassigned ticket takes it. Raises AccionRechazada (no contact reason, not open…).
    """
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        calendario = calendario_de(ticket.pyme)
        pausa = ticket.segundos_pausa
        if ticket.estado == Ticket.Estado.ESPERANDO_CLIENTE and ticket.pausado_desde:
            pausa += horario.segundos_habiles(calendario, ticket.pausado_desde, ahora)
        segundos = max(horario.segundos_habiles(calendario, ticket.creado, ahora) - pausa, 0)
        agente = actor if actor is not None and tiene_rol(actor, "agente") else None
        _ejecutar(
            ticket,
            "resolver",
            actor=actor,
            argumentos={"ahora": ahora, "segundos_resolucion": segundos, "agente": agente},
            evento="atencion.ticket.resuelto",
            datos={
                "segundos_resolucion": segundos,
                "sla": ticket.en_sla_de_resolucion(segundos),
                "fcr": ticket.resuelto_en_primer_contacto(),
            },
        )
        enviar_encuesta(ticket, ahora=ahora)
        return ticket


def ticket_cerrar(*, actor, ticket, ahora=None):
    """Close a resolved ticket. Raises AccionRechazada."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        return _ejecutar(ticket, "cerrar", actor=actor, argumentos={"ahora": ahora}, evento="atencion.ticket.cerrado")


def _reabrir(ticket, *, actor, ahora, evento=None):
    argumentos = _reanudacion(ticket, ahora, ticket.resuelto_en)
    return _ejecutar(ticket, "reabrir", actor=actor, argumentos=argumentos, evento=evento)


def ticket_reabrir(*, actor, ticket, ahora=None):
    """Reopen a resolved ticket (it no longer counts as first-contact resolution). Raises AccionRechazada."""
    ahora = ahora or timezone.now()
    with transaction.atomic():
        ticket = bloquear_ticket(ticket)
        return _reabrir(ticket, actor=actor, ahora=ahora, evento="atencion.ticket.reabierto")


def ticket_de_mensaje(*, pyme, cliente, canal, asunto, ahora, ticket=None):
    """The ticket an inbound message belongs to (locked): the given one, the customer's open one, or a new one.

    A message of the customer resumes a paused ticket and reopens a resolved one (the system acts: no event,
    as the inbound message is the event).
    """
    if ticket is None:
        ticket = Ticket.objects.select_for_update().filter(cliente=cliente, canal=canal).abiertos().first()
    else:
        ticket = bloquear_ticket(ticket)
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
        _reanudar(ticket, actor=None, ahora=ahora)
    elif ticket.estado == Ticket.Estado.RESUELTO:
        _reabrir(ticket, actor=None, ahora=ahora)
    return ticket
