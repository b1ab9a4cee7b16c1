"""Server-side SVG charts for pages and PDFs, drawn with matplotlib.

Each function returns one ``<svg>`` element as a string, the same for a page and
for a PDF: embed it with ``<div class="grafica">{{ grafica|safe }}</div>``.

- Text stays text (``svg.fonttype = "none"``), so browsers and WeasyPrint draw it
  with the system's DejaVu Sans and it can be searched and copied.
- Numbers are written as the tables write them: with the active language's decimal
  mark (``25,9`` in Spanish), also through ``str.format`` patterns such as ``"{:.1f} %"``.
- A chart with nothing to draw (no values, or only zeros) is a «Sin datos en el
  periodo» panel, never an empty axis.
- The output is deterministic: no date in the metadata, and the ids matplotlib
  generates are salted with a hash of the input, so equal input gives equal bytes
  and two different charts on one page never share an id.
- Drawing costs about 100 ms, so each chart is kept in the cache under a hash of
  everything that shapes it (data, options, title, size, active language and this
  module's source): a page or PDF shown again with the same figures draws nothing.
- Only the object-oriented API (``matplotlib.figure.Figure``) is used, never
  pyplot: no GUI backend and no global figure registry are involved, so
  ``matplotlib.use()`` is not needed (and is not called: it would switch the
  backend for the whole process). The few options matplotlib reads from the
  global ``rcParams`` are applied with ``rc_context`` under a lock, so threads
  rendering at the same time cannot see each other's settings.
"""

import hashlib
import io
import math
import re
import string
import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import matplotlib
import matplotlib.patches
from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import get_language
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from enlace.dinero import redondear

# Colour-blind-safe palette (Okabe–Ito), in the order series and slices take it.
PALETA = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#7F7F7F", "#F0E442")
COLOR_TEXTO = "#333333"
TAMANO_CM = (16, 8)
SIN_DATOS = "Sin datos en el periodo"
COLOR_PANEL_VACIO = "#F4F5F7"

_ESTILO = {
    "svg.fonttype": "none",
    "text.parse_math": False,  # a "$" in a label is text, not mathtext
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": COLOR_TEXTO,
    "axes.labelcolor": COLOR_TEXTO,
    "axes.edgecolor": "#BBBBBB",
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETA),
    "grid.color": "#E5E5E5",
    "xtick.color": COLOR_TEXTO,
    "ytick.color": COLOR_TEXTO,
    "legend.frameon": False,
}
_BLOQUEO = threading.Lock()
CACHE_SEGUNDOS = 3600
# A deploy that changes how charts are drawn must not serve the SVGs the previous code drew.
_VERSION = hashlib.sha256(Path(__file__).read_bytes() + matplotlib.__version__.encode()).hexdigest()[:12]


def linea(
    series,
    *,
    titulo,
    eje_y="",
    formato_y=None,
    colores=None,
    leyenda_abajo=False,
    desde_cero=False,
    tamano_cm=TAMANO_CM,
):
    """Lines over shared categories: ``{"Ventas": [("ene", 10), ("feb", 12)], ...}``.

    A category missing from a series (or a ``None`` value) leaves a gap.
    ``formato_y`` is a ``str.format`` pattern (``"{:.0f} %"``); ``colores`` one per series;
    ``desde_cero`` starts the y axis at 0 (counts and durations), ``leyenda_abajo`` puts the legend below.
    """
    series = {str(nombre): [(_texto(e), _valor(v)) for e, v in puntos] for nombre, puntos in series.items()}
    categorias = list(dict.fromkeys(e for puntos in series.values() for e, _ in puntos))
    if _vacio(v for puntos in series.values() for _, v in puntos):
        return _sin_datos(titulo, tamano_cm)

    def dibujar(fig, ax):
        for i, (nombre, puntos) in enumerate(series.items()):
            valores = dict(puntos)
            ax.plot(
                range(len(categorias)),
                [valores.get(c, math.nan) for c in categorias],
                marker="o",
                markersize=3.5,
                label=nombre,
                color=colores[i % len(colores)] if colores else None,
            )
        _categorias_x(ax, categorias)
        ax.set_ylabel(eje_y)
        if desde_cero and _sin_negativos(series):
            ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(_formateador(formato_y))
        ax.grid(axis="y")
        if leyenda_abajo:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=len(series))
        else:
            ax.legend(loc="upper left", bbox_to_anchor=(1, 1))

    return _svg(dibujar, titulo, tamano_cm, ("linea", series, eje_y, formato_y, colores, leyenda_abajo, desde_cero))


