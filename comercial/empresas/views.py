"""Thin views: scoped selector → form → service → message → redirect."""

from calendar import monthrange
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from comercial.empresas import forms, indicador, selectors, services
from comercial.empresas.models import (
    DocumentoVenta,
    Estado,
    Flujo,
    LineaVenta,
    OrdenTrabajo,
    Venta,
)
from comercial.empresas.services import ErrorEmpresas
from enlace import graficas, roles
from enlace.acceso import modulo_requerido, rol_requerido
from enlace.archivos import servir_archivo
from enlace.paginacion import paginar_sin_total
from enlace.pdf import respuesta_pdf

POR_PAGINA = 25
RESPONSABLE = ("responsable_empresas",)
SUPERVISORES = ("responsable_empresas", "gestion_territorios")
modulo = modulo_requerido("comercial:empresas:inicio")


def _org(request):
    return request.user.organizacion


def _errores(form):
    partes = []
    for campo, errores in form.errors.items():
        etiqueta = form.fields[campo].label if campo in form.fields else ""
        partes.append(f"{etiqueta}: {' '.join(errores)}" if etiqueta else " ".join(errores))
    return " ".join(partes)


def _mes(request, campo="mes"):
    form = forms.MesForm({"mes": request.GET.get(campo) or ""})
    if form.is_valid() and form.cleaned_data["mes"]:
        return form.cleaned_data["mes"].replace(day=1)
    return selectors.mes_actual()


def _codigo(user):
    rol = roles.rol_de(user)
    return rol.codigo if rol else ("admin" if user.is_superuser else "")


# --- Landing ----------------------------------------------------------------------------------


@modulo
def inicio(request):
    por_estado = dict(selectors.ventas_visibles(request.user).order_by().values_list("estado").annotate(n=Count("pk")))
    resumen = [(Estado(e).label, n) for e, n in sorted(por_estado.items(), key=lambda x: Estado.values.index(x[0]))]
    return render(
        request,
        "comercial/empresas/inicio.html",
        {"resumen": resumen, "codigo_rol": _codigo(request.user), "total": sum(por_estado.values())},
    )


# --- Empresas and cartera ---------------------------------------------------------------------


@modulo
def empresas(request):
    filtro = forms.BuscarEmpresasForm(request.GET or None)
    datos = filtro.cleaned_data if filtro.is_valid() else {}
    qs = selectors.buscar_empresas(
        request.user,
        texto=datos.get("q", ""),
        giro=datos.get("giro", ""),
        situacion=datos.get("situacion", ""),
        sin_ejecutivo=datos.get("sin_ejecutivo", False),
    )
    pagina = paginar_sin_total(qs, request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "comercial/empresas/empresas.html",
        {
            "pagina": pagina,
            "filtro": filtro,
            "puede_registrar": roles.tiene_rol(request.user, "ejecutivo_empresas", "responsable_empresas"),
            "es_responsable": roles.tiene_rol(request.user, *RESPONSABLE) or request.user.is_superuser,
            "tolerancia": settings.EMPRESAS_ASIGNACION_TOLERANCIA,
        },
    )


@rol_requerido("ejecutivo_empresas", "responsable_empresas")
def empresa_nueva(request):
    form = forms.EmpresaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            empresa = services.empresa_registrar(
                actor=request.user, organizacion=_org(request), datos=form.datos(), contacto=form.contacto()
            )
        except ErrorEmpresas as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Empresa registrada: {empresa}.")
            return redirect("comercial:empresas:empresa", empresa.pk)
    return render(request, "comercial/empresas/empresa_form.html", {"form": form})


@modulo
def empresa(request, pk):
    empresa = get_object_or_404(selectors.empresas_visibles(request.user), pk=pk)
    organizacion = empresa.organizacion
    es_duena = empresa.ejecutivo_id == request.user.pk and roles.tiene_rol(request.user, "ejecutivo_empresas")
    return render(
        request,
        "comercial/empresas/empresa.html",
        {
            "empresa": empresa,
            **selectors.detalle_empresa(empresa),
            "es_duena": es_duena,
            "es_responsable": roles.tiene_rol(request.user, *RESPONSABLE) or request.user.is_superuser,
            "form_contacto": forms.ContactoForm(),
            "form_interaccion": forms.InteraccionForm(),
            "form_asignar": forms.AsignarForm(organizacion=organizacion, initial={"ejecutivo": empresa.ejecutivo_id}),
            "form_venta": forms.NuevaVentaForm(
                initial={"flujo": Flujo.CARTERA if empresa.situacion == "cliente" else Flujo.CAPTACION}
            ),
        },
    )


