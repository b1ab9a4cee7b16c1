"""The COP's tray: one counted section per kind of pending work, and the change marker it polls.

Each section is one ordered queryset read through ``enlace.paginacion.paginar``: the first rows and the
section's total come back in ONE query (the total bounded by ``ENLACE_PAGINACION_CONTEO_MAX``), so the tray
costs the same number of queries at any size. Every filter + order has its index (see the models' Meta and
``operaciones/migrations/0014_op6_bandeja_indices.py``). ``SECCIONES_BANDEJA`` lists them in the tray's order;
the full list of one is ``cop/bandeja/<clave>/``.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import F, Subquery
from django.urls import reverse
from django.utils import timezone

from enlace.dinero import formatear
from enlace.models import Organizacion, SelloBitacora
from enlace.paginacion import paginar
from operaciones.models import (
    Apartado,
    Entrega,
    Hilo,
    LineaComision,
    Mensaje,
    SolicitudDescuento,
    SolicitudFinanciamiento,
)
from operaciones.selectors.conversaciones import escalamientos_abiertos
from operaciones.selectors.inicio import Pendiente, _restante
from operaciones.selectors.supervision import etapa_de, operaciones_sin_movimiento, texto_duracion

__all__ = [
    "PRIMEROS_BANDEJA",
    "SECCIONES_BANDEJA",
    "consulta_de_seccion",
    "marca_bandeja",
    "seccion_bandeja",
    "secciones_bandeja",
]

PRIMEROS_BANDEJA = 5
URGENTE_ESPERA = timedelta(hours=24)  # a request waiting this long is marked


@dataclass(frozen=True)
class SeccionBandeja:
    clave: str
    titulo: str
    vacio: str
    consulta: object  # callable(user, ahora) -> ordered queryset
    fila: object  # callable(obj, ahora) -> Pendiente
    campos: tuple = ()  # what ``fila`` reads: the tray loads only these columns


# What ``_unidad`` and ``_operacion`` read from an apartado (with the state fields that django-fsm's
# ConcurrentTransitionMixin reads when it builds an apartado or a unit), and the same from a row pointing at one.
UNIDAD = ("estado", "unidad__estado", "unidad__marca", "unidad__modelo", "unidad__anio")
OPERACION = (*UNIDAD, "concesionario__nombre")


def _del_apartado(campos):
    return tuple(f"apartado__{campo}" for campo in campos)


DE_OPERACION = _del_apartado(OPERACION)


def _concesionarios(user):
    """The concesionarios the user sees, as a subquery on the small organisation table."""
    visibles = Organizacion.objects.visibles_para(user)
    return visibles.values("pk")


def _unidad(unidad):
    return f"{unidad.marca} {unidad.modelo} {unidad.anio}"


def _operacion(apartado):
    return f"{_unidad(apartado.unidad)} · {apartado.concesionario.nombre}"


def _corto(texto, largo):
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


def _url(apartado_id):
    return reverse("operaciones:apartado", args=[apartado_id])


def _espera(desde, ahora):
    """«esperando 5,2 h» and whether it has waited too long."""
    return f"esperando {texto_duracion((ahora - desde).total_seconds())}", ahora - desde >= URGENTE_ESPERA


# --- the sections' queries (each: filter + order served by one index) ---------------


def _validaciones(user, ahora):
    return (
        Apartado.objects.visibles_para(user)
        .filter(estado=Apartado.Estado.PENDIENTE, vence__gt=ahora)
        .select_related("unidad", "concesionario")
        .order_by("vence", "id")
    )


def _fila_validacion(apartado, ahora):
    detalle, urgente = _restante(apartado.vence, ahora)
    if apartado.disponibilidad_confirmada_en is None:
        detalle += " · disponibilidad sin confirmar"
    return Pendiente(_operacion(apartado), _url(apartado.pk), detalle, urgente)


def _disponibilidad(user, ahora):
    return (
        Apartado.objects.visibles_para(user)
        .filter(estado=Apartado.Estado.PENDIENTE, vence__gt=ahora, disponibilidad_confirmada_en__isnull=True)
        .select_related("unidad", "concesionario")
        .order_by("creado", "id")
    )


def _fila_disponibilidad(apartado, ahora):
    return Pendiente(_operacion(apartado), _url(apartado.pk), *_espera(apartado.creado, ahora))


def _descuentos(user, ahora):
    return (
        SolicitudDescuento.objects.abiertas()
        .filter(apartado__concesionario_id__in=_concesionarios(user))
        .select_related("apartado__unidad", "apartado__concesionario")
        .order_by("solicitada_en", "id")
    )


def _fila_descuento(solicitud, ahora):
    texto = f"{_operacion(solicitud.apartado)} · {formatear(solicitud.monto_solicitado, 'MXN')}"
    detalle, urgente = _espera(solicitud.solicitada_en, ahora)
    return Pendiente(texto, _url(solicitud.apartado_id), f"{solicitud.get_estado_display()} · {detalle}", urgente)


def _financiamientos(user, ahora):
    return (
        SolicitudFinanciamiento.objects.filter(
            estado__in=SolicitudFinanciamiento.VIGENTES,
            credito_confirmado_en__isnull=True,
            apartado__concesionario_id__in=_concesionarios(user),
        )
        .select_related("apartado__unidad", "apartado__concesionario")
        .order_by("enviada_en", "id")
    )


def _fila_financiamiento(solicitud, ahora):
    enviada = solicitud.estado == SolicitudFinanciamiento.Estado.ENVIADA
    paso = "sin respuesta de la financiera" if enviada else "aprobada, crédito por confirmar"
    detalle, urgente = _espera(solicitud.enviada_en, ahora)
    texto = f"{_operacion(solicitud.apartado)} · {solicitud.financiera}"
    return Pendiente(texto, _url(solicitud.apartado_id), f"{paso} · {detalle}", urgente)


def semana_de(ahora):
    """[Monday 00:00, next Monday 00:00) of ``ahora``'s week, local time."""
    hoy = timezone.localtime(ahora).date()
    lunes = hoy - timedelta(days=hoy.weekday())
    inicio = datetime.combine(lunes, time.min, tzinfo=timezone.get_current_timezone())
    return inicio, inicio + timedelta(days=7)


