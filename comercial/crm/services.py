"""Every write of the Carrazos CRM procedure: imports, validations and the grouped reminders."""

import hashlib
from collections import defaultdict
from datetime import date
from enum import Enum
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import BooleanField, Count, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from comercial.crm import spiga
from comercial.crm.models import (
    Actividad,
    AvisoSeguimiento,
    Importacion,
    LlamadaVerificacion,
    Marca,
    MetaMensual,
    PerfilAsesor,
    Prospecto,
)
from enlace import acciones, bitacora
from enlace.archivos import validar_subida
from enlace.bitacora import NuevoEvento
from enlace.errores import ErrorNegocio
from enlace.historial import actualizar_con_historial
from enlace.models import Organizacion, Usuario
from enlace.notificaciones.services import notificar
from enlace.telefonos import region_de

LOTE = 2000  # bulk_create batch and IN-list chunk (under SQLite's variable limit)

ERROR_FILAS = "El archivo tiene {n} error(es); no se guardó ninguna fila. Corrija el archivo y vuelva a subirlo."
ERROR_FALTA_RESPUESTA = "Indique si el cliente recibió asesoría comercial: es la pregunta consultiva de la llamada."
ERROR_RESULTADO = "Resultado de llamada desconocido."
ERROR_SOLO_LIDER_IMPORTA = "Solo el Líder CRM importa los informes de SPIGA."
ERROR_SOLO_LIDER_AVISA = "Solo el Líder CRM envía los avisos de actividades sin seguimiento."
ERROR_FALTA_NOTAS = (
    "Escriba en las notas qué pasó en la llamada: un prospecto falso o no contactado se registra con su motivo."
)
ERROR_FALTA_MOTIVO = "Escriba por qué la actividad no es válida (p. ej. «sin evidencia de seguimiento»)."
ERROR_SIN_ORGANIZACION = (
    "Su usuario no pertenece a ninguna organización: los informes de SPIGA y los avisos son de una organización."
)
ERROR_SOLO_METAS = "Solo el Líder CRM y el gerente general fijan las metas mensuales."
ERROR_META_VALOR = "Las metas son números enteros entre 0 y {maximo}."
META_MAXIMA = 100_000
AVISO_TITULO = "Actividades sin seguimiento: actualice SPIGA"


@acciones.condicion(ERROR_SIN_ORGANIZACION, con_usuario=True)
def de_una_organizacion(organizacion, usuario):
    """A person imports into and sends the reminders of their organisation; only the scheduled sweep
    (no user) works across all of them."""
    return usuario is None or organizacion is not None


# The writes of the procedure that are not transitions (objeto: the organisation, None for the sweep).
IMPORTAR_SPIGA = acciones.Escritura(
    permiso="comercial_crm.importar_spiga", condiciones=(de_una_organizacion,), sin_permiso=ERROR_SOLO_LIDER_IMPORTA
)
ENVIAR_AVISOS = acciones.Escritura(
    permiso="comercial_crm.enviar_avisos", condiciones=(de_una_organizacion,), sin_permiso=ERROR_SOLO_LIDER_AVISA
)
EDITAR_METAS = acciones.Escritura(
    permiso="comercial_crm.editar_metas", condiciones=(de_una_organizacion,), sin_permiso=ERROR_SOLO_METAS
)


class ErrorCRM(ErrorNegocio):
    """A business rule of the CRM procedure refused the action; ``mensaje`` is for the user."""

    def __init__(self, mensaje, *, errores=(), fila_encabezados=None):
        super().__init__(mensaje)
        self.errores = list(errores)  # ErrorFila list for refused imports
        self.fila_encabezados = fila_encabezados  # the row read as the header of a refused import


def hoy(organizacion):
    """Today's date where the organisation is (Bogotá for Carrazos)."""
    return timezone.localdate(timezone=ZoneInfo(organizacion.zona_horaria))


def _trozos(lista, tamano=LOTE):
    for inicio in range(0, len(lista), tamano):
        yield lista[inicio : inicio + tamano]


