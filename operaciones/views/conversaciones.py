"""Pages of the conversation of an operación, the COP's network-wide Conversaciones, the escalations to the
gerente general and the sales-progress notices (thin: scoped selector → form → service → redirect)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from enlace.acceso import rol_requerido
from enlace.acciones_pagina import vista_de_acciones
from enlace.archivos import servir_archivo
from enlace.errores import ErrorNegocio
from enlace.selectors import eventos_de
from operaciones import mensajes, selectors, services
from operaciones.acciones import ACCIONES_ESCALAMIENTO
from operaciones.escrituras import ESCRIBIR_MENSAJE
from operaciones.forms import AvisoAvanceForm, MensajeForm
from operaciones.models import AdjuntoMensaje, Apartado, AvisoAvance, Escalamiento, Hilo
from operaciones.services.gerencia import concesionarios_de_la_red
from operaciones.views.apartados import accion_apartado
from operaciones.views.comun import acceso_operaciones, acciones_de, contexto, pagina, solo_cop


def _apartado(request, pk):
    try:
        return selectors.apartado_de_conversacion(request.user, pk)
    except Apartado.DoesNotExist:
        raise Http404("La operación no existe o no participa en su conversación.") from None


def _pagina_conversacion(request, apartado, form=None):
    usuario = request.user
    hilo = Hilo.objects.filter(apartado=apartado).first()
    leido_antes = None
    if hilo is not None:
        lectura = hilo.lecturas.filter(usuario=usuario).first()
        leido_antes = lectura.leido_hasta if lectura else None
    puede_escribir = ESCRIBIR_MENSAJE.motivo(apartado, usuario) is None
    if form is None and puede_escribir:
        form = MensajeForm(tipos=services.tipos_de_mensaje_para(usuario, apartado))
    datos = contexto(
        request,
        apartado=apartado,
        hilo=hilo,
        mensajes_hilo=list(selectors.mensajes_del_hilo(hilo)),
        leido_antes=leido_antes,
        form=form,
        motivo_solo_lectura=None if puede_escribir else ESCRIBIR_MENSAJE.motivo(apartado, usuario),
        escalamientos=list(selectors.escalamientos_visibles(usuario).filter(apartado=apartado)),
    )
    if hilo is not None:
        services.hilo_marcar_leido(actor=usuario, hilo=hilo)
    return render(request, "operaciones/conversaciones/hilo.html", datos)


@acceso_operaciones
def conversacion(request, pk):
    """The thread of the operación: GET shows it (and marks it read); POST sends a message."""
    apartado = _apartado(request, pk)
    if request.method != "POST":
        return _pagina_conversacion(request, apartado)
    form = MensajeForm(request.POST, request.FILES, tipos=services.tipos_de_mensaje_para(request.user, apartado))
    if form.is_valid():
        try:
            services.mensaje_enviar(
                actor=request.user,
                apartado=apartado,
                tipo=form.cleaned_data["tipo"],
                texto=form.cleaned_data["texto"],
                adjuntos=form.cleaned_data["adjuntos"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, mensajes.OK_MENSAJE)
            return redirect(reverse("operaciones:conversacion", args=[apartado.pk]) + "#ultimo")
    return _pagina_conversacion(request, apartado, form)


@acceso_operaciones
def adjunto_mensaje(request, pk, adjunto_pk):
    apartado = _apartado(request, pk)
    adjunto = get_object_or_404(AdjuntoMensaje, pk=adjunto_pk, mensaje__hilo__apartado=apartado)
    return servir_archivo(adjunto.archivo, nombre=adjunto.nombre, adjunto=not adjunto.es_imagen)


@solo_cop
def conversaciones(request):
    """Every conversation of the network: unanswered first (with how long they wait), then the latest."""
    datos = contexto(request, pagina=pagina(request, selectors.conversaciones_de_la_red(request.user)))
    return render(request, "operaciones/conversaciones/lista.html", datos)


# --- Escalations ---------------------------------------------------------------------------------


@solo_cop
def escalar(request, pk):
    return accion_apartado(request, pk, "escalar")


def _escalamiento(request, pk):
    try:
        return selectors.escalamientos_visibles(request.user).get(pk=pk)
    except Escalamiento.DoesNotExist:
        raise Http404("El escalamiento no existe o no es de su concesionario.") from None


def _pagina_escalamiento(request, escalamiento, enviada=None):
    datos = contexto(
        request,
        escalamiento=escalamiento,
        acciones=acciones_de(ACCIONES_ESCALAMIENTO, escalamiento, request.user, enviada),
        eventos=list(eventos_de(escalamiento)),
    )
    return render(request, "operaciones/conversaciones/escalamiento.html", datos)


@rol_requerido("cop", "gerente_general")
def escalamiento(request, pk):
    return _pagina_escalamiento(request, _escalamiento(request, pk))


escalamiento_accion = rol_requerido("cop", "gerente_general")(
    vista_de_acciones(
        ACCIONES_ESCALAMIENTO,
        obtener=_escalamiento,
        pagina=_pagina_escalamiento,
        ruta="operaciones:escalamiento",
    )
)


@rol_requerido("cop", "gerente_general")
def escalamientos(request):
    """Open escalations (COP: the network's; gerente general: his concesionario's), then the resolved ones."""
    datos = contexto(
        request,
        abiertos=list(selectors.escalamientos_abiertos(request.user)),
        pagina=pagina(
            request,
            selectors.escalamientos_visibles(request.user).filter(estado=Escalamiento.Estado.RESUELTA),
        ),
    )
    return render(request, "operaciones/conversaciones/escalamientos.html", datos)


# --- Sales-progress notices ----------------------------------------------------------------------


@solo_cop
def aviso_avance_nuevo(request):
    concesionarios = concesionarios_de_la_red(request.user)
    form = AvisoAvanceForm(request.POST or None, concesionarios=concesionarios)
    if request.method == "POST" and form.is_valid():
        try:
            avisos = services.aviso_avance_enviar(
                actor=request.user,
                concesionarios=form.cleaned_data["concesionarios"],
                desde=form.cleaned_data["desde"],
                hasta=form.cleaned_data["hasta"],
                incentivo=form.cleaned_data["incentivo"],
            )
        except ErrorNegocio as error:
            form.add_error(None, error.mensaje)
        else:
            messages.success(request, mensajes.OK_AVISO.format(n=len(avisos)))
            return redirect("operaciones:avisos_avance")
    return render(request, "operaciones/conversaciones/aviso_nuevo.html", contexto(request, form=form))


@rol_requerido("cop", "gerente_general")
def avisos_avance(request):
    datos = contexto(request, pagina=pagina(request, selectors.avisos_avance_visibles(request.user)))
    return render(request, "operaciones/conversaciones/avisos.html", datos)


@rol_requerido("cop", "gerente_general")
def aviso_avance(request, pk):
    try:
        aviso = selectors.avisos_avance_visibles(request.user).get(pk=pk)
    except AvisoAvance.DoesNotExist:
        raise Http404("El aviso no existe o no es de su concesionario.") from None
    return render(request, "operaciones/conversaciones/aviso.html", contexto(request, aviso=aviso))
