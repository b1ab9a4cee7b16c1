"""Publishing a concesionario's units: one by one, by importing its inventory export, and changes to them.

The webmaster and the gerentes of a concesionario publish (``PUBLICAR_UNIDAD`` on the concesionario). An
import is all or nothing: every row is checked first and any error refuses the whole file with a row-by-row
list (``ImportacionRechazada``); it is idempotent by VIN (a re-import updates). A file marked «inventario
completo» offers the units it did not carry for withdrawal (``ImportacionInventario.ausentes``): the webmaster
confirms each one (``importacion_retirar_ausentes``); nothing is withdrawn silently.
Changes to a published unit's data are proposed (``CambioUnidad``) and reach the network only once the
owning concesionario's webmaster approves them; the unit's field history (simple-history) keeps the old values.
The import does its writes in bulk (``bulk_create``, ``enlace.historial.actualizar_en_lote`` and their history
rows in one statement), so its query count does not grow with the rows.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comercial.crm.spiga import ArchivoIlegible, Columna, ErrorFila, Fila, leer
from enlace import acciones, bitacora, roles
from enlace.historial import actualizar_en_lote, registrar_historial
from enlace.notificaciones.services import notificar
from enlace.recolector import sin_recolector
from operaciones import mensajes
from operaciones.escrituras import PROPONER_CAMBIO, PUBLICAR_UNIDAD
from operaciones.eventos import (
    EVENTO_CAMBIO_APROBADO,
    EVENTO_CAMBIO_PROPUESTO,
    EVENTO_CAMBIO_RECHAZADO,
    EVENTO_INVENTARIO_IMPORTADO,
    EVENTO_UNIDAD_PUBLICADA,
)
from operaciones.models import (
    CAMPOS_CAMBIABLES,
    CAMPOS_PUBLICADOS,
    CambioUnidad,
    FotoUnidad,
    ImportacionInventario,
    Unidad,
)
from operaciones.models.inventario import ERROR_VIN, VIN_PATRON, normalizar_vin
from operaciones.services.comun import ErrorOperacion, cop_de, gerentes_de, validar_archivo
from operaciones.services.inventario import unidad_retirar

__all__ = [
    "COLUMNAS_INVENTARIO",
    "ImportacionRechazada",
    "cambio_aprobar",
    "cambio_proponer",
    "cambio_rechazar",
    "importacion_retirar_ausentes",
    "inventario_importar",
    "unidad_publicar",
]

RAZON_IMPORTACION = "Importación de inventario"
MOTIVO_RETIRO_AUSENTE = "No venía en el archivo de inventario completo «{archivo}»; el webmaster confirmó el retiro."
MAX_FOTOS = 10

COLUMNAS_INVENTARIO = (
    Columna("vin", "VIN", ("niv", "numero de serie", "no de serie", "serie", "no serie", "vin number"), maximo=40),
    Columna("marca", "Marca", ("armadora", "fabricante", "make"), maximo=60),
    Columna("modelo", "Modelo", ("submarca", "linea", "model"), maximo=80),
    Columna("anio", "Año", ("ano", "anio", "ano modelo", "modelo ano", "year"), maximo=10),
    Columna("version", "Versión", ("version", "trim", "paquete", "acabado"), False, 120),
    Columna("km", "Kilometraje", ("km", "kms", "kilometros", "odometro", "kilometraje km"), maximo=20),
    Columna("precio", "Precio", ("precio de venta", "precio venta", "precio publico", "precio lista"), maximo=30),
    Columna("color", "Color", ("color exterior", "color ext"), maximo=40),
    Columna("equipamiento", "Equipamiento", ("equipo", "caracteristicas", "accesorios"), False, 4000),
    Columna("descripcion", "Descripción", ("comentarios", "observaciones", "notas"), False, 4000),
    Columna("ciudad", "Ciudad", ("plaza", "sucursal", "ubicacion"), False, 80),
)
CAMPOS_IMPORTADOS = ("marca", "modelo", "anio", "version", "km", "precio", "color", "equipamiento", "descripcion")
PRECIO_MAXIMO = Decimal("9999999999.99")  # Unidad.precio: 12 digits, 2 decimals


class ImportacionRechazada(ErrorOperacion):
    """The file was refused as a whole; ``errores`` lists each row's problems (ErrorFila)."""

    def __init__(self, errores):
        super().__init__(mensajes.IMPORTACION_CON_ERRORES.format(n=len(errores)))
        self.errores = errores


