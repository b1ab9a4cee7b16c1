"""The executive report's content, shared by the page and the PDF: the cover (PYME, period, ENROK's promise,
four KPI tiles against their targets), the charts, the contact reasons and channels with their shares, the
analyst's interpretation and recommendations and the people of ENROK who sign it."""

import base64
import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats

from atencion import selectors
from atencion.models import Canal
from enlace import graficas

# What ENROK tells every client (seed, sections 1, 2 and 9).
ENROK = "ENROK"
PROMESA = "Con ENROK, tus clientes siempre regresan"
PROPUESTA = (
    "Su departamento externo de atención al cliente: atendemos a sus clientes y le mostramos resultados claros "
    "de satisfacción, lealtad y eficiencia para tomar decisiones."
)

# Colours of the report (the semáforo of the app's CSS; Okabe–Ito elsewhere).
VERDE, AMBAR, ROJO, GRIS = "#2e7d32", "#b26a00", "#c62828", "#9e9e9e"
AZUL, NARANJA = "#0072B2", "#E69F00"
COLORES_CSAT = ["#c62828", "#ef6c00", "#f9a825", "#7cb342", "#2e7d32"]  # 1 ★ … 5 ★
COLORES_NPS = [VERDE, GRIS, ROJO]  # promoters, passives, detractors

# Sizes (cm) that fit the PDF's letter page: a full-width chart and one of two side by side.
ANCHO = (17.5, 6.8)
MEDIO = (8.6, 7.4)

MOTIVOS_EN_GRAFICA = 8
MOTIVOS_EN_TABLA = 5


@dataclass(frozen=True)
class Kpi:
    clave: str
    etiqueta: str
    descripcion: str
    unidad: str  # after the value: " %", " / 5" or ""
    cambio_unidad: str  # the change: "puntos" of a percentage or of a score
    decimales: int


KPIS = (
    Kpi("sla", "SLA", "Atendidas dentro del tiempo objetivo", " %", "pts", 1),
    Kpi("csat", "CSAT", "Satisfacción promedio (1 a 5)", " / 5", "", 2),
    Kpi("nps", "NPS", "Lealtad: % promotores − % detractores", "", "pts", 1),
    Kpi("fcr", "FCR", "Resueltos en el primer contacto", " %", "pts", 1),
)

ESTADOS_SEMAFORO = {
    "verde": "Cumple la meta",
    "ambar": "Cerca de la meta",
    "rojo": "Por debajo de la meta",
    "sin_dato": "Sin mediciones en el periodo",
}


def _fecha(texto):
    return texto[8:10] + "/" + texto[5:7]


def _n(valor, decimales=1):
    return formats.number_format(valor, decimales) if valor is not None else "—"


def _pct(parte, total):
    return round(100.0 * parte / total, 1) if total else None


def graficas_de(kpis):
    """SVG charts from a metrics snapshot (``kpis_para_json`` form); a chart without data is a
    «Sin datos en el periodo» panel."""
    tendencia = kpis.get("tendencia") or []
    tiempos = graficas.linea(
        {
            "Primera respuesta": [(_fecha(f["fecha"]), f["respuesta_min"]) for f in tendencia],
            "Resolución": [(_fecha(f["fecha"]), f["resolucion_min"]) for f in tendencia],
        },
        titulo="Tiempos de respuesta y resolución (minutos hábiles)",
        eje_y="minutos",
        colores=[AZUL, NARANJA],
        leyenda_abajo=True,
        desde_cero=True,
        tamano_cm=ANCHO,
    )
    backlog = graficas.linea(
        {
            "Abiertos": [(_fecha(f["fecha"]), f["abiertos"]) for f in tendencia],
            "Resueltos": [(_fecha(f["fecha"]), f["cerrados"]) for f in tendencia],
        },
        titulo="Backlog: tickets abiertos vs. resueltos por día",
        eje_y="tickets",
        colores=[ROJO, VERDE],
        leyenda_abajo=True,
        desde_cero=True,
        tamano_cm=ANCHO,
    )
    csat = graficas.barras(
        [(f"{n} ★", c) for n, c in kpis.get("csat_distribucion") or []],
        titulo="Satisfacción (CSAT)",
        color=COLORES_CSAT,
        tamano_cm=MEDIO,
    )
    nps = graficas.dona(
        [
            ("Promotores (9–10)", kpis.get("promotores", 0)),
            ("Pasivos (7–8)", kpis.get("pasivos", 0)),
            ("Detractores (0–6)", kpis.get("detractores", 0)),
        ],
        titulo="Lealtad (NPS)",
        centro=f"NPS\n{graficas.numero(kpis['nps'])}" if kpis.get("nps") is not None else None,
        colores=COLORES_NPS,
        leyenda_abajo=True,
        tamano_cm=MEDIO,
    )
    canales = graficas.dona(
        [(_canal(c["canal"]), c["total"]) for c in kpis.get("por_canal") or []],
        titulo="Tickets por canal",
        leyenda_abajo=True,
        tamano_cm=MEDIO,
    )
    motivos = graficas.barras(
        [
            (m.get("motivo__nombre") or "Sin motivo", m["total"])
            for m in (kpis.get("por_motivo") or [])[:MOTIVOS_EN_GRAFICA]
        ],
        titulo="Motivos de contacto",
        horizontal=True,
        color=AZUL,
        tamano_cm=MEDIO,
    )
    return {"tiempos": tiempos, "backlog": backlog, "csat": csat, "nps": nps, "motivos": motivos, "canales": canales}


