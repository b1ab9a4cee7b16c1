from datetime import datetime, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from comercial.crm import formatos, permisos, selectors, services
from comercial.crm.forms import ImportarForm, ValidarActividadForm, ValidarProspectoForm
from comercial.crm.models import Actividad, Prospecto
from enlace import graficas
from enlace.acceso import modulo_requerido, rol_requerido
from enlace.archivos import servir_archivo
from enlace.paginacion import paginar_sin_total
from enlace.selectors import eventos_de

POR_PAGINA = 50


def _hoy(request):
    organizacion = request.user.organizacion
    if organizacion is None:
        return timezone.localdate()
    return services.hoy(organizacion)


def _entero(valor):
    try:
        return int(valor)
    except (TypeError, ValueError):
        return None


def _filtros(request, *, estado=""):
    hoy = _hoy(request)
    try:
        mes = datetime.strptime(request.GET.get("mes", ""), "%Y-%m").date()
    except ValueError:
        mes = hoy.replace(day=1)
    return selectors.Filtros(
        mes=mes,
        marca=_entero(request.GET.get("marca")),
        asesor=_entero(request.GET.get("asesor")),
        estado=request.GET.get("estado", estado),
    )


def _contexto_filtros(request, filtros):
    return {
        "filtros": filtros,
        "marcas": selectors.marcas_visibles(request.user).order_by("nombre"),
        "perfiles": selectors.perfiles_visibles(request.user).order_by("nombre_spiga"),
        "puede_validar": permisos.puede_validar(request.user),
    }


def _volver(request, por_omision):
    siguiente = request.POST.get("siguiente", "")
    if url_has_allowed_host_and_scheme(siguiente, allowed_hosts={request.get_host()}):
        return redirect(siguiente)
    return redirect(por_omision)


@modulo_requerido("comercial:crm:inicio")
def inicio(request):
    user = request.user
    hoy = _hoy(request)
    filtros = selectors.Filtros(mes=hoy.replace(day=1))
    nivel = permisos.alcance(user)
    contexto = {"nivel": nivel, "puede_validar": permisos.puede_validar(user), "hoy": hoy}
    if nivel != "nada":
        semaforo = selectors.semaforo(user, filtros, hoy=hoy)
        contexto.update(
            semaforo=semaforo,
            por_validar=selectors.prospectos_lista(user, selectors.Filtros(mes=filtros.mes, estado="por_validar"))
            .order_by()
            .count(),
            actividades_por_validar=selectors.actividades_visibles(user)
            .filter(validacion=Actividad.Validacion.PENDIENTE)
            .count(),
            ve_indicadores=user.is_superuser or permisos.tiene_rol(user, *permisos.INDICADORES),
            ve_oportunidad=user.is_superuser or permisos.tiene_rol(user, *permisos.OPORTUNIDAD),
        )
    return render(request, "comercial/crm/inicio.html", contexto)


# --- Imports -----------------------------------------------------------------------------------------


@rol_requerido(*permisos.LIDER)
def importar(request):
    errores, mensaje_error = [], ""
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
            except services.ErrorCRM as exc:
                mensaje_error, errores = exc.mensaje, exc.errores
                messages.error(request, exc.mensaje)
            else:
                messages.success(
                    request,
                    f"Importación lista: {importacion.filas} filas, {importacion.nuevas} nuevas, "
                    f"{importacion.actualizadas} actualizadas, {importacion.sin_cambios} sin cambios.",
                )
                destino = "comercial:crm:prospectos" if importacion.tipo == "trafico" else "comercial:crm:actividades"
                return redirect(reverse(destino) + "?estado=por_validar&validacion=pendiente")
    else:
        form = ImportarForm()
    return render(
        request,
        "comercial/crm/importar.html",
        {"form": form, "errores": errores[:1000], "total_errores": len(errores), "mensaje_error": mensaje_error},
        status=422 if errores else 200,
    )


@rol_requerido(*permisos.VEN_TODO)
def importaciones(request):
    pagina = paginar_sin_total(
        selectors.importaciones_visibles(request.user).order_by("-creada", "-id"), request.GET.get("pagina"), POR_PAGINA
    )
    return render(request, "comercial/crm/importaciones.html", {"pagina": pagina})