def _filtrar_por(consulta, campo, valores):
    """Yield ``consulta`` restricted to ``campo`` in ``valores``: a single ``= ANY(array)`` query on
    PostgreSQL (one round trip, one parameter, whatever the file size), IN-list chunks elsewhere."""
    valores = list(valores)
    if not valores:
        return
    if connection.vendor == "postgresql":
        modelo = consulta.model
        columna = modelo._meta.pk.column if campo == "pk" else modelo._meta.get_field(campo).column
        columna = f'"{modelo._meta.db_table}"."{columna}"'
        yield consulta.filter(RawSQL(f"{columna} = ANY(%s)", (valores,), output_field=BooleanField()))  # noqa: S611
        return
    for trozo in _trozos(valores):
        yield consulta.filter(**{f"{campo}__in": trozo})


def _insertar(modelo, comunes, registros):
    """Insert new rows of ``modelo``: ``comunes`` and each dict of ``registros`` give attnames, any
    other field takes its default. PostgreSQL: one COPY (no model instances, no per-value ORM work,
    the bulk of a 50,000-row import); elsewhere ``bulk_create`` in batches. Same transaction either way.
    """
    if not registros:
        return
    if connection.vendor != "postgresql":
        modelo.objects.bulk_create([modelo(**comunes, **r) for r in registros], batch_size=LOTE)
        return
    campos = [f for f in modelo._meta.concrete_fields if not f.primary_key]
    fijos = {}
    for campo in campos:
        valor = campo.get_default()
        fijos[campo.attname] = valor.value if isinstance(valor, Enum) else valor
    fijos.update(comunes)
    orden = [campo.attname for campo in campos]
    columnas = ", ".join(connection.ops.quote_name(campo.column) for campo in campos)
    sql = f"COPY {connection.ops.quote_name(modelo._meta.db_table)} ({columnas}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copia:
        for registro in registros:
            fila = {**fijos, **registro}
            copia.write_row([fila[nombre] for nombre in orden])


# --- Importing SPIGA reports -------------------------------------------------------------


def importacion_registrar(*, actor, organizacion, tipo, archivo):
    """Import one SPIGA report (CSV, XLS or XLSX) all-or-nothing and return the ``Importacion``.

    The header row is found below SPIGA's title rows (``spiga.leer``) and kept in ``fila_encabezados``.

    Rows whose SPIGA id exists are left as they are (prospects) or updated only when SPIGA
    changed them (activities, whose validation then starts over), so a re-import changes
    nothing. Raises AccionRechazada when the actor may not import (checked before reading the file:
    there is no row to lock), or ErrorCRM with the row-by-row ``errores`` when any row is bad (nothing stored).
    """
    IMPORTAR_SPIGA.exigir(organizacion, actor)
    try:
        tipo_archivo = validar_subida(
            archivo, tipos=("xlsx", "xls", "csv"), max_bytes=settings.CRM_IMPORTACION_MAX_BYTES
        )
    except ValidationError as exc:
        raise ErrorCRM(" ".join(exc.messages)) from exc
    columnas = spiga.COLUMNAS_TRAFICO if tipo == Importacion.Tipo.TRAFICO else spiga.COLUMNAS_ACTIVIDADES
    try:
        lectura = spiga.leer(archivo, columnas, tipo_archivo=tipo_archivo)
    except spiga.ArchivoIlegible as exc:
        # A file-level problem: one message (naming the header row when it is about it), no row list.
        raise ErrorCRM(exc.mensaje, fila_encabezados=exc.fila) from exc

    asesores = _asesores_de(organizacion)
    if tipo == Importacion.Tipo.TRAFICO:
        registros, errores = _convertir_trafico(lectura, organizacion, asesores)
    else:
        registros, errores = _convertir_actividades(lectura, organizacion, asesores)
    if errores:
        raise ErrorCRM(ERROR_FILAS.format(n=len(errores)), errores=errores, fila_encabezados=lectura.fila_encabezados)

    archivo.seek(0)
    contenido = archivo.read()
    with transaction.atomic():
        importacion = Importacion(
            organizacion=organizacion,
            tipo=tipo,
            nombre_archivo=PurePath(archivo.name).name[:255],
            sha256=hashlib.sha256(contenido).hexdigest(),
            importado_por=actor,
            filas=len(registros),
            fila_encabezados=lectura.fila_encabezados,
        )
        importacion.archivo.save(importacion.nombre_archivo, ContentFile(contenido), save=False)
        importacion.save()
        if tipo == Importacion.Tipo.TRAFICO:
            _guardar_prospectos(importacion, registros)
        else:
            _guardar_actividades(importacion, registros)
        importacion.save(update_fields=["nuevas", "actualizadas", "sin_cambios"])
        bitacora.registrar(
            tipo="crm.importacion",
            actor=actor,
            objeto=importacion,
            organizacion=organizacion,
            datos={
                "informe": tipo,
                "archivo": importacion.nombre_archivo,
                "sha256": importacion.sha256,
                "filas": importacion.filas,
                "fila_encabezados": importacion.fila_encabezados,
                "nuevas": importacion.nuevas,
                "actualizadas": importacion.actualizadas,
                "sin_cambios": importacion.sin_cambios,
            },
        )
    return importacion


