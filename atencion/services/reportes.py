"""Executive reports: the analyst drafts them (KPI snapshot and rule-based recommendations), the Gerente de
Operaciones validates or returns them, and the PYME's users are notified when published."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize

from atencion import escrituras, selectors
from atencion import reportes as contenido_reportes
from atencion.mensajes import MSG_DEVOLUCION_SIN_OBSERVACION, MSG_REPORTE_DUPLICADO
from atencion.models import ReporteEjecutivo
from atencion.services.comun import ErrorAtencion
from enlace import acciones, bitacora
from enlace.acciones import Aviso
from enlace.documentos import services as documentos
from enlace.notificaciones.services import notificar

# The issued (frozen) PDF of a published report: enlace.documentos.
TIPO_DOCUMENTO = "atencion.reporte_ejecutivo"


def _n(valor):
    """A number written as the tables write it (the active language's decimal mark)."""
    return localize(valor)


def interpretacion_de(kpis):
    """A first reading of the period for the PYME's owner (the analyst rewrites it): volume, then how each
    KPI did against its target and the previous period."""
    if not kpis.get("abiertos") and not kpis.get("cerrados") and not kpis.get("csat_n"):
        return "No hubo tickets ni encuestas en el periodo: no hay métricas que interpretar."
    partes = [
        f"En el periodo atendimos {kpis.get('abiertos', 0)} casos nuevos de sus clientes y resolvimos "
        f"{kpis.get('cerrados', 0)}; al cierre quedaban {kpis.get('backlog', 0)} pendientes."
    ]
    anterior = kpis.get("anterior") or {}
    nombres = {"sla": "el SLA", "csat": "el CSAT", "nps": "el NPS", "fcr": "la resolución en primer contacto"}
    cumplen, fallan, mejoran, empeoran = [], [], [], []
    for clave, nombre in nombres.items():
        valor = kpis.get(clave)
        if valor is None:
            continue
        (cumplen if selectors.semaforo_kpi(clave, valor) == "verde" else fallan).append(nombre)
        if anterior.get(clave) is not None and valor != anterior[clave]:
            (mejoran if valor > anterior[clave] else empeoran).append(nombre)
    if cumplen:
        partes.append(f"Cumplen la meta: {_lista(cumplen)}.")
    if fallan:
        partes.append(f"Por debajo de la meta: {_lista(fallan)}.")
    if mejoran or empeoran:
        frases = []
        if mejoran:
            frases.append(f"mejoraron {_lista(mejoran)}")
        if empeoran:
            frases.append(f"bajaron {_lista(empeoran)}")
        partes.append("Frente al periodo anterior " + " y ".join(frases) + ".")
    return " ".join(partes)


def _lista(nombres):
    return nombres[0] if len(nombres) == 1 else ", ".join(nombres[:-1]) + " y " + nombres[-1]


def recomendaciones_de(kpis):
    """Actionable recommendations from rules over the metrics (the analyst edits them afterwards)."""
    reglas = []
    metas = {clave: meta for clave, (meta, _ambar) in selectors.metas_kpi().items()}
    if kpis.get("sla") is not None and kpis["sla"] < metas["sla"]:
        reglas.append(
            f"El SLA de primera respuesta fue {_n(kpis['sla'])} % (meta {_n(metas['sla'])} %): "
            "reforzar la cobertura en las horas de mayor volumen y revisar los avisos de vencimiento."
        )
    if kpis.get("csat") is not None and kpis["csat"] < metas["csat"]:
        reglas.append(
            f"El CSAT promedio fue {_n(kpis['csat'])} de 5: revisar los comentarios de las calificaciones bajas y "
            "ajustar el guion con el equipo."
        )
    if kpis.get("nps") is not None and kpis["nps"] < metas["nps"]:
        reglas.append(
            f"El NPS fue {_n(kpis['nps'])}: contactar a los detractores en las próximas 48 horas y lanzar una "
            "campaña de fidelización para los pasivos."
        )
    if kpis.get("fcr") is not None and kpis["fcr"] < metas["fcr"]:
        reglas.append(
            f"La resolución en primer contacto fue {_n(kpis['fcr'])} %: documentar respuestas a los motivos "
            "más frecuentes para resolver sin devolver la llamada."
        )
    if kpis.get("abiertos", 0) > kpis.get("cerrados", 0):
        reglas.append(
            f"Se abrieron {kpis['abiertos']} tickets y se resolvieron {kpis['cerrados']}: el backlog crece; "
            "asignar refuerzo temporal."
        )
    motivos = kpis.get("por_motivo") or []
    if motivos and motivos[0].get("motivo__nombre"):
        reglas.append(
            f"El motivo principal fue «{motivos[0]['motivo__nombre']}» ({motivos[0]['total']} casos): "
            "publicar esa información en los canales de la PYME para prevenir contactos."
        )
    if not reglas:
        reglas.append(
            "Los indicadores cumplieron las metas: mantener los protocolos y compartir las buenas "
            "prácticas con el equipo."
        )
    return "\n".join(f"- {r}" for r in reglas)


def _kpis(pyme, inicio, fin):
    return selectors.kpis_de_reporte(pyme, inicio, fin)


def reporte_crear(*, actor, pyme, periodicidad, inicio, fin):
    """Draft the executive report of a PYME for a period: KPI snapshot and rule-based recommendations.

    Raises ErrorAtencion when that report already exists, AccionRechazada when the actor does not draft reports.
    """
    escrituras.REPORTE_CREAR.exigir(pyme, actor)  # a role: nothing to lock, checked before the KPI queries
    kpis = _kpis(pyme, inicio, fin)
    try:
        with transaction.atomic():
            reporte = ReporteEjecutivo.objects.create(
                pyme=pyme,
                periodicidad=periodicidad,
                inicio=inicio,
                fin=fin,
                kpis=kpis,
                interpretacion=interpretacion_de(kpis),
                recomendaciones=recomendaciones_de(kpis),
                elaborado_por=actor,
            )
            bitacora.registrar(
                tipo="atencion.reporte.borrador",
                actor=actor,
                objeto=reporte,
                organizacion=pyme,
                datos={
                    "periodo": [inicio, fin],
                    "sla": kpis["sla"],
                    "csat": kpis["csat"],
                    "nps": kpis["nps"],
                    "fcr": kpis["fcr"],
                },
            )
            return reporte
    except IntegrityError:
        raise ErrorAtencion(MSG_REPORTE_DUPLICADO.format(periodicidad=periodicidad)) from None


def _reporte_bloquear(reporte):
    return ReporteEjecutivo.objects.select_for_update().select_related("pyme").get(pk=reporte.pk)


def _guardar_texto(*, actor, reporte, escritura, recomendaciones, interpretacion):
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        escritura.exigir(reporte, actor)
        reporte.recomendaciones = recomendaciones.strip()
        campos = ["recomendaciones"]
        if interpretacion is not None:
            reporte.interpretacion = interpretacion.strip()
            campos.append("interpretacion")
        reporte.save(update_fields=campos)
        bitacora.registrar(
            tipo="atencion.reporte.editado",
            actor=actor,
            objeto=reporte,
            organizacion=reporte.pyme,
            datos={"estado": reporte.estado, "campos": campos},
        )
        return reporte


def reporte_editar(*, actor, reporte, recomendaciones, interpretacion=None):
    """The analyst replaces the interpretation (unless None) and the recommendations of a draft or returned
    report. Raises AccionRechazada (escrituras.REPORTE_EDITAR)."""
    return _guardar_texto(
        actor=actor,
        reporte=reporte,
        escritura=escrituras.REPORTE_EDITAR,
        recomendaciones=recomendaciones,
        interpretacion=interpretacion,
    )


def reporte_corregir(*, actor, reporte, recomendaciones, interpretacion=None):
    """The Gerente de Operaciones corrects the analyst's text while validating the report (it stays in
    validation). Raises AccionRechazada (escrituras.REPORTE_REVISAR)."""
    return _guardar_texto(
        actor=actor,
        reporte=reporte,
        escritura=escrituras.REPORTE_REVISAR,
        recomendaciones=recomendaciones,
        interpretacion=interpretacion,
    )


def reporte_recalcular(*, actor, reporte):
    """Refresh the KPI snapshot of a draft (recommendations are kept).

    Raises AccionRechazada (escrituras.REPORTE_RECALCULAR)."""
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        escrituras.REPORTE_RECALCULAR.exigir(reporte, actor)
        reporte.kpis = _kpis(reporte.pyme, reporte.inicio, reporte.fin)
        reporte.save(update_fields=["kpis"])
        return reporte


def _enlace(reporte):
    return reverse("atencion:reporte", args=[reporte.pk])


def reporte_enviar_a_validacion(*, actor, reporte):
    """Send the draft to the Gerente de Operaciones, who is notified. Raises AccionRechazada."""
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        return acciones.ejecutar(
            reporte,
            "enviar_a_validacion",
            actor=actor,
            evento="atencion.reporte.en_validacion",
            organizacion=reporte.pyme,
            bloquear=False,
            avisos=[
                Aviso(
                    destinatarios=selectors.gerentes_de(reporte.pyme),
                    titulo=f"Reporte por validar: {reporte}",
                    cuerpo="El analista envió el reporte ejecutivo a validación.",
                    enlace=_enlace(reporte),
                    clave=f"atencion-reporte-val-{reporte.pk}-{timezone.now().timestamp():.0f}",
                )
            ],
        )


def reporte_devolver(*, actor, reporte, observacion):
    """Return the report to its analyst with what to correct (notified). Raises ErrorAtencion/AccionRechazada."""
    observacion = (observacion or "").strip()
    if not observacion:
        raise ErrorAtencion(MSG_DEVOLUCION_SIN_OBSERVACION)
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        avisos = []
        if reporte.elaborado_por_id:
            avisos.append(
                Aviso(
                    destinatarios=[reporte.elaborado_por],
                    titulo=f"Reporte devuelto: {reporte}",
                    cuerpo=observacion,
                    enlace=_enlace(reporte),
                )
            )
        return acciones.ejecutar(
            reporte,
            "devolver",
            actor=actor,
            argumentos={"observacion": observacion},
            evento="atencion.reporte.devuelto",
            datos={"observacion": observacion},
            organizacion=reporte.pyme,
            bloquear=False,
            avisos=avisos,
        )


def reporte_emitir(*, actor, reporte):
    """Freeze the report's PDF as the next issued version (enlace.documentos) and return the document.

    Joins the caller's transaction, which holds the lock on the report."""
    return documentos.documento_emitir(
        actor=actor,
        objeto=reporte,
        tipo=TIPO_DOCUMENTO,
        nombre_tipo=(
            f"Reporte ejecutivo {reporte.get_periodicidad_display().lower()} de atención, "
            f"{reporte.inicio:%d/%m/%Y}–{reporte.fin:%d/%m/%Y}"
        ),
        emisora=reporte.pyme.padre or reporte.pyme,
        organizacion=reporte.pyme,
        plantilla="atencion/pdf/reporte.html",
        contexto=contenido_reportes.contexto_reporte(reporte),
        nombre_archivo=f"reporte-{reporte.pyme.slug}-{reporte.inicio:%Y%m%d}.pdf",
    )


def reporte_validar(*, actor, reporte, ahora=None):
    """Validate and publish: the PDF is frozen (issued) and the PYME's users get it attached to an email
    and in their portal. Raises AccionRechazada unless the report is in validation and the actor validates reports.
    """
    ahora = ahora or timezone.now()
    with transaction.atomic():
        reporte = _reporte_bloquear(reporte)
        k = reporte.kpis
        reporte = acciones.ejecutar(
            reporte,
            "validar",
            actor=actor,
            argumentos={"gerente": actor, "ahora": ahora},
            evento="atencion.reporte.publicado",
            datos={"kpis": {c: k.get(c) for c in ("sla", "csat", "nps", "fcr")}},
            organizacion=reporte.pyme,
            bloquear=False,
        )
        documento = reporte_emitir(actor=actor, reporte=reporte)
        notificar(
            destinatarios=selectors.usuarios_de(reporte.pyme),
            titulo=f"Su reporte ejecutivo está listo: {reporte}",
            cuerpo=(
                f"SLA {k.get('sla')} % · CSAT {k.get('csat')} · NPS {k.get('nps')} · FCR {k.get('fcr')} %.\n"
                f"Adjuntamos el PDF (código de verificación {documento.codigo_legible}); "
                "también puede descargarlo desde su portal."
            ),
            enlace=_enlace(reporte),
            clave=f"atencion-reporte-pub-{reporte.pk}",
            adjuntos=documentos.adjuntos_para_correo(documento),
        )
        return reporte