def barras(datos, *, titulo, horizontal=False, color=None, formato=None, tamano_cm=TAMANO_CM):
    """Bars with their value written at the end: ``[("Ana", 12), ("Luis", 7)]``.

    ``color`` is one colour for every bar or a list with one per bar (e.g. a semáforo); ``formato`` is a
    ``str.format`` pattern (``"{:.1f} h"``).
    """
    etiquetas = [_texto(e) for e, _ in datos]
    valores = [_valor(v) for _, v in datos]
    if _vacio(valores):
        return _sin_datos(titulo, tamano_cm)
    colores = list(color) if isinstance(color, (list, tuple)) else [color or PALETA[0]] * len(valores)
    fmt = _formateador(formato)
    if horizontal:  # room for every bar
        tamano_cm = (tamano_cm[0], max(tamano_cm[1], 2.5 + 0.7 * len(valores)))

    def dibujar(fig, ax):
        posiciones = range(len(valores))
        if horizontal:
            rectangulos = ax.barh(posiciones, valores, color=colores)
            ax.set_yticks(posiciones, etiquetas)
            ax.invert_yaxis()  # first item on top, as read
            ax.xaxis.set_major_formatter(fmt)
            ax.grid(axis="x")
        else:
            rectangulos = ax.bar(posiciones, valores, color=colores)
            _categorias_x(ax, etiquetas)
            ax.yaxis.set_major_formatter(fmt)
            ax.grid(axis="y")
        ax.set_axisbelow(True)
        if horizontal or len(valores) <= 15:  # more would overlap
            ax.bar_label(rectangulos, labels=["" if math.isnan(v) else fmt(v) for v in valores], padding=2)
        if horizontal:
            ax.margins(x=0.1)
        else:
            ax.margins(y=0.1)

    return _svg(dibujar, titulo, tamano_cm, ("barras", etiquetas, valores, horizontal, colores, formato))


def dona(datos, *, titulo, centro=None, colores=None, leyenda_abajo=False, tamano_cm=TAMANO_CM):
    """A distribution as a ring, with its percentages and an optional text in the middle (e.g. the total).

    ``centro`` may be a number (written with the decimal mark of the language) or a text;
    ``colores`` gives one colour per part, in the order of ``datos`` (e.g. promoters green).
    """
    return _circular(
        datos,
        titulo=titulo,
        ancho_anillo=0.42,
        centro=centro,
        colores=colores,
        leyenda_abajo=leyenda_abajo,
        tamano_cm=tamano_cm,
    )


def pastel(datos, *, titulo, colores=None, leyenda_abajo=False, tamano_cm=TAMANO_CM):
    """A distribution as a full pie, with its percentages."""
    return _circular(
        datos,
        titulo=titulo,
        ancho_anillo=1,
        centro=None,
        colores=colores,
        leyenda_abajo=leyenda_abajo,
        tamano_cm=tamano_cm,
    )