def _entregas(user, ahora):
    inicio, fin = semana_de(ahora)
    return (
        Entrega.objects.filter(
            fecha_programada__gte=inicio,
            fecha_programada__lt=fin,
            apartado__estado=Apartado.Estado.VALIDADO,
            apartado__concesionario_id__in=_concesionarios(user),
        )
        .select_related("apartado__unidad", "apartado__concesionario")
        .order_by("fecha_programada", "id")
    )


def _fila_entrega(entrega, ahora):
    cuando = timezone.localtime(entrega.fecha_programada)
    paso = "pasada, operación sin cerrar" if entrega.fecha_programada < ahora else "programada"
    detalle = f"{cuando:%d/%m/%Y %H:%M} · {paso}"
    return Pendiente(_operacion(entrega.apartado), _url(entrega.apartado_id), detalle, entrega.fecha_programada < ahora)


def _comisiones(user, ahora):
    return (
        LineaComision.objects.visibles_para(user)
        .filter(estado__in=(LineaComision.Estado.POR_VERIFICAR, LineaComision.Estado.VERIFICADA))
        .select_related("apartado__unidad", "apartado__concesionario")
        .order_by("creada", "id")
    )


def _fila_comision(linea, ahora):
    paso = "por verificar" if linea.estado == LineaComision.Estado.POR_VERIFICAR else "verificada, por pagar"
    dias = (ahora - linea.creada).days
    texto = f"{_operacion(linea.apartado)} · {linea.get_rol_display()} · {formatear(linea.monto, 'MXN')}"
    detalle = f"{paso} · {dias} días desde el cierre"
    return Pendiente(texto, reverse("operaciones:comision", args=[linea.pk]), detalle, dias >= 30)


