from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from comercial.crm import filters, formatos, reportes, selectors, services
from comercial.crm import procedimiento as gc_pro_05
from comercial.crm.forms import (
    CumplimientoForm,
    ImportarForm,
    MetaForm,
    PeriodoForm,
    ValidarActividadForm,
    ValidarProspectoForm,
)
from comercial.crm.models import Actividad
from enlace import acciones_pagina, graficas
from enlace.acceso import modulo_requerido
from enlace.acciones_pagina import AccionPagina
from enlace.archivos import servir_archivo
from enlace.errores import ErrorNegocio
from enlace.orden import Ordenamiento
from enlace.paginacion import paginar
from enlace.selectors import eventos_de

POR_PAGINA = 50
MENSAJE_FILA_ENCABEZADOS = (
    "Encabezados leídos en la fila {fila} del archivo (las filas de título de arriba se omitieron)."
)

crm = modulo_requerido("comercial:crm:inicio")  # every role of the procedure


def con_permiso(regla):
    """A page for the users holding a rule of comercial.crm.rules (403 for the others)."""
    return permission_required(regla, raise_exception=True)


# The actions of the prospect and activity pages (and of the rows of their lists).
ACCIONES_PROSPECTO = acciones_pagina.tabla(
    AccionPagina(
        "validar",
        "Llamada de verificación",
        servicio=services.prospecto_validar,
        transiciones=("marcar_valido", "marcar_falso", "marcar_no_contactado"),
        formulario=ValidarProspectoForm,
        boton="Registrar llamada",
        exito=lambda prospecto: f"Prospecto {prospecto.id_spiga} ({prospecto.cliente}): llamada registrada.",
    ),
    argumento="prospecto",
)
ACCIONES_ACTIVIDAD = acciones_pagina.tabla(
    AccionPagina(
        "validar",
        "Validación de la actividad",
        servicio=lambda actor, actividad, decision, motivo: services.actividad_validar(
            actor=actor, actividad=actividad, valida=decision == "valida", motivo=motivo
        ),
        transiciones=("marcar_valida", "marcar_no_valida"),
        formulario=ValidarActividadForm,
        boton="Guardar validación",
        exito=lambda actividad: f"Actividad {actividad.id_spiga} validada.",
    ),
    argumento="actividad",
)


def _hoy(request):
    organizacion = request.user.organizacion
    if organizacion is None:
        return timezone.localdate()
    return services.hoy(organizacion)


def _en_alcance(formulario):
    """``formulario`` (a page's or a download's query string), or a 404 when it names a marca or an asesor
    the user may not see (another organisation's, another gerente's, another asesor's), as for any other
    of their objects. A malformed month or period is shown on the form instead."""
    formulario.is_valid()
    for campo in ("marca", "asesor"):
        if any(error.code == "invalid_choice" for error in formulario.errors.as_data().get(campo, ())):
            raise Http404
    return formulario


def _ofrecida_en(accion, filas, user):
    """The pks of the rows on which ``accion`` is offered to the user (the inline forms of a list)."""
    return {fila.pk for fila in filas if accion.disponible(fila, user)}


@crm
def inicio(request):
    user = request.user
    hoy = _hoy(request)
    nivel = selectors.alcance(user)
    contexto = {"nivel": nivel, "hoy": hoy}
    if nivel != "nada":
        mes = hoy.replace(day=1)
        contexto.update(
            semaforo=selectors.semaforo(selectors.prospectos_semaforo(user).filter(mes=mes), hoy=hoy),
            por_validar=selectors.prospectos_por_validar(user, mes=mes),
            actividades_por_validar=selectors.actividades_visibles(user)
            .filter(validacion=Actividad.Validacion.PENDIENTE)
            .count(),
            puede_importar=services.IMPORTAR_SPIGA.motivo(user.organizacion, user) is None,
            ve_indicadores=user.has_perm("comercial_crm.ver_indicadores"),
            ve_oportunidad=user.has_perm("comercial_crm.ver_oportunidad"),
            kpis=selectors.kpis_inicio(user, hoy=hoy),
        )
    return render(request, "comercial/crm/inicio.html", contexto)


@crm
def procedimiento(request):
    """GC-PRO-05 itself: objective, scope, roles, risks and controls, indicators, activities, annexes, changes."""
    return render(request, "comercial/crm/procedimiento.html", gc_pro_05.contexto())