def _circular(datos, *, titulo, ancho_anillo, centro, colores, leyenda_abajo, tamano_cm):
    # Only positive parts can be drawn as slices; each keeps the colour of its place in ``datos``.
    colores = list(colores) if colores else [PALETA[i % len(PALETA)] for i in range(len(datos))]
    partes = [
        (_texto(e), v, colores[i % len(colores)])
        for i, (e, v) in enumerate((e, _valor(v)) for e, v in datos)
        if not math.isnan(v) and v > 0
    ]
    if not partes:
        return _sin_datos(titulo, tamano_cm)
    if isinstance(centro, (int, float, Decimal)) and not isinstance(centro, bool):
        centro = _numero(centro)

    def dibujar(fig, ax):
        porciones, _, _ = ax.pie(
            [v for _, v, _c in partes],
            colors=[c for _, _, c in partes],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": ancho_anillo, "edgecolor": "white"},
            autopct=lambda p: f"{number_format(round(p), 0)} %" if p >= 4 else "",
            pctdistance=1 - ancho_anillo / 2 if ancho_anillo < 1 else 0.65,
            textprops={"color": "white", "fontweight": "bold"},
        )
        ax.legend(
            porciones,
            [f"{e} ({_numero(v)})" for e, v, _c in partes],
            **(
                {"loc": "upper center", "bbox_to_anchor": (0.5, 0), "ncols": 1}
                if leyenda_abajo
                else {"loc": "center left", "bbox_to_anchor": (1, 0.5)}
            ),
        )
        if centro is not None:
            texto = str(centro)
            ax.text(0, 0, texto, ha="center", va="center", fontsize=13 if len(texto) <= 6 else 10, fontweight="bold")
        ax.set_aspect("equal")

    return _svg(dibujar, titulo, tamano_cm, ("circular", partes, ancho_anillo, centro, leyenda_abajo))


def _vacio(valores):
    """Nothing to draw: no value, or every value missing or zero (an axis of only zeros tells nothing)."""
    return all(math.isnan(v) or v == 0 for v in valores)


def _sin_negativos(series):
    return all(math.isnan(v) or v >= 0 for puntos in series.values() for _, v in puntos)


def _sin_datos(titulo, tamano_cm):
    """A grey panel that says so, the size the chart would have had: never an empty axis."""

    def dibujar(fig, ax):
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.add_patch(
            matplotlib.patches.FancyBboxPatch(
                (0.02, 0.06),
                0.96,
                0.84,
                boxstyle="round,pad=0,rounding_size=0.04",
                facecolor=COLOR_PANEL_VACIO,
                edgecolor="#D0D4DA",
                linewidth=0.8,
                transform=ax.transAxes,
            )
        )
        ax.text(0.5, 0.48, SIN_DATOS, ha="center", va="center", fontsize=12, fontweight="bold", color="#6B7280")

    return _svg(dibujar, titulo, tamano_cm, ("sin_datos",))


def _svg(dibujar, titulo, tamano_cm, clave):
    """The chart's ``<svg>`` element (no XML prolog): from the cache, or drawn on a fresh figure and kept there.

    ``clave`` holds every input of ``dibujar`` that shapes the drawing."""
    huella = hashlib.sha256(repr((clave, titulo, tamano_cm)).encode()).hexdigest()
    guardada = f"grafica:{_VERSION}:{get_language()}:{huella}"
    svg = cache.get(guardada)
    if svg is None:
        svg = _dibujar(dibujar, titulo, tamano_cm, huella[:12])
        cache.set(guardada, svg, CACHE_SEGUNDOS)
    return svg


def _dibujar(dibujar, titulo, tamano_cm, huella):
    estilo = {**_ESTILO, "svg.hashsalt": huella, "svg.id": f"grafica-{huella}"}
    with _BLOQUEO, matplotlib.rc_context(estilo):
        fig = Figure(figsize=(tamano_cm[0] / 2.54, tamano_cm[1] / 2.54), layout="constrained")
        ax = fig.add_subplot()
        dibujar(fig, ax)
        ax.set_title(str(titulo))
        salida = io.StringIO()
        fig.savefig(salida, format="svg", metadata={"Date": None, "Creator": None})
    svg = salida.getvalue()
    svg = _ID_DE_GRUPO.sub("<g", _sin_estilos_en_linea(svg[svg.index("<svg") :]))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(titulo)}" {_TRAZO_BASE} ', 1)


