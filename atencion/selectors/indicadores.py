"""KPIs of ENROK (SLA, CSAT, NPS, FCR, backlog, volume) over the daily roll-up and the live part; exports."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from atencion.models import CAMPOS_METRICA, Encuesta, Interaccion, MetricaDiaria
from enlace.models import Organizacion


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


def _limite_vivo(pymes):
    """The earliest start of a live part among the PYMEs, or None when one has no roll-up yet."""
    corte = Organizacion.objects.filter(pk__in=pymes).aggregate(
        n=Count("pk"), con=Count("corte_metricas"), desde=Min("corte_metricas__desde")
    )
    return corte["desde"] if corte["n"] and corte["n"] == corte["con"] else None


def _en_vivo(campo, limite):
    """Rows not yet in their PYME's roll-up (after its cut); ``limite`` bounds the index range."""
    q = Q(pyme__corte_metricas__isnull=True) | Q(**{f"{campo}__gte": F("pyme__corte_metricas__desde")})
    if limite is not None:
        q &= Q(**{f"{campo}__gte": limite})
    return q


def _por_clave(filas, clave, campo="total"):
    """Merge (roll-up + live) rows into {key: sum of ``campo``}."""
    suma = {}
    for fila in filas:
        suma[fila[clave]] = suma.get(fila[clave], 0) + (fila[campo] or 0)
    return suma


