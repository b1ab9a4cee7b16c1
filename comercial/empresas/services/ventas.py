"""The ejecutivo's part of a sale: start, proyecto de venta, Vo.Bo., GIS feasibility, visit, offer and its answer.

Every state change is a transition of ``Venta`` run by the one runner (``paso_de_venta``) in the service's
transaction, with the related rows (lines, visits, interactions, the offer's email) written beside it.
Starting a sale and editing its proyecto are not transitions: each is one ``acciones.Escritura`` below,
enforced here and offered by the pages.
"""

from datetime import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from comercial.empresas import documentos as documentos_venta
from comercial.empresas.mensajes import (
    EMPRESA_AJENA,
    EMPRESA_NO_ES_CLIENTE,
    NO_EDITABLE,
    PRODUCTO_INVALIDO,
    SIN_CORREO_OFERTA,
    SIN_OBSERVACIONES_VOBO,
    SIN_PERMISO_PROYECTO,
    SIN_RESULTADO_CONCLUSION,
    VISITA_EN_EL_PASADO,
)
from comercial.empresas.meses import zona_de
from comercial.empresas.models import CERO, Empresa, Estado, Flujo, Interaccion, LineaVenta, Venta, Visita
from comercial.empresas.selectors import usuarios_con_rol
from comercial.empresas.services.comun import (
    ErrorEmpresas,
    aviso_de_venta,
    bloquear_venta,
    consultar_gis,
    interaccion_crear,
    paso_de_venta,
    registrar_evento,
)
from enlace import acciones
from enlace.acciones import condicion
from enlace.documentos import services as documentos
from enlace.historial import actualizar_con_historial
from enlace.notificaciones.services import encolar_correo

ACEPTACION = "El cliente acepta la oferta comercial."

# The ejecutivo(a) whose cartera holds the company opens its sales.
INICIAR_VENTA = acciones.Escritura(permiso="comercial_empresas.iniciar_venta", sin_permiso=EMPRESA_AJENA)


@condicion(NO_EDITABLE)
def proyecto_en_preparacion(venta):
    return venta.editable


# The proyecto's conditions and lines (add, remove) change only while it is being prepared.
EDITAR_PROYECTO = acciones.Escritura(
    permiso="comercial_empresas.editar_proyecto",
    condiciones=(proyecto_en_preparacion,),
    sin_permiso=SIN_PERMISO_PROYECTO,
)


def venta_iniciar(*, actor, empresa, flujo, informacion=""):
    """Open a sale: flow A starts gathering information; flow B starts analysing an assigned client.

    Raises AccionRechazada when the company is not in the actor's cartera (INICIAR_VENTA), ErrorEmpresas
    for flow B on a prospect.
    """
    inicial = Estado.RECOPILACION if flujo == Flujo.CAPTACION else Estado.ANALISIS_CARTERA
    with transaction.atomic():
        empresa = Empresa.objects.select_for_update().get(pk=empresa.pk)
        INICIAR_VENTA.exigir(empresa, actor)
        if flujo == Flujo.CARTERA and empresa.situacion != Empresa.Situacion.CLIENTE:
            raise ErrorEmpresas(EMPRESA_NO_ES_CLIENTE)
        venta = Venta.objects.create(
            organizacion=empresa.organizacion,
            empresa=empresa,
            ejecutivo=actor,
            flujo=flujo,
            estado=inicial,
            informacion=informacion,
        )
        registrar_evento("venta.iniciar", actor, venta, {"flujo": flujo, "estado": inicial, "empresa": empresa.nit})
    return venta


def venta_analizar_perfil(*, actor, venta, perfil_actividad):
    """Step 3 (A): profile by type of activity."""
    with transaction.atomic():
        venta = bloquear_venta(venta)
        return paso_de_venta(venta, "analizar_perfil", actor=actor, argumentos={"perfil_actividad": perfil_actividad})


def venta_plantear_proyecto(*, actor, venta, necesidades):
    """Step 4 (A): needs identified; the proyecto de venta is open for lines."""
    with transaction.atomic():
        venta = bloquear_venta(venta)
        return paso_de_venta(venta, "plantear_proyecto", actor=actor, argumentos={"necesidades": necesidades})