@require_POST
@modulo
def empresa_contacto(request, pk):
    empresa = get_object_or_404(selectors.empresas_visibles(request.user), pk=pk)
    form = forms.ContactoForm(request.POST)
    if form.is_valid():
        services.contacto_agregar(actor=request.user, empresa=empresa, datos=form.cleaned_data)
        messages.success(request, "Contacto agregado.")
    else:
        messages.error(request, f"No se agregó el contacto. {_errores(form)}")
    return redirect("comercial:empresas:empresa", empresa.pk)


@require_POST
@modulo
def empresa_interaccion(request, pk):
    empresa = get_object_or_404(selectors.empresas_visibles(request.user), pk=pk)
    form = forms.InteraccionForm(request.POST)
    if form.is_valid():
        services.interaccion_registrar(
            actor=request.user,
            empresa=empresa,
            canal=form.cleaned_data["canal"],
            resultado=form.cleaned_data["resultado"],
            fecha=form.cleaned_data["fecha"],
        )
        messages.success(request, "Interacción registrada.")
    else:
        messages.error(request, f"No se registró la interacción. {_errores(form)}")
    return redirect("comercial:empresas:empresa", empresa.pk)


@require_POST
@rol_requerido(*RESPONSABLE)
def empresa_asignar(request, pk):
    empresa = get_object_or_404(selectors.empresas_visibles(request.user), pk=pk)
    form = forms.AsignarForm(request.POST, organizacion=empresa.organizacion)
    if form.is_valid():
        try:
            services.empresa_asignar(actor=request.user, empresa=empresa, ejecutivo=form.cleaned_data["ejecutivo"])
        except ErrorEmpresas as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, f"Empresa asignada a {form.cleaned_data['ejecutivo']}.")
    else:
        messages.error(request, f"No se asignó. {_errores(form)}")
    return redirect("comercial:empresas:empresa", empresa.pk)


@require_POST
@rol_requerido(*RESPONSABLE)
def cartera_asignar(request):
    try:
        n = services.cartera_asignar_automatica(
            actor=request.user, organizacion=_org(request), tolerancia=settings.EMPRESAS_ASIGNACION_TOLERANCIA
        )
    except ErrorEmpresas as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, f"Se asignaron {n} empresa(s) según la política de asignación de cartera.")
    return redirect("comercial:empresas:empresas")


@require_POST
@rol_requerido("ejecutivo_empresas")
def venta_nueva(request, pk):
    empresa = get_object_or_404(selectors.empresas_visibles(request.user), pk=pk)
    form = forms.NuevaVentaForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"No se inició la venta. {_errores(form)}")
        return redirect("comercial:empresas:empresa", empresa.pk)
    try:
        venta = services.venta_iniciar(
            actor=request.user,
            empresa=empresa,
            flujo=form.cleaned_data["flujo"],
            informacion=form.cleaned_data["informacion"],
        )
    except ErrorEmpresas as error:
        messages.error(request, error.mensaje)
        return redirect("comercial:empresas:empresa", empresa.pk)
    messages.success(request, f"Venta {venta.codigo} iniciada ({venta.get_flujo_display()}).")
    return redirect("comercial:empresas:venta", venta.pk)


@modulo
def catalogo(request):
    return render(request, "comercial/empresas/catalogo.html", {"productos": selectors.catalogo(_org(request))})


@modulo
def planes(request):
    es_responsable = roles.tiene_rol(request.user, *RESPONSABLE) or request.user.is_superuser
    form = forms.PlanForm(request.POST or None, organizacion=_org(request), initial={"mes": selectors.mes_actual()})
    if request.method == "POST":
        if not es_responsable:
            raise Http404
        if form.is_valid():
            try:
                plan = services.plan_guardar(
                    actor=request.user,
                    organizacion=_org(request),
                    ejecutivo=form.cleaned_data["ejecutivo"],
                    mes=form.cleaned_data["mes"],
                    modalidad=form.cleaned_data["modalidad"],
                    metas=form.metas(),
                    indicaciones=form.cleaned_data["indicaciones"],
                )
            except ErrorEmpresas as error:
                form.add_error(None, error.mensaje)
            else:
                messages.success(request, f"Plan guardado: {plan}.")
                return redirect("comercial:empresas:planes")
    lista = selectors.planes_visibles(request.user).order_by("-mes", "ejecutivo__first_name")[:100]
    return render(
        request, "comercial/empresas/planes.html", {"form": form, "planes": lista, "es_responsable": es_responsable}
    )


