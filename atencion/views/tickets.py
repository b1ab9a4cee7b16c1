"""Ticket pages: the list, the agent's and gerente's boards, logging a call and the ticket with its actions."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from atencion import escrituras, forms, selectors, services
from atencion.filters import FiltroTickets
from atencion.models import PRINCIPIOS, AdjuntoCorreo, Interaccion, Prioridad
from atencion.views.comun import ATIENDEN, POR_PAGINA, TODOS, acciones_ofrecidas
from enlace.acceso import rol_requerido
from enlace.acciones_pagina import AccionPagina, tabla, vista_de_acciones
from enlace.archivos import servir_archivo
from enlace.errores import ErrorNegocio
from enlace.orden import Ordenamiento, rango
from enlace.paginacion import paginar
from enlace.roles import tiene_rol


def _llamada(actor, ticket, *, notas, duracion_minutos):
    return services.llamada_agregar(
        actor=actor, ticket=ticket, notas=notas, duracion_segundos=int(Decimal(duracion_minutos) * 60)
    )


ACCIONES_TICKET = tabla(
    AccionPagina(
        "responder",
        "Responder al cliente",
        services.ticket_responder,
        formulario=forms.TextoForm,
        escritura=escrituras.TICKET_RESPONDER,
        boton="Responder al cliente",
        exito="Respuesta enviada al cliente.",
    ),
    AccionPagina(
        "clasificar",
        "Clasificar",
        services.ticket_clasificar,
        formulario=forms.ClasificarForm,
        argumentos_formulario=lambda t: {"pyme": t.pyme, "initial": {"motivo": t.motivo_id, "prioridad": t.prioridad}},
        escritura=escrituras.TICKET_CLASIFICAR,
        boton="Clasificar",
        exito="Ticket clasificado.",
    ),
    AccionPagina(
        "esperar",
        "Esperar al cliente",
        services.ticket_esperar_cliente,
        transiciones=("esperar_cliente",),
        boton="Esperar al cliente",
        exito="El ticket espera al cliente: el reloj de resolución está en pausa.",
    ),
    AccionPagina(
        "reanudar",
        "Reanudar",
        services.ticket_reanudar,
        transiciones=("reanudar",),
        boton="Reanudar",
        exito="Ticket reanudado.",
    ),
    AccionPagina(
        "resolver",
        "Resolver",
        services.ticket_resolver,
        transiciones=("resolver",),
        boton="Resolver",
        exito="Ticket resuelto. La encuesta de satisfacción y su estado se ven abajo.",
    ),
    AccionPagina(
        "llamada",
        "Registrar llamada",
        _llamada,
        formulario=forms.LlamadaSeguimientoForm,
        escritura=escrituras.LLAMADA_AGREGAR,
        boton="Registrar llamada",
        exito="Llamada registrada.",
    ),
    AccionPagina(
        "nota",
        "Nota interna",
        services.ticket_nota,
        formulario=forms.TextoForm,
        escritura=escrituras.TICKET_NOTA,
        boton="Nota interna",
        exito="Nota registrada.",
    ),
    AccionPagina(
        "escalar",
        "Escalar al gerente",
        services.ticket_escalar,
        formulario=forms.EscalarForm,
        escritura=escrituras.TICKET_ESCALAR,
        boton="Escalar al gerente",
        exito="Caso escalado al Gerente de Operaciones.",
    ),
    AccionPagina(
        "asignar",
        "Asignar",
        services.ticket_asignar,
        formulario=forms.AsignarForm,
        argumentos_formulario=lambda t: {"agentes": selectors.agentes_de(t.pyme)},
        escritura=escrituras.TICKET_ASIGNAR,
        boton="Asignar",
        exito="Ticket asignado.",
    ),
    AccionPagina(
        "cita",
        "Programar recordatorio de cita",
        services.cita_recordatorio_programar,
        formulario=forms.CitaForm,
        escritura=escrituras.CITA_RECORDATORIO_PROGRAMAR,
        boton="Programar recordatorio",
        exito="Recordatorio de cita programado.",
    ),
    AccionPagina("cerrar", "Cerrar", services.ticket_cerrar, transiciones=("cerrar",), exito="Ticket cerrado."),
    AccionPagina("reabrir", "Reabrir", services.ticket_reabrir, transiciones=("reabrir",), exito="Ticket reabierto."),
    argumento="ticket",
)


@rol_requerido(*ATIENDEN)
def tablero(request):
    return render(request, "atencion/tablero.html", selectors.tablero_agente(request.user))


@rol_requerido("gerente_operaciones", "director")
def escalamientos(request):
    return render(request, "atencion/escalamientos.html", selectors.tablero_gerente(request.user))


@rol_requerido("gerente_operaciones", "director")
def carga(request):
    contexto = selectors.carga_de_trabajo(request.user)
    contexto["reasigna"] = tiene_rol(request.user, *ATIENDEN)  # the director watches; the gerente acts
    return render(request, "atencion/carga.html", contexto)


ORDEN_TICKETS = Ordenamiento(
    {
        "creado": ("creado",),
        "folio": ("id",),
        "pyme": ("pyme__nombre",),
        "cliente": ("cliente__nombre",),
        "canal": ("canal",),
        "prioridad": (rango("prioridad", Prioridad.values),),
        "estado": ("estado",),
        "agente": ("agente__first_name", "agente__last_name"),
        "vence": ("vence_respuesta",),
    },
    defecto="-creado",
)


@rol_requerido(*TODOS)
def tickets(request):
    filtro = FiltroTickets(request.GET, queryset=selectors.lista_tickets(request.user))
    consulta, orden = ORDEN_TICKETS.aplicar(filtro.qs, request.GET)
    pagina = paginar(consulta, request.GET.get("pagina"), POR_PAGINA)
    if filtro.busqueda_acotada:
        pagina.total, pagina.mas_de = None, settings.ENLACE_BUSQUEDA_TOPE
    contexto = {"pagina": pagina, "filtro": filtro.form, "orden": orden, "busqueda_acotada": filtro.busqueda_acotada}
    return render(request, "atencion/tickets.html", contexto)


@rol_requerido(*ATIENDEN)
@require_http_methods(["GET", "POST"])
def llamada_nueva(request):
    form = forms.LlamadaForm(request.POST or None, pymes=selectors.pymes_visibles(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ticket = services.llamada_registrar(
                actor=request.user,
                pyme=d["pyme"],
                telefono=d["telefono"],
                nombre=d["nombre"],
                asunto=d["asunto"],
                motivo=d["motivo"],
                prioridad=d["prioridad"],
                notas=d["notas"],
                duracion_segundos=int(d["duracion_minutos"] * 60),
                resuelta=d["resuelta"],
            )
        except ErrorNegocio as exc:
            form.add_error(None, exc.mensaje)
        else:
            messages.success(request, f"Llamada registrada en el ticket #{ticket.pk}.")
            return redirect("atencion:ticket", ticket.pk)
    return render(request, "atencion/llamada.html", {"form": form})


def _ticket_visible(request, pk):
    return get_object_or_404(selectors.ticket_de(request.user, pk), pk=pk)


def _pagina_ticket(request, ticket, enviada=None):
    interno = request.user.has_perm("atencion.ver_interno")
    interacciones = selectors.interacciones_de(ticket)
    if not interno:  # internal notes are ENROK's own
        interacciones = interacciones.exclude(direccion=Interaccion.Direccion.NOTA)
    contexto = {
        "ticket": ticket,
        "interacciones": list(interacciones),
        "no_entregados": selectors.envios_no_entregados_de(ticket),
        "interno": interno,
        "acciones": acciones_ofrecidas(ACCIONES_TICKET, ticket, request.user, enviada),
    }
    if interno:
        contexto.update(
            guiones=selectors.guiones_llenos(ticket, request.user),
            principios=PRINCIPIOS,
            avisos=selectors.avisos_sla_de(ticket),
            encuesta=selectors.encuesta_de(ticket),
        )
    return render(request, "atencion/ticket.html", contexto)


@rol_requerido(*TODOS)
def ticket(request, pk):
    return _pagina_ticket(request, _ticket_visible(request, pk))


@rol_requerido(*TODOS)
def ticket_medio(request, pk, medio_pk):
    """A photo, voice note or document of the ticket's conversation, to whoever may see the ticket (else 404)."""
    medio = get_object_or_404(selectors.medio_de(_ticket_visible(request, pk), medio_pk))
    return servir_archivo(medio.archivo, nombre=medio.nombre, adjunto=medio.tipo == medio.Tipo.DOCUMENTO)


@rol_requerido(*TODOS)
def adjunto_correo(request, pk, adjunto):
    """A file attached to a customer's email, served once the ticket is found within the user's scope."""
    ticket = _ticket_visible(request, pk)
    archivo = get_object_or_404(AdjuntoCorreo, pk=adjunto, interaccion__ticket=ticket)
    return servir_archivo(archivo.archivo, nombre=archivo.nombre)


ticket_accion = rol_requerido(*ATIENDEN)(
    vista_de_acciones(ACCIONES_TICKET, obtener=_ticket_visible, pagina=_pagina_ticket, ruta="atencion:ticket")
)
