"""Every write of Ventas Equipo Empresas. Each service owns its transaction, locks what it changes,
calls the transition, records the event in the bitácora and writes notifications to the outbox."""

import csv
import io
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_fsm import has_transition_perm

from comercial.empresas import indicador
from comercial.empresas.models import (
    CERO,
    ContactoEmpresa,
    DocumentoVenta,
    Empresa,
    Estado,
    FacturacionMensual,
    Flujo,
    InformeEjecutivo,
    InformeResponsable,
    Interaccion,
    LineaVenta,
    OrdenTrabajo,
    PlanMensual,
    Venta,
    Visita,
    factibilidad_respaldo_ok,
)
from comercial.factibilidad import consultar_factibilidad
from enlace import bitacora, roles
from enlace.archivos import leer_texto_csv, separador_csv, validar_subida
from enlace.errores import ErrorNegocio
from enlace.models import Usuario
from enlace.notificaciones.services import encolar_correo, notificar


class ErrorEmpresas(ErrorNegocio):
    """A business rule refused the action; ``mensaje`` is shown to the user as is."""


# --- Messages (tests reuse them) -----------------------------------------------

SIN_PERMISO = "Su rol no puede realizar «{accion}» sobre esta venta."
NO_PERMITIDA = "No se puede «{accion}» una venta en estado «{estado}»."
SIN_LINEAS = "Agregue al menos un producto o paquete al proyecto de venta antes de continuar."
SIN_DOCUMENTOS = "Adjunte la documentación de respaldo antes de derivar la venta a la Gestora Comercial."
DIGITAR_SIN_FACTIBILIDAD = (
    "No se puede digitar la venta: la Gestora Comercial aún no verificó en el GIS la factibilidad técnica."
)
CONTROL_MISMA_PERSONA = (
    "El control de calidad de la digitación debe hacerlo una persona distinta de quien digitó la venta."
)
ORDENES_ABIERTAS = "Hay {n} orden(es) de trabajo sin cerrar; verifique su cierre antes de entregar la documentación."
SIN_ORDENES = "Solicite al menos una orden de trabajo a Gestión de Recursos."
NO_EDITABLE = "El proyecto de venta solo se modifica mientras está en preparación."
NIT_DUPLICADO = "Ya existe una empresa con el NIT {nit}."
EMPRESA_NO_ES_CLIENTE = "La cartera de clientes (flujo B) es para empresas que ya son clientes."
EMPRESA_AJENA = "La empresa no está en su cartera."
EJECUTIVO_INVALIDO = "Elija un(a) ejecutivo(a) de ventas empresas de la organización."
GESTOR_INVALIDO = "Elija un(a) {rol} de la organización."
SIN_EJECUTIVOS = "No hay ejecutivos de ventas empresas activos para asignar la cartera."
PRODUCTO_INVALIDO = "El producto no está vigente en el catálogo."
ORDEN_CERRADA = "La orden de trabajo ya está cerrada."
FECHA_COMPROMISO_PASADA = "La fecha comprometida no puede ser anterior a hoy."
INFORME_YA_ANALIZADO = "El informe ya fue analizado."
INFORME_RESPONSABLE_EXISTE = "El informe mensual de {mes} ya fue emitido."
CSV_VACIO = "El archivo no tiene filas de datos."
CSV_COLUMNAS = "El archivo debe tener las columnas: nit, mes, monto (faltan: {faltan})."
CSV_FILA = "Fila {fila}: {error}"
CSV_NIT = "no existe una empresa con NIT {nit}."
CSV_MES = "el mes «{mes}» no tiene el formato AAAA-MM."
CSV_MONTO = "el monto «{monto}» no es un número positivo (use punto o coma decimal, sin separador de miles)."
CSV_REPETIDA = "la empresa {nit} ya aparece para {mes} en la fila {otra}."

ETIQUETAS = {
    "analizar_perfil": "analizar el perfil",
    "plantear_proyecto": "plantear el proyecto de venta",
    "presentar_vobo": "presentar al Vo.Bo.",
    "aprobar_vobo": "dar el Vo.Bo.",
    "devolver_vobo": "devolver con observaciones",
    "confirmar_factibilidad": "verificar la factibilidad",
    "marcar_no_factible": "verificar la factibilidad",
    "reformular": "reformular el proyecto",
    "programar_visita": "programar la visita",
    "registrar_visita": "registrar la visita",
    "enviar_oferta": "enviar la oferta comercial",
    "aceptar": "registrar la aceptación",
    "concluir": "concluir el procedimiento",
    "analizar_cartera": "analizar la cartera",
    "derivar": "derivar a la Gestora Comercial",
    "verificar_respaldo": "verificar la factibilidad de respaldo",
    "devolver_sin_factibilidad": "verificar la factibilidad de respaldo",
    "digitar": "digitar",
    "aprobar_digitacion": "controlar la digitación",
    "observar_digitacion": "controlar la digitación",
    "derivar_tecnico": "derivar a la Gestora Técnico Comercial",
    "solicitar_ordenes": "solicitar órdenes de trabajo",
    "entregar_documentos": "entregar la documentación",
    "confirmar_servicio": "registrar la llamada de control de calidad",
    "reportar_falla": "registrar la llamada de control de calidad",
}
GUARDAS = {
    "presentar_vobo": SIN_LINEAS,
    "enviar_oferta": SIN_LINEAS,
    "derivar": SIN_DOCUMENTOS,
    "digitar": DIGITAR_SIN_FACTIBILIDAD,
}


