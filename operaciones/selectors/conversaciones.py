"""Reads of the conversations, the escalations and the sales-progress notices (scoped, no N+1)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When

from enlace.models import Evento, Organizacion
from operaciones.models import Apartado, AvisoAvance, Escalamiento, Hilo, LecturaHilo, Mensaje, SesionCoaching
from operaciones.rules import es_concesionario as _es_concesionario
from operaciones.rules import participa_en_la_conversacion

__all__ = [
    "apartado_de_conversacion",
    "avisos_avance_visibles",
    "cifras_avance",
    "contexto_apartado_conversacion",
    "conversaciones_de_la_red",
    "escalamientos_abiertos",
    "escalamientos_visibles",
    "hilos_sin_responder",
    "linea_de_tiempo_operacion",
    "mensajes_del_hilo",
]


def apartado_de_conversacion(user, pk):
    """The apartado whose conversation ``user`` takes part in (raises Apartado.DoesNotExist otherwise).

    Its own visibility (COP of the network, its asesor, the owning concesionario) plus concesionario A's
    people on a Trade-In; the participation rule decides the rest."""
    visibles = Apartado.objects.visibles_para(user)
    if user.is_authenticated and _es_concesionario(user) and user.organizacion_id:
        visibles = Apartado.objects.filter(
            Q(pk__in=visibles.values("pk")) | Q(trade_in__concesionario_a_id=user.organizacion_id)
        )
    apartado = visibles.select_related("unidad", "concesionario", "asesor", "cliente", "trade_in").get(pk=pk)
    if not participa_en_la_conversacion(user, apartado):
        raise Apartado.DoesNotExist
    return apartado


def mensajes_del_hilo(hilo):
    """The thread's messages, oldest first, with their author and attachments (two queries)."""
    if hilo is None:
        return Mensaje.objects.none()
    return (
        Mensaje.objects.filter(hilo=hilo).select_related("autor").prefetch_related("adjuntos").order_by("creado", "id")
    )


def _leido_hasta(user):
    return Subquery(LecturaHilo.objects.filter(hilo=OuterRef("pk"), usuario=user).values("leido_hasta")[:1])


def conversaciones_de_la_red(user):
    """Every conversation the user sees, unanswered first (longest wait first), then the most recent.

    Each row carries ``leido_hasta`` (this user's read mark) for the unread flag; one query per page."""
    return (
        Hilo.objects.visibles_para(user)
        .select_related("concesionario", "apartado__unidad", "apartado__asesor", "ultimo_mensaje__autor")
        .annotate(leido_hasta=_leido_hasta(user))
        .order_by(F("esperando_desde").asc(nulls_last=True), F("ultimo_mensaje_en").desc(nulls_last=True), "-id")
    )


def escalamientos_visibles(user):
    return Escalamiento.objects.visibles_para(user).select_related(
        "apartado__unidad", "concesionario", "creado_por", "respondido_por", "resuelto_por"
    )


def escalamientos_abiertos(user):
    """Open escalations (abierta or respondida), most severe and oldest first."""
    orden = {"critica": 0, "alta": 1, "media": 2, "baja": 3}
    severidad = Case(
        *[When(severidad=clave, then=Value(valor)) for clave, valor in orden.items()], output_field=IntegerField()
    )
    return escalamientos_visibles(user).abiertos().annotate(peso=severidad).order_by("peso", "creado", "id")


def avisos_avance_visibles(user):
    return AvisoAvance.objects.visibles_para(user).select_related("concesionario", "enviado_por")


@dataclass
class PasoLinea:
    """One row of the operación's timeline that is not an event of the apartado: a message."""

    creado: datetime
    tipo: str
    actor_nombre: str
    datos: dict = field(default_factory=dict)
    es_mensaje: bool = True


def linea_de_tiempo_operacion(apartado, eventos, user=None):
    """The apartado's events, its escalations' events, its conversation's messages and (for whoever may see
    them: the COP and the asesor) the coaching sessions linked to it, oldest first."""
    escalamientos = [str(pk) for pk in apartado.escalamientos.values_list("pk", flat=True)]
    extra = (
        list(
            Evento.objects.filter(
                objeto_tipo=ContentType.objects.get_for_model(Escalamiento), objeto_id__in=escalamientos
            ).select_related("actor")
        )
        if escalamientos
        else []
    )
    mensajes = Mensaje.objects.filter(hilo__apartado=apartado).select_related("autor").order_by("creado", "id")
    pasos = [
        PasoLinea(
            creado=m.creado,
            tipo=f"mensaje.{m.tipo}",
            actor_nombre=str(m.autor),
            datos={"condicion": m.texto[:140] + ("…" if len(m.texto) > 140 else "")},
        )
        for m in mensajes
    ]
    if user is not None:
        pasos += [_paso_coaching(sesion) for sesion in _coaching_de(apartado, user)]
    return sorted([*eventos, *extra, *pasos], key=lambda paso: paso.creado)