def _canal(valor):
    try:
        return str(Canal(valor).label)
    except ValueError:
        return str(valor)


def tarjetas_kpi(kpis):
    """The cover's four tiles: value, previous period's value, change and the colour against the target."""
    anterior = kpis.get("anterior") or {}
    metas = selectors.metas_kpi()
    tarjetas = []
    for kpi in KPIS:
        valor, previo = kpis.get(kpi.clave), anterior.get(kpi.clave)
        semaforo = selectors.semaforo_kpi(kpi.clave, valor)
        cambio = round(valor - previo, kpi.decimales) if valor is not None and previo is not None else None
        if cambio is None:
            tendencia, signo = "sin_comparacion", ""
        elif cambio > 0:
            tendencia, signo = "sube", "+"
        elif cambio < 0:
            tendencia, signo = "baja", "−"
        else:
            tendencia, signo = "igual", "±"
        tarjetas.append(
            {
                "clave": kpi.clave,
                "etiqueta": kpi.etiqueta,
                "descripcion": kpi.descripcion,
                "valor": _n(valor, kpi.decimales) + (kpi.unidad if valor is not None else ""),
                "anterior": _n(previo, kpi.decimales) + (kpi.unidad if previo is not None else ""),
                "cambio": (f"{signo}{_n(abs(cambio), kpi.decimales)} {kpi.cambio_unidad}".strip())
                if cambio is not None
                else "",
                "tendencia": tendencia,
                "flecha": {"sube": "▲", "baja": "▼", "igual": "="}.get(tendencia, ""),
                "semaforo": semaforo,
                "estado": ESTADOS_SEMAFORO[semaforo],
                "meta": _n(metas[kpi.clave][0], kpi.decimales if kpi.clave == "csat" else 0) + kpi.unidad,
            }
        )
    return tarjetas


def _con_porcentaje(filas, etiqueta, limite=None):
    total = sum(f["total"] for f in filas)
    return [
        {"nombre": etiqueta(f), "total": f["total"], "porcentaje": _n(_pct(f["total"], total))}
        for f in (filas[:limite] if limite else filas)
    ]


FECHA_LARGA = r"j \d\e F \d\e Y"


def _periodo_texto(inicio, fin):
    """«Del 1 al 31 de octubre de 2026», or with both dates in full when the period spans two months."""
    if (inicio.year, inicio.month) == (fin.year, fin.month):
        return f"Del {inicio.day} al {formats.date_format(fin, FECHA_LARGA)}"
    return f"Del {formats.date_format(inicio, FECHA_LARGA)} al {formats.date_format(fin, FECHA_LARGA)}"


def logo_data_uri(perfil):
    """The PYME's logo as a ``data:`` URL (the PDF loads nothing else; the page's CSP allows it), or None."""
    logo = getattr(perfil, "logo", None) if perfil is not None else None
    if not logo:
        return None
    try:
        with logo.open("rb") as archivo:
            contenido = archivo.read()
    except OSError:
        return None  # a missing file must not break the report: the cover shows the name only
    tipo = mimetypes.guess_type(logo.name)[0] or "image/png"
    return f"data:{tipo};base64,{base64.b64encode(contenido).decode()}"


def _persona(usuario):
    return (usuario.get_full_name() or usuario.email) if usuario is not None else None


def firmas_de(reporte):
    """Who signs, all people of ENROK: the analyst drafted it, the Gerente de Operaciones reviewed and approved."""
    gerente = _persona(reporte.validado_por)
    return {
        "elaboro": _persona(reporte.elaborado_por) or "—",
        "elaboro_cargo": "Analista de Customer Success, ENROK",
        "reviso": gerente or "Pendiente de validación",
        "reviso_cargo": "Gerente de Operaciones, ENROK",
        "aprobo": gerente or "Pendiente de validación",
        "aprobo_cargo": "Gerente de Operaciones, ENROK",
    }


def contexto_reporte(reporte):
    """Everything the report page and the PDF show, from the report's snapshot (no query per row)."""
    kpis = reporte.kpis or {}
    anterior = kpis.get("anterior") or {}
    perfil = getattr(reporte.pyme, "perfil_atencion", None)
    return {
        "codigo": settings.ATENCION_REPORTE_CODIGO,
        "version": settings.ATENCION_REPORTE_VERSION,
        "vigencia": settings.ATENCION_REPORTE_VIGENCIA,
        "reporte": reporte,
        "kpis": kpis,
        "enrok": {"nombre": ENROK, "promesa": PROMESA, "propuesta": PROPUESTA},
        "periodo_texto": _periodo_texto(reporte.inicio, reporte.fin),
        "anterior_texto": (
            _periodo_texto(*(selectors.periodo_anterior(reporte.inicio, reporte.fin))) if anterior else None
        ),
        "logo": logo_data_uri(perfil),
        "tarjetas": tarjetas_kpi(kpis),
        "graficas": graficas_de(kpis),
        "motivos": _con_porcentaje(
            kpis.get("por_motivo") or [], lambda f: f.get("motivo__nombre") or "Sin motivo", MOTIVOS_EN_TABLA
        ),
        "canales": _con_porcentaje(kpis.get("por_canal") or [], lambda f: _canal(f["canal"])),
        "interpretacion": [p.strip() for p in reporte.interpretacion.split("\n\n") if p.strip()],
        "recomendaciones": [r.lstrip("- ").strip() for r in reporte.recomendaciones.splitlines() if r.strip()],
        "firmas": firmas_de(reporte),
    }