# --- Helpers ---------------------------------------------------------------------


def usuarios_con_rol(organizacion, *codigos):
    return Usuario.objects.filter(organizacion=organizacion, groups__name__in=codigos, is_active=True).order_by("pk")


def _ruta_venta(venta):
    return reverse("comercial:empresas:venta", args=[venta.pk])


def _bloquear(venta):
    return Venta.objects.select_for_update().select_related("empresa", "organizacion").get(pk=venta.pk)


def _transitar(venta, nombre, actor, **kwargs):
    """Run a transition after checking state, guard and permission, each with its Spanish refusal."""
    metodo = getattr(venta, nombre)
    meta = metodo._django_fsm
    accion = ETIQUETAS[nombre]
    if nombre == "digitar" and not factibilidad_respaldo_ok(venta):
        raise ErrorEmpresas(DIGITAR_SIN_FACTIBILIDAD)
    if nombre in ("aprobar_digitacion", "observar_digitacion") and actor.pk == venta.digitada_por_id:
        raise ErrorEmpresas(CONTROL_MISMA_PERSONA)
    if not meta.has_transition(venta.estado):
        raise ErrorEmpresas(NO_PERMITIDA.format(accion=accion, estado=venta.get_estado_display()))
    if not meta.conditions_met(venta, venta.estado):
        raise ErrorEmpresas(GUARDAS.get(nombre, NO_PERMITIDA.format(accion=accion, estado=venta.get_estado_display())))
    if not meta.has_transition_perm(venta, venta.estado, actor):
        raise ErrorEmpresas(SIN_PERMISO.format(accion=accion))
    anterior = venta.estado
    metodo(**kwargs)
    venta.save()
    return anterior


def _evento(tipo, actor, objeto, datos):
    bitacora.registrar(
        tipo=f"empresas.{tipo}", actor=actor, objeto=objeto, organizacion=objeto.organizacion, datos=datos
    )


def _registrar_paso(venta, actor, nombre, anterior, **datos):
    _evento(f"venta.{nombre}", actor, venta, {"de": anterior, "a": venta.estado, "flujo": venta.flujo, **datos})


def _interaccion(*, venta=None, empresa, actor, canal, resultado, fecha=None):
    return Interaccion.objects.create(
        organizacion=empresa.organizacion,
        empresa=empresa,
        venta=venta,
        usuario=actor,
        fecha=fecha or timezone.now(),
        canal=canal,
        resultado=resultado,
    )


def _notificar_venta(venta, destinatarios, titulo, cuerpo, *, clave=""):
    notificar(
        destinatarios=[u for u in destinatarios if u is not None],
        titulo=titulo,
        cuerpo=cuerpo,
        enlace=_ruta_venta(venta),
        clave=clave,
    )


def _ejecutivo_valido(organizacion, usuario):
    if usuario is None or not usuarios_con_rol(organizacion, "ejecutivo_empresas").filter(pk=usuario.pk).exists():
        raise ErrorEmpresas(EJECUTIVO_INVALIDO)


def _con_rol_en(organizacion, usuario, codigo, nombre):
    if usuario is None or not usuarios_con_rol(organizacion, codigo).filter(pk=usuario.pk).exists():
        raise ErrorEmpresas(GESTOR_INVALIDO.format(rol=nombre))


def mes_de(fecha):
    return date(fecha.year, fecha.month, 1)


def mes_anterior(mes):
    return date(mes.year - 1, 12, 1) if mes.month == 1 else date(mes.year, mes.month - 1, 1)


def rango_del_mes(mes, zona=None):
    """[inicio, fin) of a month as aware datetimes in the organisation's time zone."""
    zona = zona or timezone.get_current_timezone()
    siguiente = date(mes.year + 1, 1, 1) if mes.month == 12 else date(mes.year, mes.month + 1, 1)
    return (
        timezone.make_aware(datetime.combine(mes, time.min), zona),
        timezone.make_aware(datetime.combine(siguiente, time.min), zona),
    )


def zona_de(organizacion):
    from zoneinfo import ZoneInfo

    return ZoneInfo(organizacion.zona_horaria or "America/La_Paz")


# --- Empresas, cartera and plans -------------------------------------------------


def empresa_registrar(*, actor, organizacion, datos, contacto=None):
    """Register a company (a prospect). An ejecutivo's own prospects go into their cartera.

    Validates the NIT (raises ErrorEmpresas with the Spanish message); returns the Empresa.
    """
    empresa = Empresa(organizacion=organizacion, **datos)
    if Empresa.objects.filter(organizacion=organizacion, nit=empresa.nit).exists():
        raise ErrorEmpresas(NIT_DUPLICADO.format(nit=empresa.nit))
    try:
        empresa.full_clean(exclude=["ejecutivo"], validate_constraints=False)
    except ValidationError as error:
        raise ErrorEmpresas(" ".join(m for lista in error.message_dict.values() for m in lista)) from error
    if roles.tiene_rol(actor, "ejecutivo_empresas"):
        empresa.ejecutivo = actor
        empresa.asignada_en = timezone.now()
    try:
        with transaction.atomic():
            empresa.save()
            if contacto and contacto.get("nombre"):
                ContactoEmpresa.objects.create(empresa=empresa, principal=True, **contacto)
            _evento(
                "empresa.registrar",
                actor,
                empresa,
                {"nit": empresa.nit, "giro": empresa.giro, "ejecutivo": empresa.ejecutivo_id},
            )
    except IntegrityError as error:
        raise ErrorEmpresas(NIT_DUPLICADO.format(nit=empresa.nit)) from error
    return empresa