@rol_requerido(*permisos.VEN_TODO)
def importacion_archivo(request, pk):
    importacion = get_object_or_404(selectors.importaciones_visibles(request.user), pk=pk)
    return servir_archivo(importacion.archivo, nombre=importacion.nombre_archivo)


# --- Activity 01: prospects ----------------------------------------------------------------------------


@rol_requerido(*permisos.TODOS)
def prospectos(request):
    estado_inicial = "por_validar" if permisos.puede_validar(request.user) else ""
    filtros = _filtros(request, estado=estado_inicial)
    pagina = paginar_sin_total(selectors.prospectos_lista(request.user, filtros), request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "comercial/crm/prospectos.html",
        {
            **_contexto_filtros(request, filtros),
            "pagina": pagina,
            "falsos": selectors.falsos_por_asesor(request.user, filtros),
            "estados": [("por_validar", "Por validar o reintentar"), *Prospecto.Estado.choices],
            "form": ValidarProspectoForm(),
        },
    )


@rol_requerido(*permisos.TODOS)
def prospecto(request, pk):
    objeto = get_object_or_404(selectors.prospectos_visibles(request.user).select_related("asesor", "marca"), pk=pk)
    return render(
        request,
        "comercial/crm/prospecto.html",
        {
            "prospecto": objeto,
            "llamadas": objeto.llamadas.select_related("realizada_por"),
            "actividades": objeto.actividades.select_related("asesor").order_by("fecha_programada", "pk"),
            "eventos": eventos_de(objeto),
            "form": ValidarProspectoForm(),
            "puede_validar": permisos.puede_validar(request.user),
        },
    )


@require_POST
@rol_requerido(*permisos.LIDER)
def prospecto_validar(request, pk):
    objeto = get_object_or_404(selectors.prospectos_visibles(request.user), pk=pk)
    form = ValidarProspectoForm(request.POST)
    if not form.is_valid():
        for errores in form.errors.values():
            messages.error(request, f"Prospecto {objeto.id_spiga}: {' '.join(errores)}")
        return _volver(request, "comercial:crm:prospectos")
    try:
        services.prospecto_validar(actor=request.user, prospecto_id=objeto.pk, **form.cleaned_data)
    except services.ErrorCRM as exc:
        messages.error(request, f"Prospecto {objeto.id_spiga}: {exc.mensaje}")
    else:
        messages.success(request, f"Prospecto {objeto.id_spiga} ({objeto.cliente}): llamada registrada.")
    return _volver(request, "comercial:crm:prospectos")


# --- Activity 02: activities, reminders, semáforo, committee ------------------------------------------


@rol_requerido(*permisos.TODOS)
def actividades(request):
    filtros = _filtros(request)
    validacion = request.GET.get("validacion", "pendiente" if permisos.puede_validar(request.user) else "")
    pagina = paginar_sin_total(
        selectors.actividades_lista(request.user, filtros, validacion=validacion),
        request.GET.get("pagina"),
        POR_PAGINA,
    )
    return render(
        request,
        "comercial/crm/actividades.html",
        {
            **_contexto_filtros(request, filtros),
            "pagina": pagina,
            "validacion": validacion,
            "validaciones": Actividad.Validacion.choices,
            "form": ValidarActividadForm(),
        },
    )


@rol_requerido(*permisos.TODOS)
def actividad(request, pk):
    objeto = get_object_or_404(
        selectors.actividades_visibles(request.user).select_related("asesor", "marca", "prospecto", "aviso"), pk=pk
    )
    return render(
        request,
        "comercial/crm/actividad.html",
        {
            "actividad": objeto,
            "eventos": eventos_de(objeto),
            "form": ValidarActividadForm(),
            "puede_validar": permisos.puede_validar(request.user),
        },
    )


@require_POST
@rol_requerido(*permisos.LIDER)
def actividad_validar(request, pk):
    objeto = get_object_or_404(selectors.actividades_visibles(request.user), pk=pk)
    form = ValidarActividadForm(request.POST)
    if not form.is_valid():
        for errores in form.errors.values():
            messages.error(request, f"Actividad {objeto.id_spiga}: {' '.join(errores)}")
        return _volver(request, "comercial:crm:actividades")
    try:
        services.actividad_validar(
            actor=request.user,
            actividad_id=objeto.pk,
            valida=form.cleaned_data["decision"] == "valida",
            motivo=form.cleaned_data["motivo"],
        )
    except services.ErrorCRM as exc:
        messages.error(request, f"Actividad {objeto.id_spiga}: {exc.mensaje}")
    else:
        messages.success(request, f"Actividad {objeto.id_spiga} validada.")
    return _volver(request, "comercial:crm:actividades")


