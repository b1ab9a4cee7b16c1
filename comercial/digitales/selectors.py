"""Scoped reads of Ventas Digitales: the agents' queue, the console and the daily indicator."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from comercial.digitales.models import (
    ABIERTOS,
    ClienteComteco,
    Estado,
    OrdenInstalacion,
    RegistroImpedimento,
    SolicitudDigital,
)
from comercial.models import Producto
from enlace.busqueda import coincide
from enlace.kpis import Conteo, kpis_30_dias

# Queue tabs: code → (label, filter)
BANDEJAS = {
    "cola": ("Contactos por atender", Q(estado=Estado.EN_COLA, perdida=False)),
    "devolucion": ("Llamadas perdidas por devolver", Q(estado=Estado.EN_COLA, perdida=True)),
    "atencion": (
        "En atención",
        Q(
            estado__in=[
                Estado.EN_ATENCION,
                Estado.SIN_IMPEDIMENTO,
                Estado.FACTIBLE,
                Estado.ESPERANDO_REQUISITOS,
            ]
        ),
    ),
    "control": ("Digitaciones por controlar", Q(estado=Estado.DIGITADA)),
    "seguimiento": (
        "Instalación, seguimiento y control de calidad",
        Q(estado__in=[Estado.DERIVADA, Estado.COMUNICADA, Estado.SEGUIDA]),
    ),
    "cerradas": ("Cerradas", ~Q(estado__in=list(ABIERTOS))),
}

ACEPTADO = "Aceptado"
OBSERVADO = "Observado"
SIN_SOLICITUDES = "Sin solicitudes"
EN_CURSO = "En curso"  # a day or month that has not ended yet is shown with its figures so far, never judged


def solicitudes_para(user):
    return SolicitudDigital.objects.para_usuario(user)


def bandeja(user):
    """The visible solicitudes as the queue lists them (newest first); filters.BandejaFiltro picks the tab."""
    return (
        solicitudes_para(user)
        .select_related("agente", "producto")
        .only(
            "id",
            "canal",
            "linea",
            "perdida",
            "recibida",
            "nombre_cliente",
            "telefono",
            "estado",
            "producto__nombre",
            "intentos_contacto",
            "seguimiento_programado",
            "control_calidad_programado",
            "agente__first_name",
            "agente__last_name",
            "agente__email",
            "orden_instalacion__id",
            "orden_instalacion__estado",
            "orden_instalacion__fecha_estimada",
        )
        .select_related("orden_instalacion")
        .order_by("-recibida", "-id")
    )


# --- Overdue work: installation orders past their date and follow-ups the agent has not done ------------


def ordenes_para(user):
    return OrdenInstalacion.objects.visibles_para(user)


def ordenes_de(user):
    """The installation orders of the user's organisation, pending first by estimated date."""
    return (
        ordenes_para(user)
        .select_related("solicitud__agente", "solicitud__producto")
        .order_by("-estado", "fecha_estimada", "id")  # descending, «pendiente» comes before both closed states
    )


def orden_de(user, pk):
    return ordenes_de(user).select_related("abierta_por", "cerrada_por", "solicitud__controlada_por").get(pk=pk)


def seguimientos_vencidos(solicitudes, ahora):
    """Communicated sales whose order is closed and whose follow-up date passed: the agent's to do."""
    return solicitudes.filter(
        estado=Estado.COMUNICADA,
        seguimiento_programado__lt=ahora,
        orden_instalacion__estado__in=[
            OrdenInstalacion.EstadoOrden.INSTALADA,
            OrdenInstalacion.EstadoOrden.NO_INSTALADA,
        ],
    )


def vencidos(user):
    """{"ordenes": pending orders past their estimated date, "seguimientos": overdue follow-ups} in the
    user's scope (the agent: their own sales; the Responsable: the organisation): two counts."""
    hoy = hoy_de(user)
    solicitudes = solicitudes_para(user)
    return {
        "ordenes": OrdenInstalacion.objects.vencidas(hoy).filter(solicitud__in=solicitudes.values("pk")).count(),
        "seguimientos": seguimientos_vencidos(solicitudes, timezone.now()).count(),
    }