def metricas(tickets, *, periodo, pymes=None, agente=None, ahora=None):
    """KPIs of the given (already scoped) tickets in a period, in a fixed number of queries.

    SLA % = first responses within target / tickets of the period with a known outcome (an
    unanswered ticket past its deadline counts as breached on read). CSAT = average 1–5;
    NPS = % promoters (9–10) − % detractors (0–6); FCR = resolved on first contact / resolved.
    ``pymes`` (ids or a values("pk") queryset) scopes surveys and interactions; by default the tickets' PYMEs.
    Closed days come from the daily roll-up (``MetricaDiaria``, each PYME's days in its own zone);
    the days after each PYME's cut are computed live from tickets, surveys and interactions.
    """
    ahora = ahora or timezone.now()
    ini, fin = periodo.inicio, periodo.fin
    if agente is not None:
        tickets = tickets.filter(agente=agente)
    if pymes is None:
        pymes = tickets.values("pyme")
    limite = _limite_vivo(pymes)
    tz = ZoneInfo(periodo.zona)

    # Roll-up of closed days: one row per day, plus channel and reason totals.
    consolidado = MetricaDiaria.objects.filter(pyme__in=pymes, dia__gte=periodo.desde, dia__lte=periodo.hasta)
    if agente is not None:
        consolidado = consolidado.filter(agente=agente)
    dias = {}
    for fila in consolidado.values("dia").annotate(**{c: Sum(c) for c in CAMPOS_METRICA}).order_by():
        dias[fila.pop("dia")] = {c: v or 0 for c, v in fila.items()}
    canal_c = list(consolidado.values("canal").annotate(total=Sum("abiertos")).order_by())
    motivo_c = list(consolidado.values("motivo__nombre").annotate(total=Sum("abiertos")).order_by())

    # Live part: what happened after each PYME's cut (normally only today).
    sla_mal = Q(sla_respuesta_cumplido=False) | Q(
        sla_respuesta_cumplido__isnull=True, primera_respuesta_en__isnull=True, vence_respuesta__lt=ahora
    )
    creados = tickets.filter(creado__gte=ini, creado__lt=fin).filter(_en_vivo("creado", limite))
    resueltos = tickets.filter(resuelto_en__gte=ini, resuelto_en__lt=fin).filter(_en_vivo("resuelto_en", limite))
    vivos = [
        creados.annotate(t=TruncDate("creado", tzinfo=tz))
        .values("t")
        .annotate(
            abiertos=Count("id"),
            sla_ok=Count("id", filter=Q(sla_respuesta_cumplido=True)),
            sla_mal=Count("id", filter=sla_mal),
            resp_suma=Sum("segundos_respuesta"),
            resp_n=Count("segundos_respuesta"),
        )
        .order_by(),
        resueltos.annotate(t=TruncDate("resuelto_en", tzinfo=tz))
        .values("t")
        .annotate(
            resueltos=Count("id"),
            fcr=Count("id", filter=Q(fcr=True)),
            res_ok=Count("id", filter=Q(sla_resolucion_cumplido=True)),
            res_suma=Sum("segundos_resolucion"),
            res_n=Count("segundos_resolucion"),
        )
        .order_by(),
    ]
    for qs in vivos:
        for fila in qs:
            dia = dias.setdefault(fila.pop("t"), dict.fromkeys(CAMPOS_METRICA, 0))
            for campo, valor in fila.items():
                dia[campo] += valor or 0
    encuestas = Encuesta.objects.filter(pyme__in=pymes, respondida_en__gte=ini, respondida_en__lt=fin).filter(
        _en_vivo("respondida_en", limite)
    )
    if agente is not None:
        encuestas = encuestas.filter(agente=agente)
    e = encuestas.aggregate(
        csat_suma=Sum("csat"),
        csat_n=Count("id", filter=Q(csat__isnull=False)),
        nps_n=Count("id", filter=Q(nps__isnull=False)),
        promotores=Count("id", filter=Q(nps__gte=9)),
        pasivos=Count("id", filter=Q(nps__in=[7, 8])),
        detractores=Count("id", filter=Q(nps__lte=6)),
        **{f"csat_{i}": Count("id", filter=Q(csat=i)) for i in range(1, 6)},
    )
    enviadas = Encuesta.objects.filter(pyme__in=pymes, enviada_en__gte=ini, enviada_en__lt=fin)
    if agente is not None:
        enviadas = enviadas.filter(agente=agente)
    envio = enviadas.aggregate(encuestas=Count("id"), no_enviables=Count("id", filter=~Q(no_enviable_motivo="")))
    interacciones = Interaccion.objects.filter(pyme__in=pymes, creado__gte=ini, creado__lt=fin).filter(
        _en_vivo("creado", limite)
    )
    if agente is not None:
        interacciones = interacciones.filter(ticket__agente=agente)
    canal_v = list(creados.values("canal").annotate(total=Count("id")).order_by())
    motivo_v = list(creados.values("motivo__nombre").annotate(total=Count("id")).order_by())
    n_interacciones = interacciones.count()
    # Backlog is a current state (created before the end, still unresolved): always live, from a partial index.
    pendientes = tickets.filter(creado__lt=fin, resuelto_en__isnull=True).count()

    t = {c: sum(d[c] for d in dias.values()) for c in CAMPOS_METRICA}
    for campo, valor in e.items():
        t[campo] += valor or 0
    t["interacciones"] += n_interacciones

    semanal = periodo.dias > 31
    cubetas = {}
    for dia in sorted(dias):
        fila = dias[dia]
        if not (fila["abiertos"] or fila["resueltos"]):
            continue
        clave = dia - timedelta(days=dia.weekday()) if semanal else dia
        cubeta = cubetas.setdefault(
            clave, dict.fromkeys(("abiertos", "resp_suma", "resp_n", "resueltos", "res_suma", "res_n"), 0)
        )
        for campo in cubeta:
            cubeta[campo] += fila[campo]
    tendencia = [
        {
            "fecha": clave,
            "abiertos": c["abiertos"],
            "cerrados": c["resueltos"],
            "respuesta_min": _minutos(c["resp_suma"] / c["resp_n"] if c["resp_n"] else None),
            "resolucion_min": _minutos(c["res_suma"] / c["res_n"] if c["res_n"] else None),
        }
        for clave, c in sorted(cubetas.items())
    ]
    por_canal = sorted(
        ({"canal": k, "total": v} for k, v in _por_clave(canal_c + canal_v, "canal").items() if v),
        key=lambda f: -f["total"],
    )
    por_motivo = sorted(
        ({"motivo__nombre": k, "total": v} for k, v in _por_clave(motivo_c + motivo_v, "motivo__nombre").items() if v),
        key=lambda f: (-f["total"], f["motivo__nombre"] is None, f["motivo__nombre"] or ""),
    )
    sla_total = t["sla_ok"] + t["sla_mal"]
    nps = None
    if t["nps_n"]:
        nps = round(100.0 * (t["promotores"] - t["detractores"]) / t["nps_n"], 1)
    return {
        "periodo": periodo,
        "sla": _pct(t["sla_ok"], sla_total),
        "sla_cumplidos": t["sla_ok"],
        "sla_medidos": sla_total,
        "sla_resolucion": _pct(t["res_ok"], t["resueltos"]),
        "csat": round(t["csat_suma"] / t["csat_n"], 2) if t["csat_n"] else None,
        "csat_n": t["csat_n"],
        "encuestas_enviadas": envio["encuestas"] - envio["no_enviables"],
        "encuestas_no_enviables": envio["no_enviables"],
        "csat_distribucion": [(i, t[f"csat_{i}"]) for i in range(1, 6)],
        "nps": nps,
        "nps_n": t["nps_n"],
        "promotores": t["promotores"],
        "pasivos": t["pasivos"],
        "detractores": t["detractores"],
        "fcr": _pct(t["fcr"], t["resueltos"]),
        "abiertos": t["abiertos"],
        "cerrados": t["resueltos"],
        "backlog": pendientes,
        "respuesta_min": _minutos(t["resp_suma"] / t["resp_n"] if t["resp_n"] else None),
        "resolucion_min": _minutos(t["res_suma"] / t["res_n"] if t["res_n"] else None),
        "por_canal": por_canal,
        "por_motivo": por_motivo,
        "tendencia": tendencia,
        "interacciones": t["interacciones"],
    }