def _asesores_de(organizacion):
    """Lookups for the «Asesor» / «Código asesor» columns: {normalised name or code: (user id, marca id)}."""
    por_nombre, por_codigo = {}, {}
    for perfil in PerfilAsesor.objects.filter(organizacion=organizacion).only(
        "usuario_id", "marca_id", "nombre_normalizado", "codigo_spiga"
    ):
        por_nombre[perfil.nombre_normalizado] = (perfil.usuario_id, perfil.marca_id)
        if perfil.codigo_spiga:
            por_codigo[spiga.normalizar(perfil.codigo_spiga)] = (perfil.usuario_id, perfil.marca_id)
    return por_nombre, por_codigo


def _asesor(fila, asesores):
    por_nombre, por_codigo = asesores
    nombre, codigo = fila.texto("asesor"), fila.texto("codigo_asesor")
    encontrado = (por_codigo.get(spiga.normalizar(codigo)) if codigo else None) or por_nombre.get(
        spiga.normalizar(nombre)
    )
    if encontrado is None and (nombre or codigo):
        fila.error("asesor", spiga.ERROR_ASESOR_DESCONOCIDO.format(valor=codigo or nombre))
    return encontrado


def _convertir_trafico(lectura, organizacion, asesores):
    marcas = {spiga.normalizar(m.nombre): m.pk for m in Marca.objects.filter(organizacion=organizacion)}
    region = region_de(organizacion)
    registros, errores, vistos = [], [], {}
    for numero, valores in lectura.filas:
        fila = spiga.Fila(numero, valores, lectura)
        registro = {
            "id_spiga": fila.texto("id_spiga"),
            "fecha": fila.fecha("fecha"),
            "sede": fila.texto("sede"),
            "cliente": fila.texto("cliente"),
            "documento": fila.texto("documento"),
            "telefono": fila.telefono("telefono", region),
            "correo": fila.texto("correo"),
            "vehiculo": fila.texto("vehiculo"),
            "medio": fila.texto("medio"),
        }
        asesor = _asesor(fila, asesores)
        marca_texto = fila.texto("marca")
        marca_id = marcas.get(spiga.normalizar(marca_texto)) if marca_texto else (asesor[1] if asesor else None)
        if marca_texto and marca_id is None:
            fila.error("marca", spiga.ERROR_MARCA_DESCONOCIDA.format(valor=marca_texto))
        _id_unico(fila, registro["id_spiga"], vistos)
        if fila.errores:
            errores.extend(fila.errores)
        elif not errores:  # once the file is refused, only errors matter
            registro.update(asesor_id=asesor[0], marca_id=marca_id)
            registros.append(registro)
    return registros, errores


