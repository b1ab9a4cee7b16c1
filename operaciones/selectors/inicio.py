"""Reads of the operaciones home: one function per section, each a count and the first items to act on.

``SECCIONES_INICIO`` lists each role's sections in order; a new page for a role adds its section here.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from enlace.dinero import formatear
from enlace.kpis import Conteo, kpis_30_dias
from operaciones.models import (
    AlertaAntiguedad,
    Apartado,
    SolicitudDescuento,
    SolicitudFinanciamiento,
    TareaProveedor,
    Unidad,
)
from operaciones.rules import es_cop
from operaciones.selectors.conversaciones import escalamientos_abiertos

PRIMEROS = 5
URGENTE = timedelta(hours=6)  # a deadline this close is marked


@dataclass
class Pendiente:
    texto: str
    url: str
    detalle: str = ""
    urgente: bool = False


@dataclass
class Seccion:
    titulo: str
    total: int
    vacio: str
    enlace: str = ""
    enlace_texto: str = ""
    items: list = field(default_factory=list)


def _seccion(qs, item, **datos):
    """A section from a queryset (one COUNT and one bounded list)."""
    return Seccion(total=qs.count(), items=[item(o) for o in qs[:PRIMEROS]], **datos)


def _restante(vence, ahora):
    """«vence en 5 h 20 min» or «vencido» for a deadline."""
    if vence <= ahora:
        return "vencido", True
    minutos = int((vence - ahora).total_seconds() // 60)
    horas, minutos = divmod(minutos, 60)
    texto = f"vence en {horas} h {minutos:02d} min" if horas else f"vence en {minutos} min"
    return texto, vence - ahora <= URGENTE


def _unidad(apartado):
    u = apartado.unidad
    return f"{u.marca} {u.modelo} {u.anio}"


def mis_apartados(user, ahora=None):
    """Asesor: its active apartados, the ones whose validation runs out first on top."""
    ahora = ahora or timezone.now()
    qs = (
        Apartado.objects.visibles_para(user)
        .activos(ahora)
        .select_related("unidad", "cliente")
        .order_by(F("validado_en").asc(nulls_first=True), "vence", "id")
    )

    def item(a):
        if a.estado == Apartado.Estado.PENDIENTE:
            detalle, urgente = _restante(a.vence, ahora)
        else:
            detalle, urgente = "validado por el COP: siga con el cierre", False
        return Pendiente(f"{_unidad(a)} · {a.cliente}", reverse("operaciones:apartado", args=[a.pk]), detalle, urgente)

    return _seccion(
        qs,
        item,
        titulo="Mis apartados activos",
        vacio="No tiene apartados activos: busque una unidad en el inventario de la red.",
        enlace=reverse("operaciones:inventario"),
        enlace_texto="Buscar en el inventario",
    )


def disponibilidad_por_confirmar(user, ahora=None):
    """Gerente de ventas/general: apartados on its units waiting for the availability confirmation."""
    ahora = ahora or timezone.now()
    qs = (
        Apartado.objects.visibles_para(user)
        .filter(estado=Apartado.Estado.PENDIENTE, vence__gt=ahora, disponibilidad_confirmada_en__isnull=True)
        .select_related("unidad", "cliente")
        .order_by("vence", "id")
    )

    def item(a):
        detalle, urgente = _restante(a.vence, ahora)
        return Pendiente(f"{_unidad(a)} · {a.cliente}", reverse("operaciones:apartado", args=[a.pk]), detalle, urgente)

    return _seccion(
        qs,
        item,
        titulo="Disponibilidad por confirmar",
        vacio="Ningún apartado espera su confirmación de disponibilidad.",
        enlace=reverse("operaciones:apartados"),
        enlace_texto="Ver apartados",
    )


def descuentos_abiertos(user):
    """Gerente de ventas/general: open discount requests on its concesionario's apartados."""
    qs = (
        SolicitudDescuento.objects.abiertas()
        .filter(apartado__in=Apartado.objects.visibles_para(user))
        .select_related("apartado__unidad")
        .order_by("solicitada_en", "id")
    )

    def item(s):
        return Pendiente(
            f"{_unidad(s.apartado)} · descuento de {formatear(s.monto_solicitado, 'MXN')}",
            reverse("operaciones:apartado", args=[s.apartado_id]),
            s.get_estado_display(),
        )

    return _seccion(qs, item, titulo="Solicitudes de descuento", vacio="No hay solicitudes de descuento abiertas.")


def financiamientos_pendientes(user):
    """Gerente de financiera: its concesionario's financing requests waiting for an answer or a credit."""
    qs = (
        SolicitudFinanciamiento.objects.filter(apartado__in=Apartado.objects.visibles_para(user))
        .filter(estado__in=SolicitudFinanciamiento.VIGENTES, credito_confirmado_en__isnull=True)
        .select_related("apartado__unidad")
        .order_by("enviada_en", "id")
    )

    def item(s):
        enviada = s.estado == SolicitudFinanciamiento.Estado.ENVIADA
        espera = "esperando respuesta" if enviada else "aprobada, crédito por confirmar"
        return Pendiente(
            f"{_unidad(s.apartado)} · {s.financiera} · {s.plazo_meses} meses",
            reverse("operaciones:apartado", args=[s.apartado_id]),
            f"{espera} desde {timezone.localtime(s.enviada_en):%d/%m/%Y}",
        )

    return _seccion(
        qs, item, titulo="Solicitudes de financiamiento", vacio="No hay solicitudes de financiamiento en curso."
    )