def contacto_agregar(*, actor, empresa, datos):
    """Add a contact person to a company; returns it."""
    with transaction.atomic():
        contacto = ContactoEmpresa.objects.create(empresa=empresa, **datos)
        _evento("empresa.contacto", actor, empresa, {"contacto": contacto.nombre})
    return contacto


def empresa_asignar(*, actor, empresa, ejecutivo):
    """The Responsable assigns (or reassigns) a company of the cartera to an ejecutivo."""
    _ejecutivo_valido(empresa.organizacion, ejecutivo)
    with transaction.atomic():
        empresa = Empresa.objects.select_for_update().get(pk=empresa.pk)
        anterior = empresa.ejecutivo_id
        empresa.ejecutivo = ejecutivo
        empresa.asignada_en = timezone.now()
        empresa.save(update_fields=["ejecutivo", "asignada_en"])
        _evento(
            "cartera.asignar",
            actor,
            empresa,
            {"de": anterior, "a": ejecutivo.pk, "politica": "manual"},
        )
        notificar(
            destinatarios=[ejecutivo],
            titulo=f"Empresa asignada a su cartera: {empresa.razon_social}",
            cuerpo=f"El Responsable le asignó {empresa} ({empresa.get_giro_display()}, {empresa.localidad}).",
            enlace=reverse("comercial:empresas:empresa", args=[empresa.pk]),
            por_correo=False,
        )
    return empresa


def cartera_asignar_automatica(*, actor, organizacion, tolerancia):
    """Assign every company without ejecutivo following the assignment policy; returns how many.

    Policy: prefer the ejecutivo who already serves the most companies of the same giro, unless
    their load exceeds the lightest load by more than ``tolerancia``; otherwise the lightest load
    (ties: fewer of that giro, then the lowest id). Raises ErrorEmpresas without ejecutivos.
    """
    ejecutivos = list(usuarios_con_rol(organizacion, "ejecutivo_empresas"))
    if not ejecutivos:
        raise ErrorEmpresas(SIN_EJECUTIVOS)
    with transaction.atomic():
        pendientes = list(
            Empresa.objects.select_for_update()
            .filter(organizacion=organizacion, ejecutivo__isnull=True)
            .order_by("giro", "localidad", "pk")
        )
        if not pendientes:
            return 0
        carga = {e.pk: 0 for e in ejecutivos}
        por_giro = {}
        filas = (
            Empresa.objects.filter(organizacion=organizacion, ejecutivo__in=carga)
            .values("ejecutivo", "giro")
            .annotate(n=Count("pk"))
        )
        for fila in filas:
            carga[fila["ejecutivo"]] += fila["n"]
            por_giro[(fila["ejecutivo"], fila["giro"])] = fila["n"]
        ahora = timezone.now()
        for empresa in pendientes:
            minima = min(carga.values())
            candidatos = [pk for pk in carga if carga[pk] - minima <= tolerancia]
            elegido = min(
                candidatos,
                key=lambda pk: (-por_giro.get((pk, empresa.giro), 0), carga[pk], pk),
            )
            empresa.ejecutivo_id = elegido
            empresa.asignada_en = ahora
            carga[elegido] += 1
            por_giro[(elegido, empresa.giro)] = por_giro.get((elegido, empresa.giro), 0) + 1
        Empresa.objects.bulk_update(pendientes, ["ejecutivo", "asignada_en"], batch_size=1000)
        bitacora.registrar(
            tipo="empresas.cartera.asignar_automatica",
            actor=actor,
            organizacion=organizacion,
            datos={
                "politica": "afinidad por giro con balance de carga",
                "tolerancia": tolerancia,
                "asignadas": len(pendientes),
                "carga_final": {str(k): v for k, v in carga.items()},
            },
        )
        nombres = {e.pk: e for e in ejecutivos}
        recibidas = {}
        for empresa in pendientes:
            recibidas[empresa.ejecutivo_id] = recibidas.get(empresa.ejecutivo_id, 0) + 1
        for pk, n in recibidas.items():
            notificar(
                destinatarios=[nombres[pk]],
                titulo=f"Se asignaron {n} empresa(s) a su cartera",
                cuerpo="Revise su cartera de clientes.",
                enlace=reverse("comercial:empresas:empresas"),
                por_correo=False,
            )
    return len(pendientes)


def plan_guardar(*, actor, organizacion, ejecutivo, mes, modalidad, metas, indicaciones=""):
    """Step 1: create or update an ejecutivo's monthly plan (modalidad and targets); returns it."""
    _ejecutivo_valido(organizacion, ejecutivo)
    mes = mes_de(mes)
    with transaction.atomic():
        plan, creado = PlanMensual.objects.select_for_update().update_or_create(
            ejecutivo=ejecutivo,
            mes=mes,
            modalidad=modalidad,
            defaults={"organizacion": organizacion, "creado_por": actor, "indicaciones": indicaciones, **metas},
        )
        _evento(
            "plan.guardar",
            actor,
            plan,
            {"mes": mes.isoformat(), "modalidad": modalidad, "creado": creado, **{k: str(v) for k, v in metas.items()}},
        )
        notificar(
            destinatarios=[ejecutivo],
            titulo=f"Plan de trabajo de {mes:%m/%Y}: {plan.get_modalidad_display()}",
            cuerpo=indicaciones or "El Responsable registró su plan y metas del mes.",
            enlace=reverse("comercial:empresas:planes"),
            por_correo=False,
        )
    return plan


