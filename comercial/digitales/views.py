"""Views of Ventas Digitales: thin (selector → form → service → message → redirect, or the page again
with what was typed and why it was refused)."""

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from comercial.digitales import documentos, filters, forms, selectors, services
from comercial.digitales.models import DIGITADOS, Canal, OrdenInstalacion, SolicitudDigital
from comercial.digitales.protocolo import FASE_EXPLORAR, FASE_MOTIVOS, FASES, mensajes_de
from comercial.digitales.webhook import CABECERA, firma_valida
from comercial.models import Producto
from enlace import acciones_pagina, graficas, roles
from enlace.acceso import modulo_requerido, rol_requerido
from enlace.acciones_pagina import AccionPagina, tabla
from enlace.archivos import servir_archivo
from enlace.errores import ErrorNegocio
from enlace.models import Organizacion
from enlace.orden import Ordenamiento
from enlace.paginacion import paginar
from enlace.pdf import renderizar_ejemplares
from enlace.red import clave_ip, ip_cliente, limitar
from enlace.selectors import eventos_de

logger = logging.getLogger(__name__)

MODULO = "comercial:digitales:inicio"
# Beyond the call center: the gestor(a) comercial controls the digitación; Gestión de Recursos and the
# Responsable close installation orders (OPR-PAS-P02).
DEL_CENTRO = ("agente_digital", "responsable_call_center")
CON_BANDEJA = (*DEL_CENTRO, "gestor_comercial")
CON_ORDENES = (*CON_BANDEJA, "gestion_recursos")
DEMASIADOS_ENVIOS = "Recibimos demasiadas solicitudes desde su conexión. Intente de nuevo en una hora."
WEBHOOK_SIN_FIRMA = "Firma ausente o no válida."
WEBHOOK_JSON_INVALIDO = "El cuerpo debe ser un objeto JSON válido en UTF-8."
WEBHOOK_DEMASIADO_GRANDE = "El cuerpo supera el tamaño máximo permitido."
WEBHOOK_SIN_ORGANIZACION = "Ventas Digitales no está configurado."
SIN_DIGITAR = "El documento está disponible una vez digitada la venta."


def _solicitud_o_404(request, pk):
    try:
        return selectors.solicitud_de(request.user, pk)
    except SolicitudDigital.DoesNotExist:
        raise Http404("Solicitud no encontrada.") from None


# --- Queue and intake by phone -------------------------------------------------------------------


ORDEN_BANDEJA = Ordenamiento(
    {
        "numero": ("id",),
        "ingreso": ("recibida",),
        "canal": ("canal",),
        "cliente": ("nombre_cliente",),
        "servicio": ("producto__nombre",),
        "estado": ("estado",),
        "agente": ("agente__first_name", "agente__last_name"),
    },
    defecto="-ingreso",
)


@rol_requerido(*CON_BANDEJA)
def inicio(request):
    filtro = filters.BandejaFiltro(request.GET, queryset=selectors.bandeja(request.user))
    consulta, orden = ORDEN_BANDEJA.aplicar(filtro.qs, request.GET)
    pagina = paginar(consulta, request.GET.get("pagina"), settings.DIGITALES_POR_PAGINA)
    canal = filtro.form.cleaned_data.get("canal") or "" if filtro.is_valid() else ""
    conteo = selectors.conteo_abiertas(request.user, canal=canal)
    bandejas = [(c, etiqueta, conteo.get(c)) for c, (etiqueta, _filtro) in selectors.BANDEJAS.items()]
    return render(
        request,
        "comercial/digitales/inicio.html",
        {
            "pagina": pagina,
            "orden": orden,
            "bandejas": bandejas,
            "bandeja_actual": filtro.data["bandeja"],
            "filtro": filtro,
            "canal": canal,
            "canales": Canal.choices,
            "vencidos": selectors.vencidos(request.user),
            "hoy": selectors.hoy_de(request.user),
            "ahora": timezone.now(),
            "es_responsable": _es_responsable(request.user),
            "kpis": selectors.kpis_inicio(request.user),
        },
    )


