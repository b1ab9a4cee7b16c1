"""Reads of tickets: the scoped lists, the ticket page and the agent's and gerente's boards."""

import re
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.db.models.lookups import Contains
from django.utils import timezone

from atencion.models import (
    Cliente,
    Encuesta,
    Guion,
    MedioWhatsapp,
    MensajeSaliente,
    Prioridad,
    Ticket,
    llenar_marcadores,
)
from atencion.selectors.pymes import agentes_de_enrok
from enlace.busqueda import Busqueda, numero_buscado, sin_acentos
from enlace.models import Organizacion
from enlace.telefonos import para_busqueda


def tickets_visibles(user):
    return Ticket.objects.visibles_para(user)


COLUMNAS_TABLA = (
    "pyme__nombre",
    "cliente__nombre",
    "cliente__telefono",
    "cliente__correo",
    "asunto",
    "canal",
    "prioridad",
    "estado",
    "agente__first_name",
    "agente__last_name",
    "agente__email",
    "creado",
    "vence_respuesta",
    "vence_resolucion",
    "primera_respuesta_en",
    "escalado_en",
    # what Ticket.estado_sla reads
    "aviso_respuesta_en",
    "aviso_resolucion_en",
    "pausado_desde",
    "resuelto_en",
    "sla_resolucion_cumplido",
)


def _para_tabla(qs):
    return qs.select_related("pyme", "cliente", "agente").only(*COLUMNAS_TABLA)


def lista_tickets(user):
    """The user's tickets for a table, newest first (filtered by ``filters.FiltroTickets``)."""
    return _para_tabla(tickets_visibles(user)).order_by("-creado", "-id")


COMO_TELEFONO = re.compile(r"^[\d\s()+\-.]+$")
# Fewer digits are shared by too many phones (every Mexican one has «52»): the trigram index would read thousands.
DIGITOS_TELEFONO = 6


def condiciones_de_busqueda(texto):
    """What a typed search finds a ticket by, one condition per index: the subject and the customer's name
    (upper case, accents ignored: «jose pena» finds «José Peña»), the customer's phone however it is typed
    (when the text is a number of ``DIGITOS_TELEFONO`` digits or more) and the ticket's folio («123» or «#123»)."""
    normal = sin_acentos(texto.strip())
    condiciones = [
        Contains(Busqueda("asunto"), normal),
        Q(cliente__in=Cliente.objects.filter(Contains(Busqueda("nombre"), normal)).values("pk")),
    ]
    if COMO_TELEFONO.match(texto) and sum(c.isdigit() for c in texto) >= DIGITOS_TELEFONO:
        clientes = Cliente.objects.filter(telefono__icontains=para_busqueda(texto)).values("pk")
        condiciones.append(Q(cliente__in=clientes))
    if (folio := numero_buscado(texto)) is not None:
        condiciones.append(Q(pk=folio))
    return condiciones


def ticket_de(user, pk):
    """The ticket (404 through the caller's get_object_or_404) with what its page needs."""
    return tickets_visibles(user).select_related(
        "pyme", "pyme__perfil_atencion", "cliente", "motivo", "agente", "guion"
    )


def interacciones_de(ticket):
    """The conversation, with each message's WhatsApp media and the delivery status of the agent's replies; an email
    read by IMAP names its mailbox and lists its attachments (one more query, whatever the rows)."""
    return (
        ticket.interacciones.select_related("autor", "medio", "mensaje", "correo_imap__buzon")
        .prefetch_related("adjuntos_correo")
        .order_by("creado", "id")
    )


def medio_de(ticket, medio_pk):
    """A stored media item of the ticket's conversation (the caller found the ticket within the user's scope)."""
    return MedioWhatsapp.objects.filter(
        pk=medio_pk, interaccion__ticket=ticket, estado=MedioWhatsapp.Estado.GUARDADO
    ).exclude(archivo="")


def envios_no_entregados_de(ticket):
    """The ticket's WhatsApp messages Meta reported as failed (replies, surveys, reminders), newest first."""
    return list(
        MensajeSaliente.objects.filter(ticket=ticket, entrega=MensajeSaliente.Entrega.FALLIDO).order_by("-entrega_en")
    )


def avisos_sla_de(ticket):
    return list(ticket.avisos_sla.order_by("creado"))


def encuesta_de(ticket):
    return Encuesta.objects.filter(ticket=ticket).first()


def guiones_para(ticket):
    """The scripts that apply to the ticket, the one the agent follows first (at most three)."""
    perfil = getattr(ticket.pyme, "perfil_atencion", None)
    if perfil is None:
        return []
    return list(Guion.objects.para(perfil, ticket.motivo).select_related("pyme", "motivo", "giro")[:3])