def resumen_para_leer(solicitud):
    """What the agent repeats to the client before digitación (Anexo 1: «repetir la información relevante
    … y recibir la confirmación»): (label, value) pairs."""
    producto = solicitud.producto
    velocidad = f" · {solicitud.velocidad_mbps} Mbps" if solicitud.velocidad_mbps else ""
    eta = f"de {producto.eta_min_dias} a {producto.eta_max_dias} días" if producto else ""
    return [
        ("Titular", solicitud.nombre_cliente or "—"),
        ("Carnet de identidad", solicitud.carnet or "—"),
        ("Teléfono de contacto", solicitud.telefono),
        ("Servicio", f"{producto or '—'}{velocidad}"),
        ("Domicilio de instalación", f"{solicitud.direccion}, {solicitud.localidad}"),
        ("Tiempo estimado de instalación", eta or "—"),
    ]


# --- Client lookup of the console (Anexo 1: «¿Cuál es su número telefónico o su número de Cédula de
# Identidad o número de contrato?») ---------------------------------------------------------------------

BUSQUEDA_MINIMA = 3  # the trigram indexes (enlace.busqueda) answer from three characters on
BUSQUEDA_LIMITE = 10


def buscar_cliente(user, termino):
    """The existing solicitudes and COMTECO clients matching a phone, CI or contract number (by what it
    begins with) or part of a name: two queries of at most ``BUSQUEDA_LIMITE`` rows each, read from prefix
    and trigram indexes on PostgreSQL. Returns (solicitudes, clientes); empty under ``BUSQUEDA_MINIMA``
    characters."""
    termino = " ".join((termino or "").split())
    if len(termino) < BUSQUEDA_MINIMA:
        return [], []
    if any(caracter.isdigit() for caracter in termino):
        de_solicitud = coincide(termino, empieza=("telefono", "carnet", "referencia_smartflex"))
        de_cliente = coincide(termino, empieza=("telefono", "carnet", "numero_contrato"))
    else:
        de_solicitud = coincide(termino, contiene=("nombre_cliente",))
        de_cliente = coincide(termino, contiene=("nombre",))
    solicitudes = (
        solicitudes_para(user)
        .filter(de_solicitud)
        .select_related("producto")
        .only("id", "recibida", "nombre_cliente", "telefono", "carnet", "estado", "producto__nombre")
        .order_by("-recibida", "-id")[:BUSQUEDA_LIMITE]
    )
    clientes = ClienteComteco.objects.visibles_para(user).filter(de_cliente).order_by("nombre", "id")[:BUSQUEDA_LIMITE]
    return list(solicitudes), list(clientes)


def conteo_abiertas(user, canal=""):
    """Open solicitudes per queue tab (of one origin ``canal`` when given): one grouped query over the open
    states only (index range)."""
    abiertas = solicitudes_para(user).filter(estado__in=list(ABIERTOS))
    if canal:
        abiertas = abiertas.filter(canal=canal)
    filas = abiertas.values("estado", "perdida").annotate(n=Count("id")).order_by()
    conteo = dict.fromkeys(BANDEJAS_ABIERTAS, 0)
    for fila in filas:
        conteo[_bandeja_de(fila["estado"], fila["perdida"])] += fila["n"]
    return conteo


BANDEJAS_ABIERTAS = ("cola", "devolucion", "atencion", "control", "seguimiento")


def _bandeja_de(estado, perdida):
    if estado == Estado.EN_COLA:
        return "devolucion" if perdida else "cola"
    if estado == Estado.DIGITADA:
        return "control"
    if estado in (Estado.DERIVADA, Estado.COMUNICADA, Estado.SEGUIDA):
        return "seguimiento"
    return "atencion"


def solicitud_de(user, pk):
    """The solicitud for the console, with what it shows, or DoesNotExist."""
    return (
        solicitudes_para(user)
        .select_related("organizacion", "agente", "digitada_por", "producto")
        .prefetch_related("adjuntos", "intentos__agente")
        .get(pk=pk)
    )


def catalogo_de(user):
    """The organisation's product catalogue, active first."""
    return Producto.objects.visibles_para(user).order_by("-activo", "nombre")


def impedimentos_de(user):
    return RegistroImpedimento.objects.visibles_para(user).order_by("carnet", "tipo")