def _es_responsable(user):
    return user.is_superuser or roles.tiene_rol(user, "responsable_call_center")


@modulo_requerido(MODULO)
@require_http_methods(["GET", "POST"])
def registrar_llamada(request):
    form = forms.LlamadaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            solicitud = services.solicitud_registrar_llamada(actor=request.user, **form.cleaned_data)
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            if solicitud.perdida:
                messages.success(request, f"Llamada perdida {solicitud.numero} en la cola de devolución.")
                return redirect(f"{reverse(MODULO)}?bandeja=devolucion")
            messages.success(request, f"Llamada {solicitud.numero} registrada: siga el protocolo.")
            return redirect("comercial:digitales:solicitud", pk=solicitud.pk)
    return render(request, "comercial/digitales/llamada.html", {"form": form})


# --- The console --------------------------------------------------------------------------------


def _productos_ofrecidos(organizacion):
    """What the console offers: the active products of the call center's channel (sold or directed)."""
    return Producto.objects.filter(organizacion=organizacion).digitales().activos()


def _identificacion_inicial(solicitud):
    campos = ("nombre_cliente", "producto", "velocidad_mbps", "caracteristicas", "carnet")
    return {
        "initial": {campo: getattr(solicitud, campo) for campo in campos},
        "productos": _productos_ofrecidos(solicitud.organizacion),
    }


def _motivo_sugerido(solicitud):
    if solicitud.impedimentos:
        causas = ", ".join(i.get("nombre", "") for i in solicitud.impedimentos)
        return f"{causas}. Debe pasar por oficinas para regularizar su situación."
    if solicitud.factible is False:
        return f"No existe capacidad técnica: {solicitud.factibilidad.get('motivo', '')} Debe pasar por oficinas."
    return ""


