"""Billing per client and month: computed from the digitized sales or imported from a Smartflex CSV.

Both are one write that is not a transition, ``GESTIONAR_FACTURACION`` (the organisation is its object).
"""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Sum

from comercial.empresas.mensajes import (
    CSV_COLUMNAS,
    CSV_FILA,
    CSV_MES,
    CSV_MONTO,
    CSV_NIT,
    CSV_REPETIDA,
    CSV_VACIO,
    SIN_PERMISO_FACTURACION,
)
from comercial.empresas.meses import mes_de, rango_del_mes, zona_de
from comercial.empresas.models import CERO, Empresa, Estado, FacturacionMensual, Venta
from comercial.empresas.services.comun import ErrorEmpresas
from enlace import acciones, bitacora
from enlace.archivos import leer_texto_csv, limitar_filas, separador_csv, validar_subida

GESTIONAR_FACTURACION = acciones.Escritura(
    permiso="comercial_empresas.gestionar_facturacion", sin_permiso=SIN_PERMISO_FACTURACION
)


def facturacion_calcular(*, actor, organizacion, mes):
    """Billing per client for a month from the digitized sales: monthly rates of every sale typed
    up to the month's end, plus installation costs of the sales typed in that month.

    Rows imported from CSV are kept as they are. Idempotent; returns how many rows were written.
    Raises AccionRechazada (GESTIONAR_FACTURACION).
    """
    GESTIONAR_FACTURACION.exigir(organizacion, actor)
    mes = mes_de(mes)
    inicio, fin = rango_del_mes(mes, zona_de(organizacion))
    ventas = Venta.objects.filter(organizacion=organizacion, digitada_en__lt=fin).exclude(estado=Estado.CONCLUIDA)
    importadas = FacturacionMensual.objects.filter(
        organizacion=organizacion, mes=mes, empresa=OuterRef("empresa"), origen=FacturacionMensual.Origen.IMPORTACION
    )
    filas = (
        ventas.filter(~Exists(importadas))
        .values("empresa")
        .annotate(
            mensual=Sum("tarifa_mensual_total"),
            instalacion=Sum("costo_instalacion_total", filter=Q(digitada_en__gte=inicio)),
        )
    )
    with transaction.atomic():
        nuevas = [
            FacturacionMensual(
                organizacion=organizacion,
                empresa_id=fila["empresa"],
                mes=mes,
                monto=(fila["mensual"] or CERO) + (fila["instalacion"] or CERO),
                origen=FacturacionMensual.Origen.VENTAS,
            )
            for fila in filas
        ]
        FacturacionMensual.objects.bulk_create(
            nuevas,
            update_conflicts=True,
            unique_fields=["empresa", "mes"],
            update_fields=["monto", "origen", "actualizada"],
            batch_size=1000,
        )
        bitacora.registrar(
            tipo="empresas.facturacion.calcular",
            actor=actor,
            organizacion=organizacion,
            datos={"mes": mes.isoformat(), "filas": len(nuevas), "regla": "tarifas de ventas digitadas + instalación"},
        )
    return len(nuevas)


MONTO_MAXIMO = Decimal("1e12")


def _leer_mes(texto):
    texto = (texto or "").strip()
    try:
        anio, mes = texto.split("-")[:2]
        return date(int(anio), int(mes), 1)
    except (ValueError, TypeError):
        return None


def _leer_monto(texto):
    texto = (texto or "").strip().replace(" ", "")
    if texto.count(",") == 1 and "." not in texto:
        texto = texto.replace(",", ".")
    try:
        monto = Decimal(texto)
    except InvalidOperation:
        return None
    # The column holds 14 digits with 2 decimals: anything larger (1e309 too) is refused before quantize.
    if not monto.is_finite() or not 0 <= monto < MONTO_MAXIMO or monto != monto.quantize(Decimal("0.01")):
        return None
    return monto


def facturacion_importar(*, actor, organizacion, archivo):
    """Import billing per client and month from a CSV (nit, mes AAAA-MM, monto): all or nothing.

    Raises ErrorEmpresas with a row-by-row Spanish report when any row is wrong (nothing stored).
    Returns how many rows were written (imported rows replace computed ones). Raises AccionRechazada
    (GESTIONAR_FACTURACION).
    """
    GESTIONAR_FACTURACION.exigir(organizacion, actor)
    try:
        validar_subida(archivo, tipos=("csv",))
    except ValidationError as error:
        raise ErrorEmpresas(" ".join(error.messages)) from error
    try:
        texto = leer_texto_csv(archivo.read())
    except ValidationError as error:
        raise ErrorEmpresas(" ".join(error.messages)) from error
    lector = csv.DictReader(io.StringIO(texto), delimiter=separador_csv(texto))
    columnas = {(c or "").strip().lower() for c in (lector.fieldnames or [])}
    faltan = [c for c in ("nit", "mes", "monto") if c not in columnas]
    if faltan:
        raise ErrorEmpresas(CSV_COLUMNAS.format(faltan=", ".join(faltan)))
    try:
        filas = [{(k or "").strip().lower(): (v or "") for k, v in fila.items()} for fila in limitar_filas(lector)]
    except ValidationError as error:
        raise ErrorEmpresas(" ".join(error.messages)) from error
    if not filas:
        raise ErrorEmpresas(CSV_VACIO)
    nits = {fila["nit"].strip() for fila in filas}
    empresas = dict(Empresa.objects.filter(organizacion=organizacion, nit__in=nits).values_list("nit", "pk"))
    errores, validas, vistas = [], [], {}
    for numero, fila in enumerate(filas, start=2):
        nit, mes, monto = fila["nit"].strip(), _leer_mes(fila["mes"]), _leer_monto(fila["monto"])
        problemas = []
        if nit not in empresas:
            problemas.append(CSV_NIT.format(nit=nit or "(vacío)"))
        if mes is None:
            problemas.append(CSV_MES.format(mes=fila["mes"].strip()))
        if monto is None:
            problemas.append(CSV_MONTO.format(monto=fila["monto"].strip()))
        if not problemas and (nit, mes) in vistas:
            problemas.append(CSV_REPETIDA.format(nit=nit, mes=f"{mes:%Y-%m}", otra=vistas[(nit, mes)]))
        if problemas:
            errores.extend(CSV_FILA.format(fila=numero, error=p) for p in problemas)
            continue
        vistas[(nit, mes)] = numero
        validas.append(
            FacturacionMensual(
                organizacion=organizacion,
                empresa_id=empresas[nit],
                mes=mes,
                monto=monto,
                origen=FacturacionMensual.Origen.IMPORTACION,
            )
        )
    if errores:
        raise ErrorEmpresas("No se importó nada. " + " ".join(errores))
    with transaction.atomic():
        FacturacionMensual.objects.bulk_create(
            validas,
            update_conflicts=True,
            unique_fields=["empresa", "mes"],
            update_fields=["monto", "origen", "actualizada"],
            batch_size=1000,
        )
        bitacora.registrar(
            tipo="empresas.facturacion.importar",
            actor=actor,
            organizacion=organizacion,
            datos={
                "archivo": archivo.name,
                "filas": len(validas),
                "meses": sorted({f"{f.mes:%Y-%m}" for f in validas}),
            },
        )
    return len(validas)