# --- Imports -----------------------------------------------------------------------------------------


@crm
@con_permiso("comercial_crm.importar_spiga")
def importar(request):
    errores, fila_encabezados = [], None
    # The page offers the upload only when the service would accept it; otherwise it says why.
    motivo = services.IMPORTAR_SPIGA.motivo(request.user.organizacion, request.user)
    if request.method == "POST":
        form = ImportarForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                importacion = services.importacion_registrar(
                    actor=request.user,
                    organizacion=request.user.organizacion,
                    tipo=form.cleaned_data["tipo"],
                    archivo=form.cleaned_data["archivo"],
                )
            except ErrorNegocio as exc:
                form.add_error(None, exc.mensaje)
                errores = getattr(exc, "errores", [])
                fila_encabezados = getattr(exc, "fila_encabezados", None)
            else:
                messages.success(
                    request,
                    f"Importación lista: {importacion.filas} filas, {importacion.nuevas} nuevas, "
                    f"{importacion.actualizadas} actualizadas, {importacion.sin_cambios} sin cambios. "
                    + MENSAJE_FILA_ENCABEZADOS.format(fila=importacion.fila_encabezados),
                )
                destino = "comercial:crm:prospectos" if importacion.tipo == "trafico" else "comercial:crm:actividades"
                return redirect(reverse(destino) + "?estado=por_validar&validacion=pendiente")
    else:
        form = ImportarForm()
    return render(
        request,
        "comercial/crm/importar.html",
        {
            "form": form,
            "motivo": motivo,
            "errores": errores[:1000],
            "total_errores": len(errores),
            "fila_encabezados": fila_encabezados if errores else None,  # file-level errors already name it
        },
    )


@crm
@con_permiso("comercial_crm.ver_importaciones")
def importaciones(request):
    pagina = paginar(
        selectors.importaciones_visibles(request.user).order_by("-creada", "-id"), request.GET.get("pagina"), POR_PAGINA
    )
    return render(request, "comercial/crm/importaciones.html", {"pagina": pagina})


@crm
@con_permiso("comercial_crm.ver_importaciones")
def importacion_archivo(request, pk):
    importacion = get_object_or_404(selectors.importaciones_visibles(request.user), pk=pk)
    return servir_archivo(importacion.archivo, nombre=importacion.nombre_archivo)


# --- Activity 01: prospects ----------------------------------------------------------------------------


ORDEN_PROSPECTOS = Ordenamiento(
    {
        "id": ("id_spiga",),
        "fecha": ("fecha",),
        "cliente": ("cliente",),
        "asesor": ("asesor__first_name", "asesor__last_name"),
        "marca": ("marca__nombre",),
        "estado": ("estado",),
    },
    defecto="fecha",
)


@crm
def prospectos(request):
    user = request.user
    puede_validar = user.has_perm("comercial_crm.validar_prospecto")
    filtro = filters.ProspectosFiltro(
        request.GET,
        usuario=user,
        hoy=_hoy(request),
        queryset=selectors.prospectos_lista(user),
        iniciales={"estado": "por_validar"} if puede_validar else None,  # the Líder's list opens on the pending
    )
    _en_alcance(filtro.form)
    consulta, orden = ORDEN_PROSPECTOS.aplicar(filtro.qs, request.GET)
    pagina = paginar(consulta, request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "comercial/crm/prospectos.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "orden": orden,
            "falsos": selectors.falsos_por_asesor(filtro.sin("estado")),
            "puede_validar": puede_validar,
            "validables": _ofrecida_en(ACCIONES_PROSPECTO["validar"], pagina, user),
        },
    )


def _prospecto(request, pk):
    return get_object_or_404(selectors.prospectos_visibles(request.user).select_related("asesor", "marca"), pk=pk)


def _pagina_prospecto(request, prospecto, enviada=None):
    return render(
        request,
        "comercial/crm/prospecto.html",
        {
            "prospecto": prospecto,
            "llamadas": prospecto.llamadas.select_related("realizada_por"),
            "actividades": prospecto.actividades.select_related("asesor").order_by("fecha_programada", "pk"),
            "eventos": eventos_de(prospecto),
            "acciones": acciones_pagina.ofrecidas(ACCIONES_PROSPECTO, prospecto, request.user, enviada=enviada),
        },
    )


