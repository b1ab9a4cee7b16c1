"""Supervision by the COP: withdrawals that may have taken a sale out of the ecosystem, and their review.

``retiro_registrar_revision`` runs inside the withdrawal (``unidad_retirar``); ``retiro_resolver`` is the
COP's review. Every step is an event on the apartado that did not reach cierre.
``tramos_actualizar`` derives the bottleneck report's stage intervals (``TramoEtapa``) from the event log.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from enlace import acciones, bitacora
from enlace.agregados import Segundos
from enlace.models import SelloBitacora
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.eventos import ETAPAS, EVENTO_RETIRO_EN_REVISION, EVENTO_RETIRO_REVISADO
from operaciones.models import ORDEN_ETAPAS, Apartado, MarcaTramos, RevisionRetiro, TramoEtapa
from operaciones.services.comun import ErrorOperacion, cop_de, datos_apartado

__all__ = ["retiro_registrar_revision", "retiro_resolver", "tramos_actualizar"]

SIN_CIERRE = (Apartado.Estado.LIBERADO, Apartado.Estado.CANCELADO)


def _apartado_sin_cierre_reciente(unidad, ahora):
    """The unit's latest apartado that ended liberado or cancelado within the review window, or None."""
    desde = ahora - timedelta(days=settings.OPERACIONES_DIAS_RETIRO_EN_REVISION)
    return (
        Apartado.objects.filter(unidad=unidad, estado__in=SIN_CIERRE)
        .filter(Q(liberado_en__gte=desde) | Q(cancelado_en__gte=desde))
        .order_by("-id")
        .first()
    )


def retiro_registrar_revision(*, actor, unidad, motivo):
    """Flag a withdrawal made within the window after an apartado that did not reach cierre (inside its transaction).

    Creates one ``RevisionRetiro`` per unit and apartado (a re-withdrawal adds nothing), records
    EVENTO_RETIRO_EN_REVISION on the apartado and notifies the COP. Returns the review, or None.
    """
    ahora = timezone.now()
    apartado = _apartado_sin_cierre_reciente(unidad, ahora)
    if apartado is None:
        return None
    fin = apartado.liberado_en or apartado.cancelado_en
    revision, creada = RevisionRetiro.objects.get_or_create(
        unidad=unidad,
        apartado=apartado,
        defaults={
            "retirada_por": actor,
            "retirada_en": ahora,
            "motivo_retiro": motivo,
            "dias_transcurridos": (ahora - fin).days,
        },
    )
    if not creada:
        return revision
    apartado.unidad = unidad
    bitacora.registrar(
        tipo=EVENTO_RETIRO_EN_REVISION,
        actor=actor,
        objeto=apartado,
        organizacion=unidad.concesionario,
        datos={
            **datos_apartado(apartado),
            "condicion": (
                f"Unidad retirada {revision.dias_transcurridos} días después de un apartado "
                f"{apartado.get_estado_display().lower()} (ventana de "
                f"{settings.OPERACIONES_DIAS_RETIRO_EN_REVISION} días)"
            ),
            "revision_id": revision.pk,
            "motivo": motivo,
        },
    )
    notificar(
        destinatarios=cop_de(unidad.concesionario_id),
        titulo=f"Retiro en revisión: {unidad.marca} {unidad.modelo} {unidad.vin}",
        cuerpo=(
            f"{unidad.concesionario.nombre} retiró la unidad {unidad.vin} {revision.dias_transcurridos} días "
            f"después de que su apartado {apartado.folio} quedó {apartado.get_estado_display().lower()}. "
            f"Motivo: {motivo or 'sin motivo'}. Revise si la venta salió del ecosistema."
        ),
        enlace=reverse("operaciones:retiros_revision"),
        clave=f"operaciones-retiro-revision-{revision.pk}",
    )
    return revision


def retiro_resolver(*, actor, revision, resolucion):
    """The COP records its resolution of a flagged withdrawal (pendiente → revisada).

    Raises ErrorOperacion without a resolution, AccionRechazada when the action layer refuses."""
    resolucion = (resolucion or "").strip()
    if not resolucion:
        raise ErrorOperacion(mensajes.RESOLUCION_REQUERIDA)
    with transaction.atomic():
        revision = (
            RevisionRetiro.objects.select_for_update(of=("self",))
            .select_related("apartado__unidad__concesionario")
            .get(pk=revision.pk)
        )
        acciones.ejecutar(
            revision, "revisar", actor=actor, argumentos={"por": actor, "resolucion": resolucion}, bloquear=False
        )
        apartado = revision.apartado
        bitacora.registrar(
            tipo=EVENTO_RETIRO_REVISADO,
            actor=actor,
            objeto=apartado,
            organizacion=apartado.unidad.concesionario,
            datos={
                **datos_apartado(apartado),
                "condicion": "Retiro en revisión pendiente, resuelto por el COP",
                "revision_id": revision.pk,
                "resolucion": resolucion,
            },
        )
        return revision