# --- Sales ------------------------------------------------------------------------------------


@modulo
def ventas(request):
    estado = request.GET.get("estado", "")
    flujo = request.GET.get("flujo", "")
    estado = estado if estado in Estado.values else ""
    flujo = flujo if flujo in Flujo.values else ""
    qs = selectors.buscar_ventas(request.user, estado=estado, flujo=flujo)
    pagina = paginar_sin_total(qs, request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "comercial/empresas/ventas.html",
        {"pagina": pagina, "estados": Estado.choices, "flujos": Flujo.choices, "estado": estado, "flujo": flujo},
    )


@dataclass(frozen=True)
class Accion:
    clave: str
    titulo: str
    transiciones: tuple
    formulario: type | None
    servicio: object
    boton: str = "Registrar"


ACCIONES = {
    a.clave: a
    for a in (
        Accion(
            "analizar_perfil",
            "Analizar el perfil del cliente por tipo de actividad (paso 3)",
            ("analizar_perfil",),
            forms.PerfilForm,
            lambda u, v, d: services.venta_analizar_perfil(actor=u, venta=v, **d),
        ),
        Accion(
            "plantear_proyecto",
            "Identificar necesidades y plantear el proyecto de venta (paso 4)",
            ("plantear_proyecto",),
            forms.NecesidadesForm,
            lambda u, v, d: services.venta_plantear_proyecto(actor=u, venta=v, **d),
        ),
        Accion(
            "analizar_cartera",
            "Analizar el cliente de cartera y sus nuevas necesidades (paso 2)",
            ("analizar_cartera",),
            forms.CarteraForm,
            lambda u, v, d: services.venta_analizar_cartera(actor=u, venta=v, **d),
            "Guardar análisis",
        ),
        Accion(
            "presentar_vobo",
            "Presentar al Encargado y solicitar el Vo.Bo. (paso 4.1)",
            ("presentar_vobo",),
            None,
            lambda u, v, d: services.venta_presentar_vobo(actor=u, venta=v),
            "Solicitar Vo.Bo.",
        ),
        Accion(
            "aprobar_vobo",
            "Dar el Vo.Bo.",
            ("aprobar_vobo",),
            forms.ObservacionesForm,
            lambda u, v, d: services.venta_aprobar_vobo(actor=u, venta=v, **d),
            "Dar Vo.Bo.",
        ),
        Accion(
            "devolver_vobo",
            "Devolver con observaciones",
            ("devolver_vobo",),
            forms.DevolverForm,
            lambda u, v, d: services.venta_devolver_vobo(actor=u, venta=v, **d),
            "Devolver",
        ),
        Accion(
            "verificar_factibilidad",
            "Verificar en el GIS la factibilidad técnica y los requisitos (paso 5)",
            ("confirmar_factibilidad", "marcar_no_factible"),
            forms.FactibilidadForm,
            lambda u, v, d: services.venta_verificar_factibilidad(actor=u, venta=v, **d)[0],
            "Consultar GIS",
        ),
        Accion(
            "reformular",
            "Reformular el proyecto de venta",
            ("reformular",),
            None,
            lambda u, v, d: services.venta_reformular(actor=u, venta=v),
            "Reformular",
        ),
        Accion(
            "programar_visita",
            "Coordinar la visita: Cronograma de Visitas (paso 6)",
            ("programar_visita",),
            forms.VisitaForm,
            lambda u, v, d: services.visita_programar(actor=u, venta=v, **d),
            "Programar visita",
        ),
        Accion(
            "registrar_visita",
            "Registrar la visita: asesoramiento, información y requisitos (paso 6)",
            ("registrar_visita",),
            forms.ResultadoForm,
            lambda u, v, d: services.venta_registrar_visita(actor=u, venta=v, **d),
        ),
        Accion(
            "enviar_oferta",
            "Enviar la oferta comercial (paso 7 · B: paso 3)",
            ("enviar_oferta",),
            forms.OfertaForm,
            lambda u, v, d: services.venta_enviar_oferta(actor=u, venta=v, **d),
            "Enviar oferta",
        ),
        Accion(
            "aceptar",
            "El cliente acepta la oferta",
            ("aceptar",),
            forms.ResultadoOpcionalForm,
            lambda u, v, d: services.venta_aceptar(
                actor=u, venta=v, **({"resultado": d["resultado"]} if d.get("resultado") else {})
            ),
            "Registrar aceptación",
        ),
        Accion(
            "concluir",
            "Registrar la interacción y concluir el procedimiento",
            ("concluir",),
            forms.ConcluirForm,
            lambda u, v, d: services.venta_concluir(actor=u, venta=v, **d),
            "Concluir",
        ),
        Accion(
            "derivar",
            "Derivar para digitación a la Gestora Comercial, con documentación de respaldo (paso 8)",
            ("derivar",),
            forms.GestorComercialForm,
            lambda u, v, d: services.venta_derivar(actor=u, venta=v, **d),
            "Derivar",
        ),
        Accion(
            "verificar_respaldo",
            "Verificar en el GIS la factibilidad técnica y requisitos, para respaldo",
            ("verificar_respaldo", "devolver_sin_factibilidad"),
            forms.RespaldoForm,
            lambda u, v, d: services.venta_verificar_respaldo(actor=u, venta=v, **d)[0],
            "Consultar GIS",
        ),
        Accion(
            "digitar",
            "Digitar en Smartflex e imprimir la Solicitud de Pedido",
            ("digitar",),
            forms.DigitarForm,
            lambda u, v, d: services.venta_digitar(actor=u, venta=v, **d),
            "Registrar digitación",
        ),
        Accion(
            "controlar_digitacion",
            "Control de calidad de la digitación (por otra persona)",
            ("aprobar_digitacion", "observar_digitacion"),
            forms.ControlForm,
            lambda u, v, d: services.venta_controlar_digitacion(actor=u, venta=v, **d),
        ),
        Accion(
            "derivar_tecnico",
            "Derivar a la Gestora Técnico Comercial (órdenes de trabajo)",
            ("derivar_tecnico",),
            forms.GestorTecnicoForm,
            lambda u, v, d: services.venta_derivar_tecnico(actor=u, venta=v, **d),
            "Derivar",
        ),
        Accion(
            "solicitar_orden",
            "Solicitar una orden de trabajo a Gestión de Recursos",
            ("solicitar_ordenes",),
            forms.OrdenForm,
            lambda u, v, d: services.orden_solicitar(actor=u, venta=v, **d),
            "Solicitar",
        ),
        Accion(
            "entregar_documentos",
            "Verificar el cierre de las órdenes y entregar la documentación a la ejecutiva",
            ("entregar_documentos",),
            forms.ResultadoOpcionalForm,
            lambda u, v, d: services.venta_entregar_documentos(actor=u, venta=v, **d),
            "Entregar",
        ),
        Accion(
            "llamada_calidad",
            "Control de calidad: llamar al cliente para verificar el funcionamiento",
            ("confirmar_servicio", "reportar_falla"),
            forms.LlamadaForm,
            lambda u, v, d: services.venta_llamada_calidad(actor=u, venta=v, **d),
        ),
    )
}