def venta_analizar_cartera(*, actor, venta, perfil_actividad, nuevas_necesidades):
    """Step 2 (B): profile and new needs of an assigned client (to extract more value)."""
    argumentos = {"perfil_actividad": perfil_actividad, "nuevas_necesidades": nuevas_necesidades}
    with transaction.atomic():
        venta = bloquear_venta(venta)
        return paso_de_venta(venta, "analizar_cartera", actor=actor, argumentos=argumentos)


# --- The proyecto de venta while it is prepared ------------------------------------------------------


def _recalcular_totales(venta):
    lineas = list(venta.lineas.all())
    venta.cantidad_lineas = len(lineas)
    venta.costo_instalacion_total = sum((linea.instalacion_total for linea in lineas), CERO)
    venta.tarifa_mensual_total = sum((linea.mensual_total for linea in lineas), CERO)
    venta.save(update_fields=["cantidad_lineas", "costo_instalacion_total", "tarifa_mensual_total"])


def venta_actualizar_proyecto(*, actor, venta, datos):
    """Edit the proyecto's promotions, rate policy and technical needs while it is being prepared.

    Raises AccionRechazada (EDITAR_PROYECTO) outside preparation or for anyone but the sale's ejecutivo.
    """
    with transaction.atomic():
        venta = bloquear_venta(venta)
        EDITAR_PROYECTO.exigir(venta, actor)
        for campo, valor in datos.items():
            setattr(venta, campo, valor)
        venta.save(update_fields=list(datos))
        registrar_evento("venta.proyecto", actor, venta, {"campos": sorted(datos)})
    return venta


def linea_agregar(*, actor, venta, producto, cantidad=1, descuento_pct=CERO, promocion=""):
    """Add a product or package (rates copied from the catalogue) to the proyecto de venta; returns the line.

    Raises AccionRechazada (EDITAR_PROYECTO), or ErrorEmpresas for a product not in the catalogue.
    """
    with transaction.atomic():
        venta = bloquear_venta(venta)
        EDITAR_PROYECTO.exigir(venta, actor)
        if not producto.activo or producto.organizacion_id != venta.organizacion_id:
            raise ErrorEmpresas(PRODUCTO_INVALIDO)
        linea = LineaVenta.objects.create(
            venta=venta,
            producto=producto,
            cantidad=cantidad,
            costo_instalacion=producto.costo_instalacion,
            tarifa_mensual=producto.tarifa_mensual,
            descuento_pct=descuento_pct,
            promocion=promocion,
        )
        _recalcular_totales(venta)
        registrar_evento(
            "venta.linea_agregar",
            actor,
            venta,
            {"producto": producto.codigo, "cantidad": cantidad, "descuento_pct": str(descuento_pct)},
        )
    return linea


def linea_quitar(*, actor, linea):
    """Remove a line of a proyecto de venta in preparation; returns the sale.

    Raises AccionRechazada (EDITAR_PROYECTO).
    """
    with transaction.atomic():
        venta = bloquear_venta(linea.venta)
        EDITAR_PROYECTO.exigir(venta, actor)
        codigo = linea.producto.codigo
        linea.delete()
        _recalcular_totales(venta)
        registrar_evento("venta.linea_quitar", actor, venta, {"producto": codigo})
    return venta


# --- Vo.Bo. and feasibility ------------------------------------------------------------------------


def venta_presentar_vobo(*, actor, venta):
    """Step 4.1 (A): present the proyecto to the Encargado; notifies the Responsables."""
    with transaction.atomic():
        venta = bloquear_venta(venta)
        aviso = aviso_de_venta(
            venta,
            usuarios_con_rol(venta.organizacion, "responsable_empresas"),
            f"Vo.Bo. solicitado: {venta.empresa.razon_social}",
            f"{venta.ejecutivo} presenta el proyecto de venta {venta.codigo}.",
        )
        return paso_de_venta(
            venta, "presentar_vobo", actor=actor, avisos=[aviso], tarifa_mensual=str(venta.tarifa_mensual_total)
        )


