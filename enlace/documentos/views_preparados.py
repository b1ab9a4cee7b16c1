"""The owner's page of a PDF the worker prepares (progress while pending) and its download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from enlace import selectors
from enlace.documentos import preparados


def _propio(request, pk):
    pdf = selectors.pdf_preparado_de(request.user, pk)
    if pdf is None:
        raise Http404
    return pdf


@login_required
@require_GET
def pagina(request, pk):
    """Full page; htmx polls it and swaps only the status box until the PDF is ready or failed."""
    pdf = _propio(request, pk)
    contexto = {
        "pdf": pdf,
        "estimado": preparados.segundos_estimados(pdf),
        "transcurrido": int(((pdf.terminado or timezone.now()) - pdf.creado).total_seconds()),
    }
    plantilla = "enlace/documentos/_pdf_preparado.html" if request.htmx else "enlace/documentos/pdf_preparado.html"
    return render(request, plantilla, contexto)


@login_required
@require_GET
def descargar(request, pk):
    pdf = _propio(request, pk)
    if pdf.estado != pdf.Estado.LISTO:
        raise Http404
    respuesta = FileResponse(pdf.archivo.open("rb"), as_attachment=True, filename=pdf.nombre_archivo)
    respuesta.headers["Cache-Control"] = "private, no-store"
    return respuesta
