"""Comisiones: the lines each cierre creates, their verification and their payment (COP).

Lock order: the cierre holds unit → apartado when it creates the lines; verifying and paying lock only
the selected lines (``select_for_update``) and never wait for an apartado, so they cannot deadlock with it.
Verifying and paying a selection is all-or-nothing: one line the action layer refuses refuses the whole
selection. Each line's transition runs through ``enlace.acciones.ejecutar``; its event is recorded on the
line's apartado (the operación's timeline).
"""

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enlace import acciones, bitacora
from enlace.dinero import formatear
from enlace.documentos import services as documentos
from enlace.notificaciones.services import notificar
from operaciones import mensajes
from operaciones.eventos import EVENTO_COMISION_PAGADA, EVENTO_COMISION_VERIFICADA
from operaciones.models import Apartado, LineaComision, ReglaComision
from operaciones.models.comisiones import CIEN, centavos
from operaciones.selectors.comisiones import comisiones_reporte_contexto
from operaciones.services.comun import ErrorOperacion, clave_lote, concesionario_a_de, cop_de, datos_apartado

# The payment report mailed to each asesor paid (frozen: enlace.documentos).
TIPO_COMPROBANTE_PAGO = "operaciones.comisiones_pagadas"


def comision_crear_lineas_de_cierre(apartado, *, actor):
    """Create the commission lines of a closed operación and return them (all of them, new or not).

    Called by the cierre inside its transaction with the apartado locked and closed. Idempotent: if the
    operación already has lines nothing is created. With no rule in force at the cierre date no line is
    created and the COP gets an in-app notice «Sin regla de comisión vigente».
    """
    if apartado.estado != Apartado.Estado.CERRADO or apartado.precio_final is None:
        raise ErrorOperacion(mensajes.COMISION_SIN_CIERRE)
    existentes = list(LineaComision.objects.filter(apartado=apartado).order_by("pk"))
    if existentes:
        return existentes
    regla = ReglaComision.objects.vigente_en(timezone.localdate(apartado.cerrado_en))
    if regla is None:
        _avisar_sin_regla(apartado)
        return []
    lineas = _lineas_segun_regla(apartado, regla)
    creadas = LineaComision.objects.bulk_create(lineas)
    LineaComision.history.bulk_history_create(creadas, default_user=actor, default_date=creadas[0].creada)
    return creadas


def _lineas_segun_regla(apartado, regla):
    """One unsaved line per beneficiary; the last line takes the rounding centavo so they add up to the bolsa."""
    concesionario_a = concesionario_a_de(apartado)
    dos = concesionario_a is not None and concesionario_a.pk != apartado.concesionario_id
    beneficiarios = {
        LineaComision.Rol.ASESOR: {"beneficiario_asesor": apartado.asesor},
        LineaComision.Rol.CONCESIONARIO_A: {"beneficiario_concesionario": concesionario_a},
        LineaComision.Rol.CONCESIONARIO_B: {"beneficiario_concesionario": apartado.concesionario},
    }
    bolsa = regla.bolsa(apartado.precio_final)
    reparto = regla.reparto(dos_concesionarios=dos)
    ahora = timezone.now()
    lineas, asignado = [], 0
    for posicion, (rol, porcentaje) in enumerate(reparto, start=1):
        monto = bolsa - asignado if posicion == len(reparto) else centavos(bolsa * porcentaje / CIEN)
        asignado += monto
        lineas.append(
            LineaComision(
                apartado=apartado,
                regla=regla,
                rol=rol,
                base=bolsa,
                porcentaje=porcentaje,
                monto=monto,
                creada=ahora,
                **beneficiarios[rol],
            )
        )
    return lineas


def _avisar_sin_regla(apartado):
    notificar(
        destinatarios=cop_de(apartado.concesionario_id),
        titulo=mensajes.SIN_REGLA_COMISION,
        cuerpo=(
            f"La operación {apartado.folio} se cerró sin generar comisiones: no hay una regla de comisión "
            "activa vigente a la fecha del cierre. Configure una regla en el administrador."
        ),
        enlace=reverse("operaciones:apartado", args=[apartado.pk]),
        por_correo=False,
        clave=f"operaciones-sin-regla-comision-{apartado.pk}",
    )


# --- Verification and payment (COP) -------------------------------------------------


def comision_verificar(*, actor, lineas):
    """The COP verifies a selection of lines (por_verificar → verificada) in one transaction.

    One history row and one EVENTO_COMISION_VERIFICADA per line (on its apartado). Raises ErrorOperacion
    for an empty selection and refuses the whole selection when the action layer refuses one line.
    """
    with transaction.atomic():
        lineas = _bloquear_lineas(lineas)
        ahora = timezone.now()
        _transitar_todas(lineas, "marcar_verificada", actor=actor, por=actor, ahora=ahora)
        _registrar_eventos(lineas, tipo=EVENTO_COMISION_VERIFICADA, actor=actor, condicion="Comisión por verificar")
        return lineas