# The actions the console offers (URL slug → service); each is offered exactly when the runner (a transition)
# or its Escritura (a step that is not one) allows it: the same check its service makes.
ACCIONES = tabla(
    AccionPagina(
        "intento",
        "Registrar intento de contacto",
        servicio=services.solicitud_intentar_contacto,
        formulario=forms.IntentoForm,
        escritura=services.INTENTAR_CONTACTO,
        boton="Registrar intento",
        exito="Intento de contacto registrado.",
    ),
    AccionPagina(
        "descartar",
        "Cerrar como no contactada",
        servicio=services.solicitud_descartar,
        transiciones=("descartar",),
        boton="Cerrar como no contactada",
        exito="Solicitud cerrada como no contactada.",
    ),
    AccionPagina(
        "fase",
        "Siguiente fase del protocolo",
        servicio=services.solicitud_avanzar_fase,
        escritura=services.AVANZAR_FASE,
        boton="Siguiente fase del protocolo",
        exito="Protocolo: siguiente fase.",
    ),
    AccionPagina(
        "identificar",
        "Servicio requerido y carnet de identidad",
        servicio=lambda actor, solicitud, velocidad_mbps, caracteristicas, **datos: services.solicitud_identificar(
            actor=actor,
            solicitud=solicitud,
            velocidad_mbps=velocidad_mbps or 0,
            caracteristicas=caracteristicas,
            **datos,
        ),
        formulario=forms.IdentificacionForm,
        argumentos_formulario=_identificacion_inicial,
        escritura=services.IDENTIFICAR,
        boton="Guardar servicio y carnet",
        exito="Servicio y carnet registrados.",
    ),
    AccionPagina(
        "impedimentos",
        "Consultar impedimentos",
        servicio=services.solicitud_consultar_impedimentos,
        escritura=services.CONSULTAR_IMPEDIMENTOS,
        boton="Consultar impedimentos del carnet",
        exito="Consulta de impedimentos registrada.",
    ),
    AccionPagina(
        "factibilidad",
        "Consultar capacidad técnica en el GIS",
        servicio=services.solicitud_consultar_factibilidad,
        formulario=forms.DireccionForm,
        argumentos_formulario=lambda s: {"initial": {"direccion": s.direccion, "localidad": s.localidad}},
        escritura=services.CONSULTAR_FACTIBILIDAD,
        boton="Consultar capacidad técnica en el GIS",
        exito="Consulta al GIS registrada.",
    ),
    AccionPagina(
        "imposibilitar",
        "Cerrar: solicitar pasar por oficinas",
        servicio=lambda actor, solicitud, motivo, informado: services.solicitud_imposibilitar(
            actor=actor, solicitud=solicitud, motivo=motivo
        ),
        transiciones=("imposibilitar",),
        formulario=forms.ImposibilidadForm,
        argumentos_formulario=lambda s: {"initial": {"motivo": _motivo_sugerido(s)}},
        boton="Cerrar: solicitar pasar por oficinas",
        exito="Solicitud cerrada: se pidió al cliente pasar por oficinas.",
    ),
    AccionPagina(
        "notas",
        "Notas de la llamada",
        servicio=services.solicitud_anotar,
        formulario=forms.NotasForm,
        argumentos_formulario=lambda s: {"initial": {"notas": s.notas}},
        escritura=services.ANOTAR,
        boton="Guardar notas",
        exito="Notas guardadas.",
    ),
    AccionPagina(
        "lectura",
        "Lectura del resumen al cliente",
        servicio=lambda actor, solicitud, confirmo: services.solicitud_confirmar_lectura(
            actor=actor, solicitud=solicitud
        ),
        formulario=forms.LecturaForm,
        escritura=services.CONFIRMAR_LECTURA,
        boton="Registrar: cliente confirmó",
        exito="Lectura confirmada por el cliente.",
    ),
    AccionPagina(
        "requisitos",
        "Solicitar los requisitos",
        servicio=services.solicitud_solicitar_requisitos,
        transiciones=("solicitar_requisitos",),
        boton="Requisitos solicitados al cliente por WhatsApp",
        exito="Requisitos solicitados por WhatsApp.",
    ),
    AccionPagina(
        "adjuntar",
        "Adjuntar requisito",
        servicio=services.solicitud_adjuntar_requisito,
        formulario=forms.AdjuntoForm,
        argumentos_formulario=lambda s: {"requisitos": s.requisitos()},
        escritura=services.ADJUNTAR_REQUISITO,
        boton="Adjuntar requisito",
        exito="Requisito adjuntado.",
    ),
    AccionPagina(
        "digitar",
        "Digitar la venta",
        servicio=services.solicitud_digitar,
        transiciones=("digitar",),
        formulario=forms.DigitarForm,
        boton="Digitar venta",
        exito="Venta digitada. Imprima la Solicitud de Servicio.",
    ),
    AccionPagina(
        "contrato",
        "Contrato firmado por el cliente",
        servicio=lambda actor, solicitud, archivo: services.solicitud_adjuntar_contrato(
            actor=actor, solicitud=solicitud, archivo=archivo
        ),
        formulario=forms.ContratoFirmadoForm,
        escritura=services.ADJUNTAR_CONTRATO,
        boton="Adjuntar contrato firmado",
        exito="Contrato firmado adjuntado.",
    ),
    AccionPagina(
        "control",
        "Control de calidad de la digitación",
        servicio=lambda actor, solicitud, dias, verificada: services.solicitud_controlar_digitacion(
            actor=actor, solicitud=solicitud, dias=dias
        ),
        transiciones=("controlar_digitacion",),
        formulario=forms.ControlDigitacionForm,
        argumentos_formulario=lambda s: dict(zip(("minimo", "maximo"), services.rango_eta(s), strict=True)),
        boton="Digitación correcta: abrir la orden de instalación",
        exito=lambda s: f"Digitación controlada: orden {s.orden_instalacion.codigo} abierta en Instalaciones.",
    ),
    AccionPagina(
        "comunicar",
        "Comunicar al cliente",
        servicio=services.solicitud_comunicar,
        transiciones=("comunicar",),
        boton="Registrar comunicación",
        exito="Tiempo estimado comunicado; seguimiento y control de calidad programados.",
    ),
    AccionPagina(
        "seguimiento",
        "Seguimiento de la venta",
        servicio=services.solicitud_registrar_seguimiento,
        transiciones=("registrar_seguimiento",),
        formulario=forms.SeguimientoForm,
        boton="Registrar seguimiento",
        exito="Seguimiento registrado.",
    ),
    AccionPagina(
        "calidad",
        "Control de calidad",
        servicio=services.solicitud_controlar_calidad,
        transiciones=("controlar_calidad",),
        formulario=forms.CalidadForm,
        boton="Registrar control de calidad",
        exito="Control de calidad registrado: procedimiento concluido.",
    ),
    argumento="solicitud",
)