def _acciones_para(venta, user):
    """Actions whose transition starts at the current state and the user's role may run (guards are
    checked by the service, which says why it refuses)."""
    campo = Venta._meta.get_field("estado")
    permitidas = set()
    for nombre in {t.name for t in campo.get_all_transitions(Venta)}:
        meta = getattr(venta, nombre)._django_fsm
        if meta.has_transition(venta.estado) and meta.has_transition_perm(venta, venta.estado, user):
            permitidas.add(nombre)
    return [a for a in ACCIONES.values() if permitidas.intersection(a.transiciones)]


def _formulario(accion, venta, data=None):
    if accion.formulario is None:
        return None
    if issubclass(accion.formulario, forms._ConOrganizacion):
        return accion.formulario(data, organizacion=venta.organizacion)
    return accion.formulario(data)


@modulo
def venta(request, pk):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    acciones = [(a, _formulario(a, venta)) for a in _acciones_para(venta, request.user)]
    es_duena = venta.ejecutivo_id == request.user.pk
    editable = venta.editable and (es_duena or request.user.is_superuser)
    return render(
        request,
        "comercial/empresas/venta.html",
        {
            "venta": venta,
            **selectors.detalle_venta(venta),
            "acciones": acciones,
            "editable": editable,
            "form_proyecto": forms.ProyectoForm(instance=venta) if editable else None,
            "form_linea": forms.LineaForm(catalogo=selectors.catalogo(venta.organizacion)) if editable else None,
            "form_documento": forms.DocumentoForm(),
            "hoy": timezone.localdate(),
        },
    )


