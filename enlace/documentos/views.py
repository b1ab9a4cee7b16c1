"""The public verification of issued documents (no login): which document a code is, and whether a
file is the unchanged original. Shows no personal data: type, issuing organisation, date, version."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit import ALL

from enlace.documentos import forms, services
from enlace.red import limitar

MSG_CODIGO_DESCONOCIDO = "No hay ningún documento emitido con el código «{codigo}». Revise que esté completo."
MSG_ORIGINAL = "El archivo es el original: coincide byte a byte con el documento emitido."
MSG_MODIFICADO = (
    "El archivo NO coincide con el documento emitido: fue modificado o es otro documento. "
    "Pida el original a la organización emisora."
)


@limitar("LIMITE_VERIFICAR", metodo=ALL)
@require_http_methods(["GET", "HEAD"])
def inicio(request):
    form = forms.CodigoForm(request.GET or None)
    if form.is_valid():
        codigo = services.normalizar_codigo(form.cleaned_data["codigo"])
        if services.por_codigo(codigo) is not None:
            return redirect("verificar", codigo=codigo)
        form.add_error("codigo", MSG_CODIGO_DESCONOCIDO.format(codigo=form.cleaned_data["codigo"]))
    return render(request, "enlace/documentos/verificar_inicio.html", {"form": form})


@limitar("LIMITE_VERIFICAR", metodo=ALL)
@require_http_methods(["GET", "HEAD", "POST"])
def verificar(request, codigo):
    documento = services.por_codigo(codigo)
    if documento is None:
        return render(
            request,
            "enlace/documentos/verificar_inicio.html",
            {"form": forms.CodigoForm(), "error": MSG_CODIGO_DESCONOCIDO.format(codigo=codigo)},
            status=404,
        )
    if documento.codigo != codigo:
        return redirect("verificar", codigo=documento.codigo)
    form = forms.VerificarArchivoForm(request.POST or None, request.FILES or None)
    resultado = None
    if request.method == "POST" and form.is_valid():
        resultado = services.es_el_original(documento, form.cleaned_data["archivo"])
    vigente = services.version_vigente(documento)
    return render(
        request,
        "enlace/documentos/verificar.html",
        {
            "documento": documento,
            "vigente": vigente if vigente and vigente.version != documento.version else None,
            "form": form,
            "resultado": resultado,
            "mensaje": MSG_ORIGINAL if resultado else MSG_MODIFICADO,
        },
    )