def interaccion_registrar(*, actor, empresa, canal, resultado, fecha=None, venta=None):
    """Log one contact with the client (any role that can see the company); returns it."""
    with transaction.atomic():
        interaccion = _interaccion(
            venta=venta, empresa=empresa, actor=actor, canal=canal, resultado=resultado, fecha=fecha
        )
        _evento("interaccion.registrar", actor, empresa, {"canal": canal, "venta": venta.pk if venta else None})
    return interaccion


# --- The sale: start, proyecto de venta ------------------------------------------------


def venta_iniciar(*, actor, empresa, flujo, informacion=""):
    """Open a sale: flow A starts gathering information; flow B starts analysing an assigned client.

    Raises ErrorEmpresas when the company is not in the actor's cartera, or flow B on a prospect.
    """
    es_ejecutivo = roles.tiene_rol(actor, "ejecutivo_empresas")
    if not es_ejecutivo or empresa.ejecutivo_id != actor.pk:
        raise ErrorEmpresas(EMPRESA_AJENA)
    if flujo == Flujo.CARTERA and empresa.situacion != Empresa.Situacion.CLIENTE:
        raise ErrorEmpresas(EMPRESA_NO_ES_CLIENTE)
    inicial = Estado.RECOPILACION if flujo == Flujo.CAPTACION else Estado.ANALISIS_CARTERA
    with transaction.atomic():
        venta = Venta.objects.create(
            organizacion=empresa.organizacion,
            empresa=empresa,
            ejecutivo=actor,
            flujo=flujo,
            estado=inicial,
            informacion=informacion,
        )
        _evento("venta.iniciar", actor, venta, {"flujo": flujo, "estado": inicial, "empresa": empresa.nit})
    return venta


def venta_analizar_perfil(*, actor, venta, perfil_actividad):
    """Step 3 (A): profile by type of activity."""
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "analizar_perfil", actor, perfil_actividad=perfil_actividad)
        _registrar_paso(venta, actor, "analizar_perfil", anterior)
    return venta


def venta_plantear_proyecto(*, actor, venta, necesidades):
    """Step 4 (A): needs identified; the proyecto de venta is open for lines."""
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "plantear_proyecto", actor, necesidades=necesidades)
        _registrar_paso(venta, actor, "plantear_proyecto", anterior)
    return venta


def venta_analizar_cartera(*, actor, venta, perfil_actividad, nuevas_necesidades):
    """Step 2 (B): profile and new needs of an assigned client (to extract more value)."""
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(
            venta,
            "analizar_cartera",
            actor,
            perfil_actividad=perfil_actividad,
            nuevas_necesidades=nuevas_necesidades,
        )
        _registrar_paso(venta, actor, "analizar_cartera", anterior)
    return venta


def _exigir_editable(venta, actor):
    if not venta.editable:
        raise ErrorEmpresas(NO_EDITABLE)
    if venta.ejecutivo_id != actor.pk and not actor.is_superuser:
        raise ErrorEmpresas(SIN_PERMISO.format(accion="modificar el proyecto de venta"))


def _recalcular_totales(venta):
    lineas = list(venta.lineas.all())
    venta.cantidad_lineas = len(lineas)
    venta.costo_instalacion_total = sum((linea.instalacion_total for linea in lineas), CERO)
    venta.tarifa_mensual_total = sum((linea.mensual_total for linea in lineas), CERO)
    venta.save(update_fields=["cantidad_lineas", "costo_instalacion_total", "tarifa_mensual_total"])


def venta_actualizar_proyecto(*, actor, venta, datos):
    """Edit the proyecto's promotions, rate policy and technical needs while it is being prepared."""
    with transaction.atomic():
        venta = _bloquear(venta)
        _exigir_editable(venta, actor)
        for campo, valor in datos.items():
            setattr(venta, campo, valor)
        venta.save(update_fields=list(datos))
        _evento("venta.proyecto", actor, venta, {"campos": sorted(datos)})
    return venta


def linea_agregar(*, actor, venta, producto, cantidad=1, descuento_pct=CERO, promocion=""):
    """Add a product or package (rates copied from the catalogue) to the proyecto de venta."""
    if not producto.activo or producto.organizacion_id != venta.organizacion_id:
        raise ErrorEmpresas(PRODUCTO_INVALIDO)
    with transaction.atomic():
        venta = _bloquear(venta)
        _exigir_editable(venta, actor)
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
        _evento(
            "venta.linea_agregar",
            actor,
            venta,
            {"producto": producto.codigo, "cantidad": cantidad, "descuento_pct": str(descuento_pct)},
        )
    return linea


def linea_quitar(*, actor, linea):
    """Remove a line of a proyecto de venta in preparation."""
    with transaction.atomic():
        venta = _bloquear(linea.venta)
        _exigir_editable(venta, actor)
        codigo = linea.producto.codigo
        linea.delete()
        _recalcular_totales(venta)
        _evento("venta.linea_quitar", actor, venta, {"producto": codigo})
    return venta


# --- Vo.Bo. and feasibility ---------------------------------------------------------


