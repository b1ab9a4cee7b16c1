"""The executive report's charts and context, shared by the page and the PDF."""

import hashlib
import json

from django.core.cache import cache

from enlace import graficas

# Charts are deterministic functions of their data: cache the SVG by a hash of the input.
CACHE_SEGUNDOS = 3600


def _grafica(funcion, datos, **opciones):
    clave = (
        "atencion-grafica-"
        + hashlib.sha256(
            json.dumps([funcion.__name__, datos, opciones], sort_keys=True, default=str).encode()
        ).hexdigest()
    )
    svg = cache.get(clave)
    if svg is None:
        svg = funcion(datos, **opciones)
        cache.set(clave, svg, CACHE_SEGUNDOS)
    return svg


def _fecha(texto):
    return texto[8:10] + "/" + texto[5:7]


def graficas_de(kpis):
    """SVG charts from a metrics snapshot (``kpis_para_json`` form)."""
    tendencia = kpis.get("tendencia") or []
    tiempos = _grafica(
        graficas.linea,
        {
            "Primera respuesta (min)": [(_fecha(f["fecha"]), f["respuesta_min"]) for f in tendencia],
            "Resolución (min)": [(_fecha(f["fecha"]), f["resolucion_min"]) for f in tendencia],
        },
        titulo="Tendencia de tiempos de respuesta y resolución (minutos hábiles)",
        eje_y="minutos",
    )
    backlog = _grafica(
        graficas.linea,
        {
            "Abiertos": [(_fecha(f["fecha"]), f["abiertos"]) for f in tendencia],
            "Resueltos": [(_fecha(f["fecha"]), f["cerrados"]) for f in tendencia],
        },
        titulo="Backlog: tickets abiertos vs. resueltos",
        eje_y="tickets",
    )
    csat = _grafica(
        graficas.barras,
        [(f"{n} ★", c) for n, c in kpis.get("csat_distribucion") or []],
        titulo="Distribución de satisfacción (CSAT 1–5)",
        color=["#D55E00", "#E69F00", "#F0E442", "#56B4E9", "#009E73"],
    )
    nps = _grafica(
        graficas.dona,
        [
            ("Promotores (9–10)", kpis.get("promotores", 0)),
            ("Pasivos (7–8)", kpis.get("pasivos", 0)),
            ("Detractores (0–6)", kpis.get("detractores", 0)),
        ],
        titulo="Lealtad (NPS)",
        centro=f"NPS {kpis['nps']}" if kpis.get("nps") is not None else None,
    )
    motivos = _grafica(
        graficas.barras,
        [(m.get("motivo__nombre") or "Sin motivo", m["total"]) for m in (kpis.get("por_motivo") or [])[:8]],
        titulo="Principales motivos de contacto",
        horizontal=True,
    )
    canales = _grafica(
        graficas.pastel, [(c["canal"], c["total"]) for c in kpis.get("por_canal") or []], titulo="Volumen por canal"
    )
    return {"tiempos": tiempos, "backlog": backlog, "csat": csat, "nps": nps, "motivos": motivos, "canales": canales}


def contexto_reporte(reporte):
    kpis = reporte.kpis or {}
    return {
        "reporte": reporte,
        "kpis": kpis,
        "graficas": graficas_de(kpis),
        "recomendaciones": [r.lstrip("- ").strip() for r in reporte.recomendaciones.splitlines() if r.strip()],
        "motivos": (kpis.get("por_motivo") or [])[:5],
    }