# The page's Content-Security-Policy forbids inline styles, so matplotlib's ``style=""`` declarations
# become SVG presentation attributes and its ``*{...}`` stylesheet becomes inherited attributes on the root.
_ESTILO_EN_LINEA = re.compile(r' style="([^"]*)"')
_HOJA_DE_ESTILO = re.compile(r"\s*<style[^>]*>.*?</style>", re.S)
_TRAZO_BASE = 'stroke-linejoin="round" stroke-linecap="butt"'
# matplotlib names each group after its artist («figure_1», «axes_1»): the same ids in every chart of a page,
# and nothing refers to them (what is referred to, clip paths and markers, has ids salted per chart).
_ID_DE_GRUPO = re.compile(r'<g id="[^"]*"')


def _sin_estilos_en_linea(svg):
    svg = _HOJA_DE_ESTILO.sub("", svg)
    return _ESTILO_EN_LINEA.sub(_como_atributos, svg)


def _como_atributos(coincidencia):
    declaraciones = (d.split(":", 1) for d in coincidencia[1].split(";") if d.strip())
    return "".join(f' {nombre.strip()}="{valor.strip()}"' for nombre, valor in declaraciones)


def _categorias_x(ax, categorias):
    """Category labels on the x axis: slanted when long or many, thinned when very many."""
    paso = max(1, math.ceil(len(categorias) / 24))
    posiciones = range(0, len(categorias), paso)
    inclinar = len(categorias) > 8 or max((len(c) for c in categorias), default=0) > 10
    ax.set_xticks(
        posiciones,
        [categorias[i] for i in posiciones],
        rotation=35 if inclinar else 0,
        ha="right" if inclinar else "center",
        rotation_mode="anchor",
    )


def _formateador(formato):
    """A tick/label formatter from a ``str.format`` pattern or None (Spanish numbers)."""
    if formato is None:
        return FuncFormatter(lambda valor, _posicion=None: _numero(valor))
    return FuncFormatter(lambda valor, _posicion=None: _FORMATO_LOCAL.format(formato, valor))


class _FormatoLocal(string.Formatter):
    """``str.format`` whose fixed-point fields (``{:.1f}``, ``{:,.0f}``) use the language's decimal mark."""

    _FIJO = re.compile(r"^(,?)\.(\d+)f$")

    def format_field(self, valor, especificacion):
        fijo = self._FIJO.match(especificacion)
        if fijo and isinstance(valor, (int, float, Decimal)):
            decimales = int(fijo[2])  # rounded here: Django's number_format cuts the digits beyond them
            return number_format(redondear(valor, decimales), decimales, force_grouping=bool(fijo[1]))
        return super().format_field(valor, especificacion)


_FORMATO_LOCAL = _FormatoLocal()


def numero(valor):
    """A number as the charts (and the tables) write it: ``25.9`` → ``"25,9"`` in Spanish."""
    return _numero(valor)


def _numero(valor):
    """``1234.5`` → ``"1.234,5"`` in the active language's format; whole numbers without decimals."""
    valor = round(float(valor), 2)
    decimales = 0 if valor == int(valor) else (1 if round(valor, 1) == valor else 2)
    return number_format(valor, decimales, force_grouping=True)


def _valor(valor):
    if valor is None:
        return math.nan
    return float(valor) if isinstance(valor, (int, float, Decimal)) else float(str(valor))


def _texto(etiqueta):
    if isinstance(etiqueta, datetime):
        return etiqueta.strftime("%d/%m/%Y %H:%M")
    if isinstance(etiqueta, date):
        return etiqueta.strftime("%d/%m/%Y")
    return str(etiqueta)