def _convertir_actividades(lectura, organizacion, asesores):
    indice = lectura.columnas["id_trafico"]
    ids_trafico = {spiga.texto(v[indice]) for _, v in lectura.filas if indice < len(v)} - {""}
    prospectos = {}
    for consulta in _filtrar_por(Prospecto.objects.filter(organizacion=organizacion), "id_spiga", ids_trafico):
        prospectos.update(
            (p[0], (p[1], p[2], p[3])) for p in consulta.values_list("id_spiga", "pk", "marca_id", "fecha")
        )
    registros, errores, vistos = [], [], {}
    for numero, valores in lectura.filas:
        fila = spiga.Fila(numero, valores, lectura)
        registro = {
            "id_spiga": fila.texto("id_spiga"),
            "tipo": fila.opcion(
                "tipo",
                spiga.TIPOS_ACTIVIDAD,
                lambda v: spiga.ERROR_TIPO_ACTIVIDAD.format(valor=v, aceptados=spiga.aceptados_tipo()),
            ),
            "fecha_programada": fila.fecha("fecha_programada"),
            "fecha_realizada": fila.fecha("fecha_realizada"),
            "estado_spiga": fila.opcion("estado", spiga.ESTADOS, lambda v: spiga.ERROR_ESTADO.format(valor=v)),
            "comentario": fila.texto("comentario"),
        }
        asesor = _asesor(fila, asesores)
        id_trafico = fila.texto("id_trafico")
        prospecto = prospectos.get(id_trafico)
        if id_trafico and prospecto is None:
            fila.error("id_trafico", spiga.ERROR_PROSPECTO_DESCONOCIDO.format(valor=id_trafico))
        if prospecto and registro["fecha_realizada"] and registro["fecha_realizada"] < prospecto[2]:
            fila.error("fecha_realizada", spiga.ERROR_FECHA_REALIZADA.format(fecha=f"{prospecto[2]:%d/%m/%Y}"))
        _id_unico(fila, registro["id_spiga"], vistos)
        if fila.errores:
            errores.extend(fila.errores)
        elif not errores:
            if registro["estado_spiga"] == Actividad.EstadoSpiga.NO_REALIZADA:
                registro["fecha_realizada"] = None
            elif registro["fecha_realizada"] is None:
                registro["fecha_realizada"] = registro["fecha_programada"]
            registro.update(asesor_id=asesor[0], prospecto_id=prospecto[0], marca_id=prospecto[1])
            registros.append(registro)
    return registros, errores


def _id_unico(fila, valor, vistos):
    if not valor:
        return
    if valor in vistos:
        fila.error("id_spiga", spiga.ERROR_ID_REPETIDO.format(valor=valor, fila=vistos[valor]))
    else:
        vistos[valor] = fila.numero


def _existentes(modelo, organizacion, ids, campos):
    """``{id_spiga: {pk, *campos}}`` of the rows of this report already stored (one query on PostgreSQL)."""
    encontrados = {}
    for consulta in _filtrar_por(modelo.objects.filter(organizacion=organizacion), "id_spiga", ids):
        for fila in consulta.order_by().values("pk", *campos):
            encontrados[fila["id_spiga"]] = fila
    return encontrados


def _guardar_prospectos(importacion, registros):
    existentes = _existentes(Prospecto, importacion.organizacion, [r["id_spiga"] for r in registros], ["id_spiga"])
    comunes = {
        "organizacion_id": importacion.organizacion_id,
        "importacion_id": importacion.pk,
        "importado_en": importacion.creada,
    }
    # A bulk insert skips save(): the semáforo columns are set here (no follow-up yet → the traffic date).
    nuevos = [
        {**registro, **Prospecto.derivados(registro["fecha"])}
        for registro in registros
        if registro["id_spiga"] not in existentes
    ]
    _insertar(Prospecto, comunes, nuevos)
    importacion.nuevas, importacion.sin_cambios = len(nuevos), len(registros) - len(nuevos)