# --- Indicator ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiaIndicador:
    """One day, one month (``fecha`` is its first day) or the whole period (``fecha=None``)."""

    fecha: date | None
    total: int
    eficientes: int
    en_curso: bool = False

    @property
    def porcentaje(self):
        if not self.total:
            return None
        return (Decimal(self.eficientes * 100) / Decimal(self.total)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def resultado(self):
        if self.en_curso:
            return EN_CURSO
        return clasificar(self.eficientes, self.total)


def primer_dia_del_mes(fecha):
    return fecha.replace(day=1)


def ultimo_mes_cerrado(hoy):
    """(first day, last day) of the month before ``hoy``'s: what reports show by default."""
    fin = primer_dia_del_mes(hoy) - timedelta(days=1)
    return primer_dia_del_mes(fin), fin


def hoy_de(user):
    """Today's date in the organisation's time zone."""
    return timezone.now().astimezone(zona_de(user)).date()


def clasificar(eficientes, total):
    """> meta % Aceptado, otherwise Observado (exact integer comparison, no rounding)."""
    if not total:
        return SIN_SOLICITUDES
    return ACEPTADO if eficientes * 100 > settings.DIGITALES_META_PORCENTAJE * total else OBSERVADO


def definicion_eficiente():
    return (
        f"Una venta digital es eficiente cuando se digitó dentro de las {settings.DIGITALES_EFICIENTE_HORAS} horas "
        "siguientes al ingreso de la solicitud y su llamada de control de calidad confirmó la satisfacción del "
        f"cliente. Indicador = ventas eficientes / solicitudes ingresadas × 100; mayor a "
        f"{settings.DIGITALES_META_PORCENTAJE} %: Aceptado; en otro caso: Observado."
    )


def zona_de(user):
    organizacion = getattr(user, "organizacion", None)
    try:
        return zoneinfo.ZoneInfo(organizacion.zona_horaria) if organizacion else timezone.get_current_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def indicador_diario(user, *, desde, hasta, canal=""):
    """Per day of intake (in the organisation's time zone): total solicitudes and efficient sales.

    One grouped query over the visible solicitudes (of one origin ``canal`` when given); days without
    solicitudes are listed with zero. Today and the period that contains it are «en curso» (no verdict).
    Returns (days, period total as a DiaIndicador with fecha=None).
    """
    zona = zona_de(user)
    hoy = hoy_de(user)
    inicio = datetime.combine(desde, time.min, tzinfo=zona)
    fin = datetime.combine(hasta + timedelta(days=1), time.min, tzinfo=zona)
    limite = timedelta(hours=settings.DIGITALES_EFICIENTE_HORAS)
    eficiente = Q(digitada_en__isnull=False, digitada_en__lte=F("recibida") + limite, satisfecho=True)
    visibles = SolicitudDigital.objects.visibles_para(user).filter(recibida__gte=inicio, recibida__lt=fin)
    if canal:
        visibles = visibles.filter(canal=canal)
    filas = (
        visibles.annotate(dia=TruncDate("recibida", tzinfo=zona))
        .values("dia")
        .annotate(total=Count("id"), eficientes=Count("id", filter=eficiente))
        .order_by("dia")
    )
    por_dia = {fila["dia"]: fila for fila in filas}
    dias = []
    dia = desde
    while dia <= hasta:
        fila = por_dia.get(dia, {"total": 0, "eficientes": 0})
        dias.append(DiaIndicador(dia, fila["total"], fila["eficientes"], en_curso=dia >= hoy))
        dia += timedelta(days=1)
    total = DiaIndicador(None, sum(d.total for d in dias), sum(d.eficientes for d in dias), en_curso=hasta >= hoy)
    return dias, total


def indicador_mensual(dias, *, hoy):
    """The days grouped by calendar month (no query): the month that contains ``hoy`` is «en curso»."""
    meses = {}
    for dia in dias:
        mes = primer_dia_del_mes(dia.fecha)
        total, eficientes = meses.get(mes, (0, 0))
        meses[mes] = (total + dia.total, eficientes + dia.eficientes)
    return [
        DiaIndicador(mes, total, eficientes, en_curso=mes >= primer_dia_del_mes(hoy))
        for mes, (total, eficientes) in meses.items()
    ]


KPIS_INICIO = (
    Conteo("recibidas", "Solicitudes recibidas", "recibida"),
    Conteo("digitadas", "Solicitudes digitadas", "digitada_en"),
    Conteo("instaladas", "Servicios instalados", "seguimiento_en", Q(servicio_instalado=True)),
)


def kpis_inicio(user, hoy=None):
    """The home's tiles over the solicitudes the user sees: the last 30 days against the 30 before, one query."""
    return kpis_30_dias(solicitudes_para(user), KPIS_INICIO, hoy)