@require_POST
@modulo
def venta_accion(request, pk, accion):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    definicion = ACCIONES.get(accion)
    if definicion is None:
        raise Http404
    form = _formulario(definicion, venta, request.POST)
    if form is not None and not form.is_valid():
        messages.error(request, f"No se registró: {_errores(form)}")
        return redirect("comercial:empresas:venta", venta.pk)
    try:
        definicion.servicio(request.user, venta, form.cleaned_data if form is not None else {})
    except ErrorEmpresas as error:
        messages.error(request, error.mensaje)
    else:
        venta.refresh_from_db()
        if accion in ("verificar_factibilidad", "verificar_respaldo") and venta.estado in (
            Estado.NO_FACTIBLE,
            Estado.DEVUELTA,
        ):
            evidencia = venta.evidencia_ejecutivo if accion == "verificar_factibilidad" else venta.evidencia_gestor
            messages.warning(request, f"Sin factibilidad: {evidencia.get('motivo', '')}")
        else:
            messages.success(request, f"Hecho: {definicion.titulo}. Estado: {venta.get_estado_display()}.")
    return redirect("comercial:empresas:venta", venta.pk)


@require_POST
@modulo
def venta_proyecto(request, pk):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    form = forms.ProyectoForm(request.POST, instance=Venta(organizacion=venta.organizacion))
    if not form.is_valid():
        messages.error(request, f"No se guardó el proyecto. {_errores(form)}")
    else:
        try:
            services.venta_actualizar_proyecto(
                actor=request.user, venta=venta, datos={c: form.cleaned_data[c] for c in form.Meta.fields}
            )
        except ErrorEmpresas as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, "Proyecto de venta actualizado.")
    return redirect("comercial:empresas:venta", venta.pk)


@require_POST
@modulo
def venta_linea(request, pk):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    form = forms.LineaForm(request.POST, catalogo=selectors.catalogo(venta.organizacion))
    if not form.is_valid():
        messages.error(request, f"No se agregó el producto. {_errores(form)}")
    else:
        datos = form.cleaned_data
        try:
            services.linea_agregar(
                actor=request.user,
                venta=venta,
                producto=datos["producto"],
                cantidad=datos["cantidad"],
                descuento_pct=datos["descuento_pct"] or 0,
                promocion=datos["promocion"],
            )
        except ErrorEmpresas as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, f"Agregado: {datos['producto']}.")
    return redirect("comercial:empresas:venta", venta.pk)


@require_POST
@modulo
def venta_linea_quitar(request, pk, linea):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    fila = get_object_or_404(LineaVenta.objects.filter(venta=venta), pk=linea)
    try:
        services.linea_quitar(actor=request.user, linea=fila)
    except ErrorEmpresas as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, "Producto quitado del proyecto.")
    return redirect("comercial:empresas:venta", venta.pk)


@require_POST
@modulo
def venta_documento(request, pk):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    form = forms.DocumentoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"No se adjuntó el documento. {_errores(form)}")
    else:
        try:
            services.documento_subir(
                actor=request.user,
                venta=venta,
                archivo=form.cleaned_data["archivo"],
                descripcion=form.cleaned_data["descripcion"],
            )
        except ErrorEmpresas as error:
            messages.error(request, error.mensaje)
        else:
            messages.success(request, "Documento adjuntado.")
    return redirect("comercial:empresas:venta", venta.pk)


@modulo
def documento(request, pk):
    doc = get_object_or_404(
        DocumentoVenta.objects.filter(venta__in=selectors.ventas_visibles(request.user).values("pk")), pk=pk
    )
    return servir_archivo(doc.archivo)


def _contexto_venta_pdf(venta):
    contacto = venta.empresa.contactos.order_by("-principal", "nombre").first()
    return {
        "venta": venta,
        "empresa": venta.empresa,
        "contacto": contacto,
        "lineas": list(venta.lineas.select_related("producto")),
        "organizacion": "COMTECO R.L.",
        "proceso": "Proceso operativo · Venta Equipo Empresas",
        "version": "1",
    }