CAMPOS_SPIGA_ACTIVIDAD = ("tipo", "fecha_programada", "fecha_realizada", "estado_spiga", "comentario", "asesor_id")


def _guardar_actividades(importacion, registros):
    existentes = _existentes(
        Actividad, importacion.organizacion, [r["id_spiga"] for r in registros], ["id_spiga", *CAMPOS_SPIGA_ACTIVIDAD]
    )
    comunes = {
        "organizacion_id": importacion.organizacion_id,
        "importacion_id": importacion.pk,
        "importado_en": importacion.creada,
    }
    nuevos, cambiados, afectados = [], [], set()
    for registro in registros:
        anterior = existentes.get(registro["id_spiga"])
        if anterior is None:
            nuevos.append(registro)
        elif any(anterior[c] != registro[c] for c in CAMPOS_SPIGA_ACTIVIDAD):
            cambiados.append(Actividad(pk=anterior["pk"], **{c: registro[c] for c in CAMPOS_SPIGA_ACTIVIDAD}))
        else:
            continue
        afectados.add(registro["prospecto_id"])
    _insertar(Actividad, comunes, nuevos)
    if cambiados:
        # SPIGA changed these activities (the asesor updated them): their validation starts over, the
        # bulk form of the internal transition Actividad.reabrir (any state → pendiente, no conditions).
        # Set-based: the new SPIGA values in batched CASE updates, then one UPDATE of the constants.
        Actividad.objects.bulk_update(cambiados, CAMPOS_SPIGA_ACTIVIDAD, batch_size=500)
        for consulta in _filtrar_por(Actividad.objects.all(), "pk", [a.pk for a in cambiados]):
            actualizar_con_historial(
                consulta,
                {
                    "importacion": importacion,
                    "validacion": Actividad.Validacion.PENDIENTE,
                    "motivo": "",
                    "validada_por": None,
                    "validada_en": None,
                    "aviso": None,
                },
                razon="Cambiada en SPIGA: vuelve a validación",
            )
    importacion.nuevas, importacion.actualizadas = len(nuevos), len(cambiados)
    importacion.sin_cambios = len(registros) - len(nuevos) - len(cambiados)
    # Only the prospects of added or changed activities can have different counters.
    recalcular_seguimiento(afectados)


# --- Follow-up counters of each prospect (read by the semáforo) -----------------------------

CUENTA_COMO_SEGUIMIENTO = Q(estado_spiga=Actividad.EstadoSpiga.REALIZADA) & ~Q(
    validacion=Actividad.Validacion.NO_VALIDA
)
OTROS_TIPOS = (Actividad.Tipo.MATRICULA, Actividad.Tipo.ENTREGA, Actividad.Tipo.WHATSAPP, Actividad.Tipo.OTRO)


def _contar(*tipos):
    consulta = (
        Actividad.objects.filter(CUENTA_COMO_SEGUIMIENTO, prospecto=OuterRef("pk"), tipo__in=tipos)
        .order_by()
        .values("prospecto")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(consulta, output_field=IntegerField()), Value(0))


def recalcular_seguimiento(prospecto_ids):
    """Recompute the follow-up counters, last follow-up date and semáforo ``referencia`` of these
    prospects, set-based (one UPDATE on PostgreSQL, one per chunk elsewhere)."""
    ultimo = (
        Actividad.objects.filter(CUENTA_COMO_SEGUIMIENTO, prospecto=OuterRef("pk"))
        .order_by()
        .values("prospecto")
        .annotate(u=Max("fecha_realizada"))
        .values("u")
    )
    for consulta in _filtrar_por(Prospecto.objects.all(), "pk", sorted(prospecto_ids)):
        # Counters only (excluded from the history): the helper records nothing for them.
        actualizar_con_historial(
            consulta,
            {
                "n_llamadas": _contar(Actividad.Tipo.LLAMADA),
                "n_cotizaciones": _contar(Actividad.Tipo.COTIZACION),
                "n_visitas": _contar(Actividad.Tipo.VISITA),
                "n_pruebas": _contar(Actividad.Tipo.PRUEBA),
                "n_otros": _contar(*OTROS_TIPOS),
                "ultimo_seguimiento": Subquery(ultimo),
                # The SET clause reads the old row, so the last follow-up is recomputed, not read back.
                "referencia": Coalesce(Subquery(ultimo), "fecha"),
            },
        )