def _conversaciones(user, ahora):
    # The conversations view's own order and index (hilo_bandeja_idx), limited to the unanswered ones.
    return (
        Hilo.objects.visibles_para(user)
        .filter(esperando_desde__isnull=False)
        .select_related("apartado__unidad", "concesionario", "ultimo_mensaje__autor")
        .order_by(F("esperando_desde").asc(nulls_last=True), F("ultimo_mensaje_en").desc(nulls_last=True), "-id")
    )


def _fila_conversacion(hilo, ahora):
    texto = f"{_unidad(hilo.apartado.unidad)} · {hilo.concesionario.nombre}"
    detalle, urgente = _espera(hilo.esperando_desde, ahora)
    if hilo.ultimo_mensaje is not None:
        detalle = f"{hilo.ultimo_mensaje.autor}: {_corto(hilo.ultimo_mensaje.texto, 60)} · {detalle}"
    return Pendiente(texto, reverse("operaciones:conversacion", args=[hilo.apartado_id]), detalle, urgente)


def _escalamientos(user, ahora):
    # The row names the operación only: without the people's joins the query plans in a fraction of the time.
    sin_personas = escalamientos_abiertos(user).select_related(None)
    return sin_personas.select_related("apartado__unidad", "apartado__concesionario")


def _fila_escalamiento(escalamiento, ahora):
    texto = f"{_operacion(escalamiento.apartado)} · {_corto(escalamiento.motivo, 80)}"
    detalle = (
        f"severidad {escalamiento.get_severidad_display().lower()} · "
        f"{escalamiento.get_estado_display().lower()} · {_espera(escalamiento.creado, ahora)[0]}"
    )
    url = reverse("operaciones:escalamiento", args=[escalamiento.pk])
    return Pendiente(texto, url, detalle, escalamiento.severidad in ("critica", "alta"))


def _sin_movimiento(user, ahora):
    return operaciones_sin_movimiento(user, ahora).select_related(None).select_related("unidad", "concesionario")


def _fila_sin_movimiento(apartado, ahora):
    quieta = texto_duracion((ahora - apartado.ultima_actividad).total_seconds())
    detalle = f"{etapa_de(apartado.ultimo_evento_tipo)} · sin movimiento hace {quieta}"
    return Pendiente(f"{apartado.folio} · {_operacion(apartado)}", _url(apartado.pk), detalle, True)


