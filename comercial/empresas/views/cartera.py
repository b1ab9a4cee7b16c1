"""Pages of the companies and the cartera: landing, list, company page, catalogue and monthly plans.

Each write is offered exactly when its service's ``acciones.Escritura`` would accept it (``motivo`` is None).
An invalid form, or a refusal of its service, shows the page again with what was typed and the errors.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comercial.empresas import forms, selectors, services
from comercial.empresas.filters import FiltroEmpresas
from comercial.empresas.meses import mes_actual
from comercial.empresas.models import Estado, Flujo
from comercial.empresas.views.comun import POR_PAGINA, RESPONSABLE, modulo, organizacion_de
from enlace import exportar, roles
from enlace.acceso import rol_requerido
from enlace.errores import ErrorNegocio
from enlace.orden import Ordenamiento
from enlace.paginacion import paginar


def _codigo(user):
    rol = roles.rol_de(user)
    return rol.codigo if rol else ("admin" if user.is_superuser else "")


@modulo
def inicio(request):
    por_estado = dict(selectors.ventas_visibles(request.user).order_by().values_list("estado").annotate(n=Count("pk")))
    resumen = [(Estado(e).label, n) for e, n in sorted(por_estado.items(), key=lambda x: Estado.values.index(x[0]))]
    return render(
        request,
        "comercial/empresas/inicio.html",
        {
            "resumen": resumen,
            "codigo_rol": _codigo(request.user),
            "total": sum(por_estado.values()),
            "colas": selectors.colas_de_trabajo(request.user, hoy=timezone.localdate()),
            "kpis": selectors.kpis_inicio(request.user),
            "hoy": timezone.localdate(),
        },
    )


# --- Companies and the cartera --------------------------------------------------------------------


ORDEN_EMPRESAS = Ordenamiento(
    {
        "razon": ("razon_social",),
        "nit": ("nit",),
        "giro": ("giro", "razon_social"),
        "localidad": ("localidad", "razon_social"),
        "situacion": ("situacion", "razon_social"),
        "prioridad": ("prioridad", "razon_social"),
        "ejecutivo": ("ejecutivo__first_name", "ejecutivo__last_name", "razon_social"),
    },
    defecto="razon",
)


def _cartera_filtrada(request, filtros):
    filtro = FiltroEmpresas(filtros, queryset=selectors.empresas_visibles(request.user))
    qs, orden = ORDEN_EMPRESAS.aplicar(filtro.qs, filtros)
    return filtro, orden, qs


def _pagina_empresas(request, *, filtros):
    filtro, orden, qs = _cartera_filtrada(request, filtros)
    por_giro = selectors.conteo_por_giro(filtro.qs)
    # The breakdown by giro already counts the list: a search that matches many companies reads them once.
    pagina = paginar(qs, filtros.get("pagina"), POR_PAGINA, total=sum(n for _, n in por_giro))
    organizacion = organizacion_de(request)
    sin_orden = filtros.copy() if hasattr(filtros, "copy") else dict(filtros)
    sin_orden.pop("pagina", None)
    return render(
        request,
        "comercial/empresas/empresas.html",
        {
            "pagina": pagina,
            "filtro": filtro,
            "orden": orden,
            "consulta": sin_orden.urlencode() if hasattr(sin_orden, "urlencode") else "",
            "por_giro": por_giro,
            "puede_registrar": services.REGISTRAR_EMPRESA.motivo(organizacion, request.user) is None,
            "puede_asignar": services.ASIGNAR_CARTERA.motivo(organizacion, request.user) is None,
            "tolerancia": settings.EMPRESAS_ASIGNACION_TOLERANCIA,
        },
    )


@modulo
def empresas(request):
    return _pagina_empresas(request, filtros=request.GET)


CABECERA_CARTERA = [
    "Razón social",
    "NIT",
    "Giro",
    "Localidad",
    "Situación",
    "Prioridad",
    "Ejecutivo(a)",
    "Teléfono",
    "Correo",
]


@modulo
def empresas_exportar(request, formato):
    """The Cartera de Clientes (the procedure's automatic form) as XLSX or CSV, with the list's filters.

    Every cell goes through ``enlace.exportar`` (formula-safe)."""
    if formato not in ("xlsx", "csv"):
        raise Http404
    _, _, qs = _cartera_filtrada(request, request.GET)
    filas = (
        [
            e.razon_social,
            e.nit,
            e.get_giro_display(),
            e.localidad,
            e.get_situacion_display(),
            e.get_prioridad_display(),
            str(e.ejecutivo) if e.ejecutivo_id else "",
            e.telefono,
            e.correo,
        ]
        for e in qs.iterator(chunk_size=2000)
    )
    nombre = f"cartera-de-clientes-{timezone.localdate():%Y-%m-%d}"
    if formato == "csv":
        return exportar.respuesta_csv(CABECERA_CARTERA, filas, nombre)
    libro = exportar.libro_xlsx()
    hoja = libro.create_sheet("Cartera de clientes")
    exportar.agregar(hoja, CABECERA_CARTERA)
    for fila in filas:
        exportar.agregar(hoja, fila)
    return exportar.respuesta_xlsx(libro, nombre)


@require_POST
@modulo
def empresa_prioridad(request, pk):
    empresa = _empresa_visible(request, pk)
    form = forms.PrioridadForm(request.POST)
    if form.is_valid():
        try:
            empresa = services.empresa_priorizar(
                actor=request.user, empresa=empresa, prioridad=form.cleaned_data["prioridad"]
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Prioridad de la empresa: {empresa.get_prioridad_display()}.")
            return redirect("comercial:empresas:empresa", empresa.pk)
    return _pagina_empresa(request, empresa, form_prioridad=form)


@require_POST
@rol_requerido(*RESPONSABLE)
def cartera_asignar(request):
    try:
        n = services.cartera_asignar_automatica(
            actor=request.user,
            organizacion=organizacion_de(request),
            tolerancia=settings.EMPRESAS_ASIGNACION_TOLERANCIA,
        )
    except ErrorNegocio as error:
        messages.error(request, error.mensaje)
        return _pagina_empresas(request, filtros={})
    messages.success(request, f"Se asignaron {n} empresa(s) según la política de asignación de cartera.")
    return redirect("comercial:empresas:empresas")


@rol_requerido("ejecutivo_empresas", "responsable_empresas")
def empresa_nueva(request):
    form = forms.EmpresaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            empresa = services.empresa_registrar(
                actor=request.user, organizacion=organizacion_de(request), datos=form.datos(), contacto=form.contacto()
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Empresa registrada: {empresa}.")
            return redirect("comercial:empresas:empresa", empresa.pk)
    return render(request, "comercial/empresas/empresa_form.html", {"form": form})


def _pagina_empresa(request, empresa, **enviados):
    """The company page; ``enviados`` are bound forms shown again with what was typed and their errors."""
    formularios = {
        "form_contacto": forms.ContactoForm(),
        "form_interaccion": forms.InteraccionForm(),
        "form_prioridad": forms.PrioridadForm(initial={"prioridad": empresa.prioridad}),
        "form_asignar": forms.AsignarForm(
            organizacion=empresa.organizacion, initial={"ejecutivo": empresa.ejecutivo_id}
        ),
        "form_venta": forms.NuevaVentaForm(
            initial={"flujo": Flujo.CARTERA if empresa.situacion == "cliente" else Flujo.CAPTACION}
        ),
        **enviados,
    }
    return render(
        request,
        "comercial/empresas/empresa.html",
        {
            "empresa": empresa,
            **selectors.detalle_empresa(empresa),
            "puede_agregar_contacto": services.AGREGAR_CONTACTO.motivo(empresa, request.user) is None,
            "puede_registrar_interaccion": services.REGISTRAR_INTERACCION.motivo(empresa, request.user) is None,
            "puede_iniciar_venta": services.INICIAR_VENTA.motivo(empresa, request.user) is None,
            "puede_asignar": services.ASIGNAR_CARTERA.motivo(empresa, request.user) is None,
            "puede_priorizar": services.PRIORIZAR_EMPRESA.motivo(empresa, request.user) is None,
            **formularios,
        },
    )


def _empresa_visible(request, pk):
    return get_object_or_404(selectors.empresas_visibles(request.user), pk=pk)


@modulo
def empresa(request, pk):
    return _pagina_empresa(request, _empresa_visible(request, pk))


@require_POST
@modulo
def empresa_contacto(request, pk):
    empresa = _empresa_visible(request, pk)
    form = forms.ContactoForm(request.POST)
    if form.is_valid():
        try:
            services.contacto_agregar(actor=request.user, empresa=empresa, datos=form.cleaned_data)
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, "Contacto agregado.")
            return redirect("comercial:empresas:empresa", empresa.pk)
    return _pagina_empresa(request, empresa, form_contacto=form)


@require_POST
@modulo
def empresa_interaccion(request, pk):
    empresa = _empresa_visible(request, pk)
    form = forms.InteraccionForm(request.POST)
    if form.is_valid():
        try:
            services.interaccion_registrar(
                actor=request.user,
                empresa=empresa,
                canal=form.cleaned_data["canal"],
                resultado=form.cleaned_data["resultado"],
                fecha=form.cleaned_data["fecha"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, "Interacción registrada.")
            return redirect("comercial:empresas:empresa", empresa.pk)
    return _pagina_empresa(request, empresa, form_interaccion=form)


@require_POST
@rol_requerido(*RESPONSABLE)
def empresa_asignar(request, pk):
    empresa = _empresa_visible(request, pk)
    form = forms.AsignarForm(request.POST, organizacion=empresa.organizacion)
    if form.is_valid():
        try:
            services.empresa_asignar(actor=request.user, empresa=empresa, ejecutivo=form.cleaned_data["ejecutivo"])
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Empresa asignada a {form.cleaned_data['ejecutivo']}.")
            return redirect("comercial:empresas:empresa", empresa.pk)
    return _pagina_empresa(request, empresa, form_asignar=form)


@require_POST
@rol_requerido("ejecutivo_empresas")
def venta_nueva(request, pk):
    empresa = _empresa_visible(request, pk)
    form = forms.NuevaVentaForm(request.POST)
    if form.is_valid():
        try:
            venta = services.venta_iniciar(
                actor=request.user,
                empresa=empresa,
                flujo=form.cleaned_data["flujo"],
                informacion=form.cleaned_data["informacion"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Venta {venta.codigo} iniciada ({venta.get_flujo_display()}).")
            return redirect("comercial:empresas:venta", venta.pk)
    return _pagina_empresa(request, empresa, form_venta=form)


# --- Catalogue and monthly plans -------------------------------------------------------------------


@modulo
def catalogo(request):
    return render(
        request, "comercial/empresas/catalogo.html", {"productos": selectors.catalogo(organizacion_de(request))}
    )


@modulo
def planes(request):
    organizacion = organizacion_de(request)
    form = forms.PlanForm(request.POST or None, organizacion=organizacion, initial={"mes": mes_actual()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_guardar(
                actor=request.user,
                organizacion=organizacion,
                ejecutivo=form.cleaned_data["ejecutivo"],
                mes=form.cleaned_data["mes"],
                modalidad=form.cleaned_data["modalidad"],
                metas=form.metas(),
                indicaciones=form.cleaned_data["indicaciones"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Plan guardado: {plan}.")
            return redirect("comercial:empresas:planes")
    lista = selectors.planes_visibles(request.user).order_by("-mes", "ejecutivo__first_name")[:100]
    return render(
        request,
        "comercial/empresas/planes.html",
        {
            "form": form,
            "planes": lista,
            "puede_planificar": services.PLANIFICAR.motivo(organizacion, request.user) is None,
        },
    )