def metricas_por_agente(tickets, *, periodo, pymes=None):
    """One row per agent with resolved tickets in the period (roll-up of closed days + live part)."""
    if pymes is None:
        pymes = tickets.values("pyme")
    limite = _limite_vivo(pymes)
    grupo = ("agente", "nombre", "apellido")
    nombres = {"nombre": F("agente__first_name"), "apellido": F("agente__last_name")}
    consolidado = (
        MetricaDiaria.objects.filter(
            pyme__in=pymes, dia__gte=periodo.desde, dia__lte=periodo.hasta, agente__isnull=False
        )
        .values("agente", **nombres)
        .annotate(
            resueltos=Sum("resueltos"),
            fcr=Sum("fcr"),
            sla=Sum("res_sla_ok"),
            res_suma=Sum("res_suma"),
            res_n=Sum("res_n"),
            csat_suma=Sum("res_csat_suma"),
            csat_n=Sum("res_csat_n"),
        )
        .order_by()
    )
    vivo = (
        tickets.filter(resuelto_en__gte=periodo.inicio, resuelto_en__lt=periodo.fin, agente__isnull=False)
        .filter(_en_vivo("resuelto_en", limite))
        .values("agente", **nombres)
        .annotate(
            resueltos=Count("id"),
            fcr=Count("id", filter=Q(fcr=True)),
            sla=Count("id", filter=Q(sla_respuesta_cumplido=True)),
            res_suma=Sum("segundos_resolucion"),
            res_n=Count("segundos_resolucion"),
            csat_suma=Sum("encuesta__csat"),
            csat_n=Count("encuesta__csat"),
        )
        .order_by()
    )
    agentes = {}
    for fila in [*consolidado, *vivo]:
        destino = agentes.setdefault(fila["agente"], {c: fila[c] for c in grupo})
        for campo in ("resueltos", "fcr", "sla", "res_suma", "res_n", "csat_suma", "csat_n"):
            destino[campo] = destino.get(campo, 0) + (fila[campo] or 0)
    filas = sorted((a for a in agentes.values() if a["resueltos"]), key=lambda a: -a["resueltos"])
    return [
        {
            **{c: fila[c] for c in (*grupo, "resueltos", "fcr", "sla")},
            "res_prom": fila["res_suma"] / fila["res_n"] if fila["res_n"] else None,
            "csat": fila["csat_suma"] / fila["csat_n"] if fila["csat_n"] else None,
            "fcr_pct": _pct(fila["fcr"], fila["resueltos"]),
            "sla_pct": _pct(fila["sla"], fila["resueltos"]),
            "resolucion_min": _minutos(fila["res_suma"] / fila["res_n"] if fila["res_n"] else None),
        }
        for fila in filas
    ]


def kpis_para_json(datos):
    """The metrics dict as JSON-safe data (the report snapshot and the charts)."""
    datos = dict(datos)
    datos.pop("periodo", None)
    datos["tendencia"] = [{**f, "fecha": f["fecha"].isoformat()} for f in datos["tendencia"]]
    datos["csat_distribucion"] = [list(x) for x in datos["csat_distribucion"]]
    return datos


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