def venta_aprobar_vobo(*, actor, venta, observaciones=""):
    """The Encargado approves the proyecto de venta; the ejecutivo is told."""
    with transaction.atomic():
        venta = bloquear_venta(venta)
        aviso = aviso_de_venta(
            venta, [venta.ejecutivo], f"Vo.Bo. otorgado: {venta.empresa.razon_social}", observaciones
        )
        argumentos = {"por": actor, "cuando": timezone.now(), "observaciones": observaciones}
        return paso_de_venta(venta, "aprobar_vobo", actor=actor, argumentos=argumentos, avisos=[aviso])


def venta_devolver_vobo(*, actor, venta, observaciones):
    """The Encargado returns the proyecto with comments (required); the ejecutivo is told."""
    if not (observaciones or "").strip():
        raise ErrorEmpresas(SIN_OBSERVACIONES_VOBO)
    with transaction.atomic():
        venta = bloquear_venta(venta)
        aviso = aviso_de_venta(
            venta,
            [venta.ejecutivo],
            f"Proyecto devuelto con observaciones: {venta.empresa.razon_social}",
            observaciones,
        )
        return paso_de_venta(
            venta,
            "devolver_vobo",
            actor=actor,
            argumentos={"observaciones": observaciones},
            avisos=[aviso],
            observaciones=observaciones,
        )


def venta_verificar_factibilidad(*, actor, venta, requisitos_cumplidos, requisitos=""):
    """Step 5–5.1 (A): ask the GIS and check requirements; stores the evidence either way.

    Feasible with requirements → factible; otherwise → no_factible (the ejecutivo reworks or concludes).
    Returns the (venta, Factibilidad).
    """
    with transaction.atomic():
        venta = bloquear_venta(venta)
        resultado, pedido = consultar_gis(venta)
        evidencia = {**resultado.como_evidencia(), **pedido, "requisitos_cumplidos": requisitos_cumplidos}
        nombre = "confirmar_factibilidad" if resultado.factible and requisitos_cumplidos else "marcar_no_factible"
        argumentos = {"evidencia": evidencia, "requisitos": requisitos}
        venta = paso_de_venta(venta, nombre, actor=actor, argumentos=argumentos, factibilidad=evidencia)
    return venta, resultado


def venta_reformular(*, actor, venta):
    """Not in the seed: after no feasibility the proyecto goes back to preparation (new Vo.Bo.)."""
    with transaction.atomic():
        venta = bloquear_venta(venta)
        return paso_de_venta(venta, "reformular", actor=actor)


# --- Visit and offer -------------------------------------------------------------------------------


def visita_programar(*, actor, venta, fecha, hora, persona, ubicacion, observaciones=""):
    """Step 6 (A): the visit goes into the Cronograma de Visitas (Anexo 1); again to reschedule.

    Returns the Visita. Raises ErrorEmpresas (VISITA_EN_EL_PASADO) for a date and time already past in the
    organisation's time zone; nothing changes then.
    """
    zona = zona_de(venta.organizacion)
    if timezone.make_aware(datetime.combine(fecha, hora), zona) < timezone.now():
        raise ErrorEmpresas(VISITA_EN_EL_PASADO)
    with transaction.atomic():
        venta = bloquear_venta(venta)
        venta = paso_de_venta(venta, "programar_visita", actor=actor, fecha=fecha.isoformat(), hora=hora.isoformat())
        return Visita.objects.create(
            organizacion=venta.organizacion,
            ejecutivo=venta.ejecutivo,
            venta=venta,
            empresa=venta.empresa,
            fecha=fecha,
            hora=hora,
            persona=persona,
            ubicacion=ubicacion,
            observaciones=observaciones,
        )