SECCIONES_BANDEJA = (
    SeccionBandeja(
        "validaciones",
        "Validaciones pendientes",
        "No hay apartados pendientes de validación.",
        _validaciones,
        _fila_validacion,
        ("vence", "disponibilidad_confirmada_en", *OPERACION),
    ),
    SeccionBandeja(
        "disponibilidad",
        "Disponibilidad sin confirmar",
        "Todos los apartados pendientes tienen la disponibilidad confirmada.",
        _disponibilidad,
        _fila_disponibilidad,
        ("creado", *OPERACION),
    ),
    SeccionBandeja(
        "descuentos",
        "Descuentos abiertos",
        "No hay solicitudes de descuento abiertas.",
        _descuentos,
        _fila_descuento,
        ("monto_solicitado", "estado", "solicitada_en", *DE_OPERACION),
    ),
    SeccionBandeja(
        "financiamientos",
        "Financiamientos abiertos",
        "No hay solicitudes de financiamiento en curso.",
        _financiamientos,
        _fila_financiamiento,
        ("estado", "enviada_en", "financiera", *DE_OPERACION),
    ),
    SeccionBandeja(
        "entregas",
        "Entregas de la semana",
        "No hay entregas programadas esta semana.",
        _entregas,
        _fila_entrega,
        ("fecha_programada", *DE_OPERACION),
    ),
    SeccionBandeja(
        "comisiones",
        "Comisiones por verificar o pagar",
        "No hay comisiones por verificar ni por pagar.",
        _comisiones,
        _fila_comision,
        ("estado", "creada", "rol", "monto", *DE_OPERACION),
    ),
    SeccionBandeja(
        "conversaciones",
        "Conversaciones sin respuesta",
        "Ninguna conversación espera respuesta.",
        _conversaciones,
        _fila_conversacion,
        (
            *_del_apartado(UNIDAD),
            "concesionario__nombre",
            "esperando_desde",
            "ultimo_mensaje__texto",
            "ultimo_mensaje__autor__first_name",
            "ultimo_mensaje__autor__last_name",
            "ultimo_mensaje__autor__email",
        ),
    ),
    SeccionBandeja(
        "escalamientos",
        "Escalamientos abiertos",
        "No hay escalamientos abiertos.",
        _escalamientos,
        _fila_escalamiento,
        ("motivo", "severidad", "estado", "creado", *DE_OPERACION),
    ),
    SeccionBandeja(
        "sin-movimiento",
        "Operaciones sin movimiento",
        "Ninguna operación validada lleva más de {horas} h sin movimiento.",
        _sin_movimiento,
        _fila_sin_movimiento,
        ("creado", "ultima_actividad", "ultimo_evento_tipo", *OPERACION),
    ),
)
_POR_CLAVE = {seccion.clave: seccion for seccion in SECCIONES_BANDEJA}


@dataclass
class SeccionLeida:
    clave: str
    titulo: str
    vacio: str
    pagina: object  # enlace.paginacion.PaginaSinTotal of Pendiente rows

    @property
    def total(self):
        return self.pagina.total if self.pagina.total is not None else self.pagina.mas_de

    @property
    def mas_de(self):
        return self.pagina.mas_de is not None

    @property
    def url(self):
        return reverse("operaciones:bandeja_seccion", args=[self.clave])


def _leer(seccion, user, ahora, numero, por_pagina):
    pagina = paginar(seccion.consulta(user, ahora).only(*seccion.campos), numero, por_pagina)
    pagina.object_list = [seccion.fila(obj, ahora) for obj in pagina.object_list]
    vacio = seccion.vacio.format(horas=settings.OPERACIONES_HORAS_SIN_MOVIMIENTO)
    return SeccionLeida(seccion.clave, seccion.titulo, vacio, pagina)


def secciones_bandeja(user, ahora=None):
    """Every section of the tray: its total and its first rows (one query each)."""
    ahora = ahora or timezone.now()
    return [_leer(seccion, user, ahora, 1, PRIMEROS_BANDEJA) for seccion in SECCIONES_BANDEJA]


def seccion_bandeja(user, clave, numero=1, por_pagina=25, ahora=None):
    """One section's full list, paginated (KeyError for an unknown ``clave``)."""
    return _leer(_POR_CLAVE[clave], user, ahora or timezone.now(), numero, por_pagina)


def consulta_de_seccion(clave, user, ahora=None):
    """The ordered queryset behind one section (for pages that show part of it, e.g. a concesionario's)."""
    return _POR_CLAVE[clave].consulta(user, ahora or timezone.now())


def marca_bandeja():
    """The tray's change marker: the event log's last sequence and the last message's id, in one query.

    Every state change appends an event and every message is a row, so new work moves it; it reads one row
    by primary key and the top of one primary-key index."""
    ultimo_mensaje = Mensaje.objects.order_by("-pk").values("pk")[:1]
    fila = (
        SelloBitacora.objects.filter(pk=1)
        .annotate(mensaje=Subquery(ultimo_mensaje))
        .values_list("ultima_secuencia", "mensaje")
        .first()
    )
    secuencia, mensaje = fila or (0, None)
    return f"{secuencia}-{mensaje or 0}"
