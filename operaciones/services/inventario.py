"""The shared inventory: aging alerts and their strategy, withdrawing and reactivating a unit, photos.

Each service locks the unit it changes; withdrawing and reactivating are the unit's transitions, run
through ``enlace.acciones.ejecutar`` (permission, state, event).
"""

from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from enlace import acciones, bitacora
from enlace.models import Organizacion
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.escrituras import REGISTRAR_ESTRATEGIA, SUBIR_FOTO
from operaciones.eventos import EVENTO_ALERTA_ANTIGUEDAD, EVENTO_ESTRATEGIA, EVENTO_REACTIVACION, EVENTO_RETIRO
from operaciones.models import AlertaAntiguedad, FotoUnidad, Unidad
from operaciones.rules import es_cop
from operaciones.selectors.apartados import umbrales_antiguedad
from operaciones.services.comun import ErrorOperacion, clave_lote, cop_de, gerentes_de, validar_archivo
from operaciones.services.supervision import retiro_registrar_revision

__all__ = [
    "alerta_registrar_estrategia",
    "unidad_agregar_foto",
    "unidad_reactivar",
    "unidad_retirar",
    "unidades_alertar_antiguedad",
]


# --- Aging alerts --------------------------------------------------------------


def unidades_alertar_antiguedad(*, hoy=None, lote=2000):
    """Raise one alert per unit at each threshold (60 and 90 days by default), never twice.

    The (unidad, umbral) unique row is the guard; candidates are claimed with SKIP LOCKED. Notifies the
    owning concesionario's gerentes and the COP. Idempotent. Returns how many alerts it created.
    """
    hoy = hoy or timezone.localdate()
    saltar = connection.features.has_select_for_update_skip_locked
    total = 0
    for umbral in umbrales_antiguedad():
        limite = hoy - timedelta(days=umbral)
        while True:
            with transaction.atomic():
                ya_alertada = AlertaAntiguedad.objects.filter(unidad=OuterRef("pk"), umbral=umbral)
                unidades = list(
                    Unidad.objects.en_inventario()
                    .filter(fecha_ingreso__lte=limite)
                    .exclude(Exists(ya_alertada))
                    .order_by("pk")
                    .select_for_update(of=("self",), **({"skip_locked": True} if saltar else {}))[:lote]
                )
                if not unidades:
                    break
                ahora = timezone.now()
                alertas = AlertaAntiguedad.objects.bulk_create(
                    [
                        AlertaAntiguedad(
                            unidad=u, umbral=umbral, dias_al_generar=(hoy - u.fecha_ingreso).days, creada=ahora
                        )
                        for u in unidades
                    ]
                )
                AlertaAntiguedad.history.bulk_history_create(alertas, default_date=ahora)
                bitacora.registrar_varios(
                    [
                        bitacora.NuevoEvento(
                            tipo=EVENTO_ALERTA_ANTIGUEDAD,
                            objeto=u,
                            organizacion=Organizacion(pk=u.concesionario_id),
                            datos={
                                "umbral": umbral,
                                "dias": (hoy - u.fecha_ingreso).days,
                                "fecha_ingreso": u.fecha_ingreso,
                                "condicion": f"La unidad cumplió {umbral} días en inventario",
                            },
                        )
                        for u in unidades
                    ]
                )
                _notificar_antiguedad(unidades, umbral)
                total += len(unidades)
            if len(unidades) < lote:
                break
    return total


def _notificar_antiguedad(unidades, umbral):
    clave = clave_lote(f"operaciones-antiguedad-{umbral}", [u.pk for u in unidades])
    por_concesionario = defaultdict(list)
    for unidad in unidades:
        por_concesionario[unidad.concesionario_id].append(unidad)
    enlace = reverse("operaciones:antiguedad")
    for concesionario_id, grupo in por_concesionario.items():
        vins = ", ".join(f"{u.marca} {u.modelo} {u.vin}" for u in grupo[:20])
        notificar(
            destinatarios=gerentes_de(concesionario_id, ("gerente_general", "gerente_ventas")),
            titulo=f"{len(grupo)} unidad(es) cumplieron {umbral} días en inventario",
            cuerpo=f"Defina una estrategia de venta (ajuste de precio, promoción a la red, traslado…): {vins}.",
            enlace=enlace,
            clave=clave,
        )
        notificar(
            destinatarios=cop_de(concesionario_id),
            titulo=f"Alerta de inventario: {len(grupo)} unidad(es) con {umbral} días",
            cuerpo=f"Unidades del concesionario que cumplieron {umbral} días: {vins}.",
            enlace=enlace,
            clave=clave,
        )


