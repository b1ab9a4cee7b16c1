"""The COP's network dashboard for a period and the page of one concesionario.

Counts come from the apartados' own dates in one aggregate; the response times from the event log: each
interval starts at an event in the period and ends at the first later event of its answer on the same
apartado (``percentile_cont`` on PostgreSQL, the registered SQLite aggregate otherwise: ``enlace.agregados``).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from enlace import roles
from enlace.agregados import Percentil, Segundos
from enlace.models import Evento
from enlace.paginacion import paginar
from operaciones import eventos
from operaciones.models import Apartado, RevisionRetiro, Unidad
from operaciones.rules import es_cop
from operaciones.selectors.apartados import concesionarios_de_la_red
from operaciones.selectors.bandeja import consulta_de_seccion
from operaciones.selectors.supervision import texto_duracion

__all__ = [
    "TRAMOS_CONCESIONARIO",
    "Tiempo",
    "apartados_recientes",
    "cifras_del_periodo",
    "concesionario_visible",
    "inventario_con_dias",
    "personas_por_rol",
    "solicitudes_abiertas",
    "tiempos_del_periodo",
]

RESPUESTAS_DESCUENTO = (eventos.EVENTO_DESCUENTO_RESUELTO, eventos.EVENTO_DESCUENTO_CONTRAOFERTA)
# (clave, título, evento que abre el tramo, eventos que lo cierran)
TRAMOS = (
    ("apartado_validacion", "Apartado → validación", eventos.DETONANTE_APARTADO, (eventos.DETONANTE_VALIDACION,)),
    ("validacion_cierre", "Validación → cierre", eventos.DETONANTE_VALIDACION, (eventos.DETONANTE_CIERRE,)),
    ("descuento_respuesta", "Solicitud de descuento → respuesta", eventos.EVENTO_DESCUENTO_SOLICITADO,
     RESPUESTAS_DESCUENTO),
    ("disponibilidad", "Apartado → confirmación de disponibilidad", eventos.DETONANTE_APARTADO,
     (eventos.DETONANTE_CONFIRMACION,)),
)  # fmt: skip
TRAMOS_RED = ("apartado_validacion", "validacion_cierre", "descuento_respuesta")
TRAMOS_CONCESIONARIO = ("disponibilidad", "descuento_respuesta")


@dataclass(frozen=True)
class Tiempo:
    """Mean and median seconds of one kind of interval (None when there was none) and how many there were."""

    clave: str
    titulo: str
    media: float | None
    mediana: float | None
    n: int

    @property
    def media_texto(self):
        return texto_duracion(self.media)

    @property
    def mediana_texto(self):
        return texto_duracion(self.mediana)


def _en(campo, desde, hasta):
    return Q(**{f"{campo}__gte": desde, f"{campo}__lt": hasta})


def cifras_del_periodo(user, desde, hasta, concesionario=None):
    """Apartados, validaciones, liberaciones (automáticas/manuales), cancelaciones, cierres and possible sales
    outside the platform (withdrawals in review) in [desde, hasta), for the network or one concesionario."""
    apartados = Apartado.objects.visibles_para(user)
    retiros = RevisionRetiro.objects.visibles_para(user).filter(_en("retirada_en", desde, hasta))
    if concesionario is not None:
        apartados = apartados.filter(concesionario=concesionario)
        retiros = retiros.filter(unidad__concesionario=concesionario)
    fechas = ("creado", "validado_en", "liberado_en", "cancelado_en", "cerrado_en")
    en_periodo = Q()
    for campo in fechas:
        en_periodo |= _en(campo, desde, hasta)
    cifras = apartados.filter(en_periodo).aggregate(
        apartados=Count("pk", filter=_en("creado", desde, hasta)),
        validaciones=Count("pk", filter=_en("validado_en", desde, hasta)),
        liberaciones_automaticas=Count("pk", filter=_en("liberado_en", desde, hasta) & Q(liberacion_automatica=True)),
        liberaciones_manuales=Count("pk", filter=_en("liberado_en", desde, hasta) & Q(liberacion_automatica=False)),
        cancelaciones=Count("pk", filter=_en("cancelado_en", desde, hasta)),
        cierres=Count("pk", filter=_en("cerrado_en", desde, hasta)),
    )
    cifras["ventas_fuera"] = retiros.count()
    return cifras


def _tramo(eventos_visibles, inicio, fines, desde, hasta):
    """(mean, median, n) seconds from each ``inicio`` event in the period to the first later ``fines`` event."""
    fin = (
        Evento.objects.filter(
            objeto_tipo=OuterRef("objeto_tipo"),
            objeto_id=OuterRef("objeto_id"),
            tipo__in=fines,
            secuencia__gt=OuterRef("secuencia"),
        )
        .order_by("secuencia")
        .values("creado")[:1]
    )
    tramos = (
        eventos_visibles.filter(tipo=inicio, creado__gte=desde, creado__lt=hasta)
        .annotate(fin=Subquery(fin))
        .filter(fin__isnull=False)
        .annotate(segundos=Segundos(F("fin"), F("creado")))
    )
    return tramos.aggregate(media=Avg("segundos"), mediana=Percentil("segundos", 0.5), n=Count("pk"))


def tiempos_del_periodo(user, desde, hasta, claves=TRAMOS_RED, concesionario=None):
    """Mean and median of each interval in ``claves`` that starts in [desde, hasta), from the event log."""
    visibles = Evento.objects.visibles_para(user).filter(objeto_tipo=ContentType.objects.get_for_model(Apartado))
    if concesionario is not None:
        visibles = visibles.filter(organizacion=concesionario)
    resultado = []
    for clave, titulo, inicio, fines in TRAMOS:
        if clave in claves:
            cifras = _tramo(visibles.order_by(), inicio, fines, desde, hasta)
            resultado.append(Tiempo(clave, titulo, cifras["media"], cifras["mediana"], cifras["n"]))
    return resultado


def concesionario_visible(user, pk):
    """The concesionario whose page ``user`` may open: any of its network for the COP, its own for a gerente
    (raises Organizacion.DoesNotExist otherwise)."""
    consulta = concesionarios_de_la_red(user)
    if not (user.is_superuser or es_cop(user)):
        consulta = consulta.filter(pk=user.organizacion_id)
    return consulta.get(pk=pk)


def personas_por_rol(concesionario):
    """[(role name, [users])] of the concesionario's active people, in the roles' registry order (2 queries)."""
    usuarios = (
        get_user_model()
        .objects.filter(organizacion=concesionario, is_active=True)
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "email")
    )
    por_rol = {}
    for usuario in usuarios:
        codigos = {grupo.name for grupo in usuario.groups.all()}
        rol = next((r for r in roles.ROLES if r.codigo in codigos), None)
        por_rol.setdefault(rol, []).append(usuario)
    orden = [r for r in roles.ROLES if r in por_rol] + ([None] if None in por_rol else [])
    return [(rol.nombre if rol else "Sin rol", por_rol[rol]) for rol in orden]


def inventario_con_dias(user, concesionario, numero=1, por_pagina=25):
    """The concesionario's units in stock, longest in stock first (``dias_en_inventario`` on each)."""
    consulta = Unidad.objects.visibles_para(user).en_inventario().filter(concesionario=concesionario)
    return paginar(consulta.order_by("fecha_ingreso", "id"), numero, por_pagina)


def apartados_recientes(user, concesionario, desde, hasta, cancelados=False, limite=10):
    campo = "cancelado_en" if cancelados else "creado"
    return list(
        Apartado.objects.visibles_para(user)
        .filter(concesionario=concesionario)
        .filter(_en(campo, desde, hasta))
        .select_related("unidad", "asesor")
        .order_by(f"-{campo}", "-id")[:limite]
    )


def solicitudes_abiertas(user, concesionario, ahora=None):
    """The concesionario's open requests: availability to confirm, discounts and financing (first rows and
    totals, one query each)."""
    ahora = ahora or timezone.now()
    return {
        clave: paginar(consulta_de_seccion(clave, user, ahora).filter(**{campo: concesionario}), 1, 10)
        for clave, campo in (
            ("disponibilidad", "concesionario"),
            ("descuentos", "apartado__concesionario"),
            ("financiamientos", "apartado__concesionario"),
        )
    }