def venta_presentar_vobo(*, actor, venta):
    """Step 4.1 (A): present the proyecto to the Encargado; notifies the Responsables."""
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "presentar_vobo", actor)
        _registrar_paso(venta, actor, "presentar_vobo", anterior, tarifa_mensual=str(venta.tarifa_mensual_total))
        _notificar_venta(
            venta,
            usuarios_con_rol(venta.organizacion, "responsable_empresas"),
            f"Vo.Bo. solicitado: {venta.empresa.razon_social}",
            f"{venta.ejecutivo} presenta el proyecto de venta {venta.codigo}.",
        )
    return venta


def venta_aprobar_vobo(*, actor, venta, observaciones=""):
    """The Encargado approves the proyecto de venta."""
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(
            venta, "aprobar_vobo", actor, por=actor, cuando=timezone.now(), observaciones=observaciones
        )
        _registrar_paso(venta, actor, "aprobar_vobo", anterior)
        _notificar_venta(venta, [venta.ejecutivo], f"Vo.Bo. otorgado: {venta.empresa.razon_social}", observaciones)
    return venta


def venta_devolver_vobo(*, actor, venta, observaciones):
    """The Encargado returns the proyecto with comments (required)."""
    if not (observaciones or "").strip():
        raise ErrorEmpresas("Escriba las observaciones para devolver el proyecto de venta.")
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "devolver_vobo", actor, observaciones=observaciones)
        _registrar_paso(venta, actor, "devolver_vobo", anterior, observaciones=observaciones)
        _notificar_venta(
            venta,
            [venta.ejecutivo],
            f"Proyecto devuelto con observaciones: {venta.empresa.razon_social}",
            observaciones,
        )
    return venta


def _consultar(venta):
    lineas = list(venta.lineas.select_related("producto"))
    velocidad = max([venta.velocidad_requerida_mbps, *(linea.producto.velocidad_mbps for linea in lineas)])
    caracteristicas = sorted(
        set(venta.caracteristicas_requeridas or []).union(*(set(linea.producto.caracteristicas) for linea in lineas))
    )
    return consultar_factibilidad(
        organizacion=venta.organizacion,
        localidad=venta.empresa.localidad,
        velocidad_mbps=velocidad,
        caracteristicas=caracteristicas,
    ), {"velocidad_mbps": velocidad, "caracteristicas_pedidas": caracteristicas}


def venta_verificar_factibilidad(*, actor, venta, requisitos_cumplidos, requisitos=""):
    """Step 5–5.1 (A): ask the GIS and check requirements; stores the evidence either way.

    Feasible with requirements → factible; otherwise → no_factible (the ejecutivo reworks or concludes).
    Returns the (venta, Factibilidad).
    """
    with transaction.atomic():
        venta = _bloquear(venta)
        resultado, pedido = _consultar(venta)
        evidencia = {**resultado.como_evidencia(), **pedido, "requisitos_cumplidos": requisitos_cumplidos}
        nombre = "confirmar_factibilidad" if resultado.factible and requisitos_cumplidos else "marcar_no_factible"
        anterior = _transitar(venta, nombre, actor, evidencia=evidencia, requisitos=requisitos)
        _registrar_paso(venta, actor, nombre, anterior, factibilidad=evidencia)
    return venta, resultado


def venta_reformular(*, actor, venta):
    """Not in the seed: after no feasibility the proyecto goes back to preparation (new Vo.Bo.)."""
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "reformular", actor)
        _registrar_paso(venta, actor, "reformular", anterior)
    return venta


# --- Visit and offer --------------------------------------------------------------------


def visita_programar(*, actor, venta, fecha, hora, persona, ubicacion, observaciones=""):
    """Step 6 (A): the visit goes into the Cronograma de Visitas (Anexo 1); returns the Visita."""
    with transaction.atomic():
        venta = _bloquear(venta)
        if venta.estado == Estado.FACTIBLE:
            anterior = _transitar(venta, "programar_visita", actor)
        elif venta.estado == Estado.VISITA_PROGRAMADA and venta.ejecutivo_id == actor.pk:
            anterior = venta.estado  # rescheduling: one more row in the cronograma
        else:
            _transitar(venta, "programar_visita", actor)  # raises the right refusal
        visita = Visita.objects.create(
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
        _registrar_paso(venta, actor, "programar_visita", anterior, fecha=fecha.isoformat(), hora=hora.isoformat())
    return visita


def venta_registrar_visita(*, actor, venta, resultado):
    """Step 6 (A): advice given, commercial information and requirements explained."""
    with transaction.atomic():
        venta = _bloquear(venta)
        ahora = timezone.now()
        anterior = _transitar(venta, "registrar_visita", actor, cuando=ahora)
        Visita.objects.filter(venta=venta, realizada=False).update(realizada=True)
        _interaccion(
            venta=venta, empresa=venta.empresa, actor=actor, canal=Interaccion.Canal.VISITA, resultado=resultado
        )
        _registrar_paso(venta, actor, "registrar_visita", anterior)
    return venta


def venta_enviar_oferta(*, actor, venta, medio, correo=""):
    """Step 7 (A) / 3 (B): the oferta comercial in writing or by email (queued in the outbox).

    Raises ErrorEmpresas when sent by email without an address.
    """
    if medio == Venta.Medio.CORREO and not correo:
        raise ErrorEmpresas("Indique el correo del cliente para enviar la oferta por correo electrónico.")
    with transaction.atomic():
        venta = _bloquear(venta)
        ahora = timezone.now()
        anterior = _transitar(venta, "enviar_oferta", actor, medio=medio, correo=correo, cuando=ahora)
        canal = Interaccion.Canal.CORREO if medio == Venta.Medio.CORREO else Interaccion.Canal.CARTA
        _interaccion(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=canal,
            resultado=f"Oferta comercial {venta.codigo} enviada ({venta.get_medio_oferta_display()}).",
        )
        if medio == Venta.Medio.CORREO:
            contexto = {"venta": venta, "lineas": list(venta.lineas.select_related("producto"))}
            encolar_correo(
                para=correo,
                asunto=f"COMTECO R.L. · Oferta comercial {venta.codigo} para {venta.empresa.razon_social}",
                cuerpo_texto=render_to_string("comercial/empresas/correo/oferta.txt", contexto),
                clave=f"empresas-oferta-{venta.pk}-{ahora:%Y%m%d%H%M%S}",
            )
        _registrar_paso(venta, actor, "enviar_oferta", anterior, medio=medio, correo=correo)
    return venta


def venta_aceptar(*, actor, venta, resultado="El cliente acepta la oferta comercial."):
    """The client accepts the offer (an interaction is logged)."""
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "aceptar", actor, cuando=timezone.now())
        _interaccion(
            venta=venta, empresa=venta.empresa, actor=actor, canal=Interaccion.Canal.LLAMADA, resultado=resultado
        )
        _registrar_paso(venta, actor, "aceptar", anterior)
    return venta