# --- Checking values (one unit from a form, or a row of a file) ---------------------------------------------


def anio_maximo():
    return timezone.localdate().year + 1


def convertir_precio(valor):
    """A price typed as 385000, 385,000.00, $385,000 MXN or 385.000,00; None if it is not a positive amount."""
    if isinstance(valor, int | float | Decimal) and not isinstance(valor, bool):
        importe = Decimal(str(valor))
    else:
        texto = re.sub(r"[\s$]|MXN|mxn|M\.N\.", "", str(valor or ""))
        if "," in texto and "." in texto:
            miles, decimal = (",", ".") if texto.rfind(".") > texto.rfind(",") else (".", ",")
            texto = texto.replace(miles, "").replace(decimal, ".")
        elif re.fullmatch(r"\d{1,3}([,.]\d{3})+", texto):
            texto = re.sub(r"[,.]", "", texto)
        else:
            texto = texto.replace(",", ".")
        try:
            importe = Decimal(texto)
        except InvalidOperation:
            return None
    if not importe.is_finite() or importe <= 0 or importe > PRECIO_MAXIMO:
        return None
    return importe.quantize(Decimal("0.01"))


def convertir_entero(valor):
    """A whole number typed as 45000, 45,000 or 45000.0; None otherwise."""
    if isinstance(valor, float) and valor.is_integer():
        return int(valor)
    if isinstance(valor, int) and not isinstance(valor, bool):
        return valor
    texto = re.sub(r"[\s,.]|km|KM|Km", "", str(valor or "")) if re.fullmatch(r"[\d\s,.kmKM]+", str(valor)) else ""
    return int(texto) if texto.isdigit() else None


def _fila_a_unidad(fila):
    """The unit's values of one row, its errors collected on ``fila``."""
    datos = {campo: fila.texto(campo) for campo in ("marca", "modelo", "version", "color", "equipamiento")}
    datos["descripcion"] = fila.texto("descripcion")
    datos["ciudad"] = fila.texto("ciudad")
    vin = normalizar_vin(fila.texto("vin"))
    if vin and not VIN_PATRON.match(vin):
        fila.error("vin", str(ERROR_VIN))
    datos["vin"] = vin
    datos["anio"] = _entero(fila, "anio", lambda v: 1900 <= v <= anio_maximo(), mensajes.ANIO_INVALIDO)
    datos["km"] = _entero(fila, "km", lambda v: v >= 0, mensajes.KM_INVALIDO)
    crudo = fila.crudo("precio")
    datos["precio"] = convertir_precio(crudo) if crudo not in (None, "") else None
    if crudo not in (None, "") and datos["precio"] is None:
        fila.error("precio", mensajes.PRECIO_INVALIDO.format(valor=fila.texto("precio")))
    elif crudo in (None, ""):
        fila.texto("precio")  # records «Dato obligatorio vacío»
    return datos


def _entero(fila, campo, valido, mensaje):
    crudo = fila.crudo(campo)
    if crudo in (None, ""):
        fila.texto(campo)  # records «Dato obligatorio vacío»
        return None
    valor = convertir_entero(crudo)
    if valor is None or not valido(valor):
        fila.error(campo, mensaje.format(valor=fila.texto(campo), maximo=anio_maximo()))
        return None
    return valor


def _leer_filas(lectura):
    """[(row number, values)] of the rows without errors, and every row's errors (duplicate VINs included)."""
    filas, errores, vistos = [], [], {}
    for numero, valores in lectura.filas:
        fila = Fila(numero, valores, lectura)
        datos = _fila_a_unidad(fila)
        if datos["vin"] in vistos:
            fila.error("vin", mensajes.VIN_REPETIDO_EN_ARCHIVO.format(vin=datos["vin"], fila=vistos[datos["vin"]]))
        elif datos["vin"]:
            vistos[datos["vin"]] = numero
        errores += fila.errores
        if not fila.errores:
            filas.append((numero, datos))
    return filas, errores


