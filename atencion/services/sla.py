"""SLA of ENROK: business calendars and deadlines of each PYME, and the sweep that warns once of each breach."""

from functools import lru_cache

import holidays
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from atencion import horario, selectors
from atencion.models import AvisoSla, DiaInhabil, HorarioAtencion, ObjetivoSla, Prioridad, Ticket
from enlace import bitacora
from enlace.historial import actualizar_con_historial
from enlace.notificaciones.services import notificar

# Default SLA targets (business minutes) when a PYME has none for a channel and priority.
SLA_POR_OMISION = {
    Prioridad.CRITICA: (15, 240),
    Prioridad.ALTA: (60, 480),
    Prioridad.MEDIA: (120, 1440),
    Prioridad.BAJA: (240, 2880),
}


def calendario_de(pyme):
    """The PYME's business calendar: its weekly hours, the country's holidays and its own days off."""
    tramos = {}
    for h in HorarioAtencion.objects.filter(pyme=pyme).order_by("dia_semana", "abre"):
        tramos.setdefault(h.dia_semana, []).append((h.abre, h.cierra))
    feriados = set(_feriados_del_pais(pyme.pais or "MX", timezone.now().year))
    feriados |= set(DiaInhabil.objects.filter(pyme=pyme).values_list("fecha", flat=True))
    if not tramos:
        return horario.calendario_simple(pyme.zona_horaria, feriados=feriados)
    return horario.Calendario(
        zona=pyme.zona_horaria, horario={d: tuple(t) for d, t in tramos.items()}, feriados=frozenset(feriados)
    )


@lru_cache(maxsize=16)
def _feriados_del_pais(pais, anio):
    # Building the holidays of five years costs tenths of a second; every inbound message that opens a ticket
    # needs them (an IMAP poll opens hundreds), and they change only with the year, which is part of the key.
    return frozenset(holidays.country_holidays(pais, years=range(anio - 2, anio + 3)).keys())


def objetivos_de(pyme, canal, prioridad):
    objetivo = ObjetivoSla.objects.filter(pyme=pyme, canal=canal, prioridad=prioridad).first()
    if objetivo:
        return objetivo.primera_respuesta_min, objetivo.resolucion_min
    return SLA_POR_OMISION[prioridad]


def _aviso_pct():
    return settings.ATENCION_SLA_AVISO_PORCENTAJE / 100


def plazos(calendario, desde, minutos, consumidos=0):
    """(warning moment, deadline) for a target of ``minutos`` business minutes counted from ``desde``."""
    aviso = horario.sumar_segundos_habiles(calendario, desde, int(minutos * 60 * _aviso_pct()) + consumidos)
    vence = horario.sumar_segundos_habiles(calendario, desde, minutos * 60 + consumidos)
    return aviso, vence


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
                actualizar_con_historial(
                    Ticket.objects.filter(pk__in=[t.pk for t in tickets], sla_respuesta_cumplido__isnull=True),
                    {"sla_respuesta_cumplido": False},
                    razon="SLA de respuesta incumplido",
                    fecha=ahora,
                )
            eventos = []
            etiqueta = AvisoSla.Tipo(tipo).label
            for ticket in tickets:
                vence = getattr(ticket, campo_vence)
                destinatarios = selectors.gerentes_de(ticket.pyme) + ([ticket.agente] if ticket.agente else [])
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