def venta_concluir(*, actor, venta, motivo, canal=Interaccion.Canal.LLAMADA):
    """The client declines (or there is no feasibility): the interaction is logged and the procedure ends."""
    if not (motivo or "").strip():
        raise ErrorEmpresas("Escriba el resultado de la interacción con el cliente para concluir.")
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "concluir", actor, motivo=motivo, cuando=timezone.now())
        _interaccion(venta=venta, empresa=venta.empresa, actor=actor, canal=canal, resultado=motivo)
        _registrar_paso(venta, actor, "concluir", anterior, motivo=motivo)
    return venta


# --- Documents and derivation ---------------------------------------------------------


def documento_subir(*, actor, venta, archivo, descripcion):
    """Attach a supporting document (type and size validated); returns it. Raises ErrorEmpresas."""
    try:
        validar_subida(archivo, tipos=("pdf", "imagen"))
    except ValidationError as error:
        raise ErrorEmpresas(" ".join(error.messages)) from error
    with transaction.atomic():
        venta = _bloquear(venta)
        if venta.estado in (Estado.COMPLETADA, Estado.CONCLUIDA):
            raise ErrorEmpresas("La venta ya terminó; no admite documentos nuevos.")
        documento = DocumentoVenta.objects.create(
            venta=venta, descripcion=descripcion, archivo=archivo, subido_por=actor
        )
        venta.cantidad_documentos = venta.documentos.count()
        venta.save(update_fields=["cantidad_documentos"])
        _evento("venta.documento", actor, venta, {"documento": descripcion, "archivo": documento.archivo.name})
    return documento


def venta_derivar(*, actor, venta, gestor):
    """Step 8–9.1 (A) / 4 (B): derive the accepted sale with its documents to a Gestor(a) Comercial."""
    _con_rol_en(venta.organizacion, gestor, "gestor_comercial", "Gestor(a) Comercial")
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "derivar", actor, gestor=gestor, cuando=timezone.now())
        _registrar_paso(venta, actor, "derivar", anterior, gestor=gestor.pk, documentos=venta.cantidad_documentos)
        _notificar_venta(
            venta,
            [gestor],
            f"Venta para digitar: {venta.empresa.razon_social}",
            f"{venta.ejecutivo} deriva {venta.codigo} con {venta.cantidad_documentos} documento(s) de respaldo.",
        )
    return venta


def venta_verificar_respaldo(*, actor, venta, requisitos_cumplidos):
    """Step 9 (A) / 5 (B): the Gestor(a) Comercial re-checks feasibility for the record.

    Not feasible → the documents go back to the ejecutiva (devuelta). Returns (venta, Factibilidad).
    """
    with transaction.atomic():
        venta = _bloquear(venta)
        resultado, pedido = _consultar(venta)
        evidencia = {**resultado.como_evidencia(), **pedido, "requisitos_cumplidos": requisitos_cumplidos}
        nombre = "verificar_respaldo" if resultado.factible and requisitos_cumplidos else "devolver_sin_factibilidad"
        anterior = _transitar(venta, nombre, actor, evidencia=evidencia)
        _registrar_paso(venta, actor, nombre, anterior, factibilidad=evidencia)
        if nombre == "devolver_sin_factibilidad":
            motivo = resultado.motivo if not resultado.factible else "No cumple con los requisitos."
            _notificar_venta(
                venta,
                [venta.ejecutivo],
                f"Documentación devuelta sin factibilidad: {venta.empresa.razon_social}",
                motivo,
            )
    return venta, resultado


def venta_digitar(*, actor, venta, numero_smartflex):
    """Step 10 (A) / 6 (B): typed into Smartflex; the Solicitud de Pedido can be printed.

    Refused without the gestor's feasibility check (DIGITAR_SIN_FACTIBILIDAD).
    """
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "digitar", actor, numero=numero_smartflex, por=actor, cuando=timezone.now())
        _registrar_paso(venta, actor, "digitar", anterior, numero_smartflex=numero_smartflex)
    return venta