def _ciudad_del_concesionario(concesionario):
    """The city of the concesionario's most recent unit: the default of a file without a «Ciudad» column."""
    return (
        Unidad.objects.filter(concesionario=concesionario)
        .exclude(ciudad="")
        .order_by("-fecha_ingreso", "-id")
        .values_list("ciudad", flat=True)
        .first()
    )


def _error(numero, campo, problema):
    return ErrorFila(numero, next(c.titulo for c in COLUMNAS_INVENTARIO if c.campo == campo), problema)


@dataclass
class _Plan:
    nuevas: list
    cambiadas: list  # (unit, {field: new value})
    sin_cambios: int
    errores: list


def _planear(filas, existentes, concesionario, *, con_pendiente, directo):
    ciudad = None
    plan = _Plan([], [], 0, [])
    for numero, datos in filas:
        vin = datos.pop("vin")
        actual = existentes.get(vin)
        if actual is None:
            ciudad = ciudad or datos["ciudad"] or _ciudad_del_concesionario(concesionario) or ""
            if not (datos["ciudad"] or ciudad):
                plan.errores.append(_error(numero, "ciudad", mensajes.CIUDAD_REQUERIDA))
                continue
            datos["ciudad"] = datos["ciudad"] or ciudad
            plan.nuevas.append(Unidad(vin=vin, concesionario=concesionario, **datos))
            continue
        if actual.concesionario_id != concesionario.pk:
            plan.errores.append(_error(numero, "vin", mensajes.VIN_DE_OTRO_CONCESIONARIO.format(vin=vin)))
            continue
        if actual.estado == Unidad.Estado.VENDIDA:
            plan.errores.append(_error(numero, "vin", mensajes.VIN_VENDIDA.format(vin=vin)))
            continue
        campos = [*CAMPOS_IMPORTADOS, *(["ciudad"] if datos["ciudad"] else [])]
        cambios = {c: datos[c] for c in campos if getattr(actual, c) != datos[c]}
        if not cambios:
            plan.sin_cambios += 1
        elif not directo and actual.pk in con_pendiente:
            plan.errores.append(_error(numero, "vin", mensajes.CAMBIO_EN_ARCHIVO_CON_PENDIENTE.format(vin=vin)))
        else:
            plan.cambiadas.append((actual, cambios))
    return plan


@sin_recolector()  # every row of the file and its unit kept until the import ends: see enlace.recolector
def inventario_importar(*, actor, concesionario, archivo, completo=False):
    """Import the concesionario's inventory export (CSV, XLSX or XLS), all or nothing, idempotent by VIN.

    New VINs are published; known ones of this concesionario are updated — directly when the webmaster
    imports, as proposed changes (``CambioUnidad``) for the webmaster to validate when a gerente does.
    With ``completo`` the units in inventory the file did not carry are recorded as offered for withdrawal.
    Raises AccionRechazada (who), ErrorOperacion (the file) or ImportacionRechazada (its rows). Returns the
    ImportacionInventario.
    """
    PUBLICAR_UNIDAD.exigir(concesionario, actor)
    tipo = validar_archivo(archivo, tipos=("csv", "xlsx", "xls"))
    try:
        lectura = leer(archivo, COLUMNAS_INVENTARIO, tipo_archivo=tipo)
    except ArchivoIlegible as exc:
        raise ErrorOperacion(exc.mensaje) from None
    filas, errores = _leer_filas(lectura)
    directo = roles.tiene_rol(actor, "webmaster")
    with transaction.atomic():
        vins = [datos["vin"] for _, datos in filas]
        existentes = {u.vin: u for u in Unidad.objects.select_for_update().filter(vin__in=vins)}
        con_pendiente = set(
            CambioUnidad.objects.pendientes()
            .filter(unidad__concesionario=concesionario, unidad__vin__in=vins)
            .values_list("unidad_id", flat=True)
        )
        plan = _planear(filas, existentes, concesionario, con_pendiente=con_pendiente, directo=directo)
        errores = sorted([*errores, *plan.errores], key=lambda e: e.fila)
        if errores:
            raise ImportacionRechazada(errores)
        ahora = timezone.now()
        _crear(plan.nuevas, actor=actor, ahora=ahora)
        if directo:
            _actualizar(plan.cambiadas, actor=actor, ahora=ahora)
        else:
            _proponer_en_bloque(plan.cambiadas, actor=actor, ahora=ahora)
        ausentes = []
        if completo:
            ausentes = list(
                Unidad.objects.filter(concesionario=concesionario)
                .en_inventario()
                .exclude(vin__in=[*vins])
                .order_by("vin")
                .values_list("pk", flat=True)
            )
        importacion = ImportacionInventario.objects.create(
            concesionario=concesionario,
            usuario=actor,
            creada=ahora,
            nombre_archivo=(archivo.name or "")[:200],
            completo=completo,
            creadas=len(plan.nuevas),
            actualizadas=len(plan.cambiadas),
            sin_cambios=plan.sin_cambios,
            ausentes=ausentes,
        )
        bitacora.registrar(
            tipo=EVENTO_INVENTARIO_IMPORTADO,
            actor=actor,
            objeto=importacion,
            organizacion=concesionario,
            datos={
                "archivo": importacion.nombre_archivo,
                "vins_nuevos": [u.vin for u in plan.nuevas],
                "nuevas": importacion.creadas,
                "actualizadas": importacion.actualizadas,
                "cambios_propuestos": not directo and bool(plan.cambiadas),
                "sin_cambios": importacion.sin_cambios,
                "ausentes": len(ausentes),
            },
        )
        _avisar_importacion(importacion, concesionario, propuestas=0 if directo else len(plan.cambiadas))
        return importacion


