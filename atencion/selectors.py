"""Reads for ENROK pages, boards, metrics and exports: scoped with ``visibles_para``, aggregated in SQL."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone

from atencion.models import (
    Campana,
    Encuesta,
    Guion,
    Interaccion,
    PerfilPyme,
    ReporteEjecutivo,
    Ticket,
)
from enlace.models import Organizacion, Usuario
from enlace.roles import tiene_rol

# --- Scopes ----------------------------------------------------------------------------


def es_personal_enrok(user):
    return user.is_superuser or tiene_rol(user, "director", "gerente_operaciones", "agente", "analista")


def pymes_visibles(user):
    return (
        Organizacion.objects.visibles_para(user)
        .filter(tipo=Organizacion.Tipo.PYME)
        .select_related("perfil_atencion")
        .order_by("nombre")
    )


def tickets_visibles(user):
    return Ticket.objects.visibles_para(user)


def lista_tickets(user, *, estado="", pyme="", canal="", prioridad="", agente=None, q=""):
    qs = tickets_visibles(user).select_related("pyme", "cliente", "motivo", "agente")
    if estado == "abiertos":
        qs = qs.abiertos()
    elif estado:
        qs = qs.filter(estado=estado)
    if pyme:
        qs = qs.filter(pyme__slug=pyme)
    if canal:
        qs = qs.filter(canal=canal)
    if prioridad:
        qs = qs.filter(prioridad=prioridad)
    if agente is not None:
        qs = qs.filter(agente=agente)
    if q:
        qs = qs.filter(Q(asunto__icontains=q) | Q(cliente__nombre__icontains=q) | Q(cliente__telefono__icontains=q))
    return qs.order_by("-creado", "-id")


def ticket_de(user, pk):
    """The ticket (404 through the caller's get_object_or_404) with what its page needs."""
    return tickets_visibles(user).select_related("pyme", "pyme__perfil_atencion", "cliente", "motivo", "agente")


def interacciones_de(ticket):
    return ticket.interacciones.select_related("autor").order_by("creado", "id")


def guiones_para(ticket):
    perfil = getattr(ticket.pyme, "perfil_atencion", None)
    if perfil is None:
        return []
    return list(Guion.objects.para(perfil, ticket.motivo).select_related("pyme", "motivo")[:3])


LIMITE_TABLERO = 30


def tablero_agente(user, ahora=None):
    """The agent's open tickets by deadline and the unassigned queue (bounded lists)."""
    ahora = ahora or timezone.now()
    base = Ticket.objects.visibles_para(user).abiertos().select_related("pyme", "cliente", "motivo", "agente")
    mios = list(base.filter(agente=user).order_by("vence_respuesta", "id")[:LIMITE_TABLERO])
    sin_asignar = list(base.filter(agente__isnull=True).order_by("vence_respuesta", "id")[:LIMITE_TABLERO])
    for ticket in mios + sin_asignar:
        ticket.vencido = _vencido(ticket, ahora)
    return {"mios": mios, "sin_asignar": sin_asignar}


def _vencido(ticket, ahora):
    if ticket.primera_respuesta_en is None and ticket.vence_respuesta <= ahora:
        return True
    return ticket.estado != Ticket.Estado.ESPERANDO_CLIENTE and bool(
        ticket.vence_resolucion and ticket.vence_resolucion <= ahora
    )


def tablero_gerente(user, ahora=None):
    """Escalated cases, tickets at risk or breached (honoured on read), and open counts per PYME."""
    ahora = ahora or timezone.now()
    base = Ticket.objects.visibles_para(user).abiertos().select_related("pyme", "cliente", "motivo", "agente")
    escalados = list(base.filter(escalado_en__isnull=False).order_by("-escalado_en")[:LIMITE_TABLERO])
    en_riesgo = list(
        base.filter(
            Q(primera_respuesta_en__isnull=True, aviso_respuesta_en__lte=ahora)
            | (~Q(estado=Ticket.Estado.ESPERANDO_CLIENTE) & Q(aviso_resolucion_en__lte=ahora))
        ).order_by("vence_respuesta", "id")[:LIMITE_TABLERO]
    )
    for ticket in escalados + en_riesgo:
        ticket.vencido = _vencido(ticket, ahora)
    por_pyme = list(
        Ticket.objects.visibles_para(user)
        .abiertos()
        .values("pyme__nombre")
        .annotate(total=Count("id"), criticos=Count("id", filter=Q(prioridad="critica")))
        .order_by("-total")[:LIMITE_TABLERO]
    )
    return {"escalados": escalados, "en_riesgo": en_riesgo, "por_pyme": por_pyme}


def reportes_visibles(user):
    return ReporteEjecutivo.objects.visibles_para(user).select_related("pyme", "elaborado_por", "validado_por")


def campanas_visibles(user):
    return Campana.objects.visibles_para(user).select_related("pyme")


def perfiles_visibles(user):
    return PerfilPyme.objects.visibles_para(user).select_related("pyme")


def agentes_de_enrok(user):
    return (
        Usuario.objects.filter(groups__name="agente", is_active=True)
        .filter(organizacion__in=Organizacion.objects.visibles_para(user).values("pk"))
        .order_by("first_name", "last_name")
    )


# --- Metrics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Periodo:
    desde: date
    hasta: date  # inclusive
    zona: str = "America/Mexico_City"

    @property
    def inicio(self):
        return datetime.combine(self.desde, time.min, tzinfo=ZoneInfo(self.zona))

    @property
    def fin(self):
        return datetime.combine(self.hasta + timedelta(days=1), time.min, tzinfo=ZoneInfo(self.zona))

    @property
    def dias(self):
        return (self.hasta - self.desde).days + 1


def _pct(parte, total):
    return round(100.0 * parte / total, 1) if total else None


def _minutos(segundos):
    return round(segundos / 60, 1) if segundos is not None else None


def metricas(tickets, *, periodo, pymes=None, agente=None, ahora=None):
    """KPIs of the given (already scoped) tickets in a period, in a fixed number of queries.

    SLA % = first responses within target / tickets of the period with a known outcome (an
    unanswered ticket past its deadline counts as breached on read). CSAT = average 1–5;
    NPS = % promoters (9–10) − % detractors (0–6); FCR = resolved on first contact / resolved.
    ``pymes`` (ids or a values("pk") queryset) scopes surveys and interactions; by default the tickets' PYMEs.
    """
    ahora = ahora or timezone.now()
    ini, fin = periodo.inicio, periodo.fin
    if agente is not None:
        tickets = tickets.filter(agente=agente)
    creado = Q(creado__gte=ini, creado__lt=fin)
    resuelto = Q(resuelto_en__gte=ini, resuelto_en__lt=fin)
    sla_ok = Q(sla_respuesta_cumplido=True)
    sla_mal = Q(sla_respuesta_cumplido=False) | Q(
        sla_respuesta_cumplido__isnull=True, primera_respuesta_en__isnull=True, vence_respuesta__lt=ahora
    )
    # Three index-driven aggregates (created, resolved, still pending) rather than one scan with an OR.
    t = tickets.filter(creado).aggregate(
        abiertos=Count("id"),
        sla_ok=Count("id", filter=sla_ok),
        sla_mal=Count("id", filter=sla_mal),
        resp_prom=Avg("segundos_respuesta"),
    )
    t |= tickets.filter(resuelto).aggregate(
        resueltos=Count("id"),
        fcr=Count("id", filter=Q(fcr=True)),
        res_prom=Avg("segundos_resolucion"),
        res_ok=Count("id", filter=Q(sla_resolucion_cumplido=True)),
    )
    t["pendientes"] = tickets.filter(creado__lt=fin, resuelto_en__isnull=True).count()
    if pymes is None:
        pymes = tickets.values("pyme")
    encuestas = Encuesta.objects.filter(pyme__in=pymes, respondida_en__gte=ini, respondida_en__lt=fin)
    if agente is not None:
        encuestas = encuestas.filter(agente=agente)
    e = encuestas.aggregate(
        csat_prom=Avg("csat"),
        csat_n=Count("id", filter=Q(csat__isnull=False)),
        nps_n=Count("id", filter=Q(nps__isnull=False)),
        promotores=Count("id", filter=Q(nps__gte=9)),
        pasivos=Count("id", filter=Q(nps__in=[7, 8])),
        detractores=Count("id", filter=Q(nps__lte=6)),
        **{f"csat_{i}": Count("id", filter=Q(csat=i)) for i in range(1, 6)},
    )
    por_canal = list(tickets.filter(creado).values("canal").annotate(total=Count("id")).order_by("-total"))
    por_motivo = list(
        tickets.filter(creado).values("motivo__nombre").annotate(total=Count("id")).order_by("-total", "motivo__nombre")
    )
    trunc = TruncDay if periodo.dias <= 31 else TruncWeek
    tz = ZoneInfo(periodo.zona)
    serie_abiertos = {
        fila["t"].date(): fila
        for fila in tickets.filter(creado)
        .annotate(t=trunc("creado", tzinfo=tz))
        .values("t")
        .annotate(n=Count("id"), resp=Avg("segundos_respuesta"))
        .order_by("t")
    }
    serie_resueltos = {
        fila["t"].date(): fila
        for fila in tickets.filter(resuelto)
        .annotate(t=trunc("resuelto_en", tzinfo=tz))
        .values("t")
        .annotate(n=Count("id"), res=Avg("segundos_resolucion"))
        .order_by("t")
    }
    interacciones = Interaccion.objects.filter(pyme__in=pymes, creado__gte=ini, creado__lt=fin)
    if agente is not None:
        interacciones = interacciones.filter(ticket__agente=agente)
    n_interacciones = interacciones.count()

    tendencia = []
    for clave in sorted(set(serie_abiertos) | set(serie_resueltos)):
        a, r = serie_abiertos.get(clave, {}), serie_resueltos.get(clave, {})
        tendencia.append(
            {
                "fecha": clave,
                "abiertos": a.get("n", 0),
                "cerrados": r.get("n", 0),
                "respuesta_min": _minutos(a.get("resp")),
                "resolucion_min": _minutos(r.get("res")),
            }
        )
    sla_total = t["sla_ok"] + t["sla_mal"]
    nps = None
    if e["nps_n"]:
        nps = round(100.0 * (e["promotores"] - e["detractores"]) / e["nps_n"], 1)
    return {
        "periodo": periodo,
        "sla": _pct(t["sla_ok"], sla_total),
        "sla_cumplidos": t["sla_ok"],
        "sla_medidos": sla_total,
        "sla_resolucion": _pct(t["res_ok"], t["resueltos"]),
        "csat": round(e["csat_prom"], 2) if e["csat_prom"] is not None else None,
        "csat_n": e["csat_n"],
        "csat_distribucion": [(i, e[f"csat_{i}"]) for i in range(1, 6)],
        "nps": nps,
        "nps_n": e["nps_n"],
        "promotores": e["promotores"],
        "pasivos": e["pasivos"],
        "detractores": e["detractores"],
        "fcr": _pct(t["fcr"], t["resueltos"]),
        "abiertos": t["abiertos"],
        "cerrados": t["resueltos"],
        "backlog": t["pendientes"],
        "respuesta_min": _minutos(t["resp_prom"]),
        "resolucion_min": _minutos(t["res_prom"]),
        "por_canal": por_canal,
        "por_motivo": por_motivo,
        "tendencia": tendencia,
        "interacciones": n_interacciones,
    }


def metricas_por_agente(tickets, *, periodo):
    """One row per agent with resolved tickets in the period (one query)."""
    resuelto = Q(resuelto_en__gte=periodo.inicio, resuelto_en__lt=periodo.fin)
    filas = (
        tickets.filter(resuelto, agente__isnull=False)
        .values("agente", nombre=F("agente__first_name"), apellido=F("agente__last_name"))
        .annotate(
            resueltos=Count("id"),
            fcr=Count("id", filter=Q(fcr=True)),
            sla=Count("id", filter=Q(sla_respuesta_cumplido=True)),
            res_prom=Avg("segundos_resolucion"),
            csat=Avg("encuesta__csat"),
        )
        .order_by("-resueltos")
    )
    return [
        {
            **fila,
            "fcr_pct": _pct(fila["fcr"], fila["resueltos"]),
            "sla_pct": _pct(fila["sla"], fila["resueltos"]),
            "resolucion_min": _minutos(fila["res_prom"]),
        }
        for fila in filas
    ]


def periodo_de_reporte(periodicidad, referencia: date):
    """The last complete week (Mon–Sun) or month before ``referencia``."""
    if periodicidad == ReporteEjecutivo.Periodicidad.SEMANAL:
        lunes = referencia - timedelta(days=referencia.weekday() + 7)
        return lunes, lunes + timedelta(days=6)
    primero_este = referencia.replace(day=1)
    fin = primero_este - timedelta(days=1)
    return fin.replace(day=1), fin


# --- Exports ---------------------------------------------------------------------------

COLUMNAS_EXPORTACION = (
    "folio",
    "pyme",
    "canal",
    "motivo",
    "prioridad",
    "estado",
    "agente",
    "cliente",
    "creado",
    "primera_respuesta_min",
    "resolucion_min",
    "sla_respuesta",
    "fcr",
)


def filas_exportacion(tickets, zona):
    """Rows of tickets for CSV/XLSX, streamed from the database in chunks (no row cap)."""
    tz = ZoneInfo(zona)
    qs = tickets.values_list(
        "pk",
        "pyme__nombre",
        "canal",
        "motivo__nombre",
        "prioridad",
        "estado",
        "agente__email",
        "cliente__nombre",
        "creado",
        "segundos_respuesta",
        "segundos_resolucion",
        "sla_respuesta_cumplido",
        "fcr",
    ).order_by("pk")
    for pk, pyme, canal, motivo, prioridad, estado, agente, cliente, creado, resp, res, sla, fcr in qs.iterator(
        chunk_size=2000
    ):
        yield [
            pk,
            pyme,
            canal,
            motivo or "",
            prioridad,
            estado,
            agente or "",
            cliente,
            creado.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            _minutos(resp) if resp is not None else "",
            _minutos(res) if res is not None else "",
            "" if sla is None else ("sí" if sla else "no"),
            "" if fcr is None else ("sí" if fcr else "no"),
        ]
