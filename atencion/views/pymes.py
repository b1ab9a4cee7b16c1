"""PYME pages: the list of client PYMEs and each one's onboarding and protocol, configured in sections."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from atencion import escrituras, forms, selectors, services
from atencion.models import PRINCIPIOS, Guion
from atencion.views.comun import PERSONAL, acciones_ofrecidas
from enlace.acceso import rol_requerido
from enlace.acciones_pagina import AccionPagina, procesar, tabla
from enlace.errores import ErrorNegocio
from enlace.roles import tiene_rol


def _en_la_pyme(servicio):
    """A section's form data as the service's keyword arguments, for the profile's PYME."""
    return lambda actor, perfil, **datos: servicio(actor=actor, pyme=perfil.pyme, **datos)


def _guardar_guion(actor, perfil, **datos):
    return services.guion_guardar(actor=actor, pyme=perfil.pyme, giro=perfil.giro, **datos)


# Each section of the page is an action on the PYME's profile (``seccion`` of the POST is its code).
ACCIONES_PYME = tabla(
    AccionPagina(
        "diagnostico",
        "Terminar diagnóstico",
        services.perfil_terminar_diagnostico,
        transiciones=("terminar_diagnostico",),
        boton="Terminar diagnóstico",
        exito="Diagnóstico terminado: configure los protocolos.",
    ),
    AccionPagina(
        "activar",
        "Activar PYME",
        services.perfil_activar,
        transiciones=("activar",),
        boton="Activar PYME",
        exito="PYME activa: sus canales ya se atienden.",
    ),
    AccionPagina(
        "suspender",
        "Suspender PYME",
        services.perfil_suspender,
        transiciones=("suspender",),
        formulario=forms.SuspenderPymeForm,
        boton="Suspender PYME",
        exito="PYME suspendida: sus campañas y encuestas se detienen y su portal muestra el aviso.",
    ),
    AccionPagina(
        "reactivar",
        "Reactivar PYME",
        services.perfil_reactivar,
        transiciones=("reactivar",),
        boton="Reactivar PYME",
        exito="PYME reactivada: vuelve al estado en que estaba.",
    ),
    AccionPagina(
        "perfil",
        "Diagnóstico y canales",
        services.perfil_actualizar,
        formulario=forms.PerfilForm,
        # A copy: validating a ModelForm writes into its instance, and a refused form must not change the page.
        argumentos_formulario=lambda perfil: {"instance": copy.copy(perfil)},
        escritura=escrituras.PERFIL_ACTUALIZAR,
        boton="Guardar perfil",
        exito="Perfil de la PYME guardado.",
    ),
    AccionPagina(
        "horario",
        "Horario de atención",
        lambda actor, perfil, *, tramos, **_: services.horario_guardar(actor=actor, pyme=perfil.pyme, tramos=tramos),
        formulario=forms.HorarioForm,
        argumentos_formulario=lambda perfil: {"inicial": selectors.horario_semanal(perfil.pyme)},
        escritura=escrituras.HORARIO_GUARDAR,
        boton="Guardar horario",
        exito="Horario de atención guardado.",
    ),
    AccionPagina(
        "dia",
        "Día inhábil",
        _en_la_pyme(services.dia_inhabil_agregar),
        formulario=forms.DiaInhabilForm,
        escritura=escrituras.DIA_INHABIL_AGREGAR,
        boton="Agregar",
        exito="Día inhábil agregado.",
    ),
    AccionPagina(
        "sla",
        "Objetivo SLA",
        _en_la_pyme(services.objetivo_sla_guardar),
        formulario=forms.ObjetivoSlaForm,
        escritura=escrituras.OBJETIVO_SLA_GUARDAR,
        boton="Guardar",
        exito="Objetivo SLA guardado.",
    ),
    AccionPagina(
        "motivo",
        "Motivo de contacto",
        _en_la_pyme(services.motivo_agregar),
        formulario=forms.MotivoForm,
        escritura=escrituras.MOTIVO_AGREGAR,
        boton="Agregar",
        exito="Motivo agregado.",
    ),
    AccionPagina(
        "guion",
        "Nuevo guion de esta PYME",
        _guardar_guion,
        formulario=forms.GuionForm,
        argumentos_formulario=lambda perfil: {"pyme": perfil.pyme},
        escritura=escrituras.GUION_GUARDAR,
        boton="Guardar guion",
        exito="Guion guardado.",
    ),
    AccionPagina(
        "invitar",
        "Invitar usuario",
        lambda actor, perfil, **datos: services.pyme_invitar_usuario(actor=actor, pyme=perfil.pyme, **datos),
        formulario=forms.InvitarUsuarioForm,
        escritura=escrituras.USUARIO_PYME_INVITAR,
        boton="Invitar",
        exito="Invitación enviada: la persona elige su contraseña desde el correo.",
    ),
    argumento="perfil",
)


@rol_requerido(*PERSONAL)
def pymes(request):
    registra = tiene_rol(request.user, *REGISTRAN)
    return render(
        request, "atencion/pymes.html", {"pymes": selectors.pymes_visibles(request.user), "registra": registra}
    )


REGISTRAN = ("director", "gerente_operaciones")


@rol_requerido(*REGISTRAN)
@require_http_methods(["GET", "POST"])
def pyme_nueva(request):
    form = forms.RegistrarPymeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perfil = services.pyme_registrar(actor=request.user, **form.cleaned_data)
        except ErrorNegocio as exc:
            form.add_error(None, exc.mensaje)
        else:
            messages.success(
                request, f"PYME {perfil.pyme} registrada: complete su diagnóstico e invite a sus usuarios."
            )
            return redirect("atencion:pyme", perfil.pyme.slug)
    return render(request, "atencion/pyme_nueva.html", {"form": form})


def _pagina_pyme(request, pyme, perfil, enviada=None):
    return render(
        request,
        "atencion/pyme.html",
        {
            "pyme": pyme,
            "perfil": perfil,
            "acciones": acciones_ofrecidas(ACCIONES_PYME, perfil, request.user, enviada),
            "horarios": pyme.horarios_atencion.all(),
            "dias": pyme.dias_inhabiles.all(),
            "objetivos": pyme.objetivos_sla.all(),
            "motivos": pyme.motivos_contacto.all(),
            "guiones": Guion.objects.para(perfil).select_related("motivo", "pyme", "giro"),
            "principios": PRINCIPIOS,
            "usuarios": selectors.usuarios_de(pyme),
            "linea_de_tiempo": selectors.linea_de_tiempo_pyme(perfil),
        },
    )


@rol_requerido(*PERSONAL)
@require_http_methods(["GET", "POST"])
def pyme(request, slug):
    pyme = get_object_or_404(selectors.pymes_visibles(request.user), slug=slug)
    perfil = getattr(pyme, "perfil_atencion", None)
    if perfil is None:
        if escrituras.PERFIL_OBTENER_O_CREAR.motivo(pyme, request.user):
            raise Http404
        perfil = services.perfil_obtener_o_crear(actor=request.user, pyme=pyme)
    if request.method == "GET":
        return _pagina_pyme(request, pyme, perfil)
    if not request.user.has_perm(escrituras.CONFIGURAR, perfil):  # the configuration page, not only its sections
        raise PermissionDenied("Su rol no puede configurar PYMES.")
    return procesar(
        request,
        ACCIONES_PYME,
        request.POST.get("seccion", ""),
        perfil,
        siguiente=reverse("atencion:pyme", args=[slug]),
        volver_a_mostrar=lambda enviada: _pagina_pyme(request, pyme, perfil, enviada),
    )