def _crear(nuevas, *, actor, ahora):
    """Insert the new units and their "+" history rows in bulk. The import's one bitácora event (not one per
    unit) records them; each unit's history names the import as the reason of its creation."""
    if not nuevas:
        return
    creadas = Unidad.objects.bulk_create(nuevas, batch_size=1000)
    registrar_historial(
        Unidad.objects.filter(pk__in=[u.pk for u in creadas]),
        tipo="+",
        razon=RAZON_IMPORTACION,
        usuario=actor,
        fecha=ahora,
    )


def _actualizar(cambiadas, *, actor, ahora):
    if not cambiadas:
        return
    campos = sorted({campo for _, cambios in cambiadas for campo in cambios})
    unidades = []
    for unidad, cambios in cambiadas:
        for campo, valor in cambios.items():
            setattr(unidad, campo, valor)
        unidad.actualizada = ahora
        unidades.append(unidad)
    actualizar_en_lote(unidades, [*campos, "actualizada"], razon=RAZON_IMPORTACION, usuario=actor, fecha=ahora)


def _como_json(cambios):
    return {campo: str(valor) if isinstance(valor, Decimal) else valor for campo, valor in cambios.items()}


def _proponer_en_bloque(cambiadas, *, actor, ahora):
    CambioUnidad.objects.bulk_create(
        [
            CambioUnidad(
                unidad=unidad,
                propuesto_por=actor,
                creado=ahora,
                propuesto=_como_json(cambios),
                anterior=_como_json({c: getattr(unidad, c) for c in cambios}),
                motivo=RAZON_IMPORTACION,
            )
            for unidad, cambios in cambiadas
        ],
        batch_size=1000,
    )


def _avisar_importacion(importacion, concesionario, *, propuestas):
    if importacion.creadas:
        notificar(
            destinatarios=cop_de(concesionario.pk),
            titulo=f"{concesionario}: {importacion.creadas} unidad(es) nueva(s) en el inventario",
            cuerpo=f"{importacion.usuario} importó «{importacion.nombre_archivo}».",
            enlace=reverse("operaciones:inventario"),
            por_correo=False,
            clave=f"operaciones-importacion-{importacion.pk}",
        )
    if propuestas:
        notificar(
            destinatarios=gerentes_de(concesionario.pk, ("webmaster",)),
            titulo=f"{propuestas} cambio(s) a unidades por validar",
            cuerpo=(
                f"{importacion.usuario} importó «{importacion.nombre_archivo}»; "
                "valide los cambios antes de que la red los vea."
            ),
            enlace=reverse("operaciones:cambios_unidad"),
            clave=f"operaciones-importacion-cambios-{importacion.pk}",
        )