@rol_requerido(*permisos.TODOS)
def avisos(request):
    if request.method == "POST":
        if not permisos.puede_validar(request.user):
            raise Http404
        enviados = services.avisos_enviar(actor=request.user, organizacion=request.user.organizacion)
        if enviados:
            total = sum(a.actividades_count for a in enviados)
            messages.success(request, f"Se enviaron {len(enviados)} correo(s) a asesores con {total} actividades.")
        else:
            messages.info(request, "No hay actividades no válidas pendientes de aviso.")
        return redirect("comercial:crm:avisos")
    pagina = paginar_sin_total(
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
        {"pagina": pagina, "pendientes": pendientes, "puede_validar": permisos.puede_validar(request.user)},
    )


@rol_requerido(*permisos.TODOS)
def semaforo(request):
    filtros = _filtros(request)
    color = request.GET.get("color", "")
    hoy = _hoy(request)
    datos = selectors.semaforo(request.user, filtros, hoy=hoy, color=color)
    pagina = paginar_sin_total(datos.filas, request.GET.get("pagina"), POR_PAGINA)
    pagina.object_list = list(datos.decorar(pagina.object_list))
    return render(
        request,
        "comercial/crm/semaforo.html",
        {
            **_contexto_filtros(request, filtros),
            "semaforo": datos,
            "pagina": pagina,
            "color": color,
            "colores": selectors.COLORES,
            "verde_dias": selectors.settings.CRM_SEMAFORO_VERDE_DIAS,
            "amarillo_dias": selectors.settings.CRM_SEMAFORO_AMARILLO_DIAS,
        },
    )


def _semana(request):
    try:
        dia = datetime.strptime(request.GET.get("semana", ""), "%Y-%m-%d").date()
    except ValueError:
        dia = _hoy(request)
    return selectors.lunes(dia)


@rol_requerido(*permisos.INDICADORES)
def comite(request):
    semana = _semana(request)
    marca = _entero(request.GET.get("marca"))
    filas = selectors.comite(request.user, semana=semana, marca=marca)
    return render(
        request,
        "comercial/crm/comite.html",
        {
            "filas": filas,
            "semana": semana,
            "fin": semana + timedelta(days=6),
            "anterior": semana - timedelta(days=7),
            "siguiente": semana + timedelta(days=7),
            "marcas": selectors.marcas_visibles(request.user).order_by("nombre"),
            "marca": marca,
        },
    )


# --- Activity 03: indicators and quality follow-up ---------------------------------------------------------


@rol_requerido(*permisos.INDICADORES)
def indicadores(request):
    filtros = _filtros(request)
    semana = _semana(request)
    marca = filtros.marca
    mensual = selectors.indicadores(
        request.user, desde=filtros.mes, hasta=selectors.mes_siguiente(filtros.mes), marca=marca
    )
    semanal = selectors.indicadores(request.user, desde=semana, hasta=semana + timedelta(days=7), marca=marca)
    series_p, series_a = selectors.tendencia_mensual(request.user, hasta_mes=filtros.mes)
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
            **_contexto_filtros(request, filtros),
            "mensual": mensual,
            "semanal": semanal,
            "semana": semana,
            "fin_semana": semana + timedelta(days=6),
            "graficas": graficas_,
        },
    )


@rol_requerido(*permisos.OPORTUNIDAD)
def oportunidad(request):
    semana = _semana(request)
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


# --- Forms as documents --------------------------------------------------------------------------------------


@rol_requerido(*permisos.TODOS)
def formato(request, clave, extension):
    if clave not in formatos.FORMATOS:
        raise Http404
    filtros = _filtros(request)
    hoy = _hoy(request)
    if extension == "pdf":
        return formatos.pdf(request, clave, filtros, hoy=hoy)
    return formatos.xlsx(request, clave, filtros, hoy=hoy)
