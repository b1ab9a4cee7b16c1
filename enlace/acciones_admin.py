"""Transition buttons in the Django admin, run through the app's services (the one action layer).

An admin declares which transitions it offers and the service each one calls::

    argumento_servicio = "apartado"
    acciones_admin = {
        "validar": AccionAdmin(services.apartado_validar),
        "liberar": AccionAdmin(services.apartado_liberar, formulario=LiberarForm),
    }

Each service is called as ``servicio(actor=user, <argumento_servicio>=objeto, **form.cleaned_data)``.

The change form shows a button for each declared transition that ``acciones.disponibles`` offers the
admin user now; the button opens a small page (with the form, if any) whose POST calls the service, so
the admin gets the same guards, events and notifications as every other user.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from enlace import acciones
from enlace.errores import ErrorNegocio


@dataclass(frozen=True)
class AccionAdmin:
    servicio: object  # (actor=, <argumento_servicio>=objeto, **cleaned_data) -> anything
    formulario: type | None = None
    argumentos_formulario: object = None  # (objeto) -> kwargs for the form's constructor


def acciones_de(tabla):
    """The admin buttons of a page's action table (``enlace.acciones_pagina``): one per action that runs a
    transition, keyed by its first one (the service picks between an action's transitions)."""
    return {
        accion.transiciones[0]: AccionAdmin(accion.servicio, accion.formulario, accion.argumentos_formulario)
        for accion in tabla.values()
        if accion.transiciones
    }


class AccionesAdminMixin(admin.ModelAdmin):
    change_form_template = "admin/enlace/change_form_acciones.html"
    acciones_admin: dict = {}
    argumento_servicio: str = ""  # the services' keyword for the object

    def get_urls(self):
        nombre = f"{self.opts.app_label}_{self.opts.model_name}_accion"
        propias = [
            path("<path:object_id>/accion/<str:accion>/", self.admin_site.admin_view(self.accion_view), name=nombre)
        ]
        return propias + super().get_urls()

    def acciones_ofrecidas(self, objeto, usuario):
        return [t for t in acciones.disponibles(objeto, usuario) if t.name in self.acciones_admin]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        objeto = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if objeto is not None:
            ruta = f"admin:{self.opts.app_label}_{self.opts.model_name}_accion"
            extra["acciones_transicion"] = [
                (t.custom.get("label", t.name), reverse(ruta, args=[objeto.pk, t.name]))
                for t in self.acciones_ofrecidas(objeto, request.user)
            ]
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def accion_view(self, request, object_id, accion):
        objeto = self.get_object(request, object_id)
        declarada = self.acciones_admin.get(accion)
        if objeto is None or declarada is None:
            raise Http404
        if not self.has_change_permission(request, objeto):
            raise PermissionDenied
        volver = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[objeto.pk])
        motivo = acciones.motivo_rechazo(objeto, accion, request.user)
        if motivo:
            self.message_user(request, motivo, level=messages.ERROR)
            return redirect(volver)
        form = None
        if declarada.formulario is not None:
            extra = declarada.argumentos_formulario(objeto) if declarada.argumentos_formulario else {}
            form = declarada.formulario(request.POST or None, request.FILES or None, **extra)
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                datos = form.cleaned_data if form is not None else {}
                declarada.servicio(actor=request.user, **{self.argumento_servicio: objeto}, **datos)
            except ErrorNegocio as error:
                if form is None:
                    self.message_user(request, error.mensaje, level=messages.ERROR)
                    return redirect(volver)
                form.add_error(None, error.mensaje)
            else:
                self.message_user(request, "Acción aplicada.", level=messages.SUCCESS)
                return redirect(volver)
        contexto = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": objeto,
            "titulo_accion": acciones.etiqueta(type(objeto), accion),
            "form": form,
            "volver": volver,
        }
        return TemplateResponse(request, "admin/enlace/accion.html", contexto)
