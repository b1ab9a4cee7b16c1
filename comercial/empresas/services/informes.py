"""The monthly reports: the ejecutivo's to the Responsable and the Responsable's to Div. Gestión Integral
Territorios (steps 15–17 A / 11–13 B). Each write is one ``acciones.Escritura`` below."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from comercial.empresas import documentos as informes_pdf
from comercial.empresas import indicador, selectors
from comercial.empresas.mensajes import (
    INFORME_MES_EN_CURSO,
    INFORME_RESPONSABLE_EXISTE,
    INFORME_YA_ANALIZADO,
    SIN_PERMISO_ANALIZAR,
    SIN_PERMISO_INFORME_EJECUTIVO,
    SIN_PERMISO_INFORME_RESPONSABLE,
)
from comercial.empresas.meses import en_curso, mes_anterior, mes_de
from comercial.empresas.models import InformeEjecutivo, InformeResponsable
from comercial.empresas.selectors import usuarios_con_rol
from comercial.empresas.services.comun import ErrorEmpresas, registrar_evento
from comercial.empresas.services.facturacion import facturacion_calcular
from enlace import acciones
from enlace.acciones import condicion
from enlace.documentos import services as documentos
from enlace.notificaciones.services import notificar

# Organisation-wide: the organisation is their object (the month is what the user chooses).
EMITIR_INFORME_EJECUTIVO = acciones.Escritura(
    permiso="comercial_empresas.emitir_informe_ejecutivo", sin_permiso=SIN_PERMISO_INFORME_EJECUTIVO
)
EMITIR_INFORME_RESPONSABLE = acciones.Escritura(
    permiso="comercial_empresas.emitir_informe_responsable", sin_permiso=SIN_PERMISO_INFORME_RESPONSABLE
)


@condicion(INFORME_YA_ANALIZADO)
def informe_sin_analizar(informe):
    return informe.analizado_en is None


# An ejecutivo's report is analysed once (emitting it again for the month clears the analysis).
ANALIZAR_INFORME = acciones.Escritura(
    permiso="comercial_empresas.analizar_informe",
    condiciones=(informe_sin_analizar,),
    sin_permiso=SIN_PERMISO_ANALIZAR,
)


def informe_ejecutivo_emitir(*, actor, mes, comentario=""):
    """Step 15 (A) / 11 (B): the ejecutivo's monthly report (a snapshot against the targets),
    sent to the Responsables by email with its frozen PDF. Emitting again for the same month refreshes
    the figures and issues the next PDF version (earlier versions are kept).
    Raises AccionRechazada (EMITIR_INFORME_EJECUTIVO)."""
    organizacion = actor.organizacion
    EMITIR_INFORME_EJECUTIVO.exigir(organizacion, actor)
    mes = mes_de(mes)
    fila = selectors.resumen_de_ejecutivo(organizacion=organizacion, ejecutivo=actor, mes=mes)
    with transaction.atomic():
        informe, _ = InformeEjecutivo.objects.select_for_update().update_or_create(
            ejecutivo=actor,
            mes=mes,
            defaults={
                "organizacion": organizacion,
                "captaciones": fila.captaciones,
                "ventas_cartera": fila.ventas_cartera,
                "meta_captaciones": fila.meta_captaciones,
                "meta_ventas_cartera": fila.meta_ventas_cartera,
                "facturacion_nueva": fila.facturacion_nueva,
                "meta_facturacion": fila.meta_facturacion,
                "interacciones": fila.interacciones,
                "comentario": comentario,
                "emitido_en": timezone.now(),
                "analizado_por": None,
                "analizado_en": None,
                "analisis": "",
            },
        )
        registrar_evento(
            "informe_ejecutivo.emitir",
            actor,
            informe,
            {"mes": mes.isoformat(), "captaciones": fila.captaciones, "ventas_cartera": fila.ventas_cartera},
        )
        documento = informes_pdf.emitir_informe_ejecutivo(actor=actor, informe=informe)
        notificar(
            destinatarios=usuarios_con_rol(organizacion, "responsable_empresas"),
            titulo=f"Informe mensual {mes:%m/%Y} de {actor}",
            cuerpo=(
                f"Clientes nuevos: {fila.captaciones} de {fila.meta_captaciones}. "
                f"Ventas de cartera: {fila.ventas_cartera} de {fila.meta_ventas_cartera}."
            ),
            enlace=reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk]),
            clave=f"empresas-informe-ejecutivo-{informe.pk}-v{documento.version}",
            adjuntos=documentos.adjuntos_para_correo(documento),
        )
    return informe


def informe_ejecutivo_analizar(*, actor, informe, analisis):
    """Step 16 (A) / 12 (B): the Responsable analyses the report with the ejecutivo (once).

    Raises AccionRechazada (ANALIZAR_INFORME: not the Responsable, or already analysed).
    """
    with transaction.atomic():
        informe = InformeEjecutivo.objects.select_for_update().get(pk=informe.pk)
        ANALIZAR_INFORME.exigir(informe, actor)
        informe.analizado_por = actor
        informe.analizado_en = timezone.now()
        informe.analisis = analisis
        informe.save(update_fields=["analizado_por", "analizado_en", "analisis"])
        registrar_evento("informe_ejecutivo.analizar", actor, informe, {"mes": informe.mes.isoformat()})
        notificar(
            destinatarios=[informe.ejecutivo],
            titulo=f"Su informe de {informe.mes:%m/%Y} fue analizado",
            cuerpo=analisis,
            enlace=reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk]),
            por_correo=False,
        )
    return informe


def informe_responsable_emitir(*, actor, organizacion, mes, analisis):
    """Step 17 (A) / 13 (B): the Responsable's monthly report to Div. Gestión Integral Territorios.

    Computes billing from sales first (imported rows kept), freezes the indicator and the PDF (an issued
    document), and emails the Division with the PDF attached. One report per month, of a closed month
    (raises ErrorEmpresas INFORME_RESPONSABLE_EXISTE / INFORME_MES_EN_CURSO).
    Raises AccionRechazada (EMITIR_INFORME_RESPONSABLE).
    """
    EMITIR_INFORME_RESPONSABLE.exigir(organizacion, actor)
    mes = mes_de(mes)
    if en_curso(mes, organizacion):
        raise ErrorEmpresas(INFORME_MES_EN_CURSO.format(mes=f"{mes:%m/%Y}"))
    if InformeResponsable.objects.filter(organizacion=organizacion, mes=mes).exists():
        raise ErrorEmpresas(INFORME_RESPONSABLE_EXISTE.format(mes=f"{mes:%m/%Y}"))
    with transaction.atomic():
        facturacion_calcular(actor=actor, organizacion=organizacion, mes=mes)
        facturacion_calcular(actor=actor, organizacion=organizacion, mes=mes_anterior(mes))
        resultado = selectors.indicador_del_mes(organizacion=organizacion, mes=mes)
        totales = selectors.totales_del_mes(organizacion=organizacion, mes=mes)
        informe = InformeResponsable.objects.create(
            organizacion=organizacion,
            mes=mes,
            facturacion_mes=resultado.actual,
            facturacion_anterior=resultado.anterior,
            variacion_pct=resultado.variacion_redondeada,
            banda=resultado.banda,
            captaciones=totales["captaciones"],
            ventas_cartera=totales["ventas_cartera"],
            analisis=analisis,
            emitido_por=actor,
            emitido_en=timezone.now(),
        )
        registrar_evento(
            "informe_responsable.emitir",
            actor,
            informe,
            {
                "mes": mes.isoformat(),
                "facturacion_mes": str(resultado.actual),
                "facturacion_anterior": str(resultado.anterior),
                "variacion_pct": None if resultado.variacion is None else str(resultado.variacion_redondeada),
                "banda": resultado.banda,
                "umbrales": [str(u) for u in indicador.umbrales()],
            },
        )
        documento = informes_pdf.emitir_informe_responsable(actor=actor, informe=informe)
        variacion = "—" if resultado.variacion is None else f"{resultado.variacion_redondeada} %".replace(".", ",")
        notificar(
            destinatarios=usuarios_con_rol(organizacion, "gestion_territorios"),
            titulo=f"Informe mensual Ventas Equipo Empresas {mes:%m/%Y}",
            cuerpo=(
                f"Variación de la facturación: {variacion} ({resultado.etiqueta}). "
                f"Clientes nuevos: {totales['captaciones']}; ventas de cartera: {totales['ventas_cartera']}. "
                "El informe en PDF va adjunto y está en el enlace."
            ),
            enlace=reverse("comercial:empresas:informe_responsable_pdf", args=[informe.pk]),
            clave=f"empresas-informe-responsable-{informe.pk}",
            adjuntos=documentos.adjuntos_para_correo(documento),
        )
    return informe