def venta_controlar_digitacion(*, actor, venta, correcta, observaciones=""):
    """Step 11 (A) / 7 (B): quality control of the typing by someone other than who typed it.

    Correct → controlada; with errors → back to verificada to be typed again. Raises CONTROL_MISMA_PERSONA.
    """
    if not correcta and not (observaciones or "").strip():
        raise ErrorEmpresas("Describa los errores de digitación encontrados.")
    with transaction.atomic():
        venta = _bloquear(venta)
        if correcta:
            anterior = _transitar(
                venta, "aprobar_digitacion", actor, por=actor, cuando=timezone.now(), observaciones=observaciones
            )
            nombre = "aprobar_digitacion"
        else:
            digitador = venta.digitada_por
            anterior = _transitar(venta, "observar_digitacion", actor, observaciones=observaciones)
            nombre = "observar_digitacion"
            notificar(
                destinatarios=[digitador] if digitador else [],
                titulo=f"Digitación observada: {venta.codigo}",
                cuerpo=observaciones,
                enlace=_ruta_venta(venta),
                por_correo=False,
            )
        _registrar_paso(venta, actor, nombre, anterior, digitada_por=venta.digitada_por_id, observaciones=observaciones)
    return venta


def venta_derivar_tecnico(*, actor, venta, gestor):
    """Step 12–13.1 (A) / 8 (B): complete documentation to the Gestor(a) Técnico Comercial."""
    _con_rol_en(venta.organizacion, gestor, "gestor_tecnico", "Gestor(a) Técnico Comercial")
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "derivar_tecnico", actor, gestor=gestor)
        _registrar_paso(venta, actor, "derivar_tecnico", anterior, gestor=gestor.pk)
        _notificar_venta(
            venta,
            [gestor],
            f"Órdenes de trabajo por gestionar: {venta.empresa.razon_social}",
            f"Venta {venta.codigo} digitada (Smartflex {venta.numero_smartflex}).",
        )
    return venta


def orden_solicitar(*, actor, venta, descripcion, fecha_compromiso):
    """Step 13 (A) / 9 (B): request a work order from Gestión de Recursos with its due date."""
    if fecha_compromiso < timezone.localdate():
        raise ErrorEmpresas(FECHA_COMPROMISO_PASADA)
    with transaction.atomic():
        venta = _bloquear(venta)
        anterior = _transitar(venta, "solicitar_ordenes", actor)
        orden = OrdenTrabajo.objects.create(
            venta=venta, descripcion=descripcion, fecha_compromiso=fecha_compromiso, solicitada_por=actor
        )
        _registrar_paso(
            venta, actor, "solicitar_ordenes", anterior, orden=orden.pk, fecha_compromiso=fecha_compromiso.isoformat()
        )
        notificar(
            destinatarios=usuarios_con_rol(venta.organizacion, "gestion_recursos"),
            titulo=f"Orden de trabajo OT-{orden.pk}: {venta.empresa.razon_social}",
            cuerpo=f"{descripcion}. Fecha comprometida: {fecha_compromiso:%d/%m/%Y}.",
            enlace=reverse("comercial:empresas:ordenes"),
        )
    return orden


def orden_cerrar(*, actor, orden, observaciones=""):
    """Gestión de Recursos closes a work order; the gestor técnico is told."""
    with transaction.atomic():
        orden = OrdenTrabajo.objects.select_for_update().select_related("venta__organizacion").get(pk=orden.pk)
        if orden.estado != OrdenTrabajo.EstadoOrden.SOLICITADA:
            raise ErrorEmpresas(ORDEN_CERRADA)
        if not has_transition_perm(orden.cerrar, actor):
            raise ErrorEmpresas(SIN_PERMISO.format(accion="cerrar la orden de trabajo"))
        ahora = timezone.now()
        orden.cerrar(por=actor, cuando=ahora, observaciones=observaciones)
        orden.save()
        venta = orden.venta
        _evento(
            "orden.cerrar",
            actor,
            venta,
            {"orden": orden.pk, "vencida": orden.fecha_compromiso < timezone.localdate(ahora)},
        )
        notificar(
            destinatarios=[venta.gestor_tecnico] if venta.gestor_tecnico_id else [],
            titulo=f"OT-{orden.pk} cerrada",
            cuerpo=observaciones or orden.descripcion,
            enlace=_ruta_venta(venta),
            por_correo=False,
        )
    return orden


def venta_entregar_documentos(*, actor, venta, resultado=""):
    """Steps 14.1–14.2 (A) / 9.1–9.2 (B): closing verified, documents back to the ejecutivo.

    Raises ORDENES_ABIERTAS while an order is open. Logs the interaction of the work done.
    """
    with transaction.atomic():
        venta = _bloquear(venta)
        abiertas = venta.ordenes.filter(estado=OrdenTrabajo.EstadoOrden.SOLICITADA).count()
        if venta.estado == Estado.ORDENES and abiertas:
            raise ErrorEmpresas(ORDENES_ABIERTAS.format(n=abiertas))
        if venta.estado == Estado.GESTION_TECNICA:
            raise ErrorEmpresas(SIN_ORDENES)
        anterior = _transitar(venta, "entregar_documentos", actor, cuando=timezone.now())
        _interaccion(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=Interaccion.Canal.SISTEMA,
            resultado=resultado or "Órdenes de trabajo atendidas y cerradas; documentación entregada a la ejecutiva.",
        )
        _registrar_paso(venta, actor, "entregar_documentos", anterior, ordenes=venta.ordenes.count())
        _notificar_venta(
            venta,
            [venta.ejecutivo],
            f"Documentación de vuelta: {venta.empresa.razon_social}",
            "Realice la llamada de control de calidad con el cliente.",
        )
    return venta