@modulo
def oferta_pdf(request, pk):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    if not venta.cantidad_lineas:
        messages.error(request, services.SIN_LINEAS)
        return redirect("comercial:empresas:venta", venta.pk)
    contexto = {**_contexto_venta_pdf(venta), "titulo": "Oferta comercial", "codigo": "GC-PRC-OPE-CUM-07"}
    return respuesta_pdf(
        "comercial/empresas/pdf/oferta.html", contexto, nombre_archivo=f"oferta-{venta.codigo}", request=request
    )


@modulo
def solicitud_pdf(request, pk):
    venta = get_object_or_404(selectors.ventas_visibles(request.user), pk=pk)
    if not venta.digitada_en:
        messages.error(request, "La Solicitud de Pedido se imprime una vez digitada la venta en Smartflex.")
        return redirect("comercial:empresas:venta", venta.pk)
    contexto = {**_contexto_venta_pdf(venta), "titulo": "Solicitud de Pedido", "codigo": "GC-PRC-OPE-CUM-07"}
    return respuesta_pdf(
        "comercial/empresas/pdf/solicitud.html",
        contexto,
        nombre_archivo=f"solicitud-pedido-{venta.numero_smartflex}",
        request=request,
    )


# --- Cronograma de visitas --------------------------------------------------------------------


def _cronograma(request):
    ve_todo = selectors.ve_todo(request.user)
    form = forms.CronogramaForm(request.GET or None, organizacion=_org(request))
    mes = selectors.mes_actual()
    ejecutivo = request.user if not ve_todo else None
    if form.is_valid():
        mes = (form.cleaned_data["mes"] or mes).replace(day=1)
        if ve_todo and form.cleaned_data["ejecutivo"]:
            ejecutivo = form.cleaned_data["ejecutivo"]
    if ejecutivo is None:
        ejecutivo = services.usuarios_con_rol(_org(request), "ejecutivo_empresas").first()
    hasta = mes.replace(day=monthrange(mes.year, mes.month)[1])
    visitas = list(selectors.cronograma(ejecutivo=ejecutivo, desde=mes, hasta=hasta)) if ejecutivo else []
    return form, ejecutivo, mes, visitas, ve_todo


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def cronograma(request):
    form, ejecutivo, mes, visitas, ve_todo = _cronograma(request)
    return render(
        request,
        "comercial/empresas/cronograma.html",
        {"form": form, "ejecutivo": ejecutivo, "mes": mes, "visitas": visitas, "ve_todo": ve_todo},
    )


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def cronograma_pdf(request):
    _, ejecutivo, mes, visitas, _ = _cronograma(request)
    contexto = {
        "ejecutivo": ejecutivo,
        "mes": mes,
        "visitas": visitas,
        "organizacion": "COMTECO R.L.",
        "proceso": "Cronograma de visitas a empresas · Anexo 1",
        "titulo": "Cronograma de visitas a empresas — Venta de servicios",
        "codigo": "GC-PRC-OPE-CUM-07 Anexo 1",
        "version": "1",
        "firmas": False,
    }
    return respuesta_pdf(
        "comercial/empresas/pdf/cronograma.html", contexto, nombre_archivo=f"cronograma-{mes:%Y-%m}", request=request
    )


# --- Work orders -------------------------------------------------------------------------------


@rol_requerido("gestion_recursos", "gestor_tecnico", *SUPERVISORES)
def ordenes(request):
    solo_abiertas = request.GET.get("todas") != "1"
    qs = selectors.ordenes_visibles(request.user)
    if solo_abiertas:
        qs = qs.filter(estado=OrdenTrabajo.EstadoOrden.SOLICITADA)
    pagina = paginar_sin_total(qs.order_by("fecha_compromiso", "id"), request.GET.get("pagina"), POR_PAGINA)
    return render(
        request,
        "comercial/empresas/ordenes.html",
        {
            "pagina": pagina,
            "solo_abiertas": solo_abiertas,
            "hoy": timezone.localdate(),
            "puede_cerrar": roles.tiene_rol(request.user, "gestion_recursos") or request.user.is_superuser,
            "form": forms.CerrarOrdenForm(),
        },
    )


@require_POST
@rol_requerido("gestion_recursos")
def orden_cerrar(request, pk):
    orden = get_object_or_404(selectors.ordenes_visibles(request.user), pk=pk)
    form = forms.CerrarOrdenForm(request.POST)
    form.is_valid()
    try:
        services.orden_cerrar(actor=request.user, orden=orden, observaciones=form.cleaned_data.get("observaciones", ""))
    except ErrorEmpresas as error:
        messages.error(request, error.mensaje)
    else:
        messages.success(request, f"OT-{orden.pk} cerrada.")
    return redirect("comercial:empresas:ordenes")