def fotos_por_entregar(user):
    """Webmaster: open photo/video requests on its concesionario's units, by due date."""
    hoy = timezone.localdate()
    qs = (
        TareaProveedor.objects.filter(
            tipo=TareaProveedor.Tipo.FOTOS_VIDEOS, unidad__concesionario_id=user.organizacion_id
        )
        .abiertas()
        .select_related("unidad")
        .order_by("fecha_compromiso", "id")
    )

    def item(t):
        u = t.unidad
        return Pendiente(
            f"{u.marca} {u.modelo} {u.anio}",
            reverse("operaciones:mis_tareas"),
            f"compromiso {t.fecha_compromiso:%d/%m/%Y}",
            t.fecha_compromiso <= hoy,
        )

    return _seccion(
        qs,
        item,
        titulo="Fotos y videos por entregar",
        vacio="No hay solicitudes de fotos o videos abiertas.",
        enlace=reverse("operaciones:mis_tareas"),
        enlace_texto="Ver todas las solicitudes",
    )


def unidades_sin_fotos(user):
    """Webmaster: units of its concesionario in stock without a single photo (what it can publish today)."""
    qs = Unidad.objects.visibles_para(user).en_inventario().filter(fotos__isnull=True).order_by("fecha_ingreso", "id")

    def item(u):
        return Pendiente(f"{u.marca} {u.modelo} {u.anio}", reverse("operaciones:unidad", args=[u.pk]), "sin fotos")

    return _seccion(qs, item, titulo="Unidades sin fotos", vacio="Todas las unidades en inventario tienen fotos.")


def alertas_sin_estrategia(user):
    """Gerente general: units in stock whose latest aging alert still has no sales strategy."""
    qs = (
        AlertaAntiguedad.objects.visibles_para(user)
        .vigentes()
        .filter(
            estrategia_registrada_en__isnull=True,
            unidad__estado__in=[Unidad.Estado.DISPONIBLE, Unidad.Estado.APARTADA, Unidad.Estado.VALIDADA],
        )
        .select_related("unidad")
        .order_by("unidad__fecha_ingreso", "unidad_id", "umbral")
    )

    def item(a):
        u = a.unidad
        return Pendiente(
            f"{u.marca} {u.modelo} {u.anio}",
            reverse("operaciones:antiguedad"),
            f"{a.umbral} días sin venderse",
            a.umbral >= 90,
        )

    return _seccion(
        qs,
        item,
        titulo="Unidades de 60/90 días sin estrategia",
        vacio="Todas las unidades con alerta tienen estrategia.",
        enlace=reverse("operaciones:antiguedad"),
        enlace_texto="Ver unidades de 60/90 días",
    )


def escalamientos_por_atender(user):
    """Gerente general: the COP's open escalations on its concesionario, most severe first."""
    qs = escalamientos_abiertos(user)

    def item(e):
        return Pendiente(
            f"{_unidad(e.apartado)} · {e.motivo[:80]}",
            reverse("operaciones:conversacion", args=[e.apartado_id]),
            f"severidad {e.get_severidad_display().lower()} · {e.get_estado_display().lower()}",
            e.severidad in ("critica", "alta"),
        )

    return _seccion(
        qs,
        item,
        titulo="Escalamientos del COP por atender",
        vacio="No hay escalamientos abiertos.",
        enlace=reverse("operaciones:escalamientos"),
        enlace_texto="Todos los escalamientos",
    )


SECCIONES_INICIO = {
    "asesor": (mis_apartados,),
    "gerente_general": (
        escalamientos_por_atender,
        disponibilidad_por_confirmar,
        descuentos_abiertos,
        alertas_sin_estrategia,
    ),
    "gerente_ventas": (disponibilidad_por_confirmar, descuentos_abiertos),
    "gerente_financiera": (financiamientos_pendientes,),
    "webmaster": (fotos_por_entregar, unidades_sin_fotos),
}


def secciones_inicio(user, codigo_rol):
    """The home's sections of the role (each a count and its first items)."""
    return [seccion(user) for seccion in SECCIONES_INICIO.get(codigo_rol, ())]


# --- KPI tiles: the last 30 days against the 30 before ---------------------------------------------

APARTADOS = Conteo("apartados", "Apartados", "creado")
VALIDACIONES = Conteo("validaciones", "Validaciones", "validado_en")
CIERRES = Conteo("cierres", "Cierres", "cerrado_en", Q(estado=Apartado.Estado.CERRADO))
CANCELACIONES = Conteo("cancelaciones", "Cancelaciones", "cancelado_en", Q(estado=Apartado.Estado.CANCELADO))
KPIS_COP = (APARTADOS, VALIDACIONES, CIERRES, CANCELACIONES)
# The asesor sees its own apartados, a concesionario's gerentes their concesionario's (``visibles_para``).
KPIS_POR_ROL = {
    "asesor": (APARTADOS, CIERRES),
    "gerente_general": (APARTADOS, CIERRES),
    "gerente_ventas": (APARTADOS, CIERRES),
    "gerente_financiera": (APARTADOS, CIERRES),
}


def kpis_inicio(user, codigo_rol, hoy=None):
    """The home's tiles for the role over the apartados the user sees: one aggregate query (none if no tiles)."""
    conteos = KPIS_COP if es_cop(user) else KPIS_POR_ROL.get(codigo_rol, ())
    if not conteos:
        return []
    return kpis_30_dias(Apartado.objects.visibles_para(user), conteos, hoy)