def _consola(request, solicitud, enviada=None):
    """The console; ``enviada`` is a refused submission shown in place with what was typed (HTTP 200)."""
    nombre_agente = (solicitud.agente or request.user).get_full_name() or str(solicitud.agente or request.user)
    fases = [{"numero": i, "fase": fase, "mensajes": mensajes_de(fase, nombre_agente)} for i, fase in enumerate(FASES)]
    adjuntos = {a.requisito: a for a in solicitud.adjuntos.all()}
    requisitos = [(codigo, nombre, adjuntos.get(codigo)) for codigo, nombre in solicitud.requisitos().items()]
    ofrecidas = acciones_pagina.ofrecidas(ACCIONES, solicitud, request.user, enviada=enviada)
    contexto = {
        "solicitud": solicitud,
        "fases": fases,
        "fase_motivos": FASE_MOTIVOS,
        "acciones": {accion.codigo: {"accion": accion, "form": form} for accion, form in ofrecidas},
        "requisitos": requisitos,
        "lineas_whatsapp": settings.DIGITALES_LINEAS,
        "intentos": solicitud.intentos.all(),
        "eventos": eventos_de(solicitud),
        "digitada": solicitud.estado in DIGITADOS,
        "no_digitales": [p for p in _productos_ofrecidos(solicitud.organizacion) if not p.vendido_digitalmente],
        "fase_explorar": FASE_EXPLORAR,
        "resumen": selectors.resumen_para_leer(solicitud),
        "orden": getattr(solicitud, "orden_instalacion", None),
        "hoy": selectors.hoy_de(request.user),
        **_busqueda(request),
    }
    return render(request, "comercial/digitales/solicitud.html", contexto)


def _busqueda(request):
    """The client lookup (Anexo 1, «Delimitar los motivos del contacto») read from ``?q=``."""
    form = forms.BuscarClienteForm(request.GET or None)
    termino = form.cleaned_data["q"] if form.is_valid() else ""
    solicitudes, clientes = selectors.buscar_cliente(request.user, termino)
    return {
        "busqueda": form,
        "termino": termino,
        "encontradas": solicitudes,
        "clientes": clientes,
        "busqueda_minima": selectors.BUSQUEDA_MINIMA,
    }


@rol_requerido(*DEL_CENTRO)
@require_GET
def buscar(request):
    return render(request, "comercial/digitales/buscar.html", _busqueda(request))


@rol_requerido(*CON_BANDEJA)
@require_GET
def solicitud(request, pk):
    return _consola(request, _solicitud_o_404(request, pk))


accion = rol_requerido(*CON_BANDEJA)(
    acciones_pagina.vista_de_acciones(
        ACCIONES, obtener=_solicitud_o_404, pagina=_consola, ruta="comercial:digitales:solicitud"
    )
)


@rol_requerido(*CON_BANDEJA)
@require_GET
def adjunto(request, pk, adjunto_id):
    solicitud = _solicitud_o_404(request, pk)
    archivo = get_object_or_404(solicitud.adjuntos.all(), pk=adjunto_id)
    return servir_archivo(archivo.archivo, nombre=archivo.nombre_original, adjunto=False)