def importacion_retirar_ausentes(*, actor, importacion, unidades):
    """Withdraw the units the webmaster confirmed among those a complete file did not carry (each one through
    the unit's ``retirar`` transition, with the file as reason). All or nothing. Returns how many."""
    ofrecidas = set(importacion.ausentes)
    motivo = MOTIVO_RETIRO_AUSENTE.format(archivo=importacion.nombre_archivo)
    with transaction.atomic():
        for unidad in unidades:
            if unidad.pk not in ofrecidas or unidad.concesionario_id != importacion.concesionario_id:
                raise ErrorOperacion(mensajes.RETIRO_NO_OFRECIDO.format(vin=unidad.vin))
            unidad_retirar(actor=actor, unidad=unidad, motivo=motivo)
    return len(unidades)


# --- One unit ------------------------------------------------------------------------------------------


def unidad_publicar(*, actor, concesionario, datos, fotos=()):
    """Publish one unit of ``concesionario`` (its webmaster or a gerente) with its photos.

    ``datos``: vin, marca, modelo, anio, version, km, precio, color, equipamiento, descripcion, ciudad.
    The VIN's format is enforced, its check digit only shown (README, Decisiones). Every photo is checked
    before anything is saved. Raises AccionRechazada or ErrorOperacion. Returns the unit.
    """
    PUBLICAR_UNIDAD.exigir(concesionario, actor)
    vin = normalizar_vin(datos.get("vin"))
    if not VIN_PATRON.match(vin):
        raise ErrorOperacion(str(ERROR_VIN))
    if convertir_precio(datos.get("precio")) is None:
        raise ErrorOperacion(mensajes.PRECIO_INVALIDO.format(valor=datos.get("precio")))
    fotos = [f for f in fotos if f]
    if len(fotos) > MAX_FOTOS:
        raise ErrorOperacion(mensajes.DEMASIADAS_FOTOS.format(maximo=MAX_FOTOS))
    for foto in fotos:
        validar_archivo(foto, tipos=("imagen",))
    with transaction.atomic():
        if Unidad.objects.filter(vin=vin).exists():
            raise ErrorOperacion(mensajes.VIN_DUPLICADO.format(vin=vin))
        campos = {c: datos.get(c) for c in ("marca", "modelo", "anio", "km", "color", "ciudad")}
        textos = {c: (datos.get(c) or "").strip() for c in ("version", "equipamiento", "descripcion")}
        precio = convertir_precio(datos["precio"])
        unidad = Unidad(vin=vin, concesionario=concesionario, precio=precio, **campos, **textos)
        unidad._history_user = actor
        unidad.save()
        for orden, foto in enumerate(fotos):
            registro = FotoUnidad(unidad=unidad, orden=orden, subida_por=actor)
            registro.archivo.save(foto.name, foto, save=False)
            registro.save()
        bitacora.registrar(
            tipo=EVENTO_UNIDAD_PUBLICADA,
            actor=actor,
            objeto=unidad,
            organizacion=concesionario,
            datos={"vin": vin, "precio": unidad.precio, "fotos": len(fotos), "condicion": "Alta en la app"},
        )
        notificar(
            destinatarios=cop_de(concesionario.pk),
            titulo=f"{concesionario}: nueva unidad {unidad.marca} {unidad.modelo} {unidad.anio}",
            cuerpo=f"{actor} publicó la unidad {vin} en el inventario de la red.",
            enlace=reverse("operaciones:unidad", args=[unidad.pk]),
            por_correo=False,
        )
        return unidad


# --- Changes to a published unit ------------------------------------------------------------------------