def _coaching_de(apartado, user):
    return SesionCoaching.objects.visibles_para(user).filter(apartado=apartado).select_related("registrada_por")


def _paso_coaching(sesion):
    resumen = f"{sesion.get_tipo_display()}: {sesion.temas}"
    return PasoLinea(
        creado=sesion.creada,
        tipo="coaching.sesion",
        actor_nombre=str(sesion.registrada_por),
        datos={"condicion": resumen[:140] + ("…" if len(resumen) > 140 else "")},
    )


def contexto_apartado_conversacion(user, apartado):
    """The apartado page's conversation and escalation section."""
    hilo = Hilo.objects.filter(apartado=apartado).annotate(leido_hasta=_leido_hasta(user)).first()
    no_leidos = 0
    if hilo is not None:
        nuevos = Mensaje.objects.filter(hilo=hilo).exclude(autor=user)
        if hilo.leido_hasta:
            nuevos = nuevos.filter(creado__gt=hilo.leido_hasta)
        no_leidos = nuevos.count()
    return {
        "hilo": hilo,
        "mensajes_no_leidos": no_leidos,
        "participa_en_conversacion": participa_en_la_conversacion(user, apartado),
        "escalamientos": list(escalamientos_visibles(user).filter(apartado=apartado)),
    }


def cifras_avance(user, concesionarios, desde, hasta):
    """Each concesionario's platform figures for [desde, hasta) (datetimes), reusing the network's desempeño;
    ``{concesionario pk: figures}``. The ranking is read once for all of them.

    Its sales force's apartados, validaciones, cancelaciones and cierres (``desempeno_asesores`` grouped by
    the asesor's concesionario), its position among the network's concesionarios by cierres (then validation
    rate), its best asesor's place in the ranking (``desempeno_ranking``), and the concesionario's response
    time: the median hours from an apartado on its units to its confirmation of availability.
    """
    from operaciones.selectors.desempeno import desempeno_ranking

    ranking = list(desempeno_ranking(user, desde, hasta))
    por_concesionario = {}
    for asesor in ranking:
        fila = por_concesionario.setdefault(asesor.organizacion_id, dict(_CIFRAS_VACIAS))
        fila["apartados"] += asesor.n_apartados
        fila["validaciones"] += asesor.n_validados
        fila["cancelaciones"] += asesor.n_cancelados
        fila["cierres"] += asesor.n_cierres
    return {c.pk: _cifras_de(c, ranking, por_concesionario, desde, hasta) for c in concesionarios}


_CIFRAS_VACIAS = {"apartados": 0, "validaciones": 0, "cancelaciones": 0, "cierres": 0}


def _tasa_validacion(fila):
    return round(fila["validaciones"] * 100 / fila["apartados"], 1) if fila["apartados"] else 0.0


def _cifras_de(concesionario, ranking, por_concesionario, desde, hasta):
    from enlace.agregados import Percentil, Segundos

    mejor_posicion = next(
        (
            posicion
            for posicion, asesor in enumerate(ranking, start=1)
            if asesor.organizacion_id == concesionario.pk and asesor.n_apartados + asesor.n_cierres
        ),
        None,
    )
    propios = por_concesionario.get(concesionario.pk, _CIFRAS_VACIAS)
    # Only concesionarios rank (not the network itself nor independent asesores); one with no activity is last.
    red = Organizacion.objects.filter(padre_id=concesionario.padre_id, tipo=Organizacion.Tipo.CONCESIONARIO)
    filas = {pk: por_concesionario.get(pk, _CIFRAS_VACIAS) for pk in red.values_list("pk", flat=True)}
    filas.setdefault(concesionario.pk, propios)
    orden = sorted(filas, key=lambda k: (-filas[k]["cierres"], -_tasa_validacion(filas[k]), k))
    respuesta = (
        Apartado.objects.filter(concesionario=concesionario, creado__gte=desde, creado__lt=hasta)
        .filter(disponibilidad_confirmada_en__isnull=False)
        .aggregate(mediana=Percentil(Segundos(F("disponibilidad_confirmada_en"), F("creado")), 0.5))["mediana"]
    )
    return {
        **propios,
        "tasa_validacion": _tasa_validacion(propios),
        "horas_respuesta": round(respuesta / 3600, 1) if respuesta is not None else None,
        "posicion": orden.index(concesionario.pk) + 1,
        "de_concesionarios": len(orden),
        "mejor_asesor_posicion": mejor_posicion,
    }


def hilos_sin_responder(user):
    """The user's network conversations that wait for an answer."""
    return Hilo.objects.visibles_para(user).filter(esperando_desde__isnull=False)