@rol_requerido(*CON_BANDEJA)
@require_GET
def contrato_firmado(request, pk):
    solicitud = _solicitud_o_404(request, pk)
    if not solicitud.contrato_firmado:
        raise Http404("Sin contrato firmado.")
    return servir_archivo(solicitud.contrato_firmado, nombre=solicitud.contrato_firmado_nombre, adjunto=False)


# --- Installation orders (OPR-PAS-P02) ----------------------------------------------------------------

ACCIONES_ORDEN = tabla(
    AccionPagina(
        "instalar",
        "Registrar la instalación",
        servicio=services.orden_instalar,
        transiciones=("instalar",),
        formulario=forms.CerrarOrdenForm,
        boton="Servicio instalado: cerrar la orden",
        exito=lambda o: f"Orden {o.codigo} cerrada: servicio instalado.",
    ),
    AccionPagina(
        "no_instalar",
        "Cerrar sin instalar",
        servicio=services.orden_no_instalar,
        transiciones=("no_instalar",),
        formulario=forms.CerrarOrdenForm,
        boton="Cerrar sin instalar",
        exito=lambda o: f"Orden {o.codigo} cerrada sin instalación.",
    ),
    argumento="orden",
)


def _orden_o_404(request, pk):
    try:
        return selectors.orden_de(request.user, pk)
    except OrdenInstalacion.DoesNotExist:
        raise Http404("Orden no encontrada.") from None


@rol_requerido(*CON_ORDENES)
@require_GET
def ordenes(request):
    hoy = selectors.hoy_de(request.user)
    consulta = selectors.ordenes_de(request.user)
    solo_vencidas = request.GET.get("vencidas") == "1"
    if solo_vencidas:
        consulta = consulta.vencidas(hoy)
    pagina = paginar(consulta, request.GET.get("pagina"), settings.DIGITALES_POR_PAGINA)
    contexto = {"pagina": pagina, "hoy": hoy, "solo_vencidas": solo_vencidas}
    return render(request, "comercial/digitales/ordenes.html", contexto)


def _pagina_orden(request, orden, enviada=None):
    ofrecidas = acciones_pagina.ofrecidas(ACCIONES_ORDEN, orden, request.user, enviada=enviada)
    contexto = {
        "orden": orden,
        "hoy": selectors.hoy_de(request.user),
        "acciones": {accion.codigo: {"accion": accion, "form": form} for accion, form in ofrecidas},
        "eventos": eventos_de(orden),
        "ve_la_solicitud": request.user.is_superuser or roles.tiene_rol(request.user, *CON_BANDEJA),
    }
    return render(request, "comercial/digitales/orden.html", contexto)


@rol_requerido(*CON_ORDENES)
@require_GET
def orden(request, pk):
    return _pagina_orden(request, _orden_o_404(request, pk))


accion_orden = rol_requerido(*CON_ORDENES)(
    acciones_pagina.vista_de_acciones(
        ACCIONES_ORDEN, obtener=_orden_o_404, pagina=_pagina_orden, ruta="comercial:digitales:orden"
    )
)


# --- Documents ----------------------------------------------------------------------------------


def _documento(request, pk, plantilla, prefijo):
    solicitud = _solicitud_o_404(request, pk)
    if solicitud.estado not in DIGITADOS:
        messages.error(request, SIN_DIGITAR)
        return redirect("comercial:digitales:solicitud", pk=solicitud.pk)
    contexto = documentos.contexto_documento(solicitud)
    contenido = renderizar_ejemplares(plantilla, contexto, documentos.EJEMPLARES, request=request)
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta.headers["Content-Disposition"] = content_disposition_header(False, f"{prefijo}-{solicitud.numero}.pdf")
    return respuesta


@rol_requerido(*CON_BANDEJA)
@require_GET
def solicitud_servicio_pdf(request, pk):
    return _documento(request, pk, "comercial/digitales/pdf/solicitud_servicio.html", "solicitud-de-servicio")


@rol_requerido(*CON_BANDEJA)
@require_GET
def contrato_pdf(request, pk):
    return _documento(request, pk, "comercial/digitales/pdf/contrato.html", "contrato-de-servicios")