# --- Activity 01: prospect validation --------------------------------------------------------

RESULTADOS = {
    Prospecto.Estado.VALIDO: "marcar_valido",
    Prospecto.Estado.FALSO: "marcar_falso",
    Prospecto.Estado.NO_CONTACTADO: "marcar_no_contactado",
}


def prospecto_validar(*, actor, prospecto, resultado, recibio_asesoria=None, notas=""):
    """Record the Líder CRM's verification call and its result (válido, falso, no contactado).

    Válido needs the answer to «¿recibió asesoría comercial?»; falso and no contactado need notes (why).
    When the asesor's false prospects
    of the month reach ``CRM_FALSOS_UMBRAL`` their gerente and the Líder CRM are notified once.
    Raises ErrorCRM for a missing answer or notes and AccionRechazada when the runner refuses the call.
    """
    if resultado not in RESULTADOS:
        raise ErrorCRM(ERROR_RESULTADO)
    if resultado == Prospecto.Estado.VALIDO and recibio_asesoria is None:
        raise ErrorCRM(ERROR_FALTA_RESPUESTA)
    notas = (notas or "").strip()
    if resultado in (Prospecto.Estado.FALSO, Prospecto.Estado.NO_CONTACTADO) and not notas:
        raise ErrorCRM(ERROR_FALTA_NOTAS)
    ahora = timezone.now()
    argumentos = {"notas": notas}
    if resultado == Prospecto.Estado.NO_CONTACTADO:
        recibio_asesoria = None
    else:
        argumentos.update(actor=actor, cuando=ahora, recibio_asesoria=recibio_asesoria)
    with transaction.atomic():
        prospecto = Prospecto.objects.visibles_para(actor).select_for_update().get(pk=prospecto.pk)
        prospecto = acciones.ejecutar(
            prospecto,
            RESULTADOS[resultado],
            actor=actor,
            argumentos=argumentos,
            evento="crm.prospecto_validado",
            datos={
                "resultado": resultado,
                "recibio_asesoria": recibio_asesoria,
                "llamada": prospecto.llamadas_verificacion + 1,
                "asesor_id": prospecto.asesor_id,
            },
            bloquear=False,
        )
        LlamadaVerificacion.objects.create(
            organizacion_id=prospecto.organizacion_id,
            prospecto=prospecto,
            realizada_por=actor,
            realizada_en=ahora,
            resultado=resultado,
            recibio_asesoria=recibio_asesoria,
            notas=notas,
        )
        if resultado == Prospecto.Estado.FALSO:
            _alertar_falsos(prospecto)
    return prospecto