def guion_aplicable(ticket):
    return next(iter(guiones_para(ticket)), None)


@dataclass(frozen=True)
class GuionLleno:
    guion: Guion
    saludo: str
    desarrollo: str
    cierre: str


def guiones_llenos(ticket, agente):
    """The ticket's scripts with ``{pyme}``, ``{cliente}`` and ``{agente}`` filled with this ticket's names."""
    valores = {
        "pyme": ticket.pyme.nombre,
        "cliente": ticket.cliente.nombre or "cliente",
        "agente": agente.get_short_name() or agente.get_full_name() or agente.get_username(),
    }
    return [
        GuionLleno(g, *(llenar_marcadores(texto, valores) for texto in (g.saludo, g.desarrollo, g.cierre)))
        for g in guiones_para(ticket)
    ]


LIMITE_TABLERO = 30


def tablero_agente(user):
    """The agent's open tickets by deadline and the unassigned queue (bounded lists)."""
    base = _para_tabla(Ticket.objects.visibles_para(user).abiertos())
    mios = list(base.filter(agente=user).order_by("vence_respuesta", "id")[:LIMITE_TABLERO])
    sin_asignar = list(base.filter(agente__isnull=True).order_by("vence_respuesta", "id")[:LIMITE_TABLERO])
    return {"mios": mios, "sin_asignar": sin_asignar}


def tablero_gerente(user, ahora=None):
    """Escalated cases, tickets at risk or breached (honoured on read), and open counts per PYME."""
    ahora = ahora or timezone.now()
    base = _para_tabla(Ticket.objects.visibles_para(user).abiertos())
    escalados = list(base.filter(escalado_en__isnull=False).order_by("-escalado_en")[:LIMITE_TABLERO])
    en_riesgo = list(
        base.filter(
            Q(primera_respuesta_en__isnull=True, aviso_respuesta_en__lte=ahora)
            | (~Q(estado=Ticket.Estado.ESPERANDO_CLIENTE) & Q(aviso_resolucion_en__lte=ahora))
        ).order_by("vence_respuesta", "id")[:LIMITE_TABLERO]
    )
    # Grouped by the PYME id only, so the partial index (pyme, prioridad) of open tickets answers it alone
    # (index-only scan); the ≤ 30 names come in a second, tiny query.
    por_pyme = list(
        Ticket.objects.visibles_para(user)
        .abiertos()
        .values("pyme")
        .annotate(total=Count("pyme"), criticos=Count("pyme", filter=Q(prioridad="critica")))
        .order_by("-total", "pyme")[:LIMITE_TABLERO]
    )
    nombres = dict(Organizacion.objects.filter(pk__in=[f["pyme"] for f in por_pyme]).values_list("pk", "nombre"))
    for fila in por_pyme:
        fila["pyme__nombre"] = nombres.get(fila["pyme"], "")
    return {"escalados": escalados, "en_riesgo": en_riesgo, "por_pyme": por_pyme}


PRIORIDADES_CARGA = (Prioridad.CRITICA, Prioridad.ALTA, Prioridad.MEDIA, Prioridad.BAJA)


def carga_de_trabajo(user):
    """The gerente's workload view: open tickets per agent by priority with the oldest waiting (one grouped
    query; agents with nothing open included, so work can go to them), and the tickets waiting longest."""
    abiertos = Ticket.objects.visibles_para(user).abiertos()
    por_agente = {
        fila.pop("agente"): fila
        for fila in abiertos.values("agente")
        .annotate(
            total=Count("id"),
            desde=Min("creado"),
            **{p.value: Count("id", filter=Q(prioridad=p)) for p in PRIORIDADES_CARGA},
        )
        .order_by()
    }
    vacia = dict.fromkeys(["total", *(p.value for p in PRIORIDADES_CARGA)], 0) | {"desde": None}
    agentes = list(agentes_de_enrok(user))
    filas = [{"agente": None, **por_agente.get(None, vacia)}]
    filas += sorted(
        ({"agente": a, **por_agente.get(a.pk, vacia)} for a in agentes),
        key=lambda f: (-f["total"], f["agente"].get_full_name()),
    )
    for fila in filas:
        fila["prioridades"] = [fila[p.value] for p in PRIORIDADES_CARGA]
    mas_antiguos = list(_para_tabla(abiertos).order_by("creado", "id")[:LIMITE_TABLERO])
    return {"filas": filas, "prioridades": PRIORIDADES_CARGA, "mas_antiguos": mas_antiguos, "agentes": agentes}