# --- Responsable: indicator and impediment table --------------------------------------------------

VERDE, AMBAR, GRIS = "#009E73", "#E69F00", "#BBBBBB"


def _grafica_indicador(dias):
    """Bars per day (a line beyond two months)."""
    puntos = [(dia.fecha.strftime("%d/%m"), dia.porcentaje) for dia in dias]
    colores = {
        selectors.ACEPTADO: VERDE,
        selectors.OBSERVADO: AMBAR,
        selectors.SIN_SOLICITUDES: GRIS,
        selectors.EN_CURSO: GRIS,
    }
    titulo = "Ventas digitales eficientes (%) por día"
    if len(dias) <= 62:
        return graficas.barras(
            puntos, titulo=titulo, color=[colores[dia.resultado] for dia in dias], formato="{:.0f} %"
        )
    return graficas.linea({"% eficiente": puntos}, titulo=titulo, formato_y="{:.0f} %")


@rol_requerido("responsable_call_center")
@require_GET
def indicador(request):
    hoy = selectors.hoy_de(request.user)
    form = forms.IndicadorForm(request.GET, hoy=hoy)
    if form.is_valid():
        datos = form.cleaned_data
    else:  # show the errors over the default period
        defecto = forms.IndicadorForm({}, hoy=hoy)
        defecto.is_valid()
        datos = defecto.cleaned_data
    dias, total = selectors.indicador_diario(
        request.user, desde=datos["desde"], hasta=datos["hasta"], canal=datos.get("canal", "")
    )
    grafica = _grafica_indicador(dias)
    return render(
        request,
        "comercial/digitales/indicador.html",
        {
            "form": form,
            "dias": dias,
            "meses": selectors.indicador_mensual(dias, hoy=hoy),
            "total": total,
            "grafica": grafica,
            "canal": dict(Canal.choices).get(datos.get("canal", ""), ""),
            "definicion": selectors.definicion_eficiente(),
            "meta": settings.DIGITALES_META_PORCENTAJE,
            "desde": datos["desde"],
            "hasta": datos["hasta"],
        },
    )


@rol_requerido("responsable_call_center")
@require_http_methods(["GET", "POST"])
def impedimentos(request):
    form = forms.ImportarImpedimentosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            filas = services.impedimentos_importar(
                actor=request.user, organizacion=request.user.organizacion, archivo=form.cleaned_data["archivo"]
            )
        except ErrorNegocio as error:
            for linea in error.mensaje.split("\n"):
                form.add_error(None, linea)
        else:
            messages.success(request, f"Tabla de impedimentos reemplazada: {filas} filas importadas.")
            return redirect("comercial:digitales:impedimentos")
    pagina = paginar(selectors.impedimentos_de(request.user), request.GET.get("pagina"), settings.DIGITALES_POR_PAGINA)
    return render(request, "comercial/digitales/impedimentos.html", {"form": form, "pagina": pagina})


# --- The product catalogue (shared COMTECO, edited by the Responsables) --------------------------------

RESPONSABLES_CATALOGO = ("responsable_call_center", "responsable_empresas")


@rol_requerido(*RESPONSABLES_CATALOGO)
@require_GET
def productos(request):
    return render(request, "comercial/digitales/productos.html", {"productos": selectors.catalogo_de(request.user)})


@rol_requerido(*RESPONSABLES_CATALOGO)
@require_http_methods(["GET", "POST"])
def producto_form(request, pk=None):
    producto = get_object_or_404(selectors.catalogo_de(request.user), pk=pk) if pk else None
    inicial = forms.ProductoForm.inicial(producto) if producto else None
    form = forms.ProductoForm(request.POST or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        try:
            producto = services.producto_guardar(actor=request.user, producto=producto, datos=form.cleaned_data)
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, f"Producto «{producto}» guardado en el catálogo.")
            return redirect("comercial:digitales:productos")
    return render(request, "comercial/digitales/producto_form.html", {"form": form, "producto": producto})