# Each event of the batch (W, W2] closes the interval opened by the previous event of its apartado
# (LAG by secuencia, looking back before W when needed); only apartados touched by the batch are read.
# The interval is stored when its opening event opens a stage; secuencia_fin is unique, so a batch that
# is run again inserts nothing.
_SQL_TRAMOS = """
INSERT INTO {tabla} (apartado_id, concesionario_id, etapa, inicio, segundos, secuencia_fin)
SELECT CAST(objeto_id AS BIGINT), organizacion_previa, CASE tipo_previo {casos} END, creado_previo, {segundos},
       secuencia
FROM (
    SELECT objeto_id, secuencia, creado,
           LAG(tipo) OVER paso AS tipo_previo,
           LAG(creado) OVER paso AS creado_previo,
           LAG(organizacion_id) OVER paso AS organizacion_previa
    FROM enlace_evento
    WHERE objeto_tipo_id = %(tipo_apartado)s AND tipo LIKE 'operaciones.%%' AND secuencia <= %(hasta)s
      AND objeto_id IN (
          SELECT objeto_id FROM enlace_evento
          WHERE secuencia > %(desde)s AND secuencia <= %(hasta)s
            AND objeto_tipo_id = %(tipo_apartado)s AND tipo LIKE 'operaciones.%%'
      )
    WINDOW paso AS (PARTITION BY objeto_id ORDER BY secuencia)
) AS pasos
WHERE secuencia > %(desde)s AND tipo_previo IN ({tipos})
ON CONFLICT (secuencia_fin) DO NOTHING
"""


def _sql_tramos():
    casos = " ".join(f"WHEN %(tipo_{i})s THEN {ORDEN_ETAPAS.index(etapa)}" for i, etapa in enumerate(ETAPAS.values()))
    tipos = ", ".join(f"%(tipo_{i})s" for i in range(len(ETAPAS)))
    compilador = TramoEtapa.objects.none().query.get_compiler(connection=connection)
    segundos, _ = compilador.compile(Segundos(RawSQL("creado", []), RawSQL("creado_previo", [])))
    return _SQL_TRAMOS.format(tabla=TramoEtapa._meta.db_table, casos=casos, tipos=tipos, segundos=segundos)


def _insertar_tramos(desde, hasta):
    parametros = {"tipo_apartado": ContentType.objects.get_for_model(Apartado).pk, "desde": desde, "hasta": hasta}
    parametros.update({f"tipo_{i}": tipo for i, tipo in enumerate(ETAPAS)})
    with connection.cursor() as cursor:
        cursor.execute(_sql_tramos(), parametros)
        return cursor.rowcount


def _pendiente():
    """(watermark, head of the event log), read in one query without locks."""
    marca = Coalesce(Subquery(MarcaTramos.objects.filter(pk=1).values("ultima_secuencia")), 0)
    sello = SelloBitacora.objects.filter(pk=1).annotate(marca=marca).values_list("marca", "ultima_secuencia")
    return sello.first() or (0, 0)


def tramos_actualizar(*, lote=50_000):
    """Derive the stage intervals of the events recorded since the last run, ``lote`` events per transaction.

    A watermark is safe: events are committed in secuencia order, because writers hold the single
    ``SelloBitacora`` row locked until they commit, so once the seal shows secuencia N every event up
    to N is visible. One query when there is nothing new. Returns the number of intervals inserted.
    """
    marca, cabeza = _pendiente()
    insertados = 0
    while marca < cabeza:
        with transaction.atomic():
            fila, _ = MarcaTramos.objects.select_for_update().get_or_create(pk=1)
            marca = fila.ultima_secuencia  # another worker may have moved it meanwhile
            hasta = min(cabeza, marca + lote)
            if marca < hasta:
                insertados += _insertar_tramos(marca, hasta)
                MarcaTramos.objects.filter(pk=1).update(ultima_secuencia=hasta)
            marca = max(marca, hasta)
    return insertados