# --- Reports and indicator --------------------------------------------------------------------


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def informes(request):
    mes = _mes(request)
    organizacion = _org(request)
    ve_todo = selectors.ve_todo(request.user)
    filas = selectors.resumen_mensual(organizacion=organizacion, mes=mes, ejecutivo=None if ve_todo else request.user)
    contexto = {
        "mes": mes,
        "filas": filas,
        "ve_todo": ve_todo,
        "informes_ejecutivo": list(selectors.informes_ejecutivo_visibles(request.user).filter(mes=mes)),
        "form_ejecutivo": forms.InformeEjecutivoForm(initial={"mes": mes}),
        "es_ejecutivo": roles.tiene_rol(request.user, "ejecutivo_empresas"),
        "es_responsable": roles.tiene_rol(request.user, *RESPONSABLE) or request.user.is_superuser,
    }
    if ve_todo:
        contexto.update(
            {
                "indicador": selectors.indicador_del_mes(organizacion=organizacion, mes=mes),
                "informe_responsable": selectors.informes_responsable_visibles(request.user).filter(mes=mes).first(),
                "form_responsable": forms.InformeResponsableForm(initial={"mes": mes}),
            }
        )
    return render(request, "comercial/empresas/informes.html", contexto)


@require_POST
@rol_requerido("ejecutivo_empresas")
def informe_ejecutivo_emitir(request):
    form = forms.InformeEjecutivoForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"No se emitió el informe. {_errores(form)}")
        return redirect("comercial:empresas:informes")
    try:
        informe = services.informe_ejecutivo_emitir(
            actor=request.user, mes=form.cleaned_data["mes"], comentario=form.cleaned_data["comentario"]
        )
    except ErrorEmpresas as error:
        messages.error(request, error.mensaje)
        return redirect("comercial:empresas:informes")
    messages.success(request, "Informe mensual enviado al Responsable Equipo Empresas.")
    return redirect("comercial:empresas:informe_ejecutivo", informe.pk)


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def informe_ejecutivo(request, pk):
    informe = get_object_or_404(selectors.informes_ejecutivo_visibles(request.user), pk=pk)
    form = forms.AnalisisForm(request.POST or None)
    puede_analizar = roles.tiene_rol(request.user, *RESPONSABLE) or request.user.is_superuser
    if request.method == "POST":
        if not puede_analizar:
            raise Http404
        if form.is_valid():
            try:
                services.informe_ejecutivo_analizar(
                    actor=request.user, informe=informe, analisis=form.cleaned_data["analisis"]
                )
            except ErrorEmpresas as error:
                messages.error(request, error.mensaje)
            else:
                messages.success(request, "Análisis registrado.")
            return redirect("comercial:empresas:informe_ejecutivo", informe.pk)
    return render(
        request,
        "comercial/empresas/informe_ejecutivo.html",
        {"informe": informe, "form": form, "puede_analizar": puede_analizar and not informe.analizado_en},
    )


@rol_requerido("ejecutivo_empresas", *SUPERVISORES)
def informe_ejecutivo_pdf(request, pk):
    informe = get_object_or_404(selectors.informes_ejecutivo_visibles(request.user), pk=pk)
    contexto = {
        "informe": informe,
        "organizacion": "COMTECO R.L.",
        "proceso": "Proceso operativo · Venta Equipo Empresas",
        "titulo": "Informe de Ejecutivo Equipo Empresas",
        "codigo": "GC-PRC-OPE-CUM-07",
        "version": "1",
    }
    return respuesta_pdf(
        "comercial/empresas/pdf/informe_ejecutivo.html",
        contexto,
        nombre_archivo=f"informe-ejecutivo-{informe.mes:%Y-%m}",
        request=request,
    )


@require_POST
@rol_requerido(*RESPONSABLE)
def informe_responsable_emitir(request):
    form = forms.InformeResponsableForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"No se emitió el informe. {_errores(form)}")
        return redirect("comercial:empresas:informes")
    mes = form.cleaned_data["mes"]
    try:
        informe = services.informe_responsable_emitir(
            actor=request.user, organizacion=_org(request), mes=mes, analisis=form.cleaned_data["analisis"]
        )
    except ErrorEmpresas as error:
        messages.error(request, error.mensaje)
        return redirect(f"{reverse('comercial:empresas:informes')}?mes={mes:%Y-%m}")
    messages.success(request, "Informe mensual enviado a la Div. Gestión Integral Territorios.")
    return redirect(f"{reverse('comercial:empresas:informes')}?mes={informe.mes:%Y-%m}")