# --- Public: web contact form and lead webhook ----------------------------------------------------


def _organizacion_publica():
    return Organizacion.objects.filter(slug=settings.DIGITALES_ORGANIZACION, activa=True).first()


def _excede_limite(request):
    """Count this submission for the client's address; True beyond the hourly limit."""
    limite = f"{settings.DIGITALES_CONTACTO_MAX_POR_HORA}/h"
    return is_ratelimited(request, group="digitales:contacto", key=clave_ip, rate=limite, increment=True)


@require_http_methods(["GET", "POST"])
def contacto(request):
    organizacion = _organizacion_publica()
    if organizacion is None:
        raise Http404(WEBHOOK_SIN_ORGANIZACION)
    productos = Producto.objects.filter(organizacion=organizacion).digitales().activos()
    form = forms.ContactoPublicoForm(request.POST or None, productos=productos)
    if request.method == "POST":
        if form.es_spam():
            logger.info("Contacto web descartado por el campo trampa (IP %s).", ip_cliente(request))
            return redirect("comercial:digitales:contacto_gracias")
        if _excede_limite(request):
            form.add_error(None, DEMASIADOS_ENVIOS)
            contexto = {"form": form, "lineas": settings.DIGITALES_LINEAS}
            return render(request, "comercial/digitales/contacto.html", contexto, status=429)
        if form.is_valid():
            datos = form.cleaned_data
            solicitud, _creada = services.solicitud_recibir_lead(
                organizacion=organizacion,
                canal=Canal.WEB,
                telefono=datos["telefono"],
                nombre_cliente=datos["nombre"],
                correo=datos["correo"],
                mensaje=form.texto_mensaje(),
            )
            request.session["digitales_contacto"] = solicitud.numero
            return redirect("comercial:digitales:contacto_gracias")
    return render(request, "comercial/digitales/contacto.html", {"form": form, "lineas": settings.DIGITALES_LINEAS})


@require_GET
def contacto_gracias(request):
    numero = request.session.pop("digitales_contacto", "")
    return render(
        request, "comercial/digitales/contacto_gracias.html", {"numero": numero, "lineas": settings.DIGITALES_LINEAS}
    )


@csrf_exempt  # authenticated by the HMAC signature instead
@limitar("LIMITE_WEBHOOK")
@require_POST
def webhook_leads(request):
    try:
        largo = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        largo = 0
    if largo > settings.DIGITALES_WEBHOOK_MAX_BYTES:
        return JsonResponse({"error": WEBHOOK_DEMASIADO_GRANDE}, status=413)
    cuerpo = request.body
    if not firma_valida(settings.DIGITALES_WEBHOOK_SECRETO, cuerpo, request.headers.get(CABECERA, "")):
        return JsonResponse({"error": WEBHOOK_SIN_FIRMA}, status=401)
    try:
        datos = json.loads(cuerpo.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return JsonResponse({"error": WEBHOOK_JSON_INVALIDO}, status=400)
    if not isinstance(datos, dict):
        return JsonResponse({"error": WEBHOOK_JSON_INVALIDO}, status=400)
    form = forms.LeadWebhookForm({k: v for k, v in datos.items() if isinstance(v, str | int)})
    if not form.is_valid():
        errores = {campo: [str(e) for e in lista] for campo, lista in form.errors.items()}
        return JsonResponse({"error": "Datos no válidos.", "errores": errores}, status=400)
    organizacion = _organizacion_publica()
    if organizacion is None:
        return JsonResponse({"error": WEBHOOK_SIN_ORGANIZACION}, status=503)
    d = form.cleaned_data
    solicitud, creada = services.solicitud_recibir_lead(
        organizacion=organizacion,
        canal=d["canal"],
        lead_id=d["lead_id"],
        telefono=d["telefono"],
        nombre_cliente=d["nombre"],
        correo=d["correo"],
        mensaje=d["mensaje"],
    )
    return JsonResponse({"solicitud": solicitud.numero, "creada": creada}, status=201 if creada else 200)