@crm
def prospecto(request, pk):
    return _pagina_prospecto(request, _prospecto(request, pk))


prospecto_accion = crm(
    acciones_pagina.vista_de_acciones(
        ACCIONES_PROSPECTO, obtener=_prospecto, pagina=_pagina_prospecto, ruta="comercial:crm:prospecto"
    )
)


# --- Activity 02: activities, reminders, semáforo, committee ------------------------------------------


@crm
def actividades(request):
    user = request.user
    puede_validar = user.has_perm("comercial_crm.validar_actividad")
    filtro = filters.ActividadesFiltro(
        request.GET,
        usuario=user,
        hoy=_hoy(request),
        queryset=selectors.actividades_lista(user),
        iniciales={"validacion": Actividad.Validacion.PENDIENTE} if puede_validar else None,
    )
    _en_alcance(filtro.form)
    pagina = paginar(filtro.qs, request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "comercial/crm/actividades.html",
        {
            "filtro": filtro,
            "pagina": pagina,
            "puede_validar": puede_validar,
            "validables": _ofrecida_en(ACCIONES_ACTIVIDAD["validar"], pagina, user),
        },
    )


def _actividad(request, pk):
    return get_object_or_404(
        selectors.actividades_visibles(request.user).select_related("asesor", "marca", "prospecto", "aviso"), pk=pk
    )


def _pagina_actividad(request, actividad, enviada=None):
    return render(
        request,
        "comercial/crm/actividad.html",
        {
            "actividad": actividad,
            "eventos": eventos_de(actividad),
            "acciones": acciones_pagina.ofrecidas(ACCIONES_ACTIVIDAD, actividad, request.user, enviada=enviada),
        },
    )


@crm
def actividad(request, pk):
    return _pagina_actividad(request, _actividad(request, pk))


actividad_accion = crm(
    acciones_pagina.vista_de_acciones(
        ACCIONES_ACTIVIDAD, obtener=_actividad, pagina=_pagina_actividad, ruta="comercial:crm:actividad"
    )
)


@crm
def avisos(request):
    if request.method == "POST":
        try:
            enviados = services.avisos_enviar(actor=request.user, organizacion=request.user.organizacion)
        except ErrorNegocio as error:
            messages.error(request, error.mensaje)
        else:
            if enviados:
                total = sum(a.actividades_count for a in enviados)
                messages.success(request, f"Se enviaron {len(enviados)} correo(s) a asesores con {total} actividades.")
            else:
                messages.info(request, "No hay actividades no válidas pendientes de aviso.")
            return redirect("comercial:crm:avisos")
    pagina = paginar(
        selectors.avisos_visibles(request.user).order_by("-enviado_en", "-id"), request.GET.get("pagina"), POR_PAGINA
    )
    pendientes = (
        selectors.actividades_visibles(request.user)
        .filter(validacion=Actividad.Validacion.NO_VALIDA, aviso__isnull=True)
        .count()
    )
    return render(
        request,
        "comercial/crm/avisos.html",
        {
            "pagina": pagina,
            "pendientes": pendientes,
            "puede_enviar_avisos": services.ENVIAR_AVISOS.motivo(request.user.organizacion, request.user) is None,
        },
    )


@crm
def semaforo(request):
    hoy = _hoy(request)
    filtro = filters.SemaforoFiltro(
        request.GET, usuario=request.user, hoy=hoy, queryset=selectors.prospectos_semaforo(request.user)
    )
    _en_alcance(filtro.form)
    datos = selectors.semaforo(filtro.sin("color"), filas=filtro.qs, hoy=hoy)
    pagina = paginar(datos.filas, request.GET.get("pagina"), POR_PAGINA)
    pagina.object_list = list(datos.decorar(pagina.object_list))
    return render(
        request,
        "comercial/crm/semaforo.html",
        {
            "filtro": filtro,
            "semaforo": datos,
            "pagina": pagina,
            "verde_dias": selectors.settings.CRM_SEMAFORO_VERDE_DIAS,
            "amarillo_dias": selectors.settings.CRM_SEMAFORO_AMARILLO_DIAS,
        },
    )


def _comite(request):
    periodo = _en_alcance(PeriodoForm(request.GET, usuario=request.user, hoy=_hoy(request)))
    semana, marca = periodo.lunes, periodo.marca_elegida
    filas = selectors.comite(request.user, semana=semana, marca=marca.pk if marca else None)
    return filas, semana, marca