def alerta_registrar_estrategia(*, actor, alerta, estrategia, detalle="", nuevo_precio=None):
    """Record the strategy for an aged unit (owning concesionario's gerentes or the COP).

    A price adjustment also changes the unit's price (field history keeps the old one). Raises ErrorOperacion
    or AccionRechazada (``REGISTRAR_ESTRATEGIA``).
    """
    if estrategia not in AlertaAntiguedad.Estrategia.values:
        raise ErrorOperacion(mensajes.ESTRATEGIA_REQUERIDA)
    if estrategia == AlertaAntiguedad.Estrategia.AJUSTE_PRECIO and not (nuevo_precio and nuevo_precio > 0):
        raise ErrorOperacion(mensajes.PRECIO_REQUERIDO)
    with transaction.atomic():
        unidad = Unidad.objects.select_for_update(of=("self",)).select_related("concesionario").get(pk=alerta.unidad_id)
        alerta = AlertaAntiguedad.objects.select_for_update().get(pk=alerta.pk)
        alerta.unidad = unidad
        REGISTRAR_ESTRATEGIA.exigir(alerta, actor)
        precio_anterior = unidad.precio
        if estrategia == AlertaAntiguedad.Estrategia.AJUSTE_PRECIO:
            unidad.precio = nuevo_precio
            unidad.save(update_fields=["precio", "actualizada"])
        alerta.estrategia = estrategia
        alerta.estrategia_detalle = (detalle or "").strip()
        alerta.estrategia_registrada_por = actor
        alerta.estrategia_registrada_en = timezone.now()
        alerta.save(
            update_fields=["estrategia", "estrategia_detalle", "estrategia_registrada_por", "estrategia_registrada_en"]
        )
        bitacora.registrar(
            tipo=EVENTO_ESTRATEGIA,
            actor=actor,
            objeto=unidad,
            organizacion=unidad.concesionario,
            datos={
                "alerta_id": alerta.pk,
                "umbral": alerta.umbral,
                "estrategia": estrategia,
                "detalle": alerta.estrategia_detalle,
                "precio_anterior": precio_anterior,
                "precio": unidad.precio,
                "condicion": f"Unidad con alerta de {alerta.umbral} días",
            },
        )
        destinatarios = gerentes_de(unidad.concesionario_id) if es_cop(actor) else cop_de(unidad.concesionario_id)
        notificar(
            destinatarios=destinatarios,
            titulo=f"Estrategia para {unidad.marca} {unidad.modelo}: {alerta.get_estrategia_display()}",
            cuerpo=f"{actor} registró la estrategia para la unidad {unidad.vin}. {alerta.estrategia_detalle}".strip(),
            enlace=reverse("operaciones:antiguedad"),
            por_correo=False,
        )
        return alerta


# --- Withdrawing and reactivating ------------------------------------------------------------------


def unidad_retirar(*, actor, unidad, motivo):
    """Take an available unit out of the network's inventory, with a reason: the COP, or the owning
    concesionario's gerente general or de ventas. Soon after an apartado without cierre it is flagged to
    the COP (``retiro_registrar_revision``). Raises ErrorOperacion (no reason) or AccionRechazada."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise ErrorOperacion(mensajes.MOTIVO_RETIRO_REQUERIDO)
    with transaction.atomic():
        unidad = _cambiar_inventario(
            actor=actor, unidad=unidad, transicion="retirar", tipo=EVENTO_RETIRO, motivo=motivo
        )
        retiro_registrar_revision(actor=actor, unidad=unidad, motivo=motivo)
        return unidad


def unidad_reactivar(*, actor, unidad, motivo=""):
    """Put a withdrawn unit back in the network's inventory (COP). Raises AccionRechazada otherwise."""
    with transaction.atomic():
        return _cambiar_inventario(
            actor=actor, unidad=unidad, transicion="reactivar", tipo=EVENTO_REACTIVACION, motivo=(motivo or "").strip()
        )


def _cambiar_inventario(*, actor, unidad, transicion, tipo, motivo):
    unidad = Unidad.objects.select_for_update(of=("self",)).select_related("concesionario").get(pk=unidad.pk)
    quien = "el COP" if es_cop(actor) else "el concesionario dueño"
    destino = "retirada" if transicion == "retirar" else "disponible"
    return acciones.ejecutar(
        unidad,
        transicion,
        actor=actor,
        bloquear=False,
        evento=tipo,
        datos={"motivo": motivo, "condicion": f"Unidad {destino} por {quien}"},
        organizacion=unidad.concesionario,
    )


# --- Photos --------------------------------------------------------------------


def unidad_agregar_foto(*, actor, unidad, archivo, descripcion=""):
    """Attach a validated image to a unit (owning concesionario or COP). Raises AccionRechazada (``SUBIR_FOTO``)
    or ErrorOperacion (the file)."""
    with transaction.atomic():
        unidad = Unidad.objects.select_for_update().get(pk=unidad.pk)
        SUBIR_FOTO.exigir(unidad, actor)
        validar_archivo(archivo, tipos=("imagen",))
        foto = FotoUnidad(unidad=unidad, descripcion=descripcion, orden=unidad.fotos.count(), subida_por=actor)
        foto.archivo.save(archivo.name, archivo, save=False)
        foto.save()
        return foto