def cambio_proponer(*, actor, unidad, datos, motivo=""):
    """The concesionario's staff propose new values of ``CAMPOS_CAMBIABLES``; the webmaster is asked to
    validate them (bell + email). Raises AccionRechazada (``PROPONER_CAMBIO``) or ErrorOperacion."""
    with transaction.atomic():
        unidad = Unidad.objects.select_for_update().select_related("concesionario").get(pk=unidad.pk)
        PROPONER_CAMBIO.exigir(unidad, actor)
        cambios = {c: datos[c] for c in CAMPOS_CAMBIABLES if c in datos and datos[c] != getattr(unidad, c)}
        if not cambios:
            raise ErrorOperacion(mensajes.CAMBIO_SIN_CAMBIOS)
        if "precio" in cambios:
            if convertir_precio(cambios["precio"]) is None:
                raise ErrorOperacion(mensajes.PRECIO_INVALIDO.format(valor=cambios["precio"]))
            if unidad.estado in (Unidad.Estado.APARTADA, Unidad.Estado.VALIDADA):
                raise ErrorOperacion(mensajes.PRECIO_CON_APARTADO)
        if "km" in cambios and (convertir_entero(cambios["km"]) is None or int(cambios["km"]) < 0):
            raise ErrorOperacion(mensajes.KM_INVALIDO.format(valor=cambios["km"]))
        cambio = CambioUnidad.objects.create(
            unidad=unidad,
            propuesto_por=actor,
            propuesto=_como_json(cambios),
            anterior=_como_json({c: getattr(unidad, c) for c in cambios}),
            motivo=(motivo or "").strip(),
        )
        bitacora.registrar(
            tipo=EVENTO_CAMBIO_PROPUESTO,
            actor=actor,
            objeto=unidad,
            organizacion=unidad.concesionario,
            datos={"cambio_id": cambio.pk, "campos": sorted(cambios), "condicion": "Pendiente del webmaster"},
        )
        notificar(
            destinatarios=gerentes_de(unidad.concesionario_id, ("webmaster",)),
            titulo=f"Cambio por validar: {unidad.marca} {unidad.modelo} {unidad.vin}",
            cuerpo=f"{actor} propone cambiar {', '.join(_nombre(c) for c in sorted(cambios))}.",
            enlace=reverse("operaciones:cambios_unidad"),
            clave=f"operaciones-cambio-{cambio.pk}",
        )
        return cambio


def _nombre(campo):
    return str(Unidad._meta.get_field(campo).verbose_name)


def _valor(campo, valor):
    """A proposed value as the unit stores it (JSON keeps prices as text)."""
    if campo == "precio":
        return Decimal(valor)
    return valor


def cambio_aprobar(*, actor, cambio):
    """The webmaster approves a proposed change: the unit takes the new values (its field history keeps the
    old ones) and the proposer is told. Raises AccionRechazada."""
    with transaction.atomic():
        unidad = Unidad.objects.select_for_update().select_related("concesionario").get(pk=cambio.unidad_id)
        cambio = CambioUnidad.objects.select_for_update().get(pk=cambio.pk)
        cambio.unidad = unidad
        cambio = acciones.ejecutar(
            cambio,
            "aprobar",
            actor=actor,
            bloquear=False,
            argumentos={"revisor": actor},
            evento=EVENTO_CAMBIO_APROBADO,
            organizacion=unidad.concesionario,
            datos={"unidad_id": unidad.pk, "vin": unidad.vin, "cambios": cambio.propuesto},
            avisos=[_aviso_al_proponente(cambio, "aprobó")],
        )
        campos = [c for c in cambio.propuesto if c in CAMPOS_PUBLICADOS]
        for campo in campos:
            setattr(unidad, campo, _valor(campo, cambio.propuesto[campo]))
        unidad._history_user = actor
        unidad._change_reason = f"Cambio {cambio.pk} aprobado por el webmaster"
        unidad.save(update_fields=[*campos, "actualizada"])
        return cambio


def cambio_rechazar(*, actor, cambio, motivo):
    """The webmaster rejects a proposed change with a reason; the unit stays as published."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise ErrorOperacion(mensajes.MOTIVO_RECHAZO_CAMBIO_REQUERIDO)
    with transaction.atomic():
        unidad = Unidad.objects.select_related("concesionario").get(pk=cambio.unidad_id)
        cambio.unidad = unidad
        return acciones.ejecutar(
            cambio,
            "rechazar",
            actor=actor,
            argumentos={"revisor": actor, "motivo": motivo},
            evento=EVENTO_CAMBIO_RECHAZADO,
            organizacion=unidad.concesionario,
            datos={"unidad_id": unidad.pk, "vin": unidad.vin, "motivo": motivo},
            avisos=[_aviso_al_proponente(cambio, "rechazó", motivo)],
        )


def _aviso_al_proponente(cambio, verbo, motivo=""):
    unidad = cambio.unidad
    return acciones.Aviso(
        destinatarios=[cambio.propuesto_por],
        titulo=f"El webmaster {verbo} el cambio a {unidad.marca} {unidad.modelo} {unidad.vin}",
        cuerpo=motivo or "La red ya ve los datos nuevos.",
        enlace=reverse("operaciones:unidad", args=[unidad.pk]),
        por_correo=False,
    )