@crm
@con_permiso("comercial_crm.ver_indicadores")
def comite(request):
    filas, semana, marca = _comite(request)
    consulta = f"semana={semana:%Y-%m-%d}" + (f"&marca={marca.pk}" if marca else "")
    return render(
        request,
        "comercial/crm/comite.html",
        {
            "filas": filas,
            "total": reportes.total_comite(filas),
            "semana": semana,
            "fin": semana + timedelta(days=6),
            "anterior": semana - timedelta(days=7),
            "siguiente": semana + timedelta(days=7),
            "marca": marca.pk if marca else None,
            "consulta": consulta,
        },
    )


@crm
@con_permiso("comercial_crm.ver_indicadores")
def comite_descarga(request, extension):
    filas, semana, marca = _comite(request)
    argumentos = {"filas": filas, "semana": semana, "fin": semana + timedelta(days=6), "marca": marca}
    if extension == "pdf":
        return reportes.comite_pdf(request, **argumentos)
    return reportes.comite_xlsx(**argumentos)


def _cumplimiento(request):
    hoy = _hoy(request)
    form = _en_alcance(CumplimientoForm(request.GET, usuario=request.user, hoy=hoy))
    desde, hasta = form.periodo
    marca = form.marca_elegida
    datos = selectors.cumplimiento(request.user, desde=desde, hasta=hasta, hoy=hoy, marca=marca.pk if marca else None)
    return form, datos, marca


@crm
@con_permiso("comercial_crm.ver_indicadores")
def cumplimiento(request):
    form, datos, marca = _cumplimiento(request)
    consulta = f"desde={datos.desde:%Y-%m-%d}&hasta={datos.hasta:%Y-%m-%d}" + (f"&marca={marca.pk}" if marca else "")
    return render(
        request,
        "comercial/crm/cumplimiento.html",
        {
            "form": form,
            "datos": datos,
            "consulta": consulta,
            "amarillo_dias": selectors.settings.CRM_SEMAFORO_AMARILLO_DIAS,
        },
    )


@crm
@con_permiso("comercial_crm.ver_indicadores")
def cumplimiento_descarga(request, extension):
    _, datos, marca = _cumplimiento(request)
    if extension == "pdf":
        return reportes.cumplimiento_pdf(request, datos=datos, marca=marca)
    return reportes.cumplimiento_xlsx(datos=datos, marca=marca)


# --- Activity 03: indicators and quality follow-up ---------------------------------------------------------


@crm
@con_permiso("comercial_crm.ver_indicadores")
def indicadores(request):
    periodo = _en_alcance(PeriodoForm(request.GET, usuario=request.user, hoy=_hoy(request)))
    mes, semana, marca = periodo.mes_elegido, periodo.lunes, periodo.marca_elegida
    marca = marca.pk if marca else None
    mensual = selectors.indicadores(request.user, desde=mes, hasta=selectors.mes_siguiente(mes), marca=marca)
    semanal = selectors.indicadores(request.user, desde=semana, hasta=semana + timedelta(days=7), marca=marca)
    series_p, series_a = selectors.tendencia_mensual(request.user, hasta_mes=mes)
    graficas_ = [
        graficas.linea(series_p, titulo="Prospectos válidos / meta por mes", eje_y="%", formato_y="{:.0f} %"),
        graficas.linea(series_a, titulo="Actividades válidas / meta por mes", eje_y="%", formato_y="{:.0f} %"),
        graficas.linea(
            selectors.tendencia_semanal(request.user, hasta_semana=semana),
            titulo="Cumplimiento semanal (todas las marcas)",
            eje_y="%",
            formato_y="{:.0f} %",
        ),
    ]
    return render(
        request,
        "comercial/crm/indicadores.html",
        {
            "periodo": periodo,
            "mes": mes,
            "mensual": mensual,
            "semanal": semanal,
            "semana": semana,
            "fin_semana": semana + timedelta(days=6),
            "graficas": graficas_,
        },
    )