def _alertar_falsos(prospecto):
    """Flag the asesor once a month when their false prospects reach the threshold."""
    umbral = settings.CRM_FALSOS_UMBRAL
    mes = prospecto.fecha.replace(day=1)
    siguiente = date(mes.year + mes.month // 12, mes.month % 12 + 1, 1)
    falsos = Prospecto.objects.filter(
        asesor_id=prospecto.asesor_id, estado=Prospecto.Estado.FALSO, fecha__gte=mes, fecha__lt=siguiente
    ).count()
    if falsos < umbral:
        return
    perfil = PerfilAsesor.objects.filter(usuario_id=prospecto.asesor_id).select_related("marca").first()
    destinatarios = list(
        Usuario.objects.filter(
            Q(pk=perfil.gerente_id if perfil else None)
            | Q(pk=perfil.marca.gerente_id if perfil else None)
            | Q(organizacion_id=prospecto.organizacion_id, groups__name="lider_crm"),
            is_active=True,
        ).distinct()
    )
    clave = f"crm-falsos:{prospecto.asesor_id}:{mes:%Y-%m}"
    asesor = prospecto.asesor
    creadas = notificar(
        destinatarios=destinatarios,
        titulo=f"Prospectos falsos: {asesor} llegó a {falsos} en {mes:%m/%Y}",
        cuerpo=(
            f"Las llamadas de verificación del Líder CRM encontraron {falsos} prospectos falsos de {asesor} "
            f"en {mes:%m/%Y} (umbral: {umbral}). Riesgo «creación de clientes falsos» (GC-PRO-05)."
        ),
        enlace=reverse("comercial:crm:prospectos") + f"?estado=falso&asesor={prospecto.asesor_id}",
        clave=clave,
    )
    if creadas:
        bitacora.registrar(
            tipo="crm.asesor_marcado_falsos",
            objeto=asesor,
            organizacion=prospecto.organizacion,
            datos={"falsos": falsos, "umbral": umbral, "mes": f"{mes:%Y-%m}"},
        )


# --- Activity 02: follow-up validation and reminders --------------------------------------------


def actividad_validar(*, actor, actividad, valida, motivo=""):
    """Validate one activity from its comment (GC-FOR-05): válida, or no válida with the reason.

    A no válida activity stops counting as follow-up in the semáforo and is listed in the next
    grouped reminder to its asesor. Raises ErrorCRM when the reason is missing and
    AccionRechazada when the runner refuses the validation.
    """
    motivo = " ".join((motivo or "").split())
    if not valida and not motivo:
        raise ErrorCRM(ERROR_FALTA_MOTIVO)
    with transaction.atomic():
        actividad = Actividad.objects.visibles_para(actor).select_for_update().get(pk=actividad.pk)
        actividad = acciones.ejecutar(
            actividad,
            "marcar_valida" if valida else "marcar_no_valida",
            actor=actor,
            argumentos={"actor": actor, "cuando": timezone.now(), "motivo": motivo},
            evento="crm.actividad_validada",
            datos={"valida": valida, "motivo": motivo, "estado_spiga": actividad.estado_spiga},
            bloquear=False,
        )
        recalcular_seguimiento([actividad.prospecto_id])
    return actividad


def avisos_enviar(*, actor, organizacion=None):
    """Email each asesor, once, the list of their activities validated as no válida (update SPIGA).

    One email per asesor per batch; each activity is listed in exactly one reminder (``aviso``),
    so running it again sends nothing new. ``actor`` None is the scheduled sweep (all organisations).
    Returns the ``AvisoSeguimiento`` rows created; raises AccionRechazada when the actor may not send them.
    """
    with transaction.atomic():
        ENVIAR_AVISOS.exigir(organizacion, actor)
        candidatos = Actividad.objects.filter(validacion=Actividad.Validacion.NO_VALIDA, aviso__isnull=True)
        if organizacion is not None:
            candidatos = candidatos.filter(organizacion=organizacion)
        if connection.features.has_select_for_update_skip_locked:
            candidatos = candidatos.select_for_update(skip_locked=True)
        filas = list(
            candidatos.order_by("asesor_id", "fecha_programada", "pk").values(
                "pk",
                "id_spiga",
                "organizacion_id",
                "asesor_id",
                "tipo",
                "fecha_programada",
                "motivo",
                "prospecto__cliente",
                "prospecto__id_spiga",
            )
        )
        if not filas:
            return []
        por_asesor = defaultdict(list)
        for fila in filas:
            por_asesor[(fila["organizacion_id"], fila["asesor_id"])].append(fila)
        usuarios = Usuario.objects.in_bulk([a for _, a in por_asesor])
        organizaciones = Organizacion.objects.in_bulk([o for o, _ in por_asesor])
        tipos = dict(Actividad.Tipo.choices)
        ahora = timezone.now()
        avisos, eventos = [], []
        enlace = reverse("comercial:crm:actividades") + "?validacion=no_valida"
        for (organizacion_id, asesor_id), actividades in por_asesor.items():
            ids = ",".join(str(a["pk"]) for a in actividades)
            clave = f"crm-no-realizadas:{asesor_id}:{hashlib.sha256(ids.encode()).hexdigest()[:24]}"
            aviso = AvisoSeguimiento.objects.create(
                organizacion_id=organizacion_id,
                asesor_id=asesor_id,
                enviado_por=actor,
                enviado_en=ahora,
                actividades_count=len(actividades),
                clave=clave,
            )
            actualizar_con_historial(
                Actividad.objects.filter(pk__in=[a["pk"] for a in actividades]),
                {"aviso": aviso},
                razon="Aviso de seguimiento enviado",
                usuario=actor,
            )
            lineas = [
                f"- {a['fecha_programada']:%d/%m/%Y} · {tipos[a['tipo']]} · prospecto {a['prospecto__id_spiga']} "
                f"({a['prospecto__cliente']}) · actividad {a['id_spiga']}: {a['motivo']}"
                for a in actividades
            ]
            asesor = usuarios[asesor_id]
            notificar(
                destinatarios=[asesor],
                titulo=AVISO_TITULO,
                cuerpo=(  # the notice email template greets the recipient: the body does not
                    f"En la validación del CRM no se encontró evidencia de seguimiento en estas "
                    f"{len(actividades)} actividades. Por favor actualice los datos en SPIGA:\n\n" + "\n".join(lineas)
                ),
                enlace=enlace,
                clave=clave,
            )
            avisos.append(aviso)
            eventos.append(
                NuevoEvento(
                    tipo="crm.aviso_no_realizadas",
                    actor=actor,
                    objeto=aviso,
                    organizacion=organizaciones[organizacion_id],
                    datos={"asesor_id": asesor_id, "actividades": [a["id_spiga"] for a in actividades]},
                )
            )
        bitacora.registrar_varios(eventos)
    return avisos


# --- Activity 03: the targets the indicators are measured against ------------------------------


def meta_guardar(*, actor, marca, periodo, prospectos_validos, actividades_validas):
    """Set a marca's targets for the month of ``periodo`` (created or changed) and return the ``MetaMensual``.

    The field history (simple-history, with the actor) and a ``crm.meta_guardada`` event keep the
    before and after; saving the same values changes nothing. Raises AccionRechazada when the actor
    may not set targets and ErrorCRM for a value out of range (nothing saved).
    """
    EDITAR_METAS.exigir(marca.organizacion, actor)
    valores = {"prospectos_validos": prospectos_validos, "actividades_validas": actividades_validas}
    if any(not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= META_MAXIMA for v in valores.values()):
        raise ErrorCRM(ERROR_META_VALOR.format(maximo=META_MAXIMA))
    periodo = periodo.replace(day=1)
    with transaction.atomic():
        marca = Marca.objects.visibles_para(actor).select_for_update().get(pk=marca.pk)
        meta = MetaMensual.objects.select_for_update().filter(marca=marca, periodo=periodo).first()
        antes = None
        if meta is None:
            meta = MetaMensual(organizacion_id=marca.organizacion_id, marca=marca, periodo=periodo, **valores)
        else:
            antes = {campo: getattr(meta, campo) for campo in valores}
            if antes == valores:
                return meta
            for campo, valor in valores.items():
                setattr(meta, campo, valor)
        meta._history_user = actor
        meta._change_reason = "Meta fijada en Enlace"
        if antes is None:
            meta.save()
        else:
            meta.save(update_fields=list(valores))
        bitacora.registrar(
            tipo="crm.meta_guardada",
            actor=actor,
            objeto=meta,
            organizacion=marca.organizacion,
            datos={"marca": marca.nombre, "mes": f"{periodo:%Y-%m}", "antes": antes, "despues": valores},
        )
    return meta