def comision_pagar(*, actor, lineas, fecha, referencia):
    """The COP confirms the payment (date, reference) of a selection of verified lines, in one transaction.

    History rows and one EVENTO_COMISION_PAGADA per line; each asesor paid is notified in the app and by
    email (one notice per asesor and selection, keyed so a retry adds nothing). Raises ErrorOperacion
    (empty selection, missing date or reference) and refuses the whole selection when one line is refused.
    """
    referencia = (referencia or "").strip()
    if fecha is None or not referencia:
        raise ErrorOperacion(mensajes.COMISION_PAGO_INCOMPLETO)
    if fecha > timezone.localdate():
        raise ErrorOperacion(mensajes.COMISION_PAGO_FUTURO)
    with transaction.atomic():
        lineas = _bloquear_lineas(lineas)
        ahora = timezone.now()
        _transitar_todas(lineas, "pagar", actor=actor, por=actor, ahora=ahora, fecha=fecha, referencia=referencia)
        _registrar_eventos(
            lineas,
            tipo=EVENTO_COMISION_PAGADA,
            actor=actor,
            condicion="Comisión verificada por el COP",
            fecha_pago=fecha,
            referencia=referencia,
        )
        _notificar_pagos(lineas, actor=actor)
        return lineas


def _bloquear_lineas(lineas):
    """Lock the selected lines, in id order (the caller found them in the actor's scope)."""
    ids = sorted({linea.pk for linea in lineas})
    if not ids:
        raise ErrorOperacion(mensajes.COMISION_SIN_SELECCION)
    return list(
        LineaComision.objects.filter(pk__in=ids)
        .select_related("apartado__unidad__concesionario", "beneficiario_asesor", "beneficiario_concesionario")
        .select_for_update(of=("self",))
        .order_by("pk")
    )


def _transitar_todas(lineas, transicion, *, actor, **argumentos):
    """Run ``transicion`` on every line, or on none: a refusal gives the first reason and names the refused lines."""
    rechazadas = [(linea, motivo) for linea in lineas if (motivo := acciones.motivo_rechazo(linea, transicion, actor))]
    if len(rechazadas) == len(lineas) and len({motivo for _, motivo in rechazadas}) == 1:
        raise ErrorOperacion(rechazadas[0][1])  # every line for the same reason: the reason says it all
    if rechazadas:
        raise ErrorOperacion(
            mensajes.COMISION_LINEAS_RECHAZADAS.format(
                motivo=rechazadas[0][1],
                lineas=", ".join(f"{linea.apartado.folio} ({linea.beneficiario})" for linea, _ in rechazadas),
            )
        )
    for linea in lineas:
        acciones.ejecutar(linea, transicion, actor=actor, argumentos=argumentos, bloquear=False)


def _registrar_eventos(lineas, *, tipo, actor, condicion, **extra):
    bitacora.registrar_varios(
        [
            bitacora.NuevoEvento(
                tipo=tipo,
                actor=actor,
                objeto=linea.apartado,
                organizacion=linea.apartado.unidad.concesionario,
                datos={
                    **datos_apartado(linea.apartado),
                    "condicion": condicion,
                    "linea_id": linea.pk,
                    "rol": linea.rol,
                    "beneficiario": str(linea.beneficiario),
                    "monto": linea.monto,
                    **extra,
                },
            )
            for linea in lineas
        ]
    )


def _notificar_pagos(lineas, *, actor):
    """One notice per asesor paid, by email with the frozen payment report of their lines attached."""
    por_asesor = defaultdict(list)
    for linea in lineas:
        if linea.beneficiario_asesor_id is not None:
            por_asesor[linea.beneficiario_asesor].append(linea)
    for asesor, suyas in por_asesor.items():
        total = sum(linea.monto for linea in suyas)
        folios = ", ".join(linea.apartado.folio for linea in suyas)
        pago = suyas[0]
        documento = comprobante_pago_emitir(actor=actor, asesor=asesor, lineas=suyas)
        notificar(
            destinatarios=[asesor],
            titulo=f"Comisión pagada: {formatear(total, 'MXN')}",
            cuerpo=(
                f"El COP registró el pago de su comisión por {formatear(total, 'MXN')} "
                f"(operaciones {folios}) el {pago.fecha_pago:%d/%m/%Y}, referencia {pago.referencia_pago}.\n"
                f"Adjuntamos el reporte de comisiones pagadas (código de verificación {documento.codigo_legible})."
            ),
            enlace=reverse("operaciones:mis_comisiones"),
            clave=clave_lote("operaciones-comision-pagada", [linea.pk for linea in suyas]),
            adjuntos=documentos.adjuntos_para_correo(documento),
        )


def comprobante_pago_emitir(*, actor, asesor, lineas):
    """Freeze the commission report of the lines just paid to one asesor (an issued document, enlace.documentos).

    Joins the caller's transaction, which holds the lines. The document belongs to the first line paid."""
    consulta = LineaComision.objects.filter(pk__in=[linea.pk for linea in lineas]).select_related(
        "apartado__asesor", "apartado__unidad__concesionario", "beneficiario_asesor", "beneficiario_concesionario"
    )
    cierres = [linea.apartado.cerrado_en for linea in lineas if linea.apartado.cerrado_en]
    contexto = comisiones_reporte_contexto(
        consulta,
        titulo="Reporte de comisiones pagadas",
        desde=min(cierres, default=None),
        hasta=max(cierres, default=None),
        asesor=asesor,
        autor=actor,
    )
    filas = contexto["lineas"]
    organizacion = asesor.organizacion or filas[0].apartado.unidad.concesionario
    return documentos.documento_emitir(
        actor=actor,
        objeto=min(filas, key=lambda linea: linea.pk),
        tipo=TIPO_COMPROBANTE_PAGO,
        nombre_tipo="Reporte de comisiones pagadas (COP)",
        emisora=organizacion.padre or organizacion,
        organizacion=organizacion,
        plantilla="operaciones/comisiones/reporte_pdf.html",
        contexto=contexto,
        nombre_archivo=f"comisiones-pagadas-{filas[0].fecha_pago:%Y%m%d}-asesor-{asesor.pk}.pdf",
    )
