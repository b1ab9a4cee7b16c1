"""Scoped reads of operaciones: inventory of the network, apartados by role, trays and timelines."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Max, Prefetch, Q
from django.db.models.functions import Cast
from django.utils import timezone

from enlace.models import Evento, Organizacion
from enlace.selectors import eventos_visibles
from operaciones.models import AlertaAntiguedad, Apartado, CambioUnidad, FotoUnidad, Unidad
from operaciones.rules import es_de_operaciones
from operaciones.selectors.comun import red_de


def horas_validacion():
    return settings.OPERACIONES_HORAS_VALIDACION


def umbrales_antiguedad():
    return sorted({settings.OPERACIONES_ALERTA_DIAS_1, settings.OPERACIONES_ALERTA_DIAS_2})


def inventario_de_la_red(user):
    """The shared inventory every operaciones role searches: all units of the user's network."""
    if user.is_superuser:
        return Unidad.objects.select_related("concesionario")
    red = red_de(user)
    if red is None or not es_de_operaciones(user):
        return Unidad.objects.none()
    return Unidad.objects.de_la_red(red).select_related("concesionario")


def concesionarios_de_la_red(user):
    red = red_de(user)
    consulta = Organizacion.objects.filter(tipo=Organizacion.Tipo.CONCESIONARIO)
    if not user.is_superuser:
        consulta = consulta.filter(padre=red)
    return consulta.order_by("nombre")


def unidad_con_fotos(user, pk):
    """One unit of the network with its photos (raises Unidad.DoesNotExist outside the network)."""
    return (
        inventario_de_la_red(user)
        .prefetch_related(Prefetch("fotos", queryset=FotoUnidad.objects.order_by("orden", "id")))
        .get(pk=pk)
    )


def apartado_activo_visible(user, unidad):
    """The unit's active apartado if this user may see its details, else None."""
    return (
        Apartado.objects.visibles_para(user).activos().filter(unidad=unidad).select_related("asesor", "cliente").first()
    )


def apartados_visibles(user):
    return Apartado.objects.visibles_para(user).select_related("unidad", "concesionario", "asesor", "cliente")


def apartado_detalle(user, pk):
    return (
        apartados_visibles(user)
        .select_related("validado_por", "liberado_por", "cancelado_por", "disponibilidad_registrada_por", "canal")
        .get(pk=pk)
    )


def bandeja_cop(user, ahora=None):
    """Pending validations of the network, most urgent first (expired ones are not pending any more)."""
    ahora = ahora or timezone.now()
    return apartados_visibles(user).filter(estado=Apartado.Estado.PENDIENTE, vence__gt=ahora).order_by("vence", "id")


def feed_de_la_red(user):
    """Recent detonantes of the network, newest first."""
    return eventos_visibles(user).filter(tipo__startswith="operaciones.")


def linea_de_tiempo_unidad(unidad):
    """Every event of the unit, of all its apartados and of the changes proposed to it, oldest first
    (index-only lookups)."""
    apartados = [str(pk) for pk in Apartado.objects.filter(unidad=unidad).values_list("pk", flat=True)]
    cambios = CambioUnidad.objects.filter(unidad=unidad).annotate(clave=Cast("pk", CharField())).values("clave")
    return (
        Evento.objects.filter(
            Q(objeto_tipo=ContentType.objects.get_for_model(Unidad), objeto_id=str(unidad.pk))
            | Q(objeto_tipo=ContentType.objects.get_for_model(Apartado), objeto_id__in=apartados)
            | Q(objeto_tipo=ContentType.objects.get_for_model(CambioUnidad), objeto_id__in=cambios)
        )
        .select_related("actor")
        .order_by("secuencia")
    )


def historial_de_campos(unidad, limite=50):
    return unidad.history.select_related("history_user").order_by("-history_date", "-history_id")[:limite]


def inventario_del_concesionario(user):
    """The units of the user's concesionario (COP: the network) with their highest alert threshold."""
    return (
        Unidad.objects.visibles_para(user)
        .en_inventario()
        .select_related("concesionario")
        .annotate(alerta_max=Max("alertas__umbral"))
        .order_by("fecha_ingreso", "id")
    )


def alertas_visibles(user):
    """Aging alerts of units still in stock, oldest units first."""
    return (
        AlertaAntiguedad.objects.visibles_para(user)
        .filter(unidad__estado__in=[Unidad.Estado.DISPONIBLE, Unidad.Estado.APARTADA, Unidad.Estado.VALIDADA])
        .select_related("unidad__concesionario", "estrategia_registrada_por")
        .order_by("unidad__fecha_ingreso", "unidad_id", "umbral")
    )


def alertas_por_unidad(user):
    """The aging list: each unit in stock once, by its latest alert, with the strategies of its earlier alerts
    (``unidad.estrategias_anteriores``: what was tried at 60 days, seen when deciding at 90)."""
    anteriores = AlertaAntiguedad.objects.exclude(estrategia="").order_by("umbral")
    return (
        alertas_visibles(user)
        .vigentes()
        .prefetch_related(Prefetch("unidad__alertas", queryset=anteriores, to_attr="estrategias_anteriores"))
    )


def primer_umbral():
    return umbrales_antiguedad()[0]