def venta_registrar_visita(
    *, actor, venta, asesoramiento="", informacion_comercial="", requisitos_explicados="", requisitos=(), resultado=""
):
    """Step 6 (A): the visit's three activities — commercial advice, commercial information, requirements
    explained — and the list of requirements for the paperwork, each stored on its own on the visit."""
    requisitos = [r.strip() for r in requisitos if r and r.strip()]
    with transaction.atomic():
        venta = bloquear_venta(venta)
        venta = paso_de_venta(venta, "registrar_visita", actor=actor, argumentos={"cuando": timezone.now()})
        actualizar_con_historial(
            Visita.objects.filter(venta=venta, realizada=False),
            {
                "realizada": True,
                "asesoramiento": asesoramiento,
                "informacion_comercial": informacion_comercial,
                "requisitos_explicados": requisitos_explicados,
                "requisitos": requisitos,
            },
            razon="Visita registrada",
            usuario=actor,
        )
        partes = [
            resultado,
            asesoramiento and f"Asesoramiento: {asesoramiento}",
            informacion_comercial and f"Información: {informacion_comercial}",
            requisitos_explicados and f"Requisitos explicados: {requisitos_explicados}",
            requisitos and "Requisitos: " + ", ".join(requisitos),
        ]
        interaccion_crear(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=Interaccion.Canal.VISITA,
            resultado=". ".join(p for p in partes if p) or "Visita realizada.",
        )
    return venta


def venta_enviar_oferta(*, actor, venta, medio, correo=""):
    """Step 7 (A) / 3 (B): the oferta comercial in writing or by email (queued in the outbox with the
    offer's PDF attached, frozen as an issued document).

    Raises ErrorEmpresas when sent by email without an address.
    """
    if medio == Venta.Medio.CORREO and not correo:
        raise ErrorEmpresas(SIN_CORREO_OFERTA)
    with transaction.atomic():
        venta = bloquear_venta(venta)
        ahora = timezone.now()
        argumentos = {"medio": medio, "correo": correo, "cuando": ahora}
        venta = paso_de_venta(venta, "enviar_oferta", actor=actor, argumentos=argumentos, medio=medio, correo=correo)
        canal = Interaccion.Canal.CORREO if medio == Venta.Medio.CORREO else Interaccion.Canal.CARTA
        interaccion_crear(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=canal,
            resultado=f"Oferta comercial {venta.codigo} enviada ({venta.get_medio_oferta_display()}).",
        )
        if medio == Venta.Medio.CORREO:
            contexto = {"venta": venta, "lineas": list(venta.lineas.select_related("producto"))}
            documento = documentos_venta.emitir_oferta(actor=actor, venta=venta)
            encolar_correo(
                para=correo,
                asunto=f"COMTECO R.L. · Oferta comercial {venta.codigo} para {venta.empresa.razon_social}",
                cuerpo_texto=render_to_string("comercial/empresas/correo/oferta.txt", contexto),
                clave=f"empresas-oferta-{venta.pk}-{ahora:%Y%m%d%H%M%S}",
                adjuntos=documentos.adjuntos_para_correo(documento),
            )
    return venta


def venta_aceptar(*, actor, venta, resultado=""):
    """The client accepts the offer (an interaction is logged, by default with the standard text)."""
    with transaction.atomic():
        venta = bloquear_venta(venta)
        venta = paso_de_venta(venta, "aceptar", actor=actor, argumentos={"cuando": timezone.now()})
        interaccion_crear(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=Interaccion.Canal.LLAMADA,
            resultado=resultado or ACEPTACION,
        )
    return venta


def venta_concluir(*, actor, venta, motivo, canal=Interaccion.Canal.LLAMADA):
    """The client declines (or there is no feasibility): the interaction is logged and the procedure ends."""
    if not (motivo or "").strip():
        raise ErrorEmpresas(SIN_RESULTADO_CONCLUSION)
    with transaction.atomic():
        venta = bloquear_venta(venta)
        argumentos = {"motivo": motivo, "cuando": timezone.now()}
        venta = paso_de_venta(venta, "concluir", actor=actor, argumentos=argumentos, motivo=motivo)
        interaccion_crear(venta=venta, empresa=venta.empresa, actor=actor, canal=canal, resultado=motivo)
    return venta