def _contexto_informe_responsable(informe):
    organizacion = informe.organizacion
    serie = selectors.serie_facturacion(organizacion=organizacion, hasta=informe.mes, meses=6)
    resultado = indicador.calcular(informe.facturacion_mes, informe.facturacion_anterior)
    return {
        "informe": informe,
        "indicador": resultado,
        "definicion": indicador.definicion(),
        "filas": selectors.resumen_mensual(organizacion=organizacion, mes=informe.mes),
        "grafica": graficas.barras(
            [(f"{m:%m/%Y}", total) for m, total in serie],
            titulo="Facturación mensual del segmento empresas (Bs.)",
        ),
        "organizacion": "COMTECO R.L.",
        "proceso": "Proceso operativo · Venta Equipo Empresas",
        "titulo": "Informe mensual Resp. Equipo Empresas a Div. Gestión Integral Territorios",
        "codigo": "GC-PRC-OPE-CUM-07",
        "version": "1",
    }


@rol_requerido(*SUPERVISORES)
def informe_responsable_pdf(request, pk):
    informe = get_object_or_404(selectors.informes_responsable_visibles(request.user), pk=pk)
    return respuesta_pdf(
        "comercial/empresas/pdf/informe_responsable.html",
        _contexto_informe_responsable(informe),
        nombre_archivo=f"informe-mensual-empresas-{informe.mes:%Y-%m}",
        request=request,
    )


@lru_cache(maxsize=64)
def _grafica_variacion(puntos):
    """The chart is deterministic for its points (enlace.graficas), so equal months reuse the SVG."""
    return graficas.linea(
        {"Variación (%)": list(puntos)}, titulo="Variación mensual de la facturación (%)", formato_y="{:.0f} %"
    )


@rol_requerido(*SUPERVISORES)
def indicador_view(request):
    mes = _mes(request)
    serie = selectors.serie_facturacion(organizacion=_org(request), hasta=mes, meses=13)
    por_mes = selectors.indicadores_de_serie(serie)
    return render(
        request,
        "comercial/empresas/indicador.html",
        {
            "mes": mes,
            "actual": por_mes[-1][1],
            "por_mes": list(reversed(por_mes)),
            "definicion": indicador.definicion(),
            "grafica": _grafica_variacion(
                tuple((f"{m:%m/%Y}", r.variacion_redondeada if r.variacion is not None else None) for m, r in por_mes)
            ),
        },
    )


@rol_requerido(*RESPONSABLE)
def facturacion(request):
    importar = forms.ImportarFacturacionForm()
    calcular = forms.CalcularFacturacionForm(initial={"mes": selectors.mes_actual()})
    if request.method == "POST":
        if "archivo" in request.FILES or request.POST.get("accion") == "importar":
            importar = forms.ImportarFacturacionForm(request.POST, request.FILES)
            if importar.is_valid():
                try:
                    n = services.facturacion_importar(
                        actor=request.user, organizacion=_org(request), archivo=importar.cleaned_data["archivo"]
                    )
                except ErrorEmpresas as error:
                    messages.error(request, error.mensaje)
                else:
                    messages.success(request, f"Se importaron {n} fila(s) de facturación.")
                    return redirect("comercial:empresas:facturacion")
            else:
                messages.error(request, f"No se importó nada. {_errores(importar)}")
        else:
            calcular = forms.CalcularFacturacionForm(request.POST)
            if calcular.is_valid():
                n = services.facturacion_calcular(
                    actor=request.user, organizacion=_org(request), mes=calcular.cleaned_data["mes"]
                )
                messages.success(request, f"Facturación calculada desde las ventas digitadas: {n} cliente(s).")
                return redirect("comercial:empresas:facturacion")
            messages.error(request, f"No se calculó. {_errores(calcular)}")
    serie = selectors.serie_facturacion(organizacion=_org(request), hasta=selectors.mes_actual(), meses=6)
    return render(
        request,
        "comercial/empresas/facturacion.html",
        {"importar": importar, "calcular": calcular, "serie": list(reversed(serie))},
    )