@crm
@con_permiso("comercial_crm.ver_oportunidad")
def oportunidad(request):
    semana = _en_alcance(PeriodoForm(request.GET, usuario=request.user, hoy=_hoy(request))).lunes
    zona = request.user.organizacion.zona_horaria if request.user.organizacion else "America/Bogota"
    filas = selectors.oportunidad(request.user, hasta_semana=semana, zona=zona)
    grafica = graficas.linea(
        {
            "Prospectos validados a tiempo": [(f"{f.semana:%d/%m}", f.pct_prospectos) for f in filas],
            "Actividades validadas a tiempo": [(f"{f.semana:%d/%m}", f.pct_actividades) for f in filas],
        },
        titulo="Diligenciamiento oportuno de GC-FOR-06 y GC-FOR-05",
        eje_y="%",
        formato_y="{:.0f} %",
    )
    return render(
        request,
        "comercial/crm/oportunidad.html",
        {
            "filas": filas,
            "grafica": grafica,
            "atrasados": selectors.atrasados(request.user, ahora=timezone.now()),
            "plazo": selectors.settings.CRM_OPORTUNIDAD_DIAS,
        },
    )


@crm
@con_permiso("comercial_crm.ver_oportunidad")
def formatos_periodo(request):
    """Quality's follow-up of the forms: what GC-FOR-05/06/21 hold per month and how much is filled in."""
    mes = _en_alcance(PeriodoForm(request.GET, usuario=request.user, hoy=_hoy(request))).mes_elegido
    return render(
        request,
        "comercial/crm/formatos_periodo.html",
        {"filas": selectors.formatos_por_mes(request.user, hasta_mes=mes)},
    )


# --- Forms as documents --------------------------------------------------------------------------------------


@crm
def formato(request, clave, extension):
    if clave not in formatos.FORMATOS:
        raise Http404
    hoy = _hoy(request)
    filtro = formatos.filtro(clave, request.GET, usuario=request.user, hoy=hoy)
    _en_alcance(filtro.form)
    if extension == "pdf":
        return formatos.pdf(request, clave, filtro, hoy=hoy)
    return formatos.xlsx(request, clave, filtro, hoy=hoy)


# --- Targets per marca and month ---------------------------------------------------------------------------


def _pagina_metas(request, mes, *, invalido=None):
    """The month's targets of the visible marcas, an edit form per marca when the user may set them
    (``invalido``: the refused ``(marca pk, bound form)`` to show with its errors), and the history."""
    user = request.user
    motivo = services.EDITAR_METAS.motivo(user.organizacion, user)
    filas = selectors.metas_del_mes(user, mes=mes)
    if motivo is None:
        for fila in filas:
            if invalido and invalido[0] == fila.marca.pk:
                fila.formulario = invalido[1]
                continue
            inicial = {"mes": mes}
            if fila.meta:
                inicial.update(
                    prospectos_validos=fila.meta.prospectos_validos, actividades_validas=fila.meta.actividades_validas
                )
            fila.formulario = MetaForm(initial=inicial, auto_id=f"id_meta_{fila.marca.pk}_%s")
    return render(
        request,
        "comercial/crm/metas.html",
        {
            "mes": mes,
            "anterior": selectors.meses_atras(mes, 1),
            "siguiente": selectors.mes_siguiente(mes),
            "filas": filas,
            "puede_editar": motivo is None,
            "historial": selectors.historial_metas(user),
        },
        status=400 if invalido else 200,
    )


@crm
@con_permiso("comercial_crm.ver_indicadores")
def metas(request):
    periodo = _en_alcance(PeriodoForm(request.GET, usuario=request.user, hoy=_hoy(request)))
    return _pagina_metas(request, periodo.mes_elegido)


@crm
@con_permiso("comercial_crm.editar_metas")
@require_POST
def meta_guardar(request, pk):
    marca = get_object_or_404(selectors.marcas_visibles(request.user), pk=pk)
    form = MetaForm(request.POST, auto_id=f"id_meta_{marca.pk}_%s")
    if not form.is_valid():
        mes = form.cleaned_data.get("mes") or _hoy(request).replace(day=1)
        return _pagina_metas(request, mes, invalido=(marca.pk, form))
    mes = form.cleaned_data["mes"]
    try:
        services.meta_guardar(
            actor=request.user,
            marca=marca,
            periodo=mes,
            prospectos_validos=form.cleaned_data["prospectos_validos"],
            actividades_validas=form.cleaned_data["actividades_validas"],
        )
    except ErrorNegocio as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, f"Metas de {marca} para {mes:%m/%Y} guardadas.")
    return redirect(reverse("comercial:crm:metas") + f"?mes={mes:%Y-%m}")