def venta_llamada_calidad(*, actor, venta, funciona, observaciones):
    """Step 14 (A) / 10 (B): the QC call. Works → completada (counted in the month; the prospect
    becomes a client). Does not work → back to the gestor técnico for new orders."""
    with transaction.atomic():
        venta = _bloquear(venta)
        ahora = timezone.now()
        nombre = "confirmar_servicio" if funciona else "reportar_falla"
        anterior = _transitar(venta, nombre, actor, cuando=ahora, observaciones=observaciones)
        _interaccion(
            venta=venta,
            empresa=venta.empresa,
            actor=actor,
            canal=Interaccion.Canal.LLAMADA,
            resultado=("Control de calidad: el servicio funciona. " if funciona else "Control de calidad: falla. ")
            + observaciones,
        )
        if funciona and venta.empresa.situacion != Empresa.Situacion.CLIENTE:
            Empresa.objects.filter(pk=venta.empresa_id).update(situacion=Empresa.Situacion.CLIENTE)
        _registrar_paso(venta, actor, nombre, anterior, funciona=funciona)
        if not funciona:
            _notificar_venta(
                venta,
                [venta.gestor_tecnico],
                f"El cliente reporta una falla: {venta.empresa.razon_social}",
                observaciones,
            )
    return venta


# --- Billing -------------------------------------------------------------------------------


def facturacion_calcular(*, actor, organizacion, mes):
    """Billing per client for a month from the digitized sales: monthly rates of every sale typed
    up to the month's end, plus installation costs of the sales typed in that month.

    Rows imported from CSV are kept as they are. Idempotent; returns how many rows were written.
    """
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
    if not monto.is_finite() or monto < 0 or monto != monto.quantize(Decimal("0.01")):
        return None
    return monto


def facturacion_importar(*, actor, organizacion, archivo):
    """Import billing per client and month from a CSV (nit, mes AAAA-MM, monto): all or nothing.

    Raises ErrorEmpresas with a row-by-row Spanish report when any row is wrong (nothing stored).
    Returns how many rows were written (imported rows replace computed ones).
    """
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
    filas = [{(k or "").strip().lower(): (v or "") for k, v in fila.items()} for fila in lector]
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


# --- Reports -------------------------------------------------------------------------------


def informe_ejecutivo_emitir(*, actor, mes, comentario=""):
    """Step 15 (A) / 11 (B): the ejecutivo's monthly report (a snapshot against the targets),
    sent to the Responsables by email. Emitting again for the same month refreshes the figures."""
    from comercial.empresas import selectors

    if not roles.tiene_rol(actor, "ejecutivo_empresas"):
        raise ErrorEmpresas(SIN_PERMISO.format(accion="emitir el informe mensual"))
    organizacion = actor.organizacion
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
        _evento(
            "informe_ejecutivo.emitir",
            actor,
            informe,
            {"mes": mes.isoformat(), "captaciones": fila.captaciones, "ventas_cartera": fila.ventas_cartera},
        )
        notificar(
            destinatarios=usuarios_con_rol(organizacion, "responsable_empresas"),
            titulo=f"Informe mensual {mes:%m/%Y} de {actor}",
            cuerpo=(
                f"Clientes nuevos: {fila.captaciones} de {fila.meta_captaciones}. "
                f"Ventas de cartera: {fila.ventas_cartera} de {fila.meta_ventas_cartera}."
            ),
            enlace=reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk]),
            clave=f"empresas-informe-ejecutivo-{informe.pk}-{informe.emitido_en:%Y%m%d%H%M%S}",
        )
    return informe


def informe_ejecutivo_analizar(*, actor, informe, analisis):
    """Step 16 (A) / 12 (B): the Responsable analyses the report with the ejecutivo."""
    with transaction.atomic():
        informe = InformeEjecutivo.objects.select_for_update().get(pk=informe.pk)
        if informe.analizado_en:
            raise ErrorEmpresas(INFORME_YA_ANALIZADO)
        informe.analizado_por = actor
        informe.analizado_en = timezone.now()
        informe.analisis = analisis
        informe.save(update_fields=["analizado_por", "analizado_en", "analisis"])
        _evento("informe_ejecutivo.analizar", actor, informe, {"mes": informe.mes.isoformat()})
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

    Computes billing from sales first (imported rows kept), freezes the indicator, and emails the
    Division (the PDF is linked). One report per month (raises INFORME_RESPONSABLE_EXISTE).
    """
    from comercial.empresas import selectors

    mes = mes_de(mes)
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
        _evento(
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
        variacion = "—" if resultado.variacion is None else f"{resultado.variacion_redondeada} %".replace(".", ",")
        notificar(
            destinatarios=usuarios_con_rol(organizacion, "gestion_territorios"),
            titulo=f"Informe mensual Ventas Equipo Empresas {mes:%m/%Y}",
            cuerpo=(
                f"Variación de la facturación: {variacion} ({resultado.etiqueta}). "
                f"Clientes nuevos: {totales['captaciones']}; ventas de cartera: {totales['ventas_cartera']}. "
                "El informe en PDF está en el enlace."
            ),
            enlace=reverse("comercial:empresas:informe_responsable_pdf", args=[informe.pk]),
            clave=f"empresas-informe-responsable-{informe.pk}",
        )
    return informe
